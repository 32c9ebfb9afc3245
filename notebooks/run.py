#!/usr/bin/env python3
"""Execute, check or strip the TypeScript notebooks (notebooks/*.ipynb, Deno kernel).

  python3 notebooks/run.py [NOTEBOOK...]            type-check, then execute every notebook headlessly; exit 1 on any error
  python3 notebooks/run.py --out DIR [NOTEBOOK...]  ... and keep the executed copies (with outputs) in DIR
  python3 notebooks/run.py --types [NOTEBOOK...]    type-check only
  python3 notebooks/run.py --check [NOTEBOOK...]    exit 1 if a notebook holds outputs (committed ones must not)
  python3 notebooks/run.py --strip [NOTEBOOK...]    remove outputs and execution counts in place

Notebooks run with the project root as the working folder (relative paths and the kernel's
module resolution start there), through nbclient on the kernel spec that notebooks/setup.sh writes.
The Deno kernel does not report type errors, so each notebook's code cells are first joined into one module
(notebooks/.check/<name>.ts) and checked with `deno check`; errors are reported by cell.
Exit codes: 0 ok, 1 a cell or type error, or a notebook holds outputs, 2 bad usage, 3 Jupyter or the kernel is missing.
"""
import argparse
import glob
import json
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NB_DIR = os.path.join(ROOT, "notebooks")
KERNEL_DIR = os.path.join(NB_DIR, ".jupyter")
CHECK_DIR = os.path.join(NB_DIR, ".check")
KERNEL = "deno"
DEBIAN_PYTHON = "/usr/bin/python3"
SETUP_HINT = "run `bash notebooks/setup.sh` (installs Debian's Jupyter and writes the Deno kernel spec)"


def fail_setup(msg):
    print(f"notebooks: {msg}; {SETUP_HINT}", file=sys.stderr)
    sys.exit(3)


def import_jupyter():
    """nbclient/nbformat come from Debian's packages, i.e. /usr/bin/python3 (`python3` may be a pyenv build)."""
    try:
        import nbclient  # noqa: F401
        import nbformat  # noqa: F401
        return
    except ImportError:
        pass
    if os.path.realpath(sys.executable) != os.path.realpath(DEBIAN_PYTHON) and os.path.exists(DEBIAN_PYTHON):
        os.execv(DEBIAN_PYTHON, [DEBIAN_PYTHON, os.path.abspath(__file__), *sys.argv[1:]])
    fail_setup("Jupyter's nbclient/nbformat are not installed")


def notebooks(paths):
    found = [os.path.abspath(p) for p in paths] if paths else sorted(glob.glob(os.path.join(NB_DIR, "*.ipynb")))
    if not found:
        print("notebooks: no notebooks found", file=sys.stderr)
        sys.exit(2)
    for p in found:
        if not os.path.isfile(p):
            print(f"notebooks: {p}: no such notebook", file=sys.stderr)
            sys.exit(2)
    return found


def rel(p):
    return os.path.relpath(p, ROOT)


def read_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def write_json(path, nb):
    # The layout Jupyter itself saves (nbformat.write): one-space indent, sorted keys, a final newline.
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n")


def dirty_cells(nb):
    """Indices of code cells that carry outputs or an execution count."""
    return [
        i for i, c in enumerate(nb.get("cells", []))
        if c.get("cell_type") == "code" and (c.get("outputs") or c.get("execution_count") is not None)
    ]


def strip(nb):
    for c in nb.get("cells", []):
        if c.get("cell_type") == "code":
            c["outputs"] = []
            c["execution_count"] = None
        md = c.get("metadata", {})
        for k in ("execution", "collapsed", "scrolled"):
            md.pop(k, None)
    nb.get("metadata", {}).pop("language_info", None)
    return nb


def check(paths):
    bad = 0
    for p in paths:
        nb = read_json(p)
        cells = dirty_cells(nb)
        kernel = nb.get("metadata", {}).get("kernelspec", {}).get("name")
        if cells:
            bad += 1
            print(f"{rel(p)}: outputs in cell(s) {', '.join(map(str, cells))}; run `python3 notebooks/run.py --strip` before committing")
        if kernel != KERNEL:
            bad += 1
            print(f"{rel(p)}: metadata.kernelspec.name is {kernel!r}, expected {KERNEL!r}")
    if bad == 0:
        print(f"notebooks: {len(paths)} notebook(s) hold no outputs")
    return 1 if bad else 0


def cell_error(nb):
    """(index, source, error text) of the first code cell with an error output, else None."""
    for i, c in enumerate(nb.cells):
        for o in c.get("outputs", []):
            if o.get("output_type") == "error":
                text = "\n".join(o.get("traceback") or [f"{o.get('ename')}: {o.get('evalue')}"])
                return i, c.source, text
    return None


def kernel_spec():
    """The Deno kernel spec that setup.sh wrote (JUPYTER_PATH is pointed at it for nbclient too)."""
    import_jupyter()
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    os.environ["JUPYTER_PATH"] = KERNEL_DIR + (os.pathsep + os.environ["JUPYTER_PATH"] if os.environ.get("JUPYTER_PATH") else "")
    try:
        spec = KernelSpecManager().get_kernel_spec(KERNEL)
    except NoSuchKernel:
        fail_setup(f"no '{KERNEL}' kernel spec in {rel(KERNEL_DIR)}")
    if not os.path.exists(spec.argv[0]):
        fail_setup(f"the kernel's binary {spec.argv[0]} is missing")
    return spec


