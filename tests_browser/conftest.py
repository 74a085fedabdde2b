"""Fixtures of the browser tests: the built site on a local server, one Chromium, one tab.

The site (``$GDBOOK_SITE_DIR`` or docs/_build/html) is served by a ``ThreadingHTTPServer`` on
127.0.0.1 (port 0) under the path it is published at (``/gdbook/``, from the canonical links), so
the 404 page's absolute links resolve as on the real site. The browser is Debian's ``chromium``
(no browser download); every request to any other host is aborted and recorded.

pytest-xdist runs one worker per CPU; each worker has one Chromium, one context and one tab, and
visits each of its pages once (visit.py); all tests of a page run in the worker that visited it.

Run: ``nox -s browser``, or ``pytest -c tests_browser/pytest.ini tests_browser`` after
``nox -s docs``.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import booksite
from visit import DESKTOP, Visitor

ARTIFACTS = booksite.ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"

CHROMIUM_ARGS = [
    "--no-sandbox",  # root in containers and CI
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """``book_page``: every page of the built site (its path relative to the site dir)."""
    if "book_page" in metafunc.fixturenames:
        pages = booksite.pages()
        if not pages:
            # still collect one test, which fails with the reason (never a silent "no tests")
            metafunc.parametrize("book_page", ["<no site>"])
        else:
            metafunc.parametrize("book_page", pages)


@pytest.fixture(scope="session")
def site() -> Path:
    root = booksite.site_dir()
    if not (root / "index.html").is_file():
        pytest.fail(f"no built site at {root}: build it with `nox -s docs` "
                    f"(or set GDBOOK_SITE_DIR)", pytrace=False)
    return root


class _Handler(SimpleHTTPRequestHandler):
    prefix = "/"
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map,
                      ".ipynb": "application/x-ipynb+json", ".js": "text/javascript"}

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.prefix):
            return os.path.join(self.directory, "_outside_the_site_/404")  # no such file -> 404
        return super().translate_path("/" + path[len(self.prefix):])

    def log_message(self, format: str, *args) -> None:  # noqa: A002, ANN002
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:  # noqa: ANN001
        # the browser closing a connection early (a cancelled image, a page left) is not an error
        import sys

        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


@pytest.fixture(scope="session")
def server(site: Path):
    """(origin, base_url) of the site on 127.0.0.1:<free port>."""
    prefix = booksite.url_prefix()
    handler = functools.partial(type("Handler", (_Handler,), {"prefix": prefix}), directory=str(site))
    httpd = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, name="site-server", daemon=True)
    thread.start()
    origin = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield origin, origin + prefix
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    exe = os.environ.get("GDBOOK_CHROMIUM") or shutil.which("chromium")
    if not exe:
        pytest.fail("no chromium on PATH: run `bash scripts/install-system-deps.sh`", pytrace=False)
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


class Blocked(list):
    """Requests to any other host than the local server: aborted, and kept here as
    ``(page or frame URL, "resource-type URL")`` in the order they were made."""


@pytest.fixture(scope="session")
def context(browser, server):
    """The worker's one browser context. Every request passes ``context.route("**/*")``: the
    local server's go through, any other host's are aborted and recorded (``context.blocked``)."""
    origin, _ = server
    ctx = browser.new_context(
        viewport=DESKTOP,
        locale="ko-KR",
        service_workers="block",
        color_scheme="light",
    )
    blocked = Blocked()

    def route(r) -> None:  # noqa: ANN001
        if r.request.url.startswith(origin + "/"):
            r.continue_()
            return
        try:
            where = r.request.frame.url
        except Exception:  # noqa: BLE001 - a worker's request has no frame
            where = "?"
        blocked.append((where, f"{r.request.resource_type} {r.request.url}"))
        r.abort("blockedbyclient")

    ctx.route("**/*", route)
    ctx.blocked = blocked
    yield ctx
    ctx.close()


def _screenshot_pages() -> set[str]:
    """The key pages kept as screenshots: the front page, a chapter, a gallery example."""
    pages = booksite.pages()
    chosen = {"index.html"}
    for want in ("chapter", "gallery"):
        for p in pages:
            if booksite.kind(p) == want and (want != "chapter" or p.startswith("chapter/")):
                chosen.add(p)
                break
    return chosen & set(pages)


@pytest.fixture(scope="session")
def visitor(context, server):
    """The worker's tab; ``visitor.visit(page)`` loads a page once and returns its PageReport."""
    origin, base = server
    v = Visitor(context, base, origin, SCREENSHOTS, _screenshot_pages())
    yield v
    # what every visited page showed (for reading the findings without re-running)
    import dataclasses
    import json

    out = ARTIFACTS / "browser"
    out.mkdir(parents=True, exist_ok=True)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    data = {page: dataclasses.asdict(r) for page, r in sorted(v.reports.items())}
    for r in data.values():
        r["facts"].pop("liveIds", None)
        r["facts"].pop("links", None)
    (out / f"pages-{worker}.json").write_text(json.dumps(data, ensure_ascii=False, indent=1))


