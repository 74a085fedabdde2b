"""Every page of the built book, loaded once in Chromium (offline), checked for:

console errors, failed/blocked/HTTP-error requests, images decoded and described by their alt
text, math typeset by MathJax with no raw TeX left, Korean drawn by a Korean font, exercise
solutions hidden until opened, no sideways scrolling on a phone.

Each test reads the PageReport of tests_browser/visit.py (one visit per page, shared by all the
tests of that page). Failures list page, element and section id, so a writer can find the spot.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from urllib.parse import urlparse

import pytest

import allowed
import booksite

# -- helpers ----------------------------------------------------------------------------------


def _fail(report, what: str, items: list) -> None:
    if items:
        lines = "\n".join(f"  - {x}" for x in items)
        pytest.fail(f"{report.page}: {what} ({len(items)}):\n{lines}", pytrace=False)


# -- console and network ----------------------------------------------------------------------


def test_no_console_errors(report):
    _fail(report, "console errors", report.console_errors)
    _fail(report, "uncaught page errors", report.page_errors)


def test_requests(report):
    """The page and everything it loads comes from the local server, without an error."""
    assert report.status == 200, f"{report.page}: HTTP {report.status}"
    _fail(report, "requests to another host (aborted: the book must work offline)", report.blocked)
    _fail(report, "failed requests", report.failed)
    _fail(report, "HTTP errors", report.http_errors)


# -- images -----------------------------------------------------------------------------------

IMAGE_EXT = r"\.(png|jpe?g|gif|svg|webp|avif)$"

def _stem_words(src: str) -> str:
    """The words of an image's file name, as sphinx-gallery writes them into a fallback alt."""
    stem = PurePosixPath(urlparse(src).path).stem
    stem = re.sub(r"^sphx_glr_", "", stem)
    stem = re.sub(r"_(\d{3}|thumb)$", "", stem)
    return re.sub(r"[-_,\s]+", " ", stem).strip().lower()


def alt_problem(img: dict) -> str | None:
    """Why an image's alt text does not describe it, or None when it does."""
    alt = img["alt"]
    if alt is None:
        return "no alt attribute"
    text = alt.strip()
    if not text:
        return "empty alt"
    if re.search(IMAGE_EXT, text, re.I) or text.startswith(("_images/", "../")) or "sphx_glr_" in text:
        return "alt is a file name"
    src_words = _stem_words(img["src"] or img["srcAttr"] or "")
    if src_words and re.sub(r"[-_,\s]+", " ", text).strip().lower() == src_words:
        return "alt is the file name in words (sphinx-gallery's fallback when a figure has no title)"
    if re.fullmatch(r"(image|figure|img|picture|plot|graph|그림|이미지)\s*\d*", text, re.I):
        return "generic alt"
    if re.search(r"\$[^$]*\\[A-Za-z]+[^$]*\$|\\\(|\\\[", text):
        return "alt holds raw TeX (read aloud as 'dollar backslash ...')"
    return None


def test_images_decoded(report):
    bad = [f"{i['element']} src={i['src'] or i['srcAttr']!r} decode={i['decode']} "
           f"naturalWidth={i['naturalWidth']} {i['where']}"
           for i in report.facts["images"]
           if i["decode"] != "ok" or i["naturalWidth"] <= 0]
    _fail(report, "images not decoded", bad)


def test_images_alt_text(report):
    """Every image of the book's content has alt text that says what it shows."""
    bad = []
    for img in report.facts["images"]:
        if not img["inContent"]:
            if img["alt"] is None:
                bad.append(f"(outside content) {img['element']} src={img['srcAttr']!r}: no alt attribute")
            continue
        problem = alt_problem(img)
        if problem == "empty alt" and img["decorative"] and img["containerText"]:
            continue  # allowed.DECORATIVE_IMAGES
        if problem:
            src = img["srcAttr"] or img["src"]
            src = src if not src.startswith("data:") else src[:40] + "..."
            bad.append(f"{img['element']} src={src!r} alt={img['alt']!r}: {problem}"
                       + (f" [section {img['where']}]" if img["where"] else ""))
    _fail(report, "images without meaningful alt text", bad)


# -- math -------------------------------------------------------------------------------------


def test_math_typeset(report):
    f = report.facts
    if f["mathCount"]:
        assert f["mathjaxLoaded"], f"{report.page}: {f['mathCount']} formulas but MathJax did not load"
        assert f.get("mathjaxWait") == "ok", f"{report.page}: MathJax startup: {f.get('mathjaxWait')}"
    _fail(report, "formulas not typeset by MathJax",
          [f"{m['tex']!r} {m['where']}" for m in f["mathUntypeset"]])
    _fail(report, "TeX errors in formulas", [f"{m['error']!r} {m['where']}" for m in f["mathErrors"]])
    _fail(report, "raw TeX left in the visible text",
          [f"{r['element']} {r['where']}: ...{r['text']}..." for r in f["rawTex"]])


# -- Korean font ------------------------------------------------------------------------------

# Families that draw Hangul (Debian fonts-noto-cjk names its Korean face "Noto Sans CJK KR").
KOREAN_FONT = re.compile(r"CJK|\bKR\b|Korean|Hangul|Nanum|Malgun|Apple SD Gothic|Gulim|Dotum|Batang|Gungsuh|UnDotum|Baekmuk", re.I)


