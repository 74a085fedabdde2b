"""Batched runs: 10,000 Adam trajectories of 500 steps on Beale as one array, vs the note's loop.

The baseline is the lecture note's code (benchmarks/baseline_note.py): a class-based Adam and a
Python loop over the steps, one starting point at a time. It runs on a subset (20 starting
points) in the same process and the same interleaved rounds as gdbook.run on all 10,000; the
comparison is the cost per trajectory. Target: gdbook.run at least 500x cheaper per trajectory.

gdbook.run has two loops with the same results (gdbook.fast.run_engine says which one a call
uses): the fused kernel ("numba": the whole run compiled, gdbook/_fused.py), which it uses here
when numba is installed, and the numpy loop ("numpy": the readable update rules and objectives,
one numpy call per operation), which is what runs without numba. Both are measured; the report
names the path of every line. The numpy loop is profiled (objective, update rule, norms, the loop
itself, page faults), and the runs are repeated in fresh interpreters with glibc's malloc told to
keep freed memory (what the page faults of temporaries cost).

The former proposals of benchmarks/proposals.py are applied in the library: Beale's closed-form
value and gradient (gdbook/functions.py), and in gdbook/runner.py the per-run norms without the
generic reduction and no np.where masking copies while every run is alive.
"""

from __future__ import annotations

import cProfile
import pstats
import resource

import numpy as np

import gdbook
from benchmarks import baseline_note
from benchmarks.common import fmt_s, interleaved, loadavg, log
from gdbook import fast, functions, optimizers

N_RUNS = 10_000
STEPS = 500
LR = 0.01
BASELINE_SUBSET = 20
TARGET = 500.0

STOCK = "gdbook.run (stock)"  # gdbook.run with its defaults (the fused kernel when numba is there)
NUMPY = "gdbook.run, numpy loop (fused=False; the path without numba)"


def starting_points(n=N_RUNS, seed=0):
    """Seeded starting points spread over Beale's usual domain [-4.5, 4.5]^2."""
    return np.random.default_rng(seed).uniform(-4.5, 4.5, size=(n, 2))


