"""One Adam step and one momentum step on 10^5 .. 10^7 float64 parameters, side by side.

Candidates (all single-threaded: torch.set_num_threads(1), numexpr.set_num_threads(1)):

- gdbook readable: ``optimizers.adam(...).step(x, g, state)`` (the book's code, with its checks);
- gdbook readable rule: the same rule without the API's argument checks (where it can be reached);
- gdbook.fast in-place: ``fast.adam_step_inplace`` with the default backend (numba when
  installed), and with the numpy backend (blocked in-place ufuncs, no dependency);
- gdbook.fast pure: ``fast.adam(...).step`` (default backend, new output arrays);
- numexpr (3 passes / blocked): the alternative of benchmarks/kernels.py;
- torch.optim.Adam / SGD(momentum=0.9) with foreach=True and with fused=True, on CPU;
- the memory-bandwidth bound: bytes that must move (Adam 7 arrays, momentum 5 arrays, 8 bytes
  each) divided by the STREAM triad bandwidth a = b + s*c measured in the same rounds on arrays
  much larger than the last-level cache.

Also measured: the cost of touching fresh memory (page faults), which is what a multi-pass
numpy implementation pays for every temporary array it allocates.
"""

from __future__ import annotations

import time

import numpy as np

from benchmarks import kernels
from benchmarks.common import fmt_s, interleaved, loadavg, log

ADAM_HP = dict(lr=1e-3, betas=(0.9, 0.999), eps=1e-8)
MOMENTUM_HP = dict(lr=1e-3, momentum=0.9)
STREAM_N = 1 << 25  # 32 Mi float64 = 256 MiB per array, 8x the 32 MiB L3 of the reference machine


def _torch():
    try:
        import torch
    except ImportError:  # pragma: no cover - torch is installed by the bench session
        return None
    torch.set_num_threads(1)
    return torch


def stream_arrays(n=STREAM_N):
    rng = np.random.default_rng(0)
    a = np.zeros(n)
    b = rng.standard_normal(n)
    c = rng.standard_normal(n)
    return a, b, c


def bandwidth_candidates(a, b, c):
    """Streaming kernels and the bytes each moves per call.

    STREAM's convention counts the arrays named in the kernel: triad a = b + s*c moves 3 arrays.
    A store to a line that is not in the cache first reads it (write-allocate), so the hardware
    moves 4; an optimizer step writes only arrays it has just read (x, m, v), so for it the
    named arrays are the real traffic. The in-place update a += s*b (read a, b; write a: 3
    arrays, no write-allocate) has the optimizer's pattern and is the reference for the bound.
    """
    n = a.shape[0]
    torch = _torch()
    cands = {
        "copy (numpy)": (lambda: np.copyto(a, b), 16 * n),
        "add (numpy, a = b + c)": (lambda: np.add(b, c, out=a), 24 * n),
    }
    if kernels.ne is not None:
        cands["triad (numexpr)"] = (lambda: kernels.triad_numexpr(a, b, c, 3.0), 24 * n)
    if torch is not None:
        ta, tb, tc = (torch.from_numpy(arr) for arr in (a, b, c))
        cands["triad (torch)"] = (lambda: torch.add(tb, tc, alpha=3.0, out=ta), 24 * n)
        cands["in-place a += s*b (torch)"] = (lambda: ta.add_(tb, alpha=1e-300), 24 * n)
    if kernels.numba is not None:
        cands["triad (numba)"] = (lambda: kernels.triad_numba(a, b, c, 3.0), 24 * n)
        cands["in-place a += s*b (numba)"] = (lambda: kernels.axpy_numba(a, b, 1e-300), 24 * n)
    return cands


