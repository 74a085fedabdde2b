"""Small fixes and additions for the gdbook book (HTML).

- ``description`` in a page's front matter becomes ``<meta name="description">`` and the Open
  Graph ``og:description`` (otherwise sphinxext-opengraph takes the first paragraph).
- Sections whose only ids are docutils' automatic ``id1``, ``id2``... (a Korean heading without
  an explicit label: docutils' ``make_id`` drops every non-ASCII character) get a readable,
  stable id built from the heading text (``학습률의-선택``), kept unique within the page. The
  automatic id stays as a second anchor. Explicit labels (``(ch1-learning-rate)=``) are
  untouched and remain the ids to link to.
- sphinx-exercise and sphinx-proof give every exercise, solution and theorem body the same id
  (``exercise-content``, ``solution-content``, ``proof-content``) and every proof the id
  ``proof``, so a page with two of them has duplicate HTML ids; the bodies are renamed after
  their directive's label (``<label>-content``), and any id still repeated (the second proof on
  a page) gets a numeric suffix (``proof-2``).
- Raw HTML that a page's output brings along (a notebook cell's HTML output, a sphinx-gallery
  animation) must not load anything from another host. matplotlib's JavaScript animation player
  (``Animation.to_jshtml``) links Font Awesome 4 from a CDN for its button icons; that link is
  dropped (the theme already ships Font Awesome, whose script draws the same ``fa-*`` icons).
  Any other external ``<script src>``/``<link href>`` in raw HTML is a build warning. The
  player's button labels are translated to Korean.
- MathJax is loaded on every page, not only on pages whose body has math: page titles with math
  (``연습 문제 1의 풀이: κ = 10 ...`` written with ``$...$``) also appear in the navigation and in the
  previous/next links of other pages, where they would otherwise stay raw TeX.
- Figures: an image without alt text takes its figure caption (math in plain text), and
  sphinx-gallery's alt text (the figure's titles) gets its ``$...$`` in plain text. A gallery
  figure without any title would get its file name as alt text (the browser tests catch it):
  give it a title. The animation player's frame image and
  slider get accessible names; bibliography entries get ``role="listitem"``.
- sphinx-proof's domain gets the no-op ``merge_domaindata`` it lacks, so ``-j`` builds work.
- At the end of a build, a table of the executed pages (myst-nb): the execution mode, the
  kernel time (of the run that filled the cache, for a page taken from the cache), and whether
  it succeeded.
"""

from __future__ import annotations

import html
import re
import unicodedata

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

logger = logging.getLogger(__name__)

_AUTO_ID = re.compile(r"^id\d+$")


def slugify(text: str) -> str:
    """A Unicode-preserving id: lower case, word characters kept, spaces and dashes to ``-``."""
    text = unicodedata.normalize("NFC", text).strip().lower()
    text = re.sub(r"[/.:·]", "-", text)
    text = re.sub(r"[^\w\s-]", "", text)
    text = re.sub(r"[\s_-]+", "-", text).strip("-")
    return text


class KoreanSectionIds(SphinxTransform):
    """Give sections that only have automatic ids a readable id from their title."""

    default_priority = 700  # after docutils' id assignment, before Sphinx's toctree collection

    def apply(self, **kwargs) -> None:
        document = self.document
        used = set(document.ids)
        for section in document.findall(nodes.section):
            ids = section["ids"]
            if not ids or not all(_AUTO_ID.match(i) for i in ids):
                continue
            if not section.children or not isinstance(section[0], nodes.title):
                continue
            base = slugify(section[0].astext())
            if not base or base.isascii():  # ASCII titles already got a real id
                continue
            new, n = base, 1
            while new in used:
                n += 1
                new = f"{base}-{n}"
            used.add(new)
            section["ids"].insert(0, new)
            document.ids[new] = section


# ids that sphinx-exercise and sphinx-proof give to every exercise/solution/theorem body and
# every proof, whatever the page holds
_REPEATED_IDS = {"exercise-content", "solution-content", "proof-content", "proof"}


