"""``glossary-table`` directive: the book's glossary page, generated from ``docs/glossary.toml``.

``docs/glossary.toml`` is the single source of truth for the Korean terms (CONTRIBUTING.md);
``tests/test_glossary.py`` enforces it on the text, and this directive renders it as a table
with the columns 개념(영어) | 용어 | 쓰지 않는 표기. Each row gets an anchor ``term-<n>``
derived from the English name, so a page can link to one entry. Editing the TOML rebuilds the
page (it is a dependency of the document).

Usage (MyST)::

    ```{glossary-table}
    ```

An optional argument gives the TOML path relative to the source directory
(default ``glossary.toml``).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

HEADERS = ("개념(영어)", "용어", "쓰지 않는 표기")


def load_glossary(path: Path) -> list[dict]:
    with open(path, "rb") as f:
        data = tomllib.load(f)
    entries = data.get("entry", [])
    for e in entries:
        for key in ("en", "term"):
            if not str(e.get(key, "")).strip():
                raise ValueError(f"{path}: entry {e!r} has no {key!r}")
        e.setdefault("forbidden", [])
    return entries


def _anchor(en: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", en.lower()).strip("-")
    return f"term-{slug}"


class GlossaryTable(SphinxDirective):
    optional_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        rel = self.arguments[0] if self.arguments else "glossary.toml"
        path = Path(self.env.srcdir) / rel
        self.env.note_dependency(str(path))
        try:
            entries = load_glossary(path)
        except (OSError, ValueError, tomllib.TOMLDecodeError) as exc:
            raise self.error(f"glossary-table: cannot read {rel}: {exc}") from exc

        table = nodes.table(classes=["gdbook-glossary", "colwidths-auto"])
        tgroup = nodes.tgroup(cols=3)
        table += tgroup
        for _ in HEADERS:
            tgroup += nodes.colspec(colwidth=1)
        thead = nodes.thead()
        tgroup += thead
        row = nodes.row()
        for h in HEADERS:
            row += nodes.entry("", nodes.paragraph(text=h))
        thead += row
        tbody = nodes.tbody()
        tgroup += tbody
        for e in sorted(entries, key=lambda e: e["term"]):
            row = nodes.row(ids=[_anchor(e["en"])])
            row += nodes.entry("", nodes.paragraph(text=e["en"]))
            term = nodes.paragraph()
            term += nodes.strong(text=e["term"])
            row += nodes.entry("", term)
            forbidden = ", ".join(e["forbidden"]) if e["forbidden"] else "—"
            row += nodes.entry("", nodes.paragraph(text=forbidden))
            tbody += row
        return [table]


def setup(app):
    app.add_directive("glossary-table", GlossaryTable)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
