"""Execute the book's notebook pages while sphinx-gallery runs the examples.

sphinx-gallery runs the examples one after another in the build process, at ``builder-inited``,
before Sphinx reads any page: for about 45 s of a cold build one of the machine's two cores idles.
This extension starts, at the same moment, one background process that executes the notebook
pages (heaviest first, by ``gdbook_execution_seconds``) exactly as myst-nb would and stores them in
myst-nb's jupyter-cache; when Sphinx then reads a page, myst-nb finds its outputs in the cache
("Using cached notebook") instead of executing it.

The notebook, its kernel and the cache key are myst-nb's own: the page is read with myst-nb's
reader and configuration, and executed by myst-nb's cache client (``create_client``), so a
prefetched page is the same as one executed during the read. A page that fails in the background
is left alone and executed (and its error reported) during the read.

Hand-over, when Sphinx starts reading (``env-before-read-docs``):

- the background process is told to stop; it finishes the page it is executing and starts no
  other; the pages it did not reach are executed during the read as usual;
- ``docs/_ext/read_order.py`` weighs the pages already in the cache as light, and puts the page
  still executing at the end of the last chunk;
- if a reader reaches that page before it is done, it waits for it (``source-read``, a marker
  file per running page) instead of executing it a second time.

Turned off with ``gdbook_prefetch = False``, or when myst-nb's execution mode is not ``cache``.
"""

from __future__ import annotations

import os
import pickle
import re
import subprocess
import sys
import time
from pathlib import Path

from sphinx.errors import ExtensionError

LOG_PREFIX = "[prefetch]"


def _status_dir(cache_path: str | os.PathLike) -> Path:
    return Path(cache_path) / "prefetch"


def _marker(status: Path, docname: str, state: str) -> Path:
    return status / (docname.replace("/", "__") + "." + state)


def notebook_pages(srcdir: Path, hints: dict) -> list[str]:
    """Docnames of the MyST notebook pages (front matter with a kernelspec), heaviest first."""
    pages = set()
    for path in srcdir.rglob("*.md"):
        rel = path.relative_to(srcdir)
        if rel.parts[0].startswith(("_", ".")):
            continue
        try:
            head = path.read_text(encoding="utf-8")[:2000]
        except (OSError, UnicodeDecodeError):
            continue
        if head.startswith("---") and "kernelspec:" in head.split("\n---", 1)[0]:
            pages.add(rel.with_suffix("").as_posix())
    default = max(hints.values(), default=1.0) + 1.0  # unknown pages first: nothing says they are light
    return sorted(pages, key=lambda d: (-float(hints.get(d, default)), d))


# ----------------------------------------------------------------------------------- Sphinx side


def _may_be_read(env, docname: str, path: Path) -> bool:
    """Whether Sphinx will read the page in this build, as far as one can tell before it decides
    (``Builder.read``): a new environment or changed configuration, a page it has not read, or a
    source modified since it read it. A page it reads for another reason is executed by the read,
    as without this extension."""
    from sphinx.environment import CONFIG_OK
    from sphinx.util.osutil import _last_modified_time

    if env.config_status != CONFIG_OK or docname not in env.all_docs:
        return True
    try:
        return _last_modified_time(path) > env.all_docs[docname]
    except OSError:
        return True


class _Prefetch:
    def __init__(self, proc: subprocess.Popen, status: Path, pages: list[str]):
        self.proc = proc
        self.status = status
        self.pages = pages
        self.done: set[str] = set()
        self.busy: set[str] = set()


def start(app) -> None:
    """builder-inited: start the background process (after myst-nb made its configuration,
    before autosummary and sphinx-gallery, which are registered after this extension)."""
    from sphinx.util import logging

    logger = logging.getLogger(__name__)
    nb_config = getattr(app.env, "mystnb_config", None)
    md_config = getattr(app.env, "myst_config", None)
    if not app.config.gdbook_prefetch or nb_config is None or md_config is None:
        return
    if nb_config.execution_mode != "cache" or app.builder.format != "html":
        return
    srcdir = Path(app.srcdir)
    pages = [d for d in notebook_pages(srcdir, app.config.gdbook_execution_seconds)
             if _may_be_read(app.env, d, srcdir / (d + ".md"))]
    if not pages:  # e.g. a rebuild with no change: no process at all
        return
    status = _status_dir(nb_config.execution_cache_path)
    status.mkdir(parents=True, exist_ok=True)
    for f in status.iterdir():  # markers of an earlier build that was stopped
        f.unlink()
    job = status / "job.pickle"
    with open(job, "wb") as fh:
        pickle.dump({"srcdir": str(srcdir), "pages": pages, "suffix": ".md",
                     "nb_config": nb_config, "md_config": md_config, "status": str(status)}, fh)
    proc = subprocess.Popen([sys.executable, __file__, str(job)], cwd=str(srcdir))
    app.gdbook_prefetch = _Prefetch(proc, status, pages)
    logger.info("%s executing %d notebook pages in the background (process %d)", LOG_PREFIX, len(pages), proc.pid)