def fix_duplicate_ids(app, doctree, docname) -> None:
    """Make the ids that sphinx-exercise and sphinx-proof repeat unique within the page.

    A body takes its directive's id (``<label>-content``). Any id that is still repeated
    afterwards (``proof``) gets a ``-<n>`` suffix from its second occurrence on; the first proof
    keeps ``proof``, which sphinx-proof's CSS styles (``div#proof``; docs/_static/gdbook.css
    styles the numbered ones the same way).
    """
    for node in doctree.findall(nodes.Element):
        ids = node.get("ids")
        if not ids or len(ids) != 1 or ids[0] not in _REPEATED_IDS:
            continue
        parent = node.parent
        owner = None
        if ids[0].endswith("-content") and parent is not None:
            owner = parent.get("label") or next(iter(parent.get("ids", [])), None)
        if owner and owner not in _REPEATED_IDS:
            node["ids"] = [f"{slugify(owner)}-content"]
    seen: set[str] = set()
    for node in doctree.findall(nodes.Element):
        new_ids = []
        for id_ in node.get("ids", []):
            new, n = id_, 1
            while new in seen:
                n += 1
                new = f"{id_}-{n}"
            seen.add(new)
            new_ids.append(new)
        if new_ids:
            node["ids"] = new_ids


_FONT_AWESOME_CDN = re.compile(
    r"<link\s+rel=[\"']stylesheet[\"']\s+href=[\"']https?://[^\"']*font-?awesome[^\"']*[\"']\s*/?>\s*",
    re.I,
)
_EXTERNAL_RESOURCE = re.compile(
    r"<(script|link|img|iframe)\b[^>]*?\b(src|href)=[\"']((?:https?:)?//[^\"']+)", re.I
)

# matplotlib's jshtml animation player (matplotlib/_animation_data.py), English -> Korean
_ANIMATION_LABELS = {
    "Decrease speed": "느리게", "First frame": "첫 프레임", "Previous frame": "이전 프레임",
    "Play backwards": "거꾸로 재생", "Pause": "멈춤", "Play": "재생", "Next frame": "다음 프레임",
    "Last frame": "마지막 프레임", "Increase speed": "빠르게", "Repetition mode": "반복 방식",
}
_ANIMATION_RADIO = {"Once": "한 번", "Loop": "반복", "Reflect": "왕복"}


def _translate_animation(text: str) -> str:
    if "_anim_loop_select" not in text:
        return text
    # the frame image and the frame slider have no accessible name (axe image-alt, label)
    text = re.sub(r'<img id="(_anim_img[0-9a-f]*)"(?![^>]*\balt=)',
                  r'<img id="\1" alt="애니메이션의 현재 프레임 (아래 그림 설명 참고)"', text)
    text = re.sub(r'<input id="(_anim_slider[0-9a-f]*)"(?![^>]*\baria-label=)',
                  r'<input id="\1" aria-label="프레임 번호"', text)
    for en, ko in _ANIMATION_LABELS.items():
        text = text.replace(f'title="{en}" aria-label="{en}"', f'title="{ko}" aria-label="{ko}"')
    for en, ko in _ANIMATION_RADIO.items():
        text = re.sub(rf'(<label for="_anim_radio\d_[^"]*">){en}(</label>)', rf"\g<1>{ko}\g<2>", text)
    return text


def offline_raw_html(app, doctree, docname) -> None:
    """Drop matplotlib's Font Awesome CDN link; warn about any other external resource."""
    for node in doctree.findall(nodes.raw):
        if "html" not in node.get("format", "").split():
            continue
        text = node.astext()
        new = _translate_animation(_FONT_AWESOME_CDN.sub("", text))
        for m in _EXTERNAL_RESOURCE.finditer(new):
            if m[1].lower() == "link" and "stylesheet" not in m[0].lower() and "icon" not in m[0].lower():
                continue
            logger.warning(
                "raw HTML loads %s from another host: %s", m[1].lower(), m[3],
                location=node, type="gdbook", subtype="offline",
            )
        if new != text:
            node.clear()
            node += nodes.Text(new)


# -- alt text ---------------------------------------------------------------------------------

