#!/usr/bin/env bash
# Submit an experiment to Slurm: an array of SHARDS tasks (jobs/slurm-array.sbatch), then the merge
# (jobs/slurm-merge.sbatch) once they have all ended. Extra sbatch options for the array (a partition,
# --cpus-per-task, --time) go in ARRAY_OPTS; for the merge in MERGE_OPTS. Prints both job ids.
#
#   jobs/slurm-submit.sh SPEC [OUT=results] [SHARDS=8]
#   ARRAY_OPTS="--partition=short --cpus-per-task=4" LAB="npx dtao-lab" jobs/slurm-submit.sh launch results/cluster 16
set -euo pipefail
SPEC=${1:?usage: jobs/slurm-submit.sh SPEC [OUT] [SHARDS]}
OUT=${2:-results}
SHARDS=${3:-8}
JOBS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
read -r -a array_opts <<<"${ARRAY_OPTS:-}"
read -r -a merge_opts <<<"${MERGE_OPTS:-}"
jid=$(sbatch --parsable "${array_opts[@]}" --array="0-$((SHARDS - 1))" "$JOBS/slurm-array.sbatch" "$SPEC" "$OUT")
jid=${jid%%;*}
mid=$(sbatch --parsable "${merge_opts[@]}" --dependency="afterany:$jid" --export="ALL,SHARDS=$SHARDS" "$JOBS/slurm-merge.sbatch" "$SPEC" "$OUT")
echo "array $jid ($SHARDS tasks), merge ${mid%%;*}"