def hand_over(app, env, docnames) -> None:
    """env-before-read-docs: stop the background process after its current page; record which
    pages are in the cache and which one is still executing (for read_order)."""
    pf = getattr(app, "gdbook_prefetch", None)
    if pf is None:
        return
    (pf.status / "stop").touch()
    pf.done = {d for d in pf.pages if _marker(pf.status, d, "done").exists()}
    pf.busy = {d for d in pf.pages if _marker(pf.status, d, "running").exists()}


def wait_if_running(app, docname: str, source: list[str]) -> None:
    """source-read (in whichever process reads the page): if the background process is still
    executing this page, wait for it; myst-nb then finds the page in the cache."""
    nb_config = getattr(app.env, "mystnb_config", None)
    if nb_config is None or not app.config.gdbook_prefetch:
        return
    running = _marker(_status_dir(nb_config.execution_cache_path), docname, "running")
    # the background process removes the marker when the page ends, however it ends; the
    # deadline only guards against a process killed from outside
    deadline = time.monotonic() + 1800.0
    while running.exists() and time.monotonic() < deadline:
        time.sleep(0.1)


def finish(app, exception) -> None:
    """build-finished: every page has been read, so whatever the background process is still
    doing is of no use; it is stopped (SIGTERM: it shuts its kernel down on the way out)."""
    pf = getattr(app, "gdbook_prefetch", None)
    if pf is None:
        return
    (pf.status / "stop").touch()
    if pf.proc.poll() is None:
        pf.proc.terminate()
        try:
            pf.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pf.proc.kill()
            pf.proc.wait()


def setup(app):
    app.add_config_value("gdbook_prefetch", True, "", types=[bool])
    try:  # shared with the other of read_order.py / prefetch.py
        app.add_config_value("gdbook_execution_seconds", {}, "", types=[dict])
    except ExtensionError:
        pass
    app.connect("builder-inited", start)
    app.connect("env-before-read-docs", hand_over, priority=400)  # before read_order (500)
    app.connect("source-read", wait_if_running)
    app.connect("build-finished", finish)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}


# ----------------------------------------------------------------------- the background process


class _Log:
    """The logger interface myst-nb's clients use; only execution results are printed."""

    def __init__(self, path: Path):
        self.path = path
        self.failed = False

    def info(self, msg, *args, **kwargs):
        if msg.startswith("Executed notebook"):
            print(f"{self.path}: {msg} {LOG_PREFIX}", flush=True)

    def debug(self, msg, *args, **kwargs):
        pass

    def warning(self, msg, *args, **kwargs):  # a failure: the read executes the page again
        self.failed = True
        print(f"{self.path}: {LOG_PREFIX} left to the read: {msg.splitlines()[0]}", flush=True)

    error = critical = warning


def _prefetch_one(path: Path, nb_config, md_config) -> bool:
    """Execute one page into the cache (or find it there); False if it failed."""
    from myst_nb.core.execute import create_client
    from myst_nb.core.nb_to_tokens import nb_node_to_dict
    from myst_nb.core.read import create_nb_reader

    text = path.read_text(encoding="utf-8")
    reader = create_nb_reader(str(path), md_config, nb_config, text)
    if reader is None:
        return False
    notebook = reader.read(text)
    # what myst_nb.sphinx_.Parser.parse does before it executes: kernel alias, page overrides
    kernel = notebook.metadata.get("kernelspec", {}).get("name")
    if kernel is not None:
        for rgx, alias in nb_config.kernel_rgx_aliases.items():
            if re.fullmatch(rgx, kernel):
                notebook.metadata["kernelspec"]["name"] = alias
                break
    if nb_config.metadata_key in notebook.metadata:
        overrides = nb_node_to_dict(notebook.metadata[nb_config.metadata_key])
        overrides.pop("output_folder", None)
        nb_config = nb_config.copy(**overrides)
    # errors are reported by the read, which executes a failed page again
    nb_config = nb_config.copy(execution_raise_on_error=False, execution_show_tb=False)
    log = _Log(path)
    with create_client(notebook, str(path), nb_config, log, reader.read_fmt):
        pass
    return not log.failed


def _main(job_path: str) -> int:
    import signal

    # terminate() from the build: unwind, so that nbclient shuts the kernel down
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    with open(job_path, "rb") as fh:
        job = pickle.load(fh)
    status = Path(job["status"])
    srcdir = Path(job["srcdir"])
    for docname in job["pages"]:
        if (status / "stop").exists():
            break
        running = _marker(status, docname, "running")
        running.touch()
        try:
            if _prefetch_one(srcdir / (docname + job["suffix"]), job["nb_config"], job["md_config"]):
                _marker(status, docname, "done").touch()
        except Exception as exc:  # noqa: BLE001 - the read executes the page and reports
            print(f"{docname}: {LOG_PREFIX} left to the read: {exc.__class__.__name__}: {exc}", flush=True)
        finally:
            running.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1]))
