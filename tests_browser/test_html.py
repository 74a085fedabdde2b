"""The book's HTML is valid: the Nu HTML Checker (vnu.jar, npm vnu-jar) reports no error.

Messages that come from markup written by a tool or the theme are excused only as listed, with
the reason, in tests_browser/allowed.py (VNU_TOOL_EXCEPTIONS).
"""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import unquote, urlparse

import pytest

import allowed
import booksite
import vnu


def _excuse(page: str, msg: dict) -> str | None:
    text, extract = msg.get("message", ""), msg.get("extract", "")
    for message_re, page_re, extract_re, reason in allowed.VNU_TOOL_EXCEPTIONS:
        if (message_re.search(text) and (page_re is None or page_re.search(page))
                and (extract_re is None or extract_re.search(extract))):
            return reason
    return None


def test_html_valid(site):
    why = vnu.problem()
    if why:
        pytest.fail(why, pytrace=False)
    messages = vnu.result()["messages"]
    by_page: dict[str, list[str]] = defaultdict(list)
    for msg in messages:
        if msg.get("type") not in {"error", "non-document-error"}:
            continue
        path = unquote(urlparse(msg.get("url", "")).path)
        page = path.split(str(booksite.site_dir()) + "/", 1)[-1]
        if _excuse(page, msg):
            continue
        extract = " ".join(msg.get("extract", "").split())[:120]
        by_page[page].append(f"line {msg.get('lastLine', '?')}: {msg.get('message', '')} | {extract!r}")
    if by_page:
        lines = []
        for page in sorted(by_page):
            lines.append(f"{page} ({len(by_page[page])}):")
            lines += [f"    {m}" for m in by_page[page][:15]]
            if len(by_page[page]) > 15:
                lines.append(f"    ... {len(by_page[page]) - 15} more")
        pytest.fail(f"vnu: HTML errors on {len(by_page)} pages "
                    f"({sum(map(len, by_page.values()))} messages):\n" + "\n".join(lines),
                    pytrace=False)