def _minflt():
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def profile_run(x0, steps):
    """Where the time of gdbook.run's numpy loop goes (cProfile, grouped by the library's parts).

    The fused kernel is one call (nothing to break down), so this profiles ``fused=False``.
    """
    beale = functions.Beale()
    opt = optimizers.adam(lr=LR)
    prof = cProfile.Profile()
    f0 = _minflt()
    prof.enable()
    gdbook.run(opt, beale, x0, steps, fused=False)
    prof.disable()
    faults = _minflt() - f0
    stats = pstats.Stats(prof)
    total = stats.total_tt
    raw = stats.stats  # (file, line, func) -> (cc, nc, tt, ct, callers)

    def cum(file_suffix, *funcs):
        return sum(v[3] for k, v in raw.items() if k[0].endswith(file_suffix) and k[2] in funcs)

    parts = {
        "objective value f(x) (functions.py)": cum("functions.py", "__call__", "_value"),
        "objective gradient (functions.py)": cum("functions.py", "grad", "_grad"),
        # the key keeps its old name (the book's page reads it); the checks now run once per run
        "optimizer step incl. checks (optimizers.py)": cum("optimizers.py", "step", "_adam_step"),
        "gradient norms / clipping (runner._clip)": cum("runner.py", "_clip", "_grad_norm"),
        "divergence check (runner._all_fine)": cum("runner.py", "_all_fine"),
    }
    parts["run loop itself (runner._numpy_loop: records, bookkeeping)"] = total - sum(parts.values())
    top = sorted(raw.items(), key=lambda kv: kv[1][2], reverse=True)[:12]
    return {
        "engine": "numpy",
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
from gdbook import functions, optimizers
from benchmarks import bench_batched as b
x0 = b.starting_points(int(sys.argv[1]))
steps = int(sys.argv[2])
t0 = time.perf_counter()
gdbook.run(optimizers.adam(lr=b.LR), functions.Beale(), x0[:2], 2, fused=True)  # load the kernel first
best = {"first fused run of the process (numba + kernel load)": {"s": time.perf_counter() - t0}}
for name, fused in (("stock", None), ("numpy loop", False)):
    times = []
    for _ in range(int(sys.argv[3])):
        f0 = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        t0 = time.perf_counter()
        gdbook.run(optimizers.adam(lr=b.LR), functions.Beale(), x0, steps, fused=fused)
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
    beale, adam = functions.Beale(), optimizers.adam(lr=LR)
    out = {"n_runs": N_RUNS, "steps": STEPS, "lr": LR, "baseline_subset": BASELINE_SUBSET,
           "target_ratio": TARGET, "loadavg_before": loadavg(),
           "numba": fast.default_backend() == "numba",
           "engine_in_a_fresh_process": fast.run_engine(adam, beale, x0, STEPS),
           "applied": "the former proposals (benchmarks/proposals.py) are in gdbook/functions.py and gdbook/runner.py"}
    log(f"    numba {'installed' if out['numba'] else 'not installed'}; gdbook.run's path for the first such run "
        f"of a process: {out['engine_in_a_fresh_process']!r} (gdbook.fast.FUSED_MIN_WORK = {fast.FUSED_MIN_WORK:,})")

    # The first fused run of a process imports numba and loads the kernel (about a second; the
    # first ever on a machine compiles it, cached on disk): done here, outside the timings, as
    # for every candidate (the fresh interpreters of malloc_experiment report that one-time cost).
    # gdbook.run(fused=None) then uses the kernel for runs of any size (gdbook.fast.run_engine).
    gdbook.run(adam, beale, x0[:2], 2, fused=True)
    engine = fast.run_engine(adam, beale, x0, STEPS)
    out["engine"] = engine
    log(f"    gdbook.run's path after loading the kernel: {engine!r}")

    # correctness first: the baseline and every variant compute the same trajectories
    base_traj = np.array(baseline_note.run_many(x0[:BASELINE_SUBSET], STEPS, LR))     # (20, 501, 2)
    stock = gdbook.run(adam, beale, x0, STEPS)
    variants = {
        STOCK: lambda: gdbook.run(adam, beale, x0, STEPS),
        "gdbook.run, record=False": lambda: gdbook.run(adam, beale, x0, STEPS, record=False),
        NUMPY: lambda: gdbook.run(adam, beale, x0, STEPS, fused=False),
        "gdbook.run, numpy loop, record=False": lambda: gdbook.run(adam, beale, x0, STEPS, record=False, fused=False),
    }
    paths = {STOCK: engine, "gdbook.run, record=False": engine, NUMPY: "numpy",
             "gdbook.run, numpy loop, record=False": "numpy"}
    agree = {"baseline vs gdbook.run: max |x difference| over the 20 trajectories":
             float(np.max(np.abs(base_traj - stock.x[:, :BASELINE_SUBSET].transpose(1, 0, 2))))}
    numpy_loop = variants[NUMPY]()
    agree["fused kernel vs numpy loop: bitwise equal x, loss, grad_norm, lr, diverged_at"] = all(
        np.array_equal(getattr(stock, k), getattr(numpy_loop, k), equal_nan=True)
        for k in ("x", "loss", "grad_norm", "lr", "diverged_at"))
    out["agreement"] = agree
    del stock, numpy_loop

    funcs = {"baseline (note's loop, 20 runs)": lambda: baseline_note.run_many(x0[:BASELINE_SUBSET], STEPS, LR)}
    funcs.update(variants)
    timing = interleaved(funcs, repeats=repeats, warmup=False)
    per_traj = {}
    for name, r in timing.items():
        n = BASELINE_SUBSET if name.startswith("baseline") else N_RUNS
        per_traj[name] = {"total_min_s": r["min_s"], "per_trajectory_s": r["min_s"] / n,
                          "rounds_s": r["rounds_s"], "path": paths.get(name, "python")}
    base = per_traj["baseline (note's loop, 20 runs)"]["per_trajectory_s"]
    for name, r in per_traj.items():
        r["ratio_vs_baseline"] = base / r["per_trajectory_s"]
    out["per_trajectory"] = per_traj
    stock_ratio = per_traj[STOCK]["ratio_vs_baseline"]
    out["ratio_stock"] = stock_ratio
    out["meets_target_stock"] = stock_ratio >= TARGET
    out["ratio_numpy_loop"] = per_traj[NUMPY]["ratio_vs_baseline"]
    best = max((r["ratio_vs_baseline"], k) for k, r in per_traj.items() if not k.startswith("baseline"))
    out["best_variant"] = {"name": best[1], "ratio": best[0], "meets_target": best[0] >= TARGET}
    for name, r in per_traj.items():
        log(f"    {name:62s} {fmt_s(r['per_trajectory_s'])}/trajectory  ratio {r['ratio_vs_baseline']:7.1f}x"
            f"  [{r['path']}]")

    # cost per trajectory vs number of runs: gdbook.run as is, and its numpy loop
    sw = {"n_runs": list(sweep), "stock_per_trajectory_s": [], "numpy_per_trajectory_s": [],
          "stock_engine": [], "numpy_engine": "numpy"}
    for n in sweep:
        xs = x0[:n]
        sw["stock_engine"].append(fast.run_engine(adam, beale, xs, STEPS))
        if n == N_RUNS:  # measured above
            sw["stock_per_trajectory_s"].append(per_traj[STOCK]["per_trajectory_s"])
            sw["numpy_per_trajectory_s"].append(per_traj[NUMPY]["per_trajectory_s"])
            continue
        fs = {"stock": lambda xs=xs: gdbook.run(adam, beale, xs, STEPS),
              "numpy": lambda xs=xs: gdbook.run(adam, beale, xs, STEPS, fused=False)}
        r = interleaved(fs, repeats=max(repeats, 5 if n <= 100 else 3))
        sw["stock_per_trajectory_s"].append(r["stock"]["min_s"] / n)
        sw["numpy_per_trajectory_s"].append(r["numpy"]["min_s"] / n)
    # the book's page (docs/appendix/benchmarks.md) plots this series as its second line
    sw["proposed_per_trajectory_s"] = sw["numpy_per_trajectory_s"]
    sw["baseline_per_trajectory_s"] = base
    out["sweep"] = sw
    log("    per trajectory vs runs: " + ", ".join(
        f"{n}: {fmt_s(s)} [{e}] / {fmt_s(p)}" for n, s, e, p in
        zip(sw["n_runs"], sw["stock_per_trajectory_s"], sw["stock_engine"], sw["numpy_per_trajectory_s"]))
        + "  (gdbook.run / numpy loop)")

    out["profile"] = profile_run(x0, profile_steps)
    log(f"    profile of the numpy loop ({N_RUNS} runs, {profile_steps} steps): "
        f"{out['profile']['per_step_ms']:.1f} ms per step, "
        f"{out['profile']['minor_page_faults_per_step']:.0f} page faults per step")
    for k, v in out["profile"]["parts_s"].items():
        log(f"      {k:62s} {100 * v / out['profile']['total_s']:5.1f} %")
    out["malloc"] = malloc_experiment(N_RUNS, STEPS, repeats=2 if repeats > 2 else 1)
    for label, r in out["malloc"].items():
        first = r.get("first fused run of the process (numba + kernel load)")
        if first:
            log(f"    {label}: first fused run of a fresh interpreter (numba + kernel load) {fmt_s(first['s'])}")
        if "error" not in r:
            log(f"    {label}: gdbook.run {fmt_s(r['stock']['s'])} ({r['stock']['page_faults_per_step']:.0f} page faults/step), "
                f"numpy loop {fmt_s(r['numpy loop']['s'])} ({r['numpy loop']['page_faults_per_step']:.0f}/step)")
        else:
            log(f"    {label}: failed: {r['error'][-300:]}")
    out["loadavg_after"] = loadavg()
    return out
