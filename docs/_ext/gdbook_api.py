"""API-reference helpers for the gdbook book.

- ``gdbook.run`` and ``gdbook.RunResult`` are re-exports (``gdbook/__init__.py``); the API pages
  document each object once, under its defining module (``gdbook.runner.run``). A reference to
  a re-exported name (``{func}`gdbook.run```) is resolved to the object's canonical name, so
  both spellings link to the same page and ``-n`` stays quiet.
- A reference to an inherited method (``:meth:`local_L``` in ``Rosenbrock``'s docstring, defined
  on ``Objective``) resolves to the method on the class that defines it; a reference to an
  attribute that has no entry of its own (a NamedTuple field, a ``__slots__`` attribute, both
  described in the class docstring's ``Attributes`` section) resolves to the class.
- NamedTuple fields appear to autodoc as properties whose docstring is "Alias for field number
  N"; they are skipped (the class docstring's ``Attributes`` section documents them).
- autosummary writes the API stubs (docs/api/generated/) at every build, importing every module
  of the library to do so -- torch included (``gdbook.pytorch``), about half of a rebuild
  without changes. The stubs depend only on the library's source, the sources that hold
  ``autosummary`` directives, the templates and conf.py; when a hash of those files matches
  the one written after the last generation (``docs/api/generated/.inputs.sha256``), the
  generation is skipped; after it runs, stubs that are not modules any more are removed (they
  would otherwise be read as pages of their own). Autodoc itself still imports a
  module whenever a page that documents it is read again (Sphinx tracks the module file as a
  dependency of the page).
- numpydoc's section headings are shown in Korean (the docstrings keep the English headings
  that numpydoc parses; only the rendered labels change).
"""

from __future__ import annotations

import importlib
import re

from docutils import nodes
from sphinx import addnodes
from sphinx.util import logging

logger = logging.getLogger(__name__)

NUMPYDOC_HEADINGS_KO = {
    "Parameters": "매개변수",
    "Other Parameters": "기타 매개변수",
    "Returns": "반환값",
    "Yields": "생성값",
    "Receives": "받는 값",
    "Raises": "예외",
    "Warns": "경고",
    "Warnings": "주의",
    "Attributes": "속성",
    "Methods": "메서드",
    "Notes": "참고 사항",
    "References": "참고 문헌",
    "Examples": "예제",
}


def _canonical_name(target: str) -> str | None:
    """``gdbook.run`` -> ``gdbook.runner.run``; None if not a re-export."""
    parts = target.split(".")
    for i in range(len(parts) - 1, 0, -1):
        modname = ".".join(parts[:i])
        try:
            obj = importlib.import_module(modname)
        except ImportError:
            continue
        try:
            for attr in parts[i:]:
                obj = getattr(obj, attr)
        except (AttributeError, ImportError):
            return None
        owner = getattr(obj, "__module__", None)
        qualname = getattr(obj, "__qualname__", None)
        if not owner or not qualname:
            # an attribute of a class (e.g. a NamedTuple field): canonicalise the class part
            head = _canonical_name(".".join(parts[:-1])) if len(parts) > 2 else None
            return f"{head}.{parts[-1]}" if head else None
        full = f"{owner}.{qualname}"
        return full if full != target else None
    return None


def resolve_reexports(app, env, node, contnode):
    if node.get("refdomain") != "py":
        return None
    target = node.get("reftarget", "").lstrip("~.")
    module, cls = node.get("py:module"), node.get("py:class")
    candidates = [target]
    # relative names inside a gdbook docstring: ``run`` in gdbook -> gdbook.run,
    # ``local_L`` in gdbook.functions.Rosenbrock -> gdbook.functions.Rosenbrock.local_L
    if module and cls:
        candidates.append(f"{module}.{cls}.{target}")
    if cls:
        candidates.append(f"{cls}.{target}")
    if module:
        candidates.append(f"{module}.{target}")
    candidates = [c for c in candidates if c.startswith("gdbook.")]
    domain = env.domains["py"]

    def resolve(name: str, reftype: str):
        new = node.deepcopy()
        new["reftarget"] = name
        return domain.resolve_xref(env, node["refdoc"], app.builder, reftype, name, new, contnode)

    for name in candidates:
        canonical = _canonical_name(name)
        if canonical and (found := resolve(canonical, node["reftype"])) is not None:
            return found
    # an attribute without an entry of its own: link to its class (its Attributes section)
    if node["reftype"] in ("attr", "obj"):
        for name in candidates:
            owner, _, attr = name.rpartition(".")
            if owner and _has_attribute(owner, attr):
                owner = _canonical_name(owner) or owner
                if (found := resolve(owner, "class")) is not None:
                    return found
    return None


