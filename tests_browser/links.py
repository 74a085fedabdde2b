"""Internal links of a page: same-site targets exist, fragments exist, downloads are real files."""

from __future__ import annotations

import io
import json
import urllib.error
import urllib.request
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlparse

import booksite

SKIP_SCHEMES = ("javascript:", "mailto:", "tel:", "data:", "blob:")


class LinkChecker:
    def __init__(self, origin: str, base_url: str, site: Path) -> None:
        self.origin = origin
        self.base_url = base_url
        self.prefix = urlparse(base_url).path
        self.site = site
        self.canonical = booksite.canonical_base()
        self._files: dict[str, str | None] = {}  # url -> problem (None = fine)

    def local_url(self, href: str) -> str | None:
        """The link as a URL of the local server, or None for another site."""
        if self.canonical and href.startswith(self.canonical):
            href = self.base_url + href[len(self.canonical):]
        u = urlparse(href)
        if f"{u.scheme}://{u.netloc}" != self.origin:
            return None
        return href

    def check_page(self, report) -> list[str]:  # noqa: ANN001
        problems = []
        live_ids = set(report.facts["liveIds"])
        for link in report.facts["links"]:
            raw = (link["raw"] or "").strip()
            if not raw or raw.startswith(SKIP_SCHEMES):
                continue
            url = self.local_url(link["href"])
            if url is None:
                continue
            problem = self.check_url(url, report.page, live_ids, link["download"])
            if problem:
                problems.append(f"<a href={raw!r}> {link['text']!r}: {problem}")
        return problems

    def check_url(self, url: str, page: str, live_ids: set[str], download: bool) -> str | None:
        u = urlparse(url)
        path = unquote(u.path)
        if not path.startswith(self.prefix):
            return f"points outside the site's path {self.prefix}"
        rel = path[len(self.prefix):]
        if rel == "" or rel.endswith("/"):
            rel += "index.html"
        target = self.site / rel
        if not target.is_file():
            return f"no such file {rel}"
        if rel.endswith(".html"):
            frag = unquote(u.fragment)
            if frag:
                ids = booksite.ids_of(rel) | (live_ids if rel == page else set())
                if frag not in ids:
                    return f"no id {frag!r} on {rel}"
            if download:
                return self.fetch(url.split("#")[0], rel)
            return None
        return self.fetch(url.split("#")[0], rel)

    def fetch(self, url: str, rel: str) -> str | None:
        """GET a non-page file from the server (once per URL): 200, non-empty, the right kind."""
        if url in self._files:
            return self._files[url]
        problem = None
        try:
            with urllib.request.urlopen(url, timeout=30) as resp:  # noqa: S310 - local server
                status, body = resp.status, resp.read()
        except urllib.error.HTTPError as exc:
            status, body = exc.code, b""
        if status != 200:
            problem = f"HTTP {status} for {rel}"
        elif not body:
            problem = f"{rel} is empty"
        else:
            problem = validate_download(rel, body)
        self._files[url] = problem
        return problem


def validate_download(rel: str, body: bytes) -> str | None:
    """A download is the kind of file its name says."""
    name = rel.lower()
    try:
        if name.endswith(".py"):
            compile(body.decode("utf-8"), rel, "exec")
        elif name.endswith(".ipynb"):
            nb = json.loads(body)
            if not nb.get("cells"):
                return f"{rel}: notebook without cells"
        elif name.endswith(".zip"):
            with zipfile.ZipFile(io.BytesIO(body)) as zf:
                names = zf.namelist()
                if not names:
                    return f"{rel}: empty zip"
                bad = zf.testzip()
                if bad:
                    return f"{rel}: corrupt member {bad}"
    except (SyntaxError, UnicodeDecodeError, ValueError, zipfile.BadZipFile) as exc:
        return f"{rel}: not a valid {name.rsplit('.', 1)[-1]} file ({exc})"
    return None
