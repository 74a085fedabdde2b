"""Sessions of the gdbook project (``nox -l`` lists them).

Every session installs what it needs from this repository's own files: Python packages from
``pyproject.toml`` extras with ``requirements/constraints.txt`` (which pins the CPU build of
torch), and Debian packages through ``scripts/install-system-deps.sh`` where that script exists.

    nox -s tests        unit tests, doctests, torch parity tests
    nox -s docs         build the book: docs/_build/html, zero warnings, offline
    nox -s browser      build the book, then test it in Chromium, offline: links, search, math,
                        fonts, a11y, HTML (nox -s tests browser is the full test command)
    nox -s docs-clean   remove every generated file of the docs build
    nox -s serve        live-rebuilding preview on http://127.0.0.1:8000
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nox

ROOT = Path(__file__).resolve().parent
DOCS = ROOT / "docs"
BUILD = DOCS / "_build"
CONSTRAINTS = ("-c", "requirements/constraints.txt")
PYTHON = "3.11"

nox.options.default_venv_backend = "venv"
nox.options.reuse_venv = "yes"
nox.options.sessions = ["tests", "browser"]
nox.options.error_on_missing_interpreters = True

# Never let matplotlib look for a display, in any session.
ENV = {"MPLBACKEND": "Agg", "PYTHONHASHSEED": "0"}

# -j auto: the executed pages (myst-nb) are read, and the examples of each gallery section run,
# in one process per CPU
SPHINX_ARGS = ["-j", "auto", "-W", "--keep-going", "-n", "-b", "html", "docs", str(BUILD / "html")]


def _install(session: nox.Session, extras: str) -> None:
    session.install("-e", f".[{extras}]", *CONSTRAINTS)


def _system_deps(session: nox.Session) -> None:
    """Debian packages (Korean font, Chromium, Java) via the project's script, if present."""
    script = ROOT / "scripts" / "install-system-deps.sh"
    if script.exists():
        session.run("bash", str(script), external=True)
    else:
        session.log("scripts/install-system-deps.sh not found; skipping system packages")


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Unit tests, doctests, torch parity tests and theorem checks (pytest config: pyproject.toml).

    ``nox -s tests -- ARGS`` passes ARGS to pytest. The browser tests of the built book are the
    ``browser`` session; the README's test command runs both (``nox -s tests browser``).
    """
    _install(session, "tests,torch,docs,fast")
    _system_deps(session)
    session.run("pytest", *session.posargs, env=ENV)


@nox.session(python=PYTHON)
def docs(session: nox.Session) -> None:
    """Build the HTML book with sphinx-build -W --keep-going -n (warnings are errors)."""
    _install(session, "docs,torch")
    _system_deps(session)
    _build_book(session, *session.posargs)
    session.log(f"book: {BUILD / 'html' / 'index.html'}")


def _build_book(session: nox.Session, *args: str) -> None:
    """The docs session's build (shared with the tests and browser sessions).

    ``args`` replace the sphinx-build arguments (``nox -s docs -- ARGS``); without them the book
    is built into docs/_build/html and checked for anything loaded from another host.
    """
    # The timing comes from the build itself: sphinx-gallery prints its computation-time table
    # and writes docs/sg_execution_times.rst; docs/_ext/gdbook_book.py prints myst-nb's
    # execution report (executed or cached, run time per page) at the end.
    session.run("sphinx-build", *(args or SPHINX_ARGS), env=ENV)
    if not args:
        # nothing in the built book may load from another host (CDN scripts, fonts, styles)
        session.run("python", "docs/_ext/check_offline.py", str(BUILD / "html"))


def _site_dir() -> Path:
    """The built site the browser tests check: $GDBOOK_SITE_DIR or docs/_build/html."""
    return Path(os.environ.get("GDBOOK_SITE_DIR") or BUILD / "html")


def _browser_tests(session: nox.Session, *args: str) -> None:
    """tests_browser/ against the built site (Chromium from Debian, axe, the vnu validator)."""
    # vnu.jar from the npm registry (pinned, checked), into .cache/vnu/
    session.run("bash", str(ROOT / "scripts" / "install-vnu.sh"), external=True)
    session.run("pytest", "-c", "tests_browser/pytest.ini", "tests_browser", *args, env=ENV)


@nox.session(python=PYTHON)
def browser(session: nox.Session) -> None:
    """The built book in a real browser, offline: pages, links, search, math, a11y, HTML.

    Builds the book first (incrementally: a rebuild without changes takes seconds), then tests
    docs/_build/html. With $GDBOOK_SITE_DIR set, tests that site as it is, without building.
    ``nox -s browser -- ARGS`` passes ARGS to pytest (e.g. ``-k chapter``, ``-n 0``).
    """
    given = os.environ.get("GDBOOK_SITE_DIR")
    _install(session, "browser" if given else "browser,docs,torch")
    _system_deps(session)
    if given:
        if not (Path(given) / "index.html").is_file():
            session.error(f"no built site at {given} (GDBOOK_SITE_DIR)")
    else:
        _build_book(session)
    _browser_tests(session, *session.posargs)


@nox.session(name="docs-clean", python=False, default=False)
def docs_clean(session: nox.Session) -> None:
    """Remove every generated file of the docs build (build dir, gallery, API pages, caches)."""
    targets = [
        BUILD,
        DOCS / "gallery",
        DOCS / "api" / "generated",
        DOCS / "sg_execution_times.rst",
        DOCS / "jupyter_execute",
        DOCS / ".jupyter_cache",
    ]
    targets += list(DOCS.glob("locales/*/LC_MESSAGES/*.mo"))
    for path in targets:
        if path.is_dir():
            shutil.rmtree(path)
            session.log(f"removed {path.relative_to(ROOT)}/")
        elif path.exists():
            path.unlink()
            session.log(f"removed {path.relative_to(ROOT)}")


@nox.session(python=PYTHON, default=False)
def serve(session: nox.Session) -> None:
    """Live preview: rebuild on change and reload the browser (127.0.0.1 only)."""
    _install(session, "docs,torch")
    session.install("sphinx-autobuild>=2024.10", *CONSTRAINTS)
    port = os.environ.get("PORT", "8000")
    session.run(
        "sphinx-autobuild",
        "--host", "127.0.0.1",
        "--port", port,
        # the library and the gallery scripts are inputs of the book too
        "--watch", "gdbook",
        "--watch", "gallery",
        # generated files must not trigger another rebuild
        "--ignore", "*/docs/gallery/*",
        "--ignore", "*/docs/api/generated/*",
        "--ignore", "*/docs/sg_execution_times.rst",
        "--ignore", "*/_build/*",
        "-n", "-b", "html", "docs", str(BUILD / "html"),
        *session.posargs,
        env=ENV,
    )


@nox.session(name="vendor-mathjax", python=False, default=False)
def vendor_mathjax(session: nox.Session) -> None:
    """Refresh docs/_static/mathjax from the npm registry (needs npm; result is committed)."""
    session.run("python3", "docs/_ext/vendor_mathjax.py", *session.posargs, external=True)


# ---------------------------------------------------------------------------------------------
# Room for the sessions another engineer adds (keep the same install pattern: an extra of
# pyproject.toml + requirements/constraints.txt, system packages via scripts/install-system-deps.sh):
#
#   browser : playwright + axe tests of the built book in docs/_build/html (extra `browser`),
#             Debian chromium, served on 127.0.0.1.
#   bench   : the benchmark suite in benchmarks/ (extra `bench`); timings live there, not in tests.
# ---------------------------------------------------------------------------------------------


# ---------------------------------------------------------------------------------------------
# bench (owner: P1). Self-contained: it relies only on nox and on this repository's files.
# ---------------------------------------------------------------------------------------------


@nox.session(python="3.11", default=False)
def bench(session: nox.Session) -> None:
    """Benchmark suite (benchmarks/): writes benchmarks/results/latest.json and prints a summary.

    Not a test: it times things (build of the book, large-vector steps against torch and the
    memory-bandwidth bound, batched runs against the lecture note's loop, imports, page weight).
    ``nox -s bench -- --only vectors,batched`` runs some sections, ``-- --quick`` a smoke run,
    ``-- --save-reference`` also refreshes benchmarks/results/reference.json (the book's page).
    """
    from pathlib import Path as _Path

    root = _Path(__file__).resolve().parent
    # extra `bench`: numexpr and numba (the alternatives measured against gdbook.fast), the docs
    # stack (the build is timed), playwright (page weight in a real browser)
    session.install("-e", ".[bench,torch]", "-c", "requirements/constraints.txt")
    script = root / "scripts" / "install-system-deps.sh"
    if script.exists():  # Korean font for the figures, chromium for the page weight
        session.run("bash", str(script), external=True)
    session.run(
        "python", "-m", "benchmarks", *session.posargs,
        env={"MPLBACKEND": "Agg", "PYTHONHASHSEED": "0"},
    )