def test_korean_font(report):
    """Chromium drew the Hangul of a heading and of a paragraph with a Korean font."""
    f = report.facts
    if not f["hangul"]:
        if booksite.kind(report.page) in {"chapter", "gallery"}:
            pytest.fail(f"{report.page}: no Hangul text found in the content of a book page")
        return
    bad = []
    fonts_by_tag = {x["tag"]: x for x in report.fonts}
    for node in f["hangul"]:
        used = fonts_by_tag.get(node["tag"], {"fonts": []})
        korean = sum(x["glyphCount"] for x in used["fonts"] if KOREAN_FONT.search(x["familyName"]))
        if korean < node["hangulCount"]:
            fonts = ", ".join(f"{x['familyName']} ({x['glyphCount']} glyphs)" for x in used["fonts"])
            bad.append(f"{node['element']} {node['text']!r}: {node['hangulCount']} Hangul characters, "
                       f"{korean} glyphs from a Korean font; fonts used: {fonts}")
    _fail(report, "Hangul not drawn by a Korean font", bad)


# -- exercise solutions -----------------------------------------------------------------------


def test_solutions_hidden_until_opened(report):
    """sphinx-exercise solutions (:class: dropdown) start closed and open on a click."""
    bad = []
    for before, after in zip(report.facts["solutions"], report.solutions_after_click):
        sid = before["id"] or "(no id)"
        if not before["hasTitle"]:
            bad.append(f"#{sid}: no title to click")
        if before["bodyElements"] == 0:
            bad.append(f"#{sid}: empty solution")
        elif before["visibleBody"]:
            bad.append(f"#{sid} ({before['classes']}): visible before it is opened "
                       f"({before['visibleBody']} of {before['bodyElements']} blocks shown)")
        if not after.get("opened"):
            bad.append(f"#{sid}: did not open on a click: {after}")
    _fail(report, "exercise solutions", bad)


def test_solutions_are_found(site):
    """Not vacuous: when the book has exercises, the pages above found their solutions."""
    exercise = solution = 0
    for page in booksite.pages():
        html = (site / page).read_text(encoding="utf-8")
        exercise += html.count('class="exercise')
        solution += html.count('class="solution')
    if exercise:
        assert solution, "exercises but no element with class 'solution' (sphinx-exercise markup changed?)"


# -- narrow viewport --------------------------------------------------------------------------


def test_no_horizontal_scroll_on_phone(report):
    """At 375x812 the page does not scroll sideways (code and tables scroll in their own box)."""
    kind = booksite.kind(report.page)
    if kind in allowed.NARROW_EXEMPT_KINDS:
        return  # allowed.NARROW_EXEMPT_KINDS gives the reason
    n = report.narrow
    if n["scrollWidth"] > n["clientWidth"] + 1:
        items = [f"{c['element']} (right edge {c['right']}px) {c['where']} {c['text']!r}"
                 for c in n["culprits"]] or ["(no single element found)"]
        pytest.fail(f"{report.page}: at 375px the document is {n['scrollWidth']}px wide; "
                    f"sticking out:\n" + "\n".join(f"  - {x}" for x in items), pytrace=False)


# -- links ------------------------------------------------------------------------------------


def test_internal_links_and_anchors(report, link_checker):
    """Every same-site <a href> reaches a file, and every #fragment an id on the target page."""
    _fail(report, "broken internal links", link_checker.check_page(report))


def test_gallery_downloads(report):
    """A gallery example offers its .py and .ipynb; the gallery's front page the zip files.

    (The files themselves are fetched and checked by test_internal_links_and_anchors.)
    """
    kind = booksite.kind(report.page)
    names = {urlparse(link["href"]).path.rsplit("/", 1)[-1]
             for link in report.facts["links"] if link["download"]}
    if kind == "gallery":
        stem = PurePosixPath(report.page).stem
        missing = [f"{stem}{ext}" for ext in (".py", ".ipynb") if f"{stem}{ext}" not in names]
        _fail(report, "gallery example without its download links", missing)
    elif report.page == "gallery/index.html":
        zips = sorted(n for n in names if n.endswith(".zip"))
        assert len(zips) >= 2, f"{report.page}: expected the .py and .ipynb zips of all examples, got {zips}"


# -- accessibility ----------------------------------------------------------------------------

SEVERE = {"serious", "critical"}


def _excused(violation: dict, node: dict) -> str | None:
    for rule, pattern, reason in allowed.AXE_THEME_EXCEPTIONS:
        if (violation["id"] == rule and not node["inContent"]
                and pattern.search(" ".join(map(str, node["target"] or [])) + " " + node["outer"])):
            return reason
    return None


def test_accessibility(report):
    """axe-core finds no serious or critical violation (theme exceptions: tests_browser/allowed.py)."""
    bad = []
    for v in report.axe:
        if v["impact"] not in SEVERE:
            continue
        nodes = [n for n in v["nodes"] if not _excused(v, n)]
        for n in nodes[:10]:
            where = "content" if n["inContent"] else "theme"
            detail = [ln for ln in n["summary"].splitlines() if ln.strip() and not ln.startswith("Fix ")]
            bad.append(f"[{v['impact']}] {v['id']} ({v['help']}) in {where} {n['section']}: "
                       f"{' '.join(map(str, n['target']))} {n['html'][:120]!r}"
                       + (f" -- {detail[0].strip()}" if detail else ""))
        if len(nodes) > 10:
            bad.append(f"[{v['impact']}] {v['id']}: ... {len(nodes) - 10} more nodes")
    _fail(report, "axe violations (serious/critical)", bad)
