"""Trim what a reader downloads with every page of the book (HTML build only).

Three steps, each measured by ``benchmarks/bench_pageweight.py`` (``nox -s bench``):

- **Font Awesome subset.** pydata-sphinx-theme loads ``_static/scripts/fontawesome.js`` on every
  page: Font Awesome 6's SVG-with-JavaScript build with all ~2,000 free icons (1.5 MB). The book
  draws about 30 of them (theme buttons, the animation player). At the end of the build the
  script is rewritten from the theme's original with only the icons whose name or alias occurs
  as ``fa-<name>`` in the built HTML or in the site's other scripts. The icon tables are object
  literals ``{name:[width,height,[aliases],unicode,path],...}``; everything else in the file is
  kept byte for byte. An icon the subset dropped would show as an empty box, which the browser
  tests would not see, so ``tests/test_docs_config.py`` checks the subsetter on the theme's file.
- **Figures as palette PNGs.** Matplotlib writes 8-bit RGBA PNGs. Line plots use few colours;
  quantizing to a 256-colour palette (no dithering) keeps them visually identical at about a
  third of the bytes. Only PNGs in ``_images/`` that are not palette images yet are converted,
  so a rebuild without changes does no work.
- **No search index on every page.** pydata-sphinx-theme also puts ``searchtools.js``,
  ``language_data.js`` and ``searchindex.js`` (0.5 MB here, the Korean index) on every page for
  its search-as-you-type mode, which this book does not turn on (its search box submits to
  ``search.html``). ``docs/_templates/layout.html`` keeps them on the search page only.
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)

_FA_TOKEN = re.compile(rb"fa-([a-z0-9]+(?:-[a-z0-9]+)*)")
# the start of one icon table: `var b={"square-github":[448,512,[`, `={autoprefixer:[640,512,[`
# or `={0:[320,512,[` (keys are quoted names, bare identifiers or numbers)
_FA_TABLE = re.compile(r'=\{(?=(?:"[a-z0-9-]+"|[A-Za-z_$][\w$]*|\d+):\[\d+,\d+,\[)')
_FA_KEY = re.compile(r'"([a-z0-9-]+)"|([A-Za-z_$][\w$]*)|(\d+)')
_MARKER = "/* gdbook: Font Awesome subset, see docs/_ext/page_weight.py */\n"


def _array_end(text: str, i: int) -> int:
    """Index just past the JS array literal that starts at ``text[i] == '['`` (no brackets in
    strings: the values are numbers, icon names, code points and SVG path data)."""
    depth = 0
    in_str = False
    for j in range(i, len(text)):
        c = text[j]
        if in_str:
            if c == '"':
                in_str = False
        elif c == '"':
            in_str = True
        elif c == "[":
            depth += 1
        elif c == "]":
            depth -= 1
            if depth == 0:
                return j + 1
    raise ValueError("unterminated array in fontawesome.js")


def _aliases(value: str) -> set[str]:
    """The names in an icon's alias list (third element of ``[w,h,[aliases],unicode,path]``)."""
    inner = value[1:-1]
    start = inner.index("[")
    end = inner.index("]", start)
    return set(re.findall(r'"([a-z0-9-]+)"', inner[start:end]))


def subset_fontawesome(text: str, used: set[str]) -> tuple[str, int, int]:
    """Keep only the icons named in ``used`` in every icon table of Font Awesome's JS build.

    Returns the new text, the number of icons kept and the number of icons before.
    """
    out: list[str] = []
    pos = 0
    kept = total = 0
    for m in _FA_TABLE.finditer(text):
        if m.start() < pos:
            continue
        i = m.start() + 2  # just past "={"
        out.append(text[pos:i])
        entries: list[str] = []
        while True:
            key = _FA_KEY.match(text, i)
            if key is None or text[key.end()] != ":":
                raise ValueError(f"unexpected icon table syntax at {i}: {text[i:i + 40]!r}")
            name = key.group(1) or key.group(2) or key.group(3)
            vstart = key.end() + 1
            vend = _array_end(text, vstart)
            total += 1
            if name in used or _aliases(text[vstart:vend]) & used:
                entries.append(text[i:vend])
                kept += 1
            i = vend
            if text[i] == ",":
                i += 1
                continue
            if text[i] == "}":
                break
            raise ValueError(f"unexpected icon table syntax at {i}: {text[i:i + 40]!r}")
        out.append(",".join(entries))
        pos = i  # the closing brace is copied with the rest
    out.append(text[pos:])
    return "".join(out), kept, total


def used_icons(outdir: Path) -> set[str]:
    """Every ``fa-<name>`` in the built HTML and in the site's scripts other than Font Awesome."""
    used: set[str] = set()
    files = list(outdir.rglob("*.html")) + [
        p for p in (outdir / "_static").rglob("*.js") if p.name != "fontawesome.js"
    ]
    for path in files:
        used.update(m.decode() for m in _FA_TOKEN.findall(path.read_bytes()))
    return used


def _theme_fontawesome() -> Path | None:
    try:
        import pydata_sphinx_theme
    except ImportError:
        return None
    path = (Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme"
            / "static" / "scripts" / "fontawesome.js")
    return path if path.is_file() else None


def write_fontawesome_subset(outdir: Path) -> None:
    target = outdir / "_static" / "scripts" / "fontawesome.js"
    original = _theme_fontawesome()
    if original is None or not target.exists():
        return
    text = original.read_text(encoding="utf-8")
    new, kept, total = subset_fontawesome(text, used_icons(outdir))
    # the theme's source map describes the full file; a reader never needs it
    new = re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", new)
    new = _MARKER + new
    if not target.read_text(encoding="utf-8") == new:
        target.write_text(new, encoding="utf-8")
    logger.info(f"page_weight: fontawesome.js {len(text.encode()):,} -> {len(new.encode()):,} bytes "
                f"({kept} of {total} icons)")


def quantize_png(path: Path) -> tuple[int, int] | None:
    """Rewrite an RGB(A) PNG as a 256-colour palette PNG; return (bytes before, after).

    Fully opaque images are quantized from RGB, images with transparency from RGBA (Pillow's
    fast octree, no dithering). Palette images and other modes are left alone.
    """
    from PIL import Image

    with Image.open(path) as im:
        if im.format != "PNG" or im.mode not in ("RGB", "RGBA"):
            return None
        im.load()
        before = path.stat().st_size
        if im.mode == "RGBA" and im.getextrema()[3][0] == 255:
            im = im.convert("RGB")
        # fast octree: about 20 ms for a 1150x490 figure, and the smallest files of Pillow's
        # methods here (median cut is 5x slower and 1.7x larger); `optimize` would add 0.5 s
        # per figure for 5% fewer bytes
        q = im.quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
        dpi = im.info.get("dpi")
    kwargs = {"dpi": dpi} if dpi else {}
    tmp = path.with_suffix(".tmp.png")
    q.save(tmp, format="PNG", **kwargs)
    after = tmp.stat().st_size
    if after < before:
        tmp.replace(path)
    else:
        tmp.unlink()
        after = before
    return before, after


def quantize_images(outdir: Path) -> None:
    before = after = count = 0
    for path in sorted((outdir / "_images").glob("*.png")):
        result = quantize_png(path)
        if result:
            count += 1
            before += result[0]
            after += result[1]
    if count:
        logger.info(f"page_weight: {count} figures as palette PNGs, {before:,} -> {after:,} bytes")


def finish(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    write_fontawesome_subset(outdir)
    quantize_images(outdir)


def setup(app):
    app.connect("build-finished", finish)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
