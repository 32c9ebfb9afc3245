#!/usr/bin/env bash
# A single-node Slurm on this Debian machine, for trying jobs/slurm-*.sbatch (and the test that runs
# them): installs slurm-wlm and munge with apt when missing, writes a munge key and a slurm.conf for
# localhost (one node with this machine's CPUs and memory, one default partition), and starts munged,
# slurmctld and slurmd. Needs root (or sudo). Safe to run again: it only restarts the daemons.
#
#   sudo bash scripts/slurm-localhost.sh          # then: sinfo; jobs/slurm-submit.sh ...
#   sudo bash scripts/slurm-localhost.sh --stop   # stop the three daemons
#
# Process tracking is proctrack/linuxproc and task/none (no cgroups), so it also works in containers;
# it is a test bed, not a production configuration.
set -euo pipefail
SUDO=()
if [ "$(id -u)" -ne 0 ]; then SUDO=(sudo); fi
CONF_DIR=/etc/slurm
HOST=$(hostname -s)

stop() {
  for d in slurmd slurmctld munged; do
    if pid=$(pgrep -x "$d"); then "${SUDO[@]}" kill $pid 2>/dev/null || true; fi
  done
}
if [ "${1:-}" = --stop ]; then stop; exit 0; fi

if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  echo "slurm-localhost: installing slurm-wlm munge (apt)" >&2
  "${SUDO[@]}" apt-get update -qq
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null
fi

# munge: a key readable only by its user, then the daemon.
if [ ! -s /etc/munge/munge.key ]; then
  "${SUDO[@]}" mkdir -p /etc/munge
  "${SUDO[@]}" dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
fi
MUNGE_USER=$(id -u munge >/dev/null 2>&1 && echo munge || echo root)
"${SUDO[@]}" mkdir -p /run/munge /var/log/munge /var/lib/munge
"${SUDO[@]}" chown -R "$MUNGE_USER": /etc/munge /run/munge /var/log/munge /var/lib/munge
"${SUDO[@]}" chmod 0700 /etc/munge /var/log/munge /var/lib/munge
"${SUDO[@]}" chmod 0400 /etc/munge/munge.key
"${SUDO[@]}" chmod 0755 /run/munge
stop
sleep 1
if [ "$MUNGE_USER" = root ]; then "${SUDO[@]}" munged --force; else "${SUDO[@]}" -u munge munged 2>/dev/null || "${SUDO[@]}" runuser -u munge -- munged; fi

# slurm.conf: this host as controller and only compute node.
CPUS=$(nproc)
MEM_MB=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 * 9 / 10 ))
"${SUDO[@]}" mkdir -p "$CONF_DIR" /var/spool/slurmctld /var/spool/slurmd /var/log/slurm
"${SUDO[@]}" tee "$CONF_DIR/slurm.conf" >/dev/null <<CONF
# Written by dtao-lab scripts/slurm-localhost.sh: one node, this machine.
ClusterName=localhost
SlurmctldHost=$HOST
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
ReturnToService=2
MpiDefault=none
NodeName=$HOST CPUs=$CPUS RealMemory=$MEM_MB State=UNKNOWN
PartitionName=debug Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
CONF
"${SUDO[@]}" slurmctld
"${SUDO[@]}" slurmd
for _ in $(seq 1 30); do
  if sinfo -h -N -o '%T' 2>/dev/null | grep -Eq '^(idle|mixed|allocated)'; then
    sinfo
    exit 0
  fi
  sleep 1
done
echo "slurm-localhost: the node did not come up; see /var/log/slurm/slurmctld.log and slurmd.log" >&2
sinfo -N -l >&2 || true
exit 1
