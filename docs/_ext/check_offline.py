"""Check that a built book loads nothing from another host.

Usage: ``python docs/_ext/check_offline.py [docs/_build/html]`` (run by ``nox -s docs`` and the
Pages workflow after the build). Every ``.html`` file is parsed; a resource that the browser
would fetch by itself (``script[src]``, ``link[href]`` with rel stylesheet/preload/modulepreload/
icon/manifest, ``img``/``source``/``video``/``audio``/``iframe``/``embed`` ``src``/``srcset``,
``object[data]``) must be a relative URL or a ``data:`` URL. Ordinary links (``<a href>``,
``rel="canonical"``, ``og:url``) are not fetched and are allowed. It also checks that every page
with math loads the self-hosted MathJax. Exit status 1 lists every offending tag.
"""

from __future__ import annotations

import sys
from html.parser import HTMLParser
from pathlib import Path

FETCHED_REL = {"stylesheet", "preload", "modulepreload", "icon", "shortcut", "apple-touch-icon",
               "manifest", "prefetch", "dns-prefetch", "preconnect"}
SRC_TAGS = {"script", "img", "source", "video", "audio", "iframe", "embed", "track", "input"}


def _external(url: str | None) -> bool:
    if not url:
        return False
    url = url.strip().lower()
    return url.startswith(("http://", "https://", "//", "ftp://"))


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.bad: list[str] = []
        self.mathjax_local = False
        self.has_math = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        urls: list[str | None] = []
        if tag in SRC_TAGS:
            urls.append(a.get("src"))
            urls += [part.split()[0] for part in (a.get("srcset") or "").split(",") if part.strip()]
        if tag == "link" and FETCHED_REL & set((a.get("rel") or "").lower().split()):
            urls.append(a.get("href"))
        if tag == "object":
            urls.append(a.get("data"))
        for url in urls:
            if _external(url):
                self.bad.append(f"<{tag} {url}>")
        if tag == "script" and "mathjax" in (a.get("src") or "") and not _external(a.get("src")):
            self.mathjax_local = True
        if "math" in (a.get("class") or "").split():
            self.has_math = True


def check(root: Path) -> list[str]:
    problems = []
    pages = sorted(root.rglob("*.html"))
    if not pages:
        return [f"{root}: no HTML pages"]
    for page in pages:
        scanner = _Scanner()
        scanner.feed(page.read_text(encoding="utf-8", errors="replace"))
        rel = page.relative_to(root)
        problems += [f"{rel}: {b}" for b in scanner.bad]
        if scanner.has_math and not scanner.mathjax_local:
            problems.append(f"{rel}: has math but does not load the self-hosted MathJax")
    return problems


def main(argv: list[str]) -> int:
    root = Path(argv[1] if len(argv) > 1 else "docs/_build/html")
    problems = check(root)
    for p in problems:
        print(p)
    n = len(list(root.rglob("*.html")))
    if problems:
        print(f"check_offline: {len(problems)} external resource(s) in {n} pages")
        return 1
    print(f"check_offline: {n} pages, every fetched resource is local")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
