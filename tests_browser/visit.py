"""One visit per page: load it once and record every fact the per-page tests check.

A :class:`Visitor` owns one browser tab in the worker's single context. ``visit(page)`` loads
the page, waits for MathJax, images and fonts, collects links, ids, images, math, Hangul text
nodes and solutions in one ``evaluate`` (collect.js), asks Chromium which fonts drew the Hangul
(CSS.getPlatformFontsForNode), runs axe, clicks the exercise solutions open, narrows the viewport
to a phone's width and measures horizontal overflow (narrow.js). The result is a plain
:class:`PageReport`; the tests only read it, so each page is loaded exactly once per worker.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from axe_playwright_python.base import AXE_SCRIPT

from allowed import DECORATIVE_IMAGES

HERE = Path(__file__).resolve().parent
COLLECT_JS = (HERE / "collect.js").read_text(encoding="utf-8")
NARROW_JS = (HERE / "narrow.js").read_text(encoding="utf-8")

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
TIMEOUT_MS = 15_000

# axe-core: of the rules axe runs by default (WCAG 2.0/2.1/2.2 A and AA, best practices), the
# ones that can report a serious or critical violation (see AXE_RUN_JS); only violations return.
#   preload: false -- axe's CSSOM preload fetches every stylesheet by XHR and resolves the
#     theme's `@import "../basic.css"` against the page instead of the stylesheet: a 404 of axe's
#     own making on every page. Only the experimental css-orientation-lock rule needs the CSSOM.
AXE_OPTIONS = {"resultTypes": ["violations"], "preload": False, "selectors": False,
               "elementRef": True}


# axe.run, then for each node of a violation: a short description (tag#id.class), its outer
# HTML (axe's own `html` stops at the start tag), the nearest section id, and whether it sits in
# the book's content (article) or in the theme around it. axe's CSS selectors are not computed
# (selectors: false, about a fifth of axe's time); the node itself comes back (elementRef).
AXE_RUN_JS = """async (opts) => {
    const content = document.querySelector('article.bd-article') || document.querySelector('main');
    const describe = (el) => {
        let s = el.tagName.toLowerCase();
        if (el.id) s += '#' + el.id;
        const cls = [...el.classList].slice(0, 3).join('.');
        return cls ? s + '.' + cls : s;
    };
    const path = (el) => {
        const parts = [];
        for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
            parts.unshift(describe(e));
        }
        return parts.join(' > ');
    };
    const section = (el) => {
        for (let e = el; e && e !== document.body; e = e.parentElement) {
            if (e.id && e.tagName === 'SECTION') return '#' + e.id;
        }
        return '';
    };
    // Only serious/critical violations fail the tests: run the rules that can report one
    // (a check's impact is fixed in axe's data); the other ~20 can only say minor/moderate.
    const checks = (axe._audit && axe._audit.data && axe._audit.data.checks) || null;
    if (checks) {
        const severe = axe._audit.rules.filter((r) => r.enabled && !r.tags.includes('experimental') &&
            [...r.any, ...r.all, ...r.none].some((c) =>
                ['serious', 'critical'].includes((checks[typeof c === 'string' ? c : c.id] || {}).impact)));
        opts = {...opts, runOnly: {type: 'rule', values: severe.map((r) => r.id)}};
    }
    const result = await axe.run(document, opts);
    return result.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map((n) => {
            const el = n.element;
            return {
                target: el ? [path(el)] : [],
                html: el ? el.outerHTML.slice(0, 200) : '',
                outer: el ? el.outerHTML.slice(0, 400) : '',
                section: el ? section(el) : '',
                inContent: !!(el && content && content.contains(el)),
                summary: (n.failureSummary || '').slice(0, 400),
            };
        }),
    }));
}"""


@dataclass
class PageReport:
    page: str
    url: str
    status: int | None = None
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    http_errors: list[str] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)
    fonts: list[dict[str, Any]] = field(default_factory=list)
    axe: list[dict[str, Any]] = field(default_factory=list)
    solutions_after_click: list[dict[str, Any]] = field(default_factory=list)
    narrow: dict[str, Any] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


class Recorder:
    """Network and console events of the visitor's tab, reset at the start of each visit."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.reset()

    def reset(self, blocked_so_far: int = 0) -> None:
        self.blocked_from = blocked_so_far  # index into the context's list of blocked requests
        self.failed: list[str] = []
        self.http_errors: list[str] = []
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.inflight = 0

    def local(self, url: str) -> bool:
        return url.startswith(self.origin + "/")

    def on_request(self, request) -> None:  # noqa: ANN001
        self.inflight += 1

    def on_request_done(self, request) -> None:  # noqa: ANN001
        self.inflight = max(0, self.inflight - 1)

    def on_request_failed(self, request) -> None:  # noqa: ANN001
        self.on_request_done(request)
        if self.local(request.url):  # aborted foreign requests are in context.blocked
            self.failed.append(f"{request.resource_type} {request.url}: {request.failure}")

    def on_response(self, response) -> None:  # noqa: ANN001
        if response.status >= 400 and self.local(response.url):
            self.http_errors.append(f"{response.status} {response.url}")

    def on_console(self, msg) -> None:  # noqa: ANN001
        if msg.type == "error":
            loc = msg.location or {}
            self.console_errors.append(f"{msg.text} ({loc.get('url', '')}:{loc.get('lineNumber', '')})")

    def on_page_error(self, error) -> None:  # noqa: ANN001
        self.page_errors.append(str(error))