_TEX_SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "Delta": "Δ", "epsilon": "ε",
    "varepsilon": "ε", "eta": "η", "theta": "θ", "kappa": "κ", "lambda": "λ", "mu": "μ",
    "nu": "ν", "rho": "ρ", "sigma": "σ", "Sigma": "Σ", "tau": "τ", "phi": "φ", "omega": "ω",
    "ell": "ℓ", "nabla": "∇", "infty": "∞", "cdot": "·", "times": "×", "le": "≤", "leq": "≤",
    "ge": "≥", "geq": "≥", "approx": "≈", "ne": "≠", "neq": "≠", "to": "→", "sim": "~",
    "pm": "±", "in": "∈", "sum": "Σ", "min": "min", "max": "max", "log": "log", "ln": "ln",
    "exp": "exp", "top": "ᵀ", "star": "*", "ldots": "…", "dots": "…", "cdots": "…",
    "lVert": "‖", "rVert": "‖", "Vert": "‖", "|": "‖", "mid": "|", "lvert": "|", "rvert": "|",
    "left": "", "right": "", "quad": " ", "qquad": " ", ",": " ", ";": " ", "!": "",
    "mathbb": "", "mathbf": "", "mathrm": "", "mathcal": "", "boldsymbol": "", "operatorname": "",
    "text": "", "textrm": "", "hat": "", "bar": "", "tilde": "",
}


def tex_to_text(tex: str) -> str:
    """A readable plain-text form of a short TeX formula, for alt text (``\\eta_t`` -> ``η_t``).

    Not a TeX renderer: symbols become their Unicode characters, ``\\frac{a}{b}`` becomes
    ``(a)/(b)``, ``\\sqrt{a}`` becomes ``√(a)``, and the remaining braces and backslashes go.
    """
    s = tex
    for _ in range(3):
        s = re.sub(r"\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}", r"(\1)/(\2)", s)
        s = re.sub(r"\\sqrt\s*\{([^{}]*)\}", r"√(\1)", s)
    s = re.sub(r"\\([A-Za-z]+|[|,;!])", lambda m: _TEX_SYMBOLS.get(m[1], m[1]), s)
    s = s.replace("{", "").replace("}", "").replace("\\", "")
    s = s.replace("^*", "*").replace("-", "−") if "−" not in s else s
    return re.sub(r"\s+", " ", s).strip()


def text_with_math(node: nodes.Node) -> str:
    """The text of a node with its math in readable plain text (see :func:`tex_to_text`)."""
    if isinstance(node, nodes.math):
        return tex_to_text(node.astext())
    if isinstance(node, nodes.Text):
        return str(node)
    return "".join(text_with_math(child) for child in node.children)


def inline_math_text(text: str) -> str:
    """``$...$`` spans of a plain string (a matplotlib title) in readable plain text."""
    return re.sub(r"\$([^$]+)\$", lambda m: tex_to_text(m[1]), text)


def figure_alt_text(app, doctree, docname) -> None:
    """An image without alt text (docutils then writes its file name) takes its figure's caption.

    myst-nb's figures of executed cells (``mystnb: figure: caption:``) carry the description
    in the caption; the alt text repeats it in plain text (math included) so that a screen reader
    or a text browser does not read out ``../_images/5f3c….png``.
    """
    for figure in doctree.findall(nodes.figure):
        captions = [c for c in figure.children if isinstance(c, nodes.caption)]
        if not captions:
            continue
        alt = re.sub(r"\s+", " ", text_with_math(captions[0])).strip()
        for image in figure.findall(nodes.image):
            if not image.get("alt") and alt:
                image["alt"] = alt
    # sphinx-gallery writes a figure's titles as its alt text, ``$...$`` included (its figures
    # are ``imgsgnode`` elements, not docutils images)
    for image in doctree.findall(nodes.Element):
        alt = image.get("alt") if "alt" in image.attributes else None
        if isinstance(alt, str) and "$" in alt:
            image["alt"] = inline_math_text(alt)


def citation_roles(app, pagename, templatename, context, doctree) -> None:
    """docutils writes the bibliography as ``role="list"`` with ``role="doc-biblioentry"``
    items; DPUB-ARIA 1.1 deprecated doc-biblioentry and axe no longer counts it as a list item
    (aria-required-children). The entries become plain list items."""
    body = context.get("body")
    if body and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


def page_description(app, pagename, templatename, context, doctree) -> None:
    """Front-matter ``description`` -> <meta name="description"> and og:description."""
    meta = context.get("meta") or {}
    desc = meta.get("description")
    if not desc:
        return
    desc = " ".join(str(desc).split())
    meta = dict(meta)
    meta["og:description"] = desc  # sphinxext-opengraph: field overrides win
    context["meta"] = meta
    tag = f'<meta name="description" content="{html.escape(desc, quote=True)}" />\n'
    context["metatags"] = context.get("metatags", "") + tag