def _has_attribute(clsname: str, attr: str) -> bool:
    modname, _, qual = clsname.rpartition(".")
    try:
        cls = getattr(importlib.import_module(modname), qual)
    except (ImportError, AttributeError, ValueError):
        return False
    if not isinstance(cls, type):
        return False
    fields = set(getattr(cls, "_fields", ())) | set(getattr(cls, "__annotations__", {}))
    for klass in cls.__mro__:
        fields |= set(getattr(klass, "__slots__", ()))
    return attr in fields or hasattr(cls, attr)


def skip_namedtuple_fields(app, what, name, obj, skip, options):
    doc = getattr(obj, "__doc__", None) or ""
    if isinstance(doc, str) and doc.startswith("Alias for field number"):
        return True
    return None


def korean_numpydoc_headings(app, doctree) -> None:
    for desc in doctree.findall(addnodes.desc_content):
        for field_name in desc.findall(nodes.field_name):
            text = field_name.astext()
            if text in NUMPYDOC_HEADINGS_KO:
                field_name.children = [nodes.Text(NUMPYDOC_HEADINGS_KO[text])]
        for rubric in desc.findall(nodes.rubric):
            text = rubric.astext()
            if text in NUMPYDOC_HEADINGS_KO:
                rubric.children = [nodes.Text(NUMPYDOC_HEADINGS_KO[text])]


def _autosummary_inputs(app) -> str:
    """Hash of every file that the generated API stubs depend on (see the module docstring)."""
    import hashlib
    from pathlib import Path

    src = Path(app.srcdir)
    root = src.parent
    files = sorted((root / "gdbook").rglob("*.py"))
    # the pages that hold autosummary directives (editing any other page changes no stub)
    files += sorted(p for p in src.rglob("*.md") if "_build" not in p.parts and "gallery" not in p.parts
                    and re.search(r"autosummary::|\{autosummary\}", p.read_text(encoding="utf-8")))
    files += sorted((src / "_templates").rglob("*"))
    files.append(src / "conf.py")
    digest = hashlib.sha256()
    for path in files:
        if path.is_file():
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _cache_autosummary(app) -> None:
    """Wrap autosummary's builder-inited handler: skip it when its inputs did not change."""
    from pathlib import Path

    from sphinx.ext import autosummary

    listeners = app.events.listeners.get("builder-inited", [])
    for i, listener in enumerate(listeners):
        if listener.handler is not autosummary.process_generate_options:
            continue
        original = listener.handler

        def generate(app, original=original) -> None:
            stamp = Path(app.srcdir) / "api" / "generated" / ".inputs.sha256"
            digest = _autosummary_inputs(app)
            if stamp.is_file() and stamp.read_text() == digest:
                logger.info("autosummary: API stubs are up to date (inputs unchanged)")
                return
            original(app)
            # autosummary rewrites only the stubs whose text changed (the others keep their
            # mtime, so Sphinx does not read them again) and never removes one: a stub whose name
            # is not a module any more (a removed module, or an object page of the time when
            # every object had a page) would be read as a page of its own
            import importlib.util

            for old in stamp.parent.glob("*.rst") if stamp.parent.is_dir() else ():
                try:
                    is_module = importlib.util.find_spec(old.stem) is not None
                except (ImportError, ValueError):
                    is_module = False
                if not is_module:
                    old.unlink()
            if stamp.parent.is_dir():
                stamp.write_text(digest)

        listeners[i] = listener._replace(handler=generate)


def setup(app):
    app.setup_extension("sphinx.ext.autosummary")
    _cache_autosummary(app)
    app.connect("missing-reference", resolve_reexports)
    app.connect("autodoc-skip-member", skip_namedtuple_fields)
    app.connect("doctree-read", korean_numpydoc_headings)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
