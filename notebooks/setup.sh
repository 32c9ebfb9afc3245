#!/usr/bin/env bash
# Sets up the TypeScript notebooks (idempotent): Debian's Jupyter when missing, and a
# Deno kernel spec in notebooks/.jupyter/ that runs the `deno` binary from node_modules (the npm `deno`
# devDependency) with DENO_DIR in notebooks/.deno/. Nothing is written outside the checkout except apt's
# packages.
#   bash notebooks/setup.sh          set up only
#   bash notebooks/setup.sh --open   set up, then open the notebooks in Jupyter (classic notebook server)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NB="$ROOT/notebooks"

# 1. Debian's Jupyter (its python is /usr/bin/python3; PyPI is not used).
PKGS=(jupyter-nbconvert jupyter-client python3-nbclient python3-ipykernel jupyter-notebook)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]} > 0)); then
  echo "notebooks: installing ${missing[*]} (apt)" >&2
  SUDO=()
  if [ "$(id -u)" -ne 0 ]; then SUDO=(sudo); fi
  "${SUDO[@]}" apt-get update -qq
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# 2. The deno binary the npm package ships (its own resolver picks the platform package).
if [ ! -f "$ROOT/node_modules/deno/install_api.cjs" ]; then
  echo "notebooks: node_modules/deno is missing: run 'npm ci' (deno is a devDependency)" >&2
  exit 1
fi
DENO="$(cd "$ROOT" && node -e 'process.stdout.write(require("./node_modules/deno/install_api.cjs").runInstall())')"
"$DENO" --version >/dev/null

# 3. The kernel spec, rewritten every time (it holds this checkout's absolute paths).
KDIR="$NB/.jupyter/kernels/deno"
mkdir -p "$KDIR" "$NB/.deno"
DENO="$DENO" DENO_DIR="$NB/.deno" KDIR="$KDIR" /usr/bin/python3 - <<'PY'
import json, os
spec = {
    "argv": [os.environ["DENO"], "jupyter", "--kernel", "--conn", "{connection_file}"],
    "display_name": "Deno (dtao-lab)",
    "language": "typescript",
    "env": {"DENO_DIR": os.environ["DENO_DIR"], "NO_COLOR": "1", "DENO_NO_UPDATE_CHECK": "1"},
}
with open(os.path.join(os.environ["KDIR"], "kernel.json"), "w") as f:
    json.dump(spec, f, indent=1)
    f.write("\n")
PY
echo "notebooks: kernel 'deno' ($("$DENO" --version | head -1)) in notebooks/.jupyter" >&2

if [ "${1:-}" = "--open" ]; then
  export JUPYTER_PATH="$NB/.jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"
  ROOT_FLAG=()
  if [ "$(id -u)" -eq 0 ]; then ROOT_FLAG=(--allow-root); fi # containers often run as root
  exec jupyter notebook --notebook-dir="$NB" "${ROOT_FLAG[@]}" "${@:2}"
fi
