"""Import cost: fresh interpreters importing gdbook (and its parts) vs torch.

Each statement runs in its own ``python -X importtime -c`` (so nothing is cached in sys.modules),
repeated, interleaved, minimum taken. Two numbers per statement: the wall time of the whole
interpreter minus that of an empty one, and the in-process import time that ``-X importtime``
reports for the modules the statement imported (immune to the interpreter's start-up noise).
Each run also reports whether torch / matplotlib / numba ended up imported (tests/test_imports.py
and tests/test_fast.py assert it: numba only when gdbook.run picks its fused kernel).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

from benchmarks.common import ROOT, fmt_s, log

STATEMENTS = {
    "python (empty)": "pass",
    "import numpy": "import numpy",
    "import gdbook": "import gdbook",
    "gdbook.run": "import gdbook; gdbook.run",
    "optimizers + functions + run": "import gdbook; from gdbook import optimizers, functions; gdbook.run",
    "a small gdbook.run": ("import gdbook; from gdbook import optimizers, functions; "
                           "gdbook.run(optimizers.adam(lr=0.1), functions.Beale(), [1.0, 1.0], 10)"),
    "gdbook.fast": "import gdbook.fast",
    "gdbook.plotting (matplotlib)": "import gdbook.plotting",
    "import torch": "import torch",
    "gdbook.pytorch (torch)": "import gdbook.pytorch",
}

PROBE = "\nimport json, sys; print(json.dumps({m: m in sys.modules for m in ('torch', 'matplotlib', 'numba')}))"


def _top_level_imports(stderr: str) -> dict[str, float]:
    """Cumulative seconds of each top-level import in ``-X importtime`` output."""
    out = {}
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, cum, name = line[len("import time:"):].split("|")
        if name.startswith(" ") and not name.startswith("  "):  # one space: a top-level entry
            try:
                out[name.strip()] = int(cum) / 1e6
            except ValueError:  # the header line
                pass
    return out


def _time(stmt: str, startup: set[str]) -> tuple[float, float, dict]:
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", stmt + PROBE],
                         capture_output=True, text=True, cwd=ROOT)
    dt = time.perf_counter() - t0
    if out.returncode != 0:
        raise RuntimeError(f"{stmt!r} failed:\n{out.stderr}")
    tops = _top_level_imports(out.stderr)
    own = sum(v for k, v in tops.items() if k not in startup and k not in ("json",))
    return dt, own, json.loads(out.stdout.strip().splitlines()[-1])


def run(repeats=7):
    empty = subprocess.run([sys.executable, "-X", "importtime", "-c", "pass"], capture_output=True, text=True)
    startup = set(_top_level_imports(empty.stderr))
    times = {k: [] for k in STATEMENTS}
    own = {k: [] for k in STATEMENTS}
    loaded = {}
    for _ in range(repeats):
        for name, stmt in STATEMENTS.items():
            dt, t_own, mods = _time(stmt, startup)
            times[name].append(dt)
            own[name].append(t_own)
            loaded[name] = mods
    best = {k: min(v) for k, v in times.items()}
    out = {
        "repeats": repeats,
        "wall_min_s": best,
        "wall_minus_empty_s": {k: v - best["python (empty)"] for k, v in best.items() if k != "python (empty)"},
        "import_s": {k: min(v) for k, v in own.items() if k != "python (empty)"},
        "loads": loaded,
    }
    out["torch_free"] = {k: not v["torch"] for k, v in loaded.items() if "torch" not in k}
    out["matplotlib_free"] = {k: not v["matplotlib"] for k, v in loaded.items()
                              if "torch" not in k and "plotting" not in k}
    out["numba_free"] = {k: not v["numba"] for k, v in loaded.items() if "torch" not in k}
    log("  imports (-X importtime, fresh interpreters): " + ", ".join(
        f"{k} {fmt_s(v)}" for k, v in out["import_s"].items()))
    for what in ("torch", "matplotlib", "numba"):
        bad = [k for k, ok in out[f"{what}_free"].items() if not ok]
        if bad:
            log(f"    {'WARNING: ' if what != 'numba' else ''}{what} imported by: {bad}")
    return out
