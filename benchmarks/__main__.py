"""Run the benchmark suite: ``python -m benchmarks`` (what ``nox -s bench`` runs).

    python -m benchmarks                       everything (about 15-30 minutes; the build is most of it)
    python -m benchmarks --only vectors,small  some sections: vectors, batched, small, imports, build
    python -m benchmarks --quick               fewer rounds and sizes (a smoke test of the suite)
    python -m benchmarks --save-reference      also copy the result to results/reference.json, the
                                               file the book's benchmark page plots, and stamp its
                                               hash into docs/appendix/benchmarks.md

Writes benchmarks/results/latest.json and prints a summary with every target: met or not.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import hashlib
import json
import re
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.common import ROOT, fmt_s, log, machine

RESULTS = ROOT / "benchmarks" / "results"
PAGE = ROOT / "docs" / "appendix" / "benchmarks.md"
SECTIONS = ("vectors", "batched", "small", "imports", "build")


def _git() -> dict:
    def git(*args):
        try:
            return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=30).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""
    return {"commit": git("rev-parse", "HEAD"), "dirty": bool(git("status", "--porcelain"))}


def _jsonable(obj):
    if isinstance(obj, dict):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    if hasattr(obj, "item") and not isinstance(obj, (str, bytes)):
        return obj.item()
    if isinstance(obj, float) and obj != obj:
        return None
    return obj


def summary(res: dict) -> list[tuple[str, str, bool | None]]:
    """(target, measured, met) rows."""
    rows = []
    b = res.get("build")
    if b:
        v = b["verdict"]
        st = b["steps"]
        rows.append(("cold build < 2 min", f"{fmt_s(v['cold_build']['value_s'])} wall, {fmt_s(st['cold'].get('cpu_s'))} CPU",
                     v["cold_build"]["met"]))
        rows.append(("no-change rebuild < 10 s", f"{fmt_s(v['nochange_rebuild']['value_s'])} wall, "
                     f"{fmt_s(st['nochange'].get('cpu_s'))} CPU", v["nochange_rebuild"]["met"]))
        if "edited_example_reruns_only_itself" in v:
            e = v["edited_example_reruns_only_itself"]
            rows.append(("edited example re-runs only itself", f"ran {e['ran']}, pages {e['pages']}", e["met"]))
        if "edited_page_reexecutes_only_itself" in v:
            e = v["edited_page_reexecutes_only_itself"]
            rows.append(("edited page re-executes only itself", f"executed {e['executed']}", e["met"]))
        slow = v["every_example_under_5s"]["slow_examples"]
        rows.append(("every gallery example < 5 s",
                     ", ".join(f"{Path(s['example']).name} {s['time_s']:.1f} s" for s in slow) or "all under 5 s",
                     v["every_example_under_5s"]["met"]))
        rows.append(("whole gallery < 40 s", fmt_s(v["gallery_total"]["value_s"]), v["gallery_total"]["met"]))
    bt = res.get("batched")
    if bt:
        per = bt["per_trajectory"]
        base = per["baseline (note's loop, 20 runs)"]["per_trajectory_s"]
        stock = per["gdbook.run (stock)"]["per_trajectory_s"]
        rows.append((f"batched Adam/Beale {bt['n_runs']}x{bt['steps']}: >= {bt['target_ratio']:.0f}x cheaper per trajectory (gdbook.run)",
                     f"{bt['ratio_stock']:.0f}x ({fmt_s(stock)} vs {fmt_s(base)} per trajectory; path {bt.get('engine', '?')!r})",
                     bt["meets_target_stock"]))
        if "ratio_numpy_loop" in bt:
            rows.append(("  ... gdbook.run's numpy loop (fused=False, the path without numba)",
                         f"{bt['ratio_numpy_loop']:.0f}x", None))
    vec = res.get("vectors")
    if vec:
        for key, t in vec["targets"].items():
            kind, n = key.split("@")
            nn = f"n=10^{len(n) - 1}"
            if "meets_foreach_target" in t:
                rows.append((f"{kind} {nn}: gdbook.fast <= torch foreach", f"{t['speedup_vs_torch_foreach']:.2f}x faster", t["meets_foreach_target"]))
            rows.append((f"{kind} {nn}: gdbook.fast >= 40% of bandwidth bound", f"{100 * t['fraction_of_bound']:.0f}%", t["meets_bound_target"]))
            if "meets_fused_target" in t:
                rows.append((f"{kind} {nn}: gdbook.fast within 2x of torch fused", f"{t['ratio_to_torch_fused']:.2f}x", t["meets_fused_target"]))
            nb = t.get("numpy_backend")
            if nb:
                rows.append((f"  ({kind} {nn}, numpy backend: bound / vs foreach / vs fused)",
                             f"{100 * nb['fraction_of_bound']:.0f}% / {nb['speedup_vs_torch_foreach'] or float('nan'):.2f}x faster"
                             f" / {nb['ratio_to_torch_fused'] or float('nan'):.2f}x", None))
        bref = vec["bandwidth_reference"]
        rows.append(("bandwidth, 1 thread (reference of the bound)",
                     f"{bref['gb_per_s']:.1f} GB/s ({bref['name']}); STREAM triad {bref.get('stream_triad_gb_per_s') or float('nan'):.1f} GB/s",
                     None))
        rows.append(("gdbook.fast default backend", vec.get("fast_default_backend", "?"), None))
    imp = res.get("imports")
    if imp:
        rows.append(("import gdbook / gdbook.run / gdbook.plotting without torch",
                     f"import gdbook {fmt_s(imp['import_s']['import gdbook'])}, torch {fmt_s(imp['import_s']['import torch'])}",
                     all(imp["torch_free"].values())))
        if "matplotlib_free" in imp:
            rows.append(("import gdbook / gdbook.run (and a small run) without matplotlib or numba",
                         "ok" if all(imp["matplotlib_free"].values()) and all(imp["numba_free"].values())
                         else f"matplotlib: {[k for k, v in imp['matplotlib_free'].items() if not v]}, "
                              f"numba: {[k for k, v in imp['numba_free'].items() if not v]}",
                         all(imp["matplotlib_free"].values())))
    sm = res.get("small")
    if sm:
        rows.append(("2-D run: per-step cost of gdbook.run vs Python floats",
                     f"{fmt_s(sm['per_step_s']['gdbook.run'])} vs {fmt_s(sm['per_step_s']['python floats, recording x and loss'])}"
                     f" (+{fmt_s(sm['gdbook_overhead_per_step_s'])}/step; path {sm.get('engine', '?')!r})",
                     sm.get("meets_target")))
    pw = res.get("page_weight")
    if pw and "typical" in pw:
        t = pw["typical"]
        rows.append((f"page weight ({t['page']})", f"{t['bytes'] / 1e6:.2f} MB", None))
    return rows


def print_summary(res: dict) -> None:
    rows = summary(res)
    res["summary"] = [{"target": a, "measured": b, "met": c} for a, b, c in rows]
    width = max((len(a) for a, _, _ in rows), default=10)
    log("\n" + "=" * (width + 40))
    log(f"gdbook benchmarks — {res['machine']['cpu_model']}, {res['machine']['logical_cpus']} CPUs, "
        f"load {res['machine']['loadavg_at_start']}")
    for a, b, c in rows:
        mark = {True: "met    ", False: "NOT MET", None: "       "}[c]
        log(f"  {mark}  {a:<{width}}  {b}")
    log("=" * (width + 40))


def save_reference(latest: Path) -> None:
    ref = RESULTS / "reference.json"
    ref.write_bytes(latest.read_bytes())
    digest = hashlib.sha256(ref.read_bytes()).hexdigest()
    text = PAGE.read_text(encoding="utf-8")
    new, n = re.subn(r'REFERENCE_SHA256 = "[0-9a-f]*"', f'REFERENCE_SHA256 = "{digest}"', text)
    if n != 1:
        log(f"WARNING: REFERENCE_SHA256 not found in {PAGE}; the page will refuse the new reference")
    else:
        PAGE.write_text(new, encoding="utf-8")
    log(f"reference: {ref} (sha256 {digest[:12]}...), stamped into {PAGE.relative_to(ROOT)}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", default=",".join(SECTIONS), help="comma-separated sections")
    ap.add_argument("--quick", action="store_true", help="fewer rounds and sizes")
    ap.add_argument("--save-reference", action="store_true", help="also write results/reference.json")
    ap.add_argument("--keep-build", action="store_true", help="keep the build copy (its path is in the JSON)")
    ap.add_argument("--output", default=str(RESULTS / "latest.json"))
    args = ap.parse_args(argv)
    only = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(only) - set(SECTIONS)
    if unknown:
        ap.error(f"unknown sections {sorted(unknown)}; choose from {SECTIONS}")

    t_start = time.perf_counter()
    res = {"schema": 1, "created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
           "command": "python -m benchmarks " + " ".join(argv if argv is not None else sys.argv[1:]),
           "quick": args.quick, "git": _git(), "machine": machine()}
    log(f"gdbook benchmarks: {', '.join(only)}{' (quick)' if args.quick else ''}")
    log(f"  machine: {res['machine']['cpu_model']}, {res['machine']['logical_cpus']} CPUs, "
        f"caches {res['machine']['caches']}, load {res['machine']['loadavg_at_start']}")

    if "imports" in only:
        from benchmarks import bench_imports
        res["imports"] = bench_imports.run(repeats=3 if args.quick else 7)
    if "small" in only:
        from benchmarks import bench_small
        res["small"] = bench_small.run(repeats=3 if args.quick else 9)
    if "vectors" in only:
        from benchmarks import bench_vectors
        if args.quick:
            bench_vectors.STREAM_N = 1 << 23
        res["vectors"] = bench_vectors.run(sizes=(10**5, 10**6) if args.quick else (10**5, 10**6, 10**7),
                                           repeats=3 if args.quick else 7)
    if "batched" in only:
        from benchmarks import bench_batched
        if args.quick:
            bench_batched.N_RUNS, bench_batched.STEPS = 2000, 100
        res["batched"] = bench_batched.run(repeats=2 if args.quick else 3,
                                           sweep=(1, 10, 100, bench_batched.N_RUNS) if args.quick
                                           else (1, 10, 100, 1000, 10_000),
                                           profile_steps=20 if args.quick else 100)
    if "build" in only:
        from benchmarks import bench_build, bench_pageweight
        res["build"] = bench_build.run(keep=args.keep_build)
        html_dir = Path(res["build"]["html_dir"])
        if (html_dir / "index.html").exists():
            res["page_weight"] = bench_pageweight.run_all(html_dir)
        bench_build.cleanup(res["build"])

    res["elapsed_s"] = time.perf_counter() - t_start
    res["machine"]["loadavg_at_end"] = __import__("benchmarks.common", fromlist=["loadavg"]).loadavg()
    print_summary(res)
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(_jsonable(res), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    log(f"results: {out} ({res['elapsed_s'] / 60:.1f} min)")
    if args.save_reference:
        save_reference(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