def page_fault_cost(mib=64, repeats=5):
    """Cost of a page fault: first write to fresh 4 KiB pages vs a second write to the same pages.

    Anonymous memory from mmap with transparent huge pages disabled for it, one byte written per
    4 KiB page: the first pass faults on every page (the kernel maps and zeroes it, and on a
    virtual machine the host may have to back it too); the second pass does not. numpy gets a
    large temporary array the same way (malloc hands requests above 128 KiB - 32 MiB to mmap), so a
    multi-pass implementation pays this for every temporary it allocates.
    """
    import mmap

    size = mib << 20
    pages = size // 4096
    first, second = [], []
    for _ in range(repeats):
        mm = mmap.mmap(-1, size, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
        if hasattr(mmap, "MADV_NOHUGEPAGE"):
            mm.madvise(mmap.MADV_NOHUGEPAGE)
        view = np.frombuffer(mm, dtype=np.uint8)[::4096]
        t0 = time.perf_counter()
        view[:] = 1
        t1 = time.perf_counter()
        view[:] = 2
        t2 = time.perf_counter()
        first.append(t1 - t0)
        second.append(t2 - t1)
        del view
        mm.close()
    f, o = min(first), min(second)
    return {
        "mib": mib,
        "first_touch_s": f,
        "second_touch_s": o,
        "us_per_page_fault": (f - o) / pages * 1e6,
        "gib_per_s_fresh_memory": (size / 2**30) / f,
    }


def _adam_candidates(n, rng):
    from gdbook import fast, optimizers

    torch = _torch()
    lr, (b1, b2), eps = ADAM_HP["lr"], ADAM_HP["betas"], ADAM_HP["eps"]
    x0, g = rng.standard_normal(n), rng.standard_normal(n)
    cands = {}
    # readable, through the public API (t advances from a fixed state: every call is update 2)
    opt = optimizers.adam(**ADAM_HP)
    x1, s1 = opt.step(x0, g, opt.init(x0))
    cands["gdbook readable"] = lambda: opt.step(x1, g, s1)
    rule = getattr(optimizers, "_adam_step", None)
    if rule is not None:
        kw = dict(lr=lr, betas=(b1, b2), eps=eps, weight_decay=0.0, amsgrad=False,
                  bias_correction=True, decoupled_weight_decay=False)
        try:
            rule(x1, g, s1, **kw)
            cands["gdbook readable (rule only)"] = lambda: rule(x1, g, s1, **kw)
        except TypeError:  # the private rule changed its signature: skip this diagnostic
            pass
    xf, mf, vf = x0.copy(), np.zeros(n), np.zeros(n)
    state = {"t": 0}

    def fast_inplace():
        state["t"] += 1
        fast.adam_step_inplace(xf, g, mf, vf, t=state["t"], **ADAM_HP)

    cands["gdbook.fast in-place"] = fast_inplace
    xn, mn, vn = x0.copy(), np.zeros(n), np.zeros(n)
    cands["gdbook.fast in-place (numpy blocks)"] = lambda: fast.adam_step_inplace(xn, g, mn, vn, t=10, backend="numpy", **ADAM_HP)
    fopt = fast.adam(**ADAM_HP)
    fx1, fs1 = fopt.step(x0, g, fopt.init(x0))
    cands["gdbook.fast pure"] = lambda: fopt.step(fx1, g, fs1)
    if kernels.ne is not None:
        xa, ma, va = x0.copy(), np.zeros(n), np.zeros(n)
        cands["numexpr (3 passes)"] = lambda: kernels.adam_numexpr(xa, g, ma, va, t=10, lr=lr, beta1=b1, beta2=b2, eps=eps)
        xb, mb, vb = x0.copy(), np.zeros(n), np.zeros(n)
        cands["numexpr (blocked)"] = lambda: kernels.adam_numexpr(
            xb, g, mb, vb, t=10, lr=lr, beta1=b1, beta2=b2, eps=eps, block_size=1 << 16)
    if torch is not None:
        for kind in ("foreach", "fused"):
            p = torch.from_numpy(x0.copy()).requires_grad_()
            p.grad = torch.from_numpy(g.copy())
            try:
                o = torch.optim.Adam([p], lr=lr, betas=(b1, b2), eps=eps, **{kind: True})
                o.step()
            except (RuntimeError, ValueError) as exc:  # fused not supported for this dtype/device
                log(f"    torch Adam {kind}=True unavailable: {exc}")
                continue
            cands[f"torch {kind}"] = o.step
    return cands


def _momentum_candidates(n, rng):
    from gdbook import fast, optimizers

    torch = _torch()
    lr, beta = MOMENTUM_HP["lr"], MOMENTUM_HP["momentum"]
    x0, g = rng.standard_normal(n), rng.standard_normal(n)
    cands = {}
    opt = optimizers.sgd(**MOMENTUM_HP)
    x1, s1 = opt.step(x0, g, opt.init(x0))
    cands["gdbook readable"] = lambda: opt.step(x1, g, s1)
    rule = getattr(optimizers, "_sgd_step", None)
    if rule is not None:
        kw = dict(lr=lr, momentum=beta, dampening=0.0, weight_decay=0.0, nesterov=False)
        try:
            rule(x1, g, s1, **kw)
            cands["gdbook readable (rule only)"] = lambda: rule(x1, g, s1, **kw)
        except TypeError:
            pass
    xf, vf = x0.copy(), g.copy()
    cands["gdbook.fast in-place"] = lambda: fast.sgd_step_inplace(xf, g, vf, t=2, **MOMENTUM_HP)
    xn, vn = x0.copy(), g.copy()
    cands["gdbook.fast in-place (numpy blocks)"] = lambda: fast.sgd_step_inplace(xn, g, vn, t=2, backend="numpy", **MOMENTUM_HP)
    fopt = fast.sgd(**MOMENTUM_HP)
    fx1, fs1 = fopt.step(x0, g, fopt.init(x0))
    cands["gdbook.fast pure"] = lambda: fopt.step(fx1, g, fs1)
    if kernels.ne is not None:
        xa, va = x0.copy(), g.copy()
        cands["numexpr (3 passes)"] = lambda: kernels.momentum_numexpr(xa, g, va, lr=lr, momentum=beta)
        xb, vb = x0.copy(), g.copy()
        cands["numexpr (blocked)"] = lambda: kernels.momentum_numexpr(xb, g, vb, lr=lr, momentum=beta, block_size=1 << 16)
    if torch is not None:
        for kind in ("foreach", "fused"):
            p = torch.from_numpy(x0.copy()).requires_grad_()
            p.grad = torch.from_numpy(g.copy())
            try:
                o = torch.optim.SGD([p], lr=lr, momentum=beta, **{kind: True})
                o.step()
            except (RuntimeError, ValueError) as exc:
                log(f"    torch SGD {kind}=True unavailable: {exc}")
                continue
            cands[f"torch {kind}"] = o.step
    return cands


ARRAYS_MOVED = {"adam": 7, "momentum": 5}


def run(sizes=(10**5, 10**6, 10**7), repeats=7, block_sizes=(2048, 8192, 16384, 65536, 262144)):
    if kernels.ne is not None:
        kernels.ne.set_num_threads(1)
    torch = _torch()
    log(f"  large vectors: sizes {sizes}, {repeats} interleaved rounds, 1 thread")
    a, b, c = stream_arrays()
    bw_cands = bandwidth_candidates(a, b, c)
    out = {"sizes": list(sizes), "repeats": repeats, "stream_n": STREAM_N, "loadavg_before": loadavg(),
           "torch_threads": torch.get_num_threads() if torch is not None else None}

    rng = np.random.default_rng(0)
    results = {"adam": {}, "momentum": {}}
    bandwidth_rounds = {name: [] for name in bw_cands}
    for kind, make in (("adam", _adam_candidates), ("momentum", _momentum_candidates)):
        for n in sizes:
            cands = make(n, rng)
            funcs = dict(cands)
            for name, (f, _bytes) in bw_cands.items():
                funcs[f"__bw__{name}"] = f
            # fewer rounds for the slow readable path at 10^7 would bias nothing: min over rounds
            timing = interleaved(funcs, repeats=repeats)
            row = {}
            for name in cands:
                row[name] = {"min_s": timing[name]["min_s"], "median_s": timing[name]["median_s"]}
            for name, (_f, nbytes) in bw_cands.items():
                bandwidth_rounds[name].append(nbytes / timing[f"__bw__{name}"]["min_s"] / 1e9)
            results[kind][str(n)] = row
            best = min(row.values(), key=lambda r: r["min_s"])["min_s"]
            log(f"    {kind:8s} n={n:>9,d}: " + ", ".join(f"{k} {fmt_s(v['min_s'])}" for k, v in row.items())
                + f"  (fastest {fmt_s(best)})")
            del cands, funcs
    bandwidth = {name: max(v) for name, v in bandwidth_rounds.items()}
    inplace = {k: v for k, v in bandwidth.items() if k.startswith("in-place")}
    triads = {k: v for k, v in bandwidth.items() if k.startswith("triad")}
    ref_set = inplace or triads or bandwidth
    bw_ref = max(ref_set.values())
    out["bandwidth_gb_per_s"] = bandwidth
    out["bandwidth_reference"] = {"name": max(ref_set, key=ref_set.get), "gb_per_s": bw_ref,
                                  "stream_triad_gb_per_s": max(triads.values()) if triads else None}
    log("    bandwidth: " + ", ".join(f"{k} {v:.1f} GB/s" for k, v in bandwidth.items()))

    # bound and ratios
    for kind, rows in results.items():
        for n_str, row in rows.items():
            n = int(n_str)
            bound = ARRAYS_MOVED[kind] * 8 * n / (bw_ref * 1e9)
            row["bandwidth bound"] = {"min_s": bound, "median_s": bound}
            for name, r in row.items():
                r["fraction_of_bound"] = bound / r["min_s"]
    out["results"] = results
    out["targets"] = _targets(results)

    # block size sweep of gdbook.fast's Adam at the largest size
    from gdbook import fast

    n = max(sizes)
    x, g, m, v = rng.standard_normal(n), rng.standard_normal(n), np.zeros(n), np.zeros(n)
    sweep = interleaved({str(bs): (lambda bs=bs: fast.adam_step_inplace(x, g, m, v, t=5, block_size=bs, backend="numpy", **ADAM_HP))
                         for bs in block_sizes}, repeats=max(3, repeats // 2))
    out["fast_default_backend"] = fast.default_backend()
    out["block_size_sweep"] = {"n": n, "default": fast.BLOCK_SIZE, "backend": "numpy",
                               "min_s": {k: r["min_s"] for k, r in sweep.items()}}
    log("    fast Adam (numpy backend) block sizes at n=%d: " % n + ", ".join(f"{k}: {fmt_s(r['min_s'])}" for k, r in sweep.items()))
    del x, g, m, v
    out["page_faults"] = page_fault_cost()
    log(f"    page faults: {out['page_faults']['us_per_page_fault']:.2f} us per 4 KiB page "
        f"(fresh memory arrives at {out['page_faults']['gib_per_s_fresh_memory']:.2f} GiB/s)")
    out["loadavg_after"] = loadavg()
    return out


def _targets(results):
    """Targets of the issue, at every size >= 10^6: fast vs torch foreach, bound, torch fused."""
    t = {}
    for kind, rows in results.items():
        for n_str, row in rows.items():
            if int(n_str) < 10**6 or "gdbook.fast in-place" not in row:
                continue
            fast_s = row["gdbook.fast in-place"]["min_s"]
            entry = {"fast_s": fast_s, "fraction_of_bound": row["gdbook.fast in-place"]["fraction_of_bound"]}
            entry["target_fraction_of_bound"] = 0.40
            entry["meets_bound_target"] = entry["fraction_of_bound"] >= 0.40
            if "torch foreach" in row:
                entry["speedup_vs_torch_foreach"] = row["torch foreach"]["min_s"] / fast_s
                entry["meets_foreach_target"] = fast_s <= row["torch foreach"]["min_s"]
            if "torch fused" in row:
                entry["ratio_to_torch_fused"] = fast_s / row["torch fused"]["min_s"]
                entry["meets_fused_target"] = entry["ratio_to_torch_fused"] <= 2.0
            if "gdbook readable" in row:
                entry["speedup_vs_readable"] = row["gdbook readable"]["min_s"] / fast_s
            nb = row.get("gdbook.fast in-place (numpy blocks)")
            if nb is not None:  # the targets for the dependency-free backend
                entry["numpy_backend"] = {
                    "fraction_of_bound": nb["fraction_of_bound"],
                    "speedup_vs_torch_foreach": row["torch foreach"]["min_s"] / nb["min_s"] if "torch foreach" in row else None,
                    "ratio_to_torch_fused": nb["min_s"] / row["torch fused"]["min_s"] if "torch fused" in row else None,
                }
            t[f"{kind}@{n_str}"] = entry
    return t