def typecheck(paths):
    """`deno check` each notebook's code cells as one module; print errors as notebook, cell and line."""
    spec = kernel_spec()
    os.makedirs(CHECK_DIR, exist_ok=True)
    where = {}  # module path -> (notebook, [(first module line, cell index)])
    modules = []
    for p in paths:
        nb = read_json(p)
        lines, starts = [], []
        for i, c in enumerate(nb.get("cells", [])):
            if c.get("cell_type") != "code":
                continue
            src = "".join(c.get("source", [])) if isinstance(c.get("source"), list) else c.get("source", "")
            # A leading ';' keeps a cell that starts with ( or [ from continuing the previous cell's last line.
            lines.append(f";// cell {i}")
            starts.append((len(lines) + 1, i))
            lines.extend(src.split("\n"))
        module = os.path.join(CHECK_DIR, os.path.splitext(os.path.basename(p))[0] + ".ts")
        with open(module, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        where[os.path.realpath(module)] = (p, starts)
        modules.append(module)
    env = {**os.environ, **spec.env, "NO_COLOR": "1"}
    r = subprocess.run([spec.argv[0], "check", "--quiet", *modules], cwd=ROOT, env=env, capture_output=True, text=True)
    if r.returncode == 0:
        print(f"types ok ({len(paths)} notebook(s))", flush=True)
        return 0

    def locate(m):
        path = os.path.realpath(m.group(1).replace("file://", ""))
        if path not in where:
            return m.group(0)
        nb, starts = where[path]
        line = int(m.group(2))
        first, cell = max(((s, c) for s, c in starts if s <= line), default=(1, "?"))
        return f"{rel(nb)} cell {cell}, line {line - first + 1}, col {m.group(3)}"

    text = re.sub(r"(file://[^\s:]+\.ts):(\d+):(\d+)", locate, r.stdout + r.stderr)
    print("FAIL  type check (deno check):", flush=True)
    print("\n".join("  " + line for line in text.strip().splitlines()), flush=True)
    return 1


def execute(paths, timeout, out_dir):
    kernel_spec()
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, DeadKernelError

    failed = []
    for p in paths:
        nb = nbformat.read(p, as_version=4)
        client = NotebookClient(
            nb, kernel_name=KERNEL, timeout=timeout, startup_timeout=120,
            resources={"metadata": {"path": ROOT}},
        )
        started = time.monotonic()
        error = None
        try:
            client.execute()
        except CellExecutionError:
            error = cell_error(nb)
            if error is None:
                error = ("?", "", "a cell failed (no error output recorded)")
        except (DeadKernelError, TimeoutError, RuntimeError) as e:
            error = ("?", "", f"{type(e).__name__}: {e}")
        seconds = time.monotonic() - started
        if out_dir:
            os.makedirs(out_dir, exist_ok=True)
            nbformat.write(nb, os.path.join(out_dir, os.path.basename(p)))
        if error is None:
            print(f"ok    {rel(p)} ({len(nb.cells)} cells, {seconds:.1f} s)", flush=True)
        else:
            index, source, text = error
            failed.append(p)
            print(f"FAIL  {rel(p)} ({seconds:.1f} s): cell {index} raised an error", flush=True)
            print("  --- cell source ---")
            print("\n".join("  " + line for line in str(source).splitlines()))
            print("  --- error ---")
            print("\n".join("  " + line for line in text.splitlines()), flush=True)
    if failed:
        print(f"notebooks: {len(failed)} of {len(paths)} failed: {', '.join(rel(p) for p in failed)}")
        return 1
    print(f"notebooks: {len(paths)} notebook(s) ran without a cell error")
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="fail if a notebook holds outputs")
    mode.add_argument("--strip", action="store_true", help="remove outputs in place")
    mode.add_argument("--types", action="store_true", help="type-check only")
    ap.add_argument("--no-types", action="store_true", help="execute without type-checking first")
    ap.add_argument("--timeout", type=int, default=300, help="seconds per cell (default 300)")
    ap.add_argument("--out", metavar="DIR", help="write the executed notebooks (with outputs) to DIR")
    ap.add_argument("notebooks", nargs="*", help="notebooks (default: notebooks/*.ipynb)")
    a = ap.parse_args()
    paths = notebooks(a.notebooks)
    if a.check:
        return check(paths)
    if a.strip:
        for p in paths:
            nb = read_json(p)
            if dirty_cells(nb) or "language_info" in nb.get("metadata", {}):
                write_json(p, strip(nb))
                print(f"stripped {rel(p)}")
        return 0
    if a.types:
        return typecheck(paths)
    typed = 0 if a.no_types else typecheck(paths)
    # Execute even after a type error: a runtime error says more, and both are reported.
    ran = execute(paths, a.timeout, os.path.abspath(a.out) if a.out else None)
    return 1 if typed or ran else 0


if __name__ == "__main__":
    sys.exit(main())
