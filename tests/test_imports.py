"""Importing gdbook stays cheap: no torch outside gdbook.pytorch, no matplotlib in the core.

CONTRIBUTING.md: numpy is the core; ``import gdbook`` must not import torch or matplotlib; only
``gdbook.plotting`` imports matplotlib and only ``gdbook.pytorch`` imports torch. These are
correctness tests run in fresh interpreters (an import made by another test cannot hide a
violation). The import *times* are measured in benchmarks/ (``nox -s bench``), not here.
"""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import pytest

import gdbook

TORCH_MODULES = {"gdbook.pytorch"}          # the only modules allowed to import torch
MATPLOTLIB_MODULES = {"gdbook.plotting"}    # ... and matplotlib (besides the torch module)


def _all_modules():
    names = ["gdbook"]
    for info in pkgutil.walk_packages(gdbook.__path__, prefix="gdbook."):
        names.append(info.name)
    return sorted(names)


def _heavy_imports_after(statements: str) -> dict:
    """Run ``statements`` in a fresh interpreter; which heavy packages ended up in sys.modules."""
    code = (
        statements
        + "\nimport json, sys\n"
        + "print(json.dumps({k: k in sys.modules for k in ('torch', 'matplotlib', 'scipy', 'sklearn')}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_module_list_is_not_empty():
    modules = _all_modules()
    for expected in ("gdbook.optimizers", "gdbook.runner", "gdbook.plotting", "gdbook.pytorch"):
        assert expected in modules


def test_no_module_but_gdbook_pytorch_imports_torch():
    modules = [m for m in _all_modules() if m not in TORCH_MODULES]
    loaded = _heavy_imports_after("\n".join(f"import {m}" for m in modules))
    if loaded["torch"]:  # find the culprits, one fresh interpreter per module
        culprits = [m for m in modules if _heavy_imports_after(f"import {m}")["torch"]]
        pytest.fail(f"importing {culprits} imported torch (import it inside the function that needs it)")


def test_import_gdbook_and_run_load_neither_torch_nor_matplotlib():
    loaded = _heavy_imports_after(
        "import gdbook\n"
        "gdbook.run, gdbook.RunResult\n"
        "from gdbook import optimizers, functions, schedules, clipping, theory, runner, fast\n"
    )
    assert not loaded["torch"], "import gdbook / gdbook.run imported torch"
    assert not loaded["matplotlib"], "import gdbook / gdbook.run imported matplotlib"


def test_plotting_imports_matplotlib_but_not_torch():
    loaded = _heavy_imports_after("import gdbook.plotting")
    assert loaded["matplotlib"] and not loaded["torch"]
