"""Build of the book: cold, no-change rebuild, one edited gallery example, one edited page.

The build runs in a fresh copy of the repository (the files git would commit: tracked and
untracked-but-not-ignored), so it starts from clean generated directories without touching the
working tree's docs/_build or anybody's caches. The command is the one of the noxfile's docs
session: ``sphinx-build -j auto -W --keep-going -n -b html docs docs/_build/html`` with MPLBACKEND=Agg and
PYTHONHASHSEED=0, run by this interpreter (the venv exists: its creation is not timed).

Steps (each timed, wall clock):

1. cold build (clean copy);
2. no-change rebuild;
3. one gallery example edited (a comment appended): which examples and pages ran again;
4. one page edited in its text only: myst-nb's cache should serve the notebook (no execution);
5. one page edited in a code cell: only that page should execute;
6. (diagnosis) the no-change rebuild again under cProfile: where its time goes.

Which examples ran: sphinx-gallery writes ``<example>.py.md5`` after it executes an example.
Which pages ran: myst-nb logs ``Executed notebook in ...`` / ``Using cached notebook`` per page.
The cold build's page and example run times come from myst-nb's execution report
(docs/_ext/gdbook_book.py) and sphinx-gallery's sg_execution_times.rst.
"""

from __future__ import annotations

import cProfile
import os
import pstats
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import ROOT, fmt_s, loadavg, log

SPHINX_ARGS = ["-j", "auto", "-W", "--keep-going", "-n", "-b", "html", "docs", "docs/_build/html"]  # = noxfile.py
ENV = {"MPLBACKEND": "Agg", "PYTHONHASHSEED": "0"}
TARGETS = {"cold_s": 120.0, "nochange_s": 10.0, "example_s": 5.0, "gallery_total_s": 40.0}


def copy_repo(dest: Path) -> Path:
    """Copy the files git would commit (tracked + untracked not ignored) into ``dest``."""
    out = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT,
                         capture_output=True, check=True)
    files = [f for f in out.stdout.decode().split("\0") if f]
    for rel in files:
        src = ROOT / rel
        if not src.is_file():
            continue
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, target)
    return dest


def _env(src: Path) -> dict:
    env = dict(os.environ, **ENV)
    # the kernels myst-nb starts import gdbook: from the copy, like the sphinx process does
    env["PYTHONPATH"] = str(src) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def _children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def sphinx_build(src: Path, log_path: Path) -> dict:
    """One build; wall time, and the CPU time (user + sys) of sphinx and the processes it waited
    for (kernels, example runs): on a loaded machine the CPU time is the steadier number."""
    cmd = [sys.executable, "-m", "sphinx", *SPHINX_ARGS]
    c0 = _children_cpu()
    t0 = time.perf_counter()
    with open(log_path, "w", encoding="utf-8") as fh:
        proc = subprocess.run(cmd, cwd=src, env=_env(src), stdout=fh, stderr=subprocess.STDOUT)
    wall = time.perf_counter() - t0
    cpu = _children_cpu() - c0
    text = log_path.read_text(encoding="utf-8", errors="replace")
    return {"wall_s": wall, "cpu_s": cpu, "returncode": proc.returncode, "log": str(log_path), "text": text}


_EXEC = re.compile(r"(?P<doc>[^\s:]+\.(?:md|ipynb)):?\d*:? ?(?:INFO: )?Executed notebook in (?P<t>[\d.]+) seconds")
_PREFETCHED = re.compile(r"(?P<doc>[^\s:]+\.(?:md|ipynb)): Executed notebook in (?P<t>[\d.]+) seconds \[prefetch\]")
_CACHED = re.compile(r"(?P<doc>[^\s:]+\.(?:md|ipynb)):?\d*:? ?(?:INFO: )?Using cached notebook")
_REPORT_ROW = re.compile(r"^\s{2}(?P<doc>\S+)\s+(?P<method>\w+)\s+(?P<t>[\d.]+) s\s+(?P<ok>yes|NO)\s*$")
_SG_ROW = re.compile(r"\(``(?P<path>[^`]+)``\)\s*\n\s*- (?P<mm>\d+):(?P<ss>[\d.]+)")


def _rel_doc(path: str, src: Path) -> str:
    p = Path(path)
    try:
        p = p.resolve().relative_to((src / "docs").resolve())
    except ValueError:
        pass
    return str(p.with_suffix(""))


