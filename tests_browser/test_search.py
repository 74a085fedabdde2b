"""Sphinx's search page, offline, in Korean and English (docs/_ext/korean_search.py).

Each query must list the pages that are about it. The Korean search language indexes every
prefix of two or more syllables of a Hangul word, so two-syllable words (경사, 발산) and words
with a particle attached (학습률은) must work too. A nonsense word must find nothing, so the test
cannot pass on a search that lists every page.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest

import booksite

# query -> pages that must be among the results (the pages about that word)
EXPECTED: dict[str, list[str]] = {
    "경사": ["chapter/01_basics.html"],
    "학습률": ["chapter/01_basics.html", "chapter/06_schedules.html"],
    "학습률은": ["chapter/01_basics.html", "chapter/06_schedules.html"],
    "모멘텀": ["chapter/04_momentum.html"],
    "Adam": ["chapter/05_adaptive.html"],
    "클리핑": ["chapter/07_practice.html", "api/generated/gdbook.clipping.html"],
    "발산": ["chapter/01_basics.html"],
}
NOTHING = "쀍쀍쀍"

WAIT_JS = """() => {
    const h = document.querySelector('#search-results h2');
    return !!h && h.textContent.trim() === Documentation.gettext('Search Results');
}"""


@pytest.fixture(scope="module")
def search(context, server, site):
    """search(query) -> (result page paths in order, console errors) on the book's search page."""
    origin, base = server
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda m: m.type == "error" and errors.append(m.text))
    tab.on("pageerror", lambda e: errors.append(str(e)))

    def run(query: str):
        errors.clear()
        before = len(context.blocked)
        tab.goto(f"{base}search.html?q={quote(query)}")
        tab.wait_for_function(WAIT_JS, timeout=20_000)
        hrefs = tab.eval_on_selector_all(
            "#search-results li > a", "els => els.map(a => a.href)")
        pages = []
        for href in hrefs:
            path = href.split("#")[0].split("?")[0]
            if path.startswith(base):
                pages.append(path[len(base):])
        errors.extend(f"request to another host (aborted): {what}"
                      for _, what in context.blocked[before:])
        return pages, list(errors), tab

    yield run
    tab.close()


@pytest.mark.parametrize("query", list(EXPECTED))
def test_search_finds_pages(search, query):
    expected = [p for p in EXPECTED[query]]
    missing_pages = [p for p in expected if p not in booksite.pages()]
    results, errors, tab = search(query)
    if query == "학습률":
        from conftest import SCREENSHOTS

        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(SCREENSHOTS / "search-results.png"))
    assert not errors, f"console errors on the search page: {errors}"
    assert not missing_pages, f"pages expected for {query!r} are not in the built site: {missing_pages}"
    absent = [p for p in expected if p not in results]
    assert not absent, (
        f"search {query!r}: {len(results)} results, missing {absent}; first results: {results[:10]}")


def test_search_finds_nothing_for_nonsense(search):
    results, errors, _ = search(NOTHING)
    assert not errors, f"console errors on the search page: {errors}"
    assert results == [], f"search {NOTHING!r} should find nothing, found {results[:10]}"
