"""Proposed changes to files this suite does not own, measured without editing those files.

Each proposal is a small, exact text replacement in a library module (or a subclass that
overrides the same methods). The suite loads a patched copy of the module under another name
and measures it next to the original, so the report says what each change would buy. When the
original text is no longer found (the file changed), the proposal is reported as not applicable.

- functions.py (Beale): ``v ** i`` with the integer array ``i = [1, 2, 3]`` calls libm ``pow``
  for every element, and the (..., 3) and (..., 3, 2) intermediates with ``np.stack`` and
  ``einsum`` give numpy inner loops of length 2-3. The closed form (what the note's
  ``beale_gradient`` computes) uses only multiplications on (...)-shaped arrays.
- runner.py: per-run reductions over the last axis of length d = 2 go through numpy's generic
  reduction machinery, about 0.1 us per run each (``np.sum(g * g, axis=-1)`` and
  ``np.all(np.isfinite(x_new), axis=-1)``: 2 x 10,000 runs per step). ``np.einsum`` does the
  same sums with its own loops. And while every run is alive (the usual case), the four
  ``np.where(alive, ...)`` masking copies per step are not needed.
"""

from __future__ import annotations

import importlib
import sys
import types
from pathlib import Path

import numpy as np

from gdbook import functions


class BealeClosedForm(functions.Beale):
    """Beale with the proposed ``_value`` / ``_grad`` of functions.py (same numbers, see tests)."""

    def _value(self, x):
        u, v = x[..., 0], x[..., 1]
        v2 = v * v
        r1 = 1.5 - u + u * v
        r2 = 2.25 - u + u * v2
        r3 = 2.625 - u + u * (v2 * v)
        return r1 * r1 + r2 * r2 + r3 * r3

    def _grad(self, x):
        u, v = x[..., 0], x[..., 1]
        v2 = v * v
        v3 = v2 * v
        r1 = 1.5 - u + u * v
        r2 = 2.25 - u + u * v2
        r3 = 2.625 - u + u * v3
        g = np.empty(x.shape)
        g[..., 0] = 2 * (r1 * (v - 1) + r2 * (v2 - 1) + r3 * (v3 - 1))
        g[..., 1] = 2 * u * (r1 + 2 * v * r2 + 3 * v2 * r3)
        return g


BEALE_PROPOSAL = '''\
    def _value(self, x):
        u, v = x[..., 0], x[..., 1]
        v2 = v * v
        r1, r2, r3 = 1.5 - u + u * v, 2.25 - u + u * v2, 2.625 - u + u * (v2 * v)
        return r1 * r1 + r2 * r2 + r3 * r3

    def _grad(self, x):
        u, v = x[..., 0], x[..., 1]
        v2 = v * v
        v3 = v2 * v
        r1, r2, r3 = 1.5 - u + u * v, 2.25 - u + u * v2, 2.625 - u + u * v3
        g = np.empty(x.shape)
        g[..., 0] = 2 * (r1 * (v - 1) + r2 * (v2 - 1) + r3 * (v3 - 1))
        g[..., 1] = 2 * u * (r1 + 2 * v * r2 + 3 * v2 * r3)
        return g
'''

RUNNER_REPLACEMENTS = [
    # per-run reductions over the short last axis: einsum instead of the generic reduction
    (
        "norm = np.sqrt(np.sum(g * g, axis=-1))",
        'norm = np.sqrt(np.einsum("...i,...i->...", g, g))',
    ),
    (
        "bad = ~np.all(np.isfinite(x_new), axis=-1) | ~np.isfinite(f_new)",
        'bad = np.einsum("...i->...", ~np.isfinite(x_new)) | ~np.isfinite(f_new)',
    ),
    # while no run has stopped (the usual case), record and continue without masking copies
    (
        "            p = optimizer.eval_point(x, state)\n",
        "            all_alive = bool(alive.all())\n            p = optimizer.eval_point(x, state)\n",
    ),
    (
        "grad_norms[t - 1] = np.where(alive, norm, np.nan)",
        "grad_norms[t - 1] = norm if all_alive else np.where(alive, norm, np.nan)",
    ),
    (
        "losses[t] = np.where(alive, f_new, np.nan)",
        "losses[t] = f_new if all_alive else np.where(alive, f_new, np.nan)",
    ),
    (
        "xs[t if record else 1] = np.where(alive[..., None], x_new, np.nan)",
        "xs[t if record else 1] = x_new if all_alive else np.where(alive[..., None], x_new, np.nan)",
    ),
    (
        "x = np.where(alive[..., None], x_new, x0)",
        "x = x_new if alive.all() else np.where(alive[..., None], x_new, x0)",
    ),
]


def patched_module(name: str, replacements):
    """A copy of module ``name`` with the text replacements applied, or (None, reason)."""
    original = importlib.import_module(name)
    src = Path(original.__file__).read_text(encoding="utf-8")
    for old, new in replacements:
        if old not in src:
            return None, f"{name}: text not found (file changed?): {old!r}"
        src = src.replace(old, new)
    mod_name = f"{name}_bench_proposed"
    mod = types.ModuleType(mod_name)
    mod.__file__ = original.__file__
    sys.modules[mod_name] = mod
    exec(compile(src, f"<proposed {name}>", "exec"), mod.__dict__)  # noqa: S102 - our own source
    return mod, None


def proposed_runner():
    return patched_module("gdbook.runner", RUNNER_REPLACEMENTS)


def as_diff() -> dict:
    """The proposals as text, for the report."""
    return {
        "gdbook/functions.py (Beale._value, Beale._grad)": BEALE_PROPOSAL,
        "gdbook/runner.py": [f"- {old}\n+ {new}" for old, new in RUNNER_REPLACEMENTS],
    }