def executed_pages(text: str, src: Path) -> dict:
    return {
        "executed": {_rel_doc(m["doc"], src): float(m["t"]) for m in _EXEC.finditer(text)},
        "cached": sorted({_rel_doc(m["doc"], src) for m in _CACHED.finditer(text)}),
        # executed by docs/_ext/prefetch.py while the gallery ran (also in "executed"; the read
        # then finds them in the cache, so they are in "cached" too)
        "prefetched": {_rel_doc(m["doc"], src): float(m["t"]) for m in _PREFETCHED.finditer(text)},
    }


def myst_nb_report(text: str) -> list[dict]:
    """Rows of the execution report printed by docs/_ext/gdbook_book.py at the end of a build."""
    rows, inside = [], False
    for line in text.splitlines():
        if line.startswith("myst-nb execution report"):
            inside, rows = True, []
            continue
        if inside:
            m = _REPORT_ROW.match(line)
            if m:
                rows.append({"page": m["doc"], "method": m["method"], "time_s": float(m["t"]), "ok": m["ok"] == "yes"})
            elif line.strip() and not line.strip().startswith("page"):
                inside = False
    return rows


def gallery_times(src: Path) -> list[dict]:
    f = src / "docs" / "sg_execution_times.rst"
    if not f.exists():
        return []
    rows = [{"example": m["path"].replace("../", ""), "time_s": int(m["mm"]) * 60 + float(m["ss"])}
            for m in _SG_ROW.finditer(f.read_text(encoding="utf-8"))]
    return sorted(rows, key=lambda r: r["time_s"], reverse=True)


def _md5_stamps(src: Path) -> dict:
    return {str(p.relative_to(src / "docs" / "gallery")): p.stat().st_mtime_ns
            for p in (src / "docs" / "gallery").rglob("*.py.md5")}


def executed_examples(before: dict, after: dict) -> list[str]:
    return sorted(k.removesuffix(".md5") for k, v in after.items() if before.get(k) != v)


def _read_count(text: str) -> int:
    """How many documents Sphinx read (0 when the env was up to date)."""
    m = re.search(r"(\d+) added, (\d+) changed, (\d+) removed", text)
    return int(m[1]) + int(m[2]) if m else -1


def _edit_example(src: Path, example: str) -> Path:
    path = src / example
    path.write_text(path.read_text(encoding="utf-8") + "\n# benchmark edit: this comment changes the file's hash\n",
                    encoding="utf-8")
    return path


