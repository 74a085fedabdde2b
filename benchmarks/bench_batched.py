"""Batched runs: 10,000 Adam trajectories of 500 steps on Beale as one array, vs the note's loop.

The baseline is the lecture note's code (benchmarks/baseline_note.py): a class-based Adam and a
Python loop over the steps, one starting point at a time. It runs on a subset (20 starting
points) in the same process and the same interleaved rounds as gdbook.run on all 10,000; the
comparison is the cost per trajectory. Target: gdbook.run at least 500x cheaper per trajectory.

Where the target is missed, the run is profiled (objective, optimizer step, clipping/norms, the
run loop itself, page faults), and the proposed fixes of benchmarks/proposals.py (functions.py,
runner.py) plus gdbook.fast's optimizer are measured one after another.
"""

from __future__ import annotations

import cProfile
import pstats
import resource

import numpy as np

import gdbook
from benchmarks import baseline_note, proposals
from benchmarks.common import fmt_s, interleaved, loadavg, log
from gdbook import fast, functions, optimizers

N_RUNS = 10_000
STEPS = 500
LR = 0.01
BASELINE_SUBSET = 20
TARGET = 500.0


def starting_points(n=N_RUNS, seed=0):
    """Seeded starting points spread over Beale's usual domain [-4.5, 4.5]^2."""
    return np.random.default_rng(seed).uniform(-4.5, 4.5, size=(n, 2))


def _minflt():
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def profile_run(x0, steps):
    """Where the time of gdbook.run goes (cProfile, grouped by the library's parts)."""
    beale = functions.Beale()
    opt = optimizers.adam(lr=LR)
    prof = cProfile.Profile()
    f0 = _minflt()
    prof.enable()
    gdbook.run(opt, beale, x0, steps)
    prof.disable()
    faults = _minflt() - f0
    stats = pstats.Stats(prof)
    total = stats.total_tt
    raw = stats.stats  # (file, line, func) -> (cc, nc, tt, ct, callers)

    def cum(file_suffix, func):
        return sum(v[3] for k, v in raw.items() if k[0].endswith(file_suffix) and k[2] == func)

    parts = {
        "objective value f(x) (functions.py)": cum("functions.py", "__call__"),
        "objective gradient (functions.py)": cum("functions.py", "grad"),
        "optimizer step incl. checks (optimizers.py)": cum("optimizers.py", "step"),
        "gradient norms / clipping (runner._clip)": cum("runner.py", "_clip"),
        "learning-rate record (runner._lr_recorder)": cum("runner.py", "<lambda>"),
    }
    parts["run loop itself (runner.run: where/isfinite/all, bookkeeping)"] = total - sum(parts.values())
    top = sorted(raw.items(), key=lambda kv: kv[1][2], reverse=True)[:12]
    return {
        "runs": int(x0.shape[0]),
        "steps": steps,
        "total_s": total,
        "per_step_ms": total / steps * 1e3,
        "parts_s": parts,
        "minor_page_faults_per_step": faults / steps,
        "top_tottime": [
            {"function": f"{k[0].split('/')[-1]}:{k[1]}({k[2]})", "calls": v[1], "tottime_s": v[2], "cumtime_s": v[3]}
            for k, v in top
        ],
    }


MALLOC_ENV = {"MALLOC_MMAP_THRESHOLD_": str(32 << 20), "MALLOC_TRIM_THRESHOLD_": str(256 << 20)}

_CHILD = """
import sys, time, resource
import numpy as np
import gdbook
from gdbook import fast, functions, optimizers
from benchmarks import bench_batched as b, proposals
x0 = b.starting_points(int(sys.argv[1]))
steps = int(sys.argv[2])
gdbook.run(fast.adam(lr=b.LR), proposals.BealeClosedForm(), x0[:2], 2)  # compile numba kernels first
best = {}
for name in ("stock", "proposed"):
    times = []
    for _ in range(int(sys.argv[3])):
        f0 = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        t0 = time.perf_counter()
        if name == "stock":
            gdbook.run(optimizers.adam(lr=b.LR), functions.Beale(), x0, steps)
        else:
            gdbook.run(fast.adam(lr=b.LR), proposals.BealeClosedForm(), x0, steps)
        times.append(time.perf_counter() - t0)
        faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - f0
    best[name] = {"s": min(times), "page_faults_per_step": faults / steps}
print(repr(best))
"""


def malloc_experiment(n_runs, steps, repeats=2):
    """The same runs in fresh interpreters with glibc's default malloc and with malloc told to keep
    freed memory (no trimming, no mmap below 32 MiB): what the page faults of temporaries cost."""
    import ast
    import os
    import subprocess
    import sys

    from benchmarks.common import ROOT

    out = {}
    for label, extra in (("default malloc", {}), ("MALLOC_MMAP_THRESHOLD_=32MiB, MALLOC_TRIM_THRESHOLD_=256MiB", MALLOC_ENV)):
        env = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_")}
        env.update(extra)
        env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        res = subprocess.run([sys.executable, "-c", _CHILD, str(n_runs), str(steps), str(repeats)],
                             capture_output=True, text=True, env=env, cwd=ROOT)
        if res.returncode != 0:
            out[label] = {"error": res.stderr[-2000:]}
            continue
        out[label] = ast.literal_eval(res.stdout.strip().splitlines()[-1])
    return out