@pytest.fixture
def report(book_page, site, visitor):
    """The PageReport of ``book_page`` (visited on first use)."""
    return visitor.visit(book_page)


@pytest.fixture(scope="session")
def link_checker(server, site):
    from links import LinkChecker

    origin, base = server
    return LinkChecker(origin, base, site)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """pytest-xdist: all tests of one page go to one worker, which visits the page once.

    (xdist's own ``--dist loadgroup`` cannot do it under pytest 9: it renames items through
    ``item._nodeid``, which pytest 9 no longer reads.) The search tests form one unit too.
    """
    import re

    from xdist.scheduler import LoadScopeScheduling

    class PageScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            m = re.search(r"\[(.+)\]$", nodeid)
            if "test_pages.py::" in nodeid and m:
                return "page:" + m.group(1)
            if "test_search.py::" in nodeid:
                return "search"
            return nodeid

    return PageScheduling(config, log)


def pytest_configure(config):
    # The HTML checker runs once, in the background, from the controller (or the only process).
    if not hasattr(config, "workerinput"):
        import vnu

        shutil.rmtree(ARTIFACTS / "browser", ignore_errors=True)  # per-worker page reports

        config._gdbook_vnu = vnu.start_background()


def pytest_unconfigure(config):
    proc = getattr(config, "_gdbook_vnu", None)
    if proc is not None and proc.poll() is None:
        proc.kill()


# -- findings report ----------------------------------------------------------------------------
# test-artifacts/browser/findings.md: every failure grouped by check, then by page, so the
# writers can find theirs without reading pytest's output (written by the controller process).

_FINDINGS: list[tuple[str, str, str]] = []


def pytest_runtest_logreport(report):
    if report.failed and not hasattr(report, "wasxfail"):
        name = report.nodeid.split("::")[-1]
        test, _, param = name.partition("[")
        _FINDINGS.append((test, param.rstrip("]"), report.longreprtext))


def pytest_sessionfinish(session, exitstatus):
    if hasattr(session.config, "workerinput"):
        return
    out = ARTIFACTS / "browser"
    out.mkdir(parents=True, exist_ok=True)
    lines = [f"# Browser tests: {len(_FINDINGS)} failures", "",
             f"site: {booksite.site_dir()}", ""]
    by_test: dict[str, list[tuple[str, str]]] = {}
    for test, param, text in _FINDINGS:
        by_test.setdefault(test, []).append((param, text))
    for test in sorted(by_test):
        lines += [f"## {test} ({len(by_test[test])})", ""]
        for param, text in sorted(by_test[test]):
            body = "\n".join(ln for ln in text.splitlines() if not ln.startswith("[gw"))
            lines += [f"### {param or test}", "", "```", body.strip()[:6000], "```", ""]
    (out / "findings.md").write_text("\n".join(lines), encoding="utf-8")
