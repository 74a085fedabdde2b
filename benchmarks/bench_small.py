"""Small problems: the per-step constant of gdbook.run on a 2-D problem vs a Python-float loop.

SGD (lr=0.1) on the note's quadratic (x-1)^2 + 2(y-2)^2 from (-2, -1), 1000 steps. gdbook.run
records x, the loss, the gradient norm and the learning rate at every step and checks every
step for divergence; the Python loops below record x and the loss (and, bare, nothing).
The quadratic has no fused kernel, so this is always gdbook.run's numpy loop (its arguments are
checked once per run; every step calls the objective's and the optimizer's readable code).
Target (the performance issue): at most 25 us per step.
"""

from __future__ import annotations

import cProfile
import pstats

import numpy as np

import gdbook
from benchmarks import baseline_note
from benchmarks.common import fmt_s, interleaved, log
from gdbook import fast, functions, optimizers

STEPS = 1000
LR = 0.1
X0 = (-2.0, -1.0)
TARGET_S = 25e-6


def run(repeats=9):
    f = functions.note_quadratic()
    opt = optimizers.sgd(lr=LR)
    res = gdbook.run(opt, f, list(X0), STEPS)
    xs, losses = baseline_note.python_float_gd(*X0, LR, STEPS)
    agree = float(np.max(np.abs(np.array(xs) - res.x)))
    funcs = {
        "gdbook.run": lambda: gdbook.run(opt, f, list(X0), STEPS),
        "gdbook.run, record=False": lambda: gdbook.run(opt, f, list(X0), STEPS, record=False),
        "python floats, recording x and loss": lambda: baseline_note.python_float_gd(*X0, LR, STEPS),
        "python floats, bare": lambda: baseline_note.python_float_gd_bare(*X0, LR, STEPS),
        "numpy 2-vector loop (note style)": lambda: baseline_note.numpy_vector_gd(X0, LR, STEPS),
    }
    timing = interleaved(funcs, repeats=repeats)
    per_step = {k: v["min_s"] / STEPS for k, v in timing.items()}
    py = per_step["python floats, recording x and loss"]
    out = {
        "steps": STEPS,
        "engine": fast.run_engine(opt, f, list(X0), STEPS),
        "target_per_step_s": TARGET_S,
        "meets_target": per_step["gdbook.run"] <= TARGET_S,
        "per_step_s": per_step,
        "gdbook_overhead_per_step_s": per_step["gdbook.run"] - py,
        "ratio_gdbook_vs_python_floats": per_step["gdbook.run"] / py,
        "max_abs_difference_vs_python_floats": agree,
    }
    prof = cProfile.Profile()
    prof.enable()
    gdbook.run(opt, f, list(X0), STEPS)
    prof.disable()
    st = pstats.Stats(prof)
    top = sorted(st.stats.items(), key=lambda kv: kv[1][2], reverse=True)[:10]
    out["profile_top_tottime"] = [
        {"function": f"{k[0].split('/')[-1]}:{k[1]}({k[2]})", "calls": v[1],
         "us_per_step": v[2] / STEPS * 1e6} for k, v in top
    ]
    log(f"  small problem (2-D, {STEPS} steps): " + ", ".join(f"{k} {fmt_s(v)}/step" for k, v in per_step.items()))
    log(f"    gdbook.run costs {fmt_s(out['gdbook_overhead_per_step_s'])} more per step than a Python-float loop "
        f"({out['ratio_gdbook_vs_python_floats']:.0f}x); path {out['engine']!r}, target <= {fmt_s(TARGET_S)}/step")
    return out