def run(repeats=3, sweep=(1, 10, 100, 1000, 10_000), profile_steps=100):
    log(f"  batched: {N_RUNS} runs x {STEPS} Adam steps on Beale vs the note's loop on {BASELINE_SUBSET}")
    x0 = starting_points()
    beale, beale_cf = functions.Beale(), proposals.BealeClosedForm()
    runner_p, why = proposals.proposed_runner()
    out = {"n_runs": N_RUNS, "steps": STEPS, "lr": LR, "baseline_subset": BASELINE_SUBSET,
           "target_ratio": TARGET, "loadavg_before": loadavg()}

    # correctness first: the baseline and every variant compute the same trajectories
    base_traj = np.array(baseline_note.run_many(x0[:BASELINE_SUBSET], STEPS, LR))     # (20, 501, 2)
    stock = gdbook.run(optimizers.adam(lr=LR), beale, x0, STEPS)
    variants = {
        "gdbook.run (stock)": lambda: gdbook.run(optimizers.adam(lr=LR), beale, x0, STEPS),
        "gdbook.run, record=False": lambda: gdbook.run(optimizers.adam(lr=LR), beale, x0, STEPS, record=False),
        "+ Beale closed form (functions.py proposal)": lambda: gdbook.run(optimizers.adam(lr=LR), beale_cf, x0, STEPS),
        "+ gdbook.fast.adam": lambda: gdbook.run(fast.adam(lr=LR), beale_cf, x0, STEPS),
    }
    if runner_p is not None:
        variants["+ runner.py proposal"] = lambda: runner_p.run(fast.adam(lr=LR), beale_cf, x0, STEPS)
    else:
        out["runner_proposal_skipped"] = why
    agree = {"baseline vs gdbook.run: max |x difference| over the 20 trajectories":
             float(np.max(np.abs(base_traj - stock.x[:, :BASELINE_SUBSET].transpose(1, 0, 2))))}
    for name, f in variants.items():
        if name.startswith("gdbook.run"):
            continue
        agree[f"{name} vs stock: max |x difference|"] = float(np.nanmax(np.abs(f().x - stock.x)))
    out["agreement"] = agree
    del stock

    funcs = {"baseline (note's loop, 20 runs)": lambda: baseline_note.run_many(x0[:BASELINE_SUBSET], STEPS, LR)}
    funcs.update(variants)
    timing = interleaved(funcs, repeats=repeats, warmup=False)
    per_traj = {}
    for name, r in timing.items():
        n = BASELINE_SUBSET if name.startswith("baseline") else N_RUNS
        per_traj[name] = {"total_min_s": r["min_s"], "per_trajectory_s": r["min_s"] / n,
                          "rounds_s": r["rounds_s"]}
    base = per_traj["baseline (note's loop, 20 runs)"]["per_trajectory_s"]
    for name, r in per_traj.items():
        r["ratio_vs_baseline"] = base / r["per_trajectory_s"]
    out["per_trajectory"] = per_traj
    stock_ratio = per_traj["gdbook.run (stock)"]["ratio_vs_baseline"]
    out["ratio_stock"] = stock_ratio
    out["meets_target_stock"] = stock_ratio >= TARGET
    best = max((r["ratio_vs_baseline"], k) for k, r in per_traj.items() if not k.startswith("baseline"))
    out["best_variant"] = {"name": best[1], "ratio": best[0], "meets_target": best[0] >= TARGET}
    for name, r in per_traj.items():
        log(f"    {name:46s} {fmt_s(r['per_trajectory_s'])}/trajectory  ratio {r['ratio_vs_baseline']:7.1f}x")

    # cost per trajectory vs number of runs (stock and with every proposal)
    sw = {"n_runs": list(sweep), "stock_per_trajectory_s": [], "proposed_per_trajectory_s": []}
    for n in sweep:
        xs = x0[:n]
        fs = {"stock": lambda xs=xs: gdbook.run(optimizers.adam(lr=LR), beale, xs, STEPS)}
        if runner_p is not None:
            fs["proposed"] = lambda xs=xs: runner_p.run(fast.adam(lr=LR), beale_cf, xs, STEPS)
        if n == N_RUNS:  # measured above
            sw["stock_per_trajectory_s"].append(per_traj["gdbook.run (stock)"]["per_trajectory_s"])
            key = "+ runner.py proposal" if runner_p is not None else "+ gdbook.fast.adam"
            sw["proposed_per_trajectory_s"].append(per_traj[key]["per_trajectory_s"])
            continue
        r = interleaved(fs, repeats=max(repeats, 5 if n <= 100 else 3))
        sw["stock_per_trajectory_s"].append(r["stock"]["min_s"] / n)
        sw["proposed_per_trajectory_s"].append(r.get("proposed", r["stock"])["min_s"] / n)
    sw["baseline_per_trajectory_s"] = base
    out["sweep"] = sw
    log("    per trajectory vs runs: " + ", ".join(
        f"{n}: {fmt_s(s)} / {fmt_s(p)}" for n, s, p in
        zip(sw["n_runs"], sw["stock_per_trajectory_s"], sw["proposed_per_trajectory_s"])) + "  (stock / proposed)")

    out["profile"] = profile_run(x0, profile_steps)
    log(f"    profile of the stock run ({N_RUNS} runs, {profile_steps} steps): "
        f"{out['profile']['per_step_ms']:.1f} ms per step, "
        f"{out['profile']['minor_page_faults_per_step']:.0f} page faults per step")
    for k, v in out["profile"]["parts_s"].items():
        log(f"      {k:62s} {100 * v / out['profile']['total_s']:5.1f} %")
    out["malloc"] = malloc_experiment(N_RUNS, STEPS, repeats=2 if repeats > 2 else 1)
    for label, r in out["malloc"].items():
        if "error" not in r:
            log(f"    {label}: stock {fmt_s(r['stock']['s'])} ({r['stock']['page_faults_per_step']:.0f} page faults/step), "
                f"proposed {fmt_s(r['proposed']['s'])} ({r['proposed']['page_faults_per_step']:.0f}/step)")
    out["proposals"] = proposals.as_diff()
    out["loadavg_after"] = loadavg()
    return out
