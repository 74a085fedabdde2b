"""The built site as files: where it is, which pages it has, its ids, its served URL prefix.

Everything here reads docs/_build/html (or ``$GDBOOK_SITE_DIR``) from disk, without a browser,
so that it can run at collection time and in any pytest-xdist worker.
"""

from __future__ import annotations

import functools
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SITE = ROOT / "docs" / "_build" / "html"

# Folders of the build that hold assets, not pages of the book.
ASSET_DIRS = {"_static", "_images", "_downloads", "_sources", "_sphinx_design_static"}


def site_dir() -> Path:
    """The built site: ``$GDBOOK_SITE_DIR`` or docs/_build/html."""
    return Path(os.environ.get("GDBOOK_SITE_DIR") or DEFAULT_SITE).resolve()


@functools.cache
def pages() -> tuple[str, ...]:
    """Every HTML page of the site, as a POSIX path relative to the site dir, sorted."""
    root = site_dir()
    if not (root / "index.html").is_file():
        return ()
    out = []
    for path in root.rglob("*.html"):
        rel = path.relative_to(root)
        if rel.parts[0] in ASSET_DIRS or rel.parts[0].startswith("."):
            continue
        out.append(rel.as_posix())
    # index first, then by path: the first pages a failing run reaches are the important ones
    return tuple(sorted(out, key=lambda p: (p != "index.html", p)))


def kind(page: str) -> str:
    """A coarse kind of page, used in reports, to pick screenshots and by a few checks.

    ``chapter`` = a page of the book's text (chapters, exercises, appendices, the front page):
    anything that is not API reference, gallery, or one of the pages Sphinx and its extensions
    generate themselves (``sphinx``: search, 404, the general and domain indices, the
    sphinx-gallery computation times).
    """
    first = page.split("/", 1)[0]
    if page in {"search.html", "genindex.html", "404.html"} or page.endswith("sg_execution_times.html"):
        return "sphinx"
    if _is_index_table(page):  # a domain index: py-modindex, sphinx-proof's prf-prf, ...
        return "sphinx"
    if first == "api":
        return "api"
    if first == "gallery":
        return "gallery-index" if page.endswith("index.html") else "gallery"
    return "chapter"


@functools.cache
def _is_index_table(page: str) -> bool:
    """Sphinx's index pages (genindex, every domain index) are an ``indextable``."""
    path = site_dir() / page
    return path.is_file() and 'class="indextable' in path.read_text(encoding="utf-8")


@functools.cache
def url_prefix() -> str:
    """The path the site is published under (``/gdbook/``), read from the built index.html.

    The pages carry ``<link rel="canonical">`` built from ``html_baseurl``; the 404 page links
    absolutely under that path (sphinx-notfound-page), so the tests serve the site under the same
    path to load it exactly as the published site does.
    """
    index = site_dir() / "index.html"
    m = re.search(r'<link rel="canonical" href="([^"]+)"', index.read_text(encoding="utf-8"))
    if not m:
        return "/"
    path = urlparse(m.group(1)).path
    path = path[: path.rfind("/") + 1] or "/"
    return path if path.startswith("/") else "/" + path


@functools.cache
def canonical_base() -> str | None:
    """The published base URL (``https://gdbook.github.io/gdbook/``), or None."""
    index = site_dir() / "index.html"
    m = re.search(r'<link rel="canonical" href="([^"]+)"', index.read_text(encoding="utf-8"))
    if not m:
        return None
    return m.group(1)[: m.group(1).rfind("/") + 1]


class _IdParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        for name, value in attrs:
            if value and (name == "id" or (tag == "a" and name == "name")):
                self.ids.add(value)


@functools.cache
def ids_of(page: str) -> frozenset[str]:
    """Every ``id`` (and ``<a name>``) in the page's HTML as built (before any script runs)."""
    parser = _IdParser()
    parser.feed((site_dir() / page).read_text(encoding="utf-8"))
    return frozenset(parser.ids)