def execution_report(app, exception) -> None:
    """Print myst-nb's execution data: one line per executed page."""
    if exception is not None:
        return
    rows = []
    nb_metadata = getattr(app.env, "nb_metadata", {})
    for docname in sorted(app.env.found_docs):
        data = nb_metadata.get(docname, {}).get("exec_data")
        if data:
            rows.append((docname, data.get("method", "?"), data.get("runtime"), data.get("succeeded")))
    if not rows:
        return
    total = sum(r[2] or 0.0 for r in rows)
    width = max(len(r[0]) for r in rows)
    lines = [f"myst-nb execution report ({len(rows)} pages, {total:.1f} s of kernel time)"]
    lines.append(f"  {'page':<{width}}  {'method':<8} {'time':>8}  ok")
    for docname, method, runtime, ok in rows:
        t = f"{runtime:.2f} s" if isinstance(runtime, (int, float)) else "-"
        lines.append(f"  {docname:<{width}}  {method:<8} {t:>8}  {'yes' if ok else 'NO'}")
    logger.info("\n".join(lines), color="darkgreen")


def _proof_domain_parallel() -> None:
    """sphinx-proof's ProofDomain keeps its data in ``env.proof_list`` (merged by its own
    env-merge-info handler) and nothing in its domain data, but it does not implement
    ``merge_domaindata``, so ``sphinx-build -j`` stops with NotImplementedError. There is
    nothing to merge: a no-op lets the book be read in parallel."""
    try:
        from sphinx_proof.domain import ProofDomain
    except ImportError:
        return
    if "merge_domaindata" not in ProofDomain.__dict__:
        ProofDomain.merge_domaindata = lambda self, docnames, otherdata: None


def _sidebar_nav_not_rechecked() -> None:
    """pydata-sphinx-theme renders every sidebar and navbar template once more per page only to
    drop the ones that come out empty; it skips its own navigation templates
    (``sidebar-nav-bs.html``), which are never empty and slow, but not sphinx-book-theme's
    ``sbt-sidebar-nav.html``, which builds the whole navigation tree. The book's navigation is
    never empty: the check is skipped for it too."""
    try:
        from pydata_sphinx_theme import utils
    except ImportError:
        return
    original = utils._update_and_remove_templates
    if getattr(original, "_gdbook", False):
        return

    def update_and_remove_templates(app, context, templates, section, templates_skip_empty_check=None):
        skip = [*(templates_skip_empty_check or []), "sbt-sidebar-nav.html"]
        return original(app, context, templates, section, templates_skip_empty_check=skip)

    update_and_remove_templates._gdbook = True
    utils._update_and_remove_templates = update_and_remove_templates


def keep_read_metadata(app, env, docnames, other) -> None:
    """env-merge-info, after every other handler: remember the metadata of the pages this chunk
    of a parallel read actually read.

    sphinx-notfound-page merges a chunk with ``env.metadata.update(other.metadata)``: every page's
    metadata as the worker process saw it, not only the pages it read. A chunk merged later thus
    overwrites pages that an earlier chunk read (with their metadata from before the build), and
    its ``process_doc`` creates an entry for the 404 page in every chunk, so the 404 page lost its
    front matter (``description``) depending on which chunk was merged last."""
    store = env.__dict__.setdefault("_gdbook_read_metadata", {})
    for docname in docnames:
        if docname in other.metadata:
            store[docname] = dict(other.metadata[docname])


def restore_read_metadata(app, env) -> None:
    """env-updated: the metadata of every page read in parallel is the one its reader saw."""
    store = env.__dict__.pop("_gdbook_read_metadata", None)
    if store:
        env.metadata.update(store)
    return []


def setup(app):
    _proof_domain_parallel()
    _sidebar_nav_not_rechecked()
    app.set_html_assets_policy("always")
    app.add_transform(KoreanSectionIds)
    app.connect("doctree-resolved", fix_duplicate_ids)
    app.connect("doctree-resolved", offline_raw_html)
    app.connect("doctree-resolved", figure_alt_text)
    app.connect("html-page-context", citation_roles)
    # before sphinxext-opengraph (priority 500), which reads context["meta"]
    app.connect("html-page-context", page_description, priority=400)
    app.connect("build-finished", execution_report)
    app.connect("env-merge-info", keep_read_metadata, priority=900)
    app.connect("env-updated", restore_read_metadata)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