def _edit_page_text(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n\n벤치마크가 덧붙인 문단.\n", encoding="utf-8")


def _edit_page_code(path: Path) -> bool:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.lstrip().startswith("```{code-cell}"):
            j = i + 1
            if j < len(lines) and lines[j].strip() == "---":  # yaml options block
                j += 1
                while j < len(lines) and lines[j].strip() != "---":
                    j += 1
                j += 1
            while j < len(lines) and lines[j].lstrip().startswith(":"):
                j += 1
            lines.insert(j, "# benchmark edit: this comment changes the cell's code\n")
            path.write_text("".join(lines), encoding="utf-8")
            return True
    return False


def profile_nochange(src: Path, out_path: Path) -> dict:
    """Run a no-change rebuild under cProfile (in a subprocess) and group the time."""
    prof_file = out_path.with_suffix(".prof")
    code = (
        "import cProfile, sys\n"
        "from sphinx.cmd.build import main\n"
        f"sys.argv = ['sphinx-build', *{SPHINX_ARGS!r}]\n"
        f"cProfile.run('main(sys.argv[1:])', {str(prof_file)!r})\n"
    )
    t0 = time.perf_counter()
    with open(out_path, "w", encoding="utf-8") as fh:
        subprocess.run([sys.executable, "-c", code], cwd=src, env=_env(src), stdout=fh, stderr=subprocess.STDOUT)
    wall = time.perf_counter() - t0
    if not prof_file.exists():
        return {"wall_s": wall, "error": "no profile written"}
    st = pstats.Stats(str(prof_file))
    raw = st.stats

    def cum(pred):
        return max((v[3] for k, v in raw.items() if pred(k)), default=0.0)

    groups = {
        "import of extensions and their dependencies (conf.py, setup)": cum(lambda k: k[2] == "setup_extension"),
        "read conf.py": cum(lambda k: k[0].endswith("config.py") and k[2] == "read"),
        "load pickled environment": cum(lambda k: k[2] == "_init_env"),
        "sphinx-gallery (generate_gallery_rst: scan, hash checks, index pages)": cum(lambda k: k[2] == "generate_gallery_rst"),
        "autosummary (generate stub pages)": cum(lambda k: k[2] == "process_generate_options"),
        "read changed sources": cum(lambda k: k[2] == "_read_serial"),
        "write pages": cum(lambda k: k[2] == "_write_serial"),
        "build-finished handlers": cum(lambda k: k[2] == "finish"),
    }
    top = sorted(raw.items(), key=lambda kv: kv[1][3], reverse=True)
    top = [{"function": f"{Path(k[0]).name}:{k[1]}({k[2]})", "cumtime_s": v[3]} for k, v in top[:25]]
    heavy_imports = {}
    for k, v in raw.items():
        if k[2] == "<module>" and v[3] > 0.3:
            heavy_imports[k[0].split("site-packages/")[-1]] = v[3]
    return {"wall_s": wall, "profiled_total_s": st.total_tt, "groups_s": groups, "top_cumulative": top,
            "modules_over_0.3s": dict(sorted(heavy_imports.items(), key=lambda kv: -kv[1])[:15])}


def run(keep: bool = False, workdir: Path | None = None) -> dict:
    tmp = Path(workdir or tempfile.mkdtemp(prefix="gdbook-bench-build-"))
    src = copy_repo(tmp / "src")
    logs = tmp / "logs"
    logs.mkdir(exist_ok=True)
    log(f"  build: copy of the repository in {src}")
    out = {"command": "sphinx-build " + " ".join(SPHINX_ARGS), "env": ENV, "targets": TARGETS,
           "loadavg_before": loadavg(), "steps": {}}
    steps = out["steps"]

    # 1. cold
    before = _md5_stamps(src) if (src / "docs" / "gallery").exists() else {}
    cold = sphinx_build(src, logs / "1-cold.log")
    after = _md5_stamps(src)
    steps["cold"] = {"wall_s": cold["wall_s"], "cpu_s": cold["cpu_s"], "returncode": cold["returncode"],
                     "examples_executed": len(executed_examples(before, after)),
                     "pages": executed_pages(cold["text"], src), "docs_read": _read_count(cold["text"])}
    report = myst_nb_report(cold["text"])
    gtimes = gallery_times(src)
    out["pages_report"] = sorted(report, key=lambda r: r["time_s"], reverse=True)
    out["gallery_times"] = gtimes
    out["pages_kernel_total_s"] = sum(r["time_s"] for r in report)
    out["gallery_total_s"] = sum(r["time_s"] for r in gtimes)
    log(f"    cold build {fmt_s(cold['wall_s'])} wall, {fmt_s(cold['cpu_s'])} CPU (rc={cold['returncode']}); pages {out['pages_kernel_total_s']:.1f} s "
        f"of kernel time, gallery {out['gallery_total_s']:.1f} s")
    out["cold_warnings"] = [ln for ln in cold["text"].splitlines() if "WARNING" in ln or "ERROR" in ln][:30]
    if cold["returncode"] != 0:
        tail = "\n".join(cold["text"].splitlines()[-40:])
        log(f"    the cold build failed; the last lines of its log:\n{tail}")
        out["cold_log_tail"] = tail

    # 2. no change
    before = after
    nc = sphinx_build(src, logs / "2-nochange.log")
    after = _md5_stamps(src)
    steps["nochange"] = {"wall_s": nc["wall_s"], "cpu_s": nc["cpu_s"], "returncode": nc["returncode"],
                         "examples_executed": executed_examples(before, after),
                         "pages": executed_pages(nc["text"], src), "docs_read": _read_count(nc["text"])}
    log(f"    no-change rebuild {fmt_s(nc['wall_s'])} wall, {fmt_s(nc['cpu_s'])} CPU: read {steps['nochange']['docs_read']} docs, "
        f"ran examples {steps['nochange']['examples_executed']}, pages {list(steps['nochange']['pages']['executed'])}")

    # 3. one gallery example edited: the fastest one (the build's own overhead shows best)
    if gtimes:
        example = gtimes[-1]["example"]
        _edit_example(src, example)
        before = after
        ex = sphinx_build(src, logs / "3-example.log")
        after = _md5_stamps(src)
        steps["edit_example"] = {"edited": example, "wall_s": ex["wall_s"], "cpu_s": ex["cpu_s"], "returncode": ex["returncode"],
                                 "example_cold_time_s": gtimes[-1]["time_s"],
                                 "examples_executed": executed_examples(before, after),
                                 "pages": executed_pages(ex["text"], src), "docs_read": _read_count(ex["text"])}
        log(f"    edited {example}: {fmt_s(ex['wall_s'])}, ran examples {steps['edit_example']['examples_executed']}, "
            f"pages {list(steps['edit_example']['pages']['executed'])}, read {steps['edit_example']['docs_read']} docs")

    # 4./5. one page edited: the cheapest executed chapter page
    chapters = [r for r in report if r["page"].startswith("chapter/")] or report
    if chapters:
        page_row = min(chapters, key=lambda r: r["time_s"])
        page = src / "docs" / (page_row["page"] + ".md")
        _edit_page_text(page)
        before = after
        pt = sphinx_build(src, logs / "4-page-text.log")
        after = _md5_stamps(src)
        steps["edit_page_text"] = {"edited": page_row["page"], "wall_s": pt["wall_s"], "cpu_s": pt["cpu_s"],
                                   "returncode": pt["returncode"],
                                   "examples_executed": executed_examples(before, after),
                                   "pages": executed_pages(pt["text"], src), "docs_read": _read_count(pt["text"])}
        log(f"    edited the text of {page_row['page']}: {fmt_s(pt['wall_s'])}, executed "
            f"{list(steps['edit_page_text']['pages']['executed'])}, cached {steps['edit_page_text']['pages']['cached']}")
        if _edit_page_code(page):
            before = after
            pc = sphinx_build(src, logs / "5-page-code.log")
            after = _md5_stamps(src)
            steps["edit_page_code"] = {"edited": page_row["page"], "wall_s": pc["wall_s"], "cpu_s": pc["cpu_s"],
                                       "returncode": pc["returncode"], "page_cold_time_s": page_row["time_s"],
                                       "examples_executed": executed_examples(before, after),
                                       "pages": executed_pages(pc["text"], src), "docs_read": _read_count(pc["text"])}
            log(f"    edited a code cell of {page_row['page']}: {fmt_s(pc['wall_s'])}, executed "
                f"{list(steps['edit_page_code']['pages']['executed'])}")

    # 6. where a no-change rebuild spends its time
    out["nochange_profile"] = profile_nochange(src, logs / "6-nochange-profile.log")
    log(f"    no-change rebuild under cProfile: {fmt_s(out['nochange_profile'].get('wall_s'))}; "
        + ", ".join(f"{k.split(' (')[0]} {v:.1f} s" for k, v in out["nochange_profile"].get("groups_s", {}).items()))

    slow_examples = [r for r in gtimes if r["time_s"] > TARGETS["example_s"]]
    out["verdict"] = {
        "cold_build": {"value_s": cold["wall_s"], "target_s": TARGETS["cold_s"], "met": cold["wall_s"] < TARGETS["cold_s"]},
        "nochange_rebuild": {"value_s": nc["wall_s"], "target_s": TARGETS["nochange_s"], "met": nc["wall_s"] < TARGETS["nochange_s"]},
        "every_example_under_5s": {"slow_examples": slow_examples, "met": not slow_examples},
        "gallery_total": {"value_s": out["gallery_total_s"], "target_s": TARGETS["gallery_total_s"],
                          "met": out["gallery_total_s"] < TARGETS["gallery_total_s"]},
    }
    if "edit_example" in steps:
        e = steps["edit_example"]
        out["verdict"]["edited_example_reruns_only_itself"] = {
            "met": e["examples_executed"] == [Path(e["edited"]).relative_to("gallery").as_posix()]
            and not e["pages"]["executed"], "ran": e["examples_executed"], "pages": list(e["pages"]["executed"])}
    if "edit_page_code" in steps:
        p = steps["edit_page_code"]
        out["verdict"]["edited_page_reexecutes_only_itself"] = {
            "met": list(p["pages"]["executed"]) == [p["edited"]] and not p["examples_executed"],
            "executed": list(p["pages"]["executed"]), "examples": p["examples_executed"]}
    out["loadavg_after"] = loadavg()
    out["html_dir"] = str(src / "docs" / "_build" / "html")
    out["workdir"] = str(tmp)
    out["kept"] = keep
    return out


def cleanup(result: dict) -> None:
    if not result.get("kept") and result.get("workdir"):
        shutil.rmtree(result["workdir"], ignore_errors=True)