class Visitor:
    def __init__(self, context, base_url: str, origin: str, screenshot_dir: Path,  # noqa: ANN001
                 screenshot_pages: set[str]) -> None:
        self.context = context
        self.base_url = base_url
        self.recorder = Recorder(origin)
        self.screenshot_dir = screenshot_dir
        self.screenshot_pages = screenshot_pages
        self.reports: dict[str, PageReport] = {}
        self.failures: dict[str, str] = {}
        # context.route("**/*") (conftest.py) aborts and records every request to another host
        self.blocked = context.blocked
        self.tab = context.new_page()
        self.tab.set_default_timeout(TIMEOUT_MS)
        self.tab.on("request", self.recorder.on_request)
        self.tab.on("requestfinished", self.recorder.on_request_done)
        self.tab.on("requestfailed", self.recorder.on_request_failed)
        self.tab.on("response", self.recorder.on_response)
        self.tab.on("console", self.recorder.on_console)
        self.tab.on("pageerror", self.recorder.on_page_error)
        self.cdp = context.new_cdp_session(self.tab)

    def url(self, page: str) -> str:
        return self.base_url + page

    def visit(self, page: str) -> PageReport:
        """The page's report; a visit that failed fails every test of the page at once."""
        if page in self.failures:
            raise RuntimeError(f"visiting {page} failed: {self.failures[page]}")
        if page not in self.reports:
            try:
                self.reports[page] = self._visit(page)
            except Exception as exc:  # noqa: BLE001 - kept and re-raised for each test
                self.failures[page] = f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
                raise
        return self.reports[page]

    def _quiet(self) -> None:
        """Let requests the page started (fonts, summaries) finish, so failures are recorded."""
        deadline = time.monotonic() + 5
        while self.recorder.inflight > 0 and time.monotonic() < deadline:
            self.tab.wait_for_timeout(20)

    def _visit(self, page: str) -> PageReport:
        tab, rec = self.tab, self.recorder
        report = PageReport(page=page, url=self.url(page))
        t0 = time.perf_counter()
        tab.set_viewport_size(DESKTOP)
        rec.reset(len(self.blocked))
        response = tab.goto(report.url, wait_until="load")
        report.status = response.status if response else None
        report.facts = tab.evaluate(COLLECT_JS, {"timeoutMs": TIMEOUT_MS,
                                                   "decorative": [sel for sel, _ in DECORATIVE_IMAGES]})
        report.seconds["load+collect"] = time.perf_counter() - t0

        t = time.perf_counter()
        report.fonts = self._hangul_fonts()
        report.seconds["fonts"] = time.perf_counter() - t

        if page in self.screenshot_pages:
            self.screenshot(page)

        t = time.perf_counter()
        tab.evaluate(AXE_SCRIPT)
        report.axe = tab.evaluate(AXE_RUN_JS, AXE_OPTIONS)
        report.seconds["axe"] = time.perf_counter() - t

        t = time.perf_counter()
        report.solutions_after_click = self._open_solutions(report.facts["solutions"])
        tab.set_viewport_size(PHONE)
        report.narrow = tab.evaluate(NARROW_JS)
        if page in self.screenshot_pages and not page.startswith("index"):
            self.screenshot(page, page.replace("/", "__").removesuffix(".html") + "-phone.png")
        report.seconds["solutions+narrow"] = time.perf_counter() - t

        self._quiet()
        report.console_errors = list(rec.console_errors)
        report.page_errors = list(rec.page_errors)
        report.blocked = [what for _, what in self.blocked[rec.blocked_from:]]
        report.failed = list(rec.failed)
        report.http_errors = list(rec.http_errors)
        report.seconds["total"] = time.perf_counter() - t0
        return report

    def _hangul_fonts(self) -> list[dict[str, Any]]:
        """For each marked Hangul element: the platform fonts Chromium used to draw its text."""
        marked = self.tab.evaluate(
            "() => [...document.querySelectorAll('[data-b1-hangul]')].map(e => e.dataset.b1Hangul)")
        if not marked:
            return []
        self.cdp.send("DOM.enable")
        self.cdp.send("CSS.enable")
        root = self.cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        out = []
        for tag in marked:
            node = self.cdp.send("DOM.querySelector",
                                 {"nodeId": root, "selector": f'[data-b1-hangul="{tag}"]'})["nodeId"]
            fonts = self.cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
            out.append({"tag": tag, "fonts": fonts})
        self.cdp.send("CSS.disable")
        self.cdp.send("DOM.disable")
        return out

    def _open_solutions(self, solutions: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Click each solution's title (as a reader does) and report what became visible."""
        out = []
        for sol in solutions:
            if not sol["id"]:
                out.append({"id": "", "opened": False, "error": "solution without id"})
                continue
            sel = f'[id="{sol["id"]}"]'
            title = self.tab.locator(f"{sel} > .admonition-title")
            try:
                title.click(timeout=3000)
                self.tab.wait_for_timeout(50)
            except Exception as exc:  # noqa: BLE001 - reported by the test
                out.append({"id": sol["id"], "opened": False, "error": str(exc).splitlines()[0]})
                continue
            state = self.tab.evaluate(
                """(sel) => {
                    const s = document.querySelector(sel);
                    const body = [...s.children].filter(c => !c.classList.contains('admonition-title'));
                    const shown = (el) => el.checkVisibility({checkOpacity: true,
                        checkVisibilityCSS: true, opacityProperty: true, visibilityProperty: true})
                        && el.getBoundingClientRect().height > 0;
                    return {bodyElements: body.length, visibleBody: body.filter(shown).length};
                }""",
                sel,
            )
            out.append({"id": sol["id"], "opened": state["visibleBody"] == state["bodyElements"] > 0,
                        **state})
        return out

    def screenshot(self, page: str, name: str | None = None) -> Path:
        self.screenshot_dir.mkdir(parents=True, exist_ok=True)
        path = self.screenshot_dir / (name or page.replace("/", "__").removesuffix(".html") + ".png")
        self.tab.screenshot(path=str(path))
        return path
