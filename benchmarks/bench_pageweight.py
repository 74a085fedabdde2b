"""Page weight: the bytes a reader downloads for one chapter page of the built book.

Two measurements of the same page:

- static: parse the HTML, follow every local stylesheet, script, image, icon and preload, and the
  ``url(...)`` references inside the stylesheets (fonts), and sum the file sizes. This is an upper
  bound for fonts (a browser downloads only the faces a page uses) and misses what scripts load
  at run time (MathJax's own components and fonts);
- browser: open the page in headless Chromium (playwright, the system's chromium) from a local
  HTTP server, wait until MathJax has typeset, and sum the bytes of every response, by type.
  Requests to any other host are aborted and listed (there should be none: the book is offline).

Figures are listed with their bytes, pixel size and the dpi recorded in the PNG, and each PNG is
re-encoded losslessly (Pillow, optimize=True) and as a 256-colour palette to show what a trim
would save.
"""

from __future__ import annotations

import gzip
import html.parser
import io
import re
import shutil
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

from benchmarks.common import log

DEFAULT_PAGE = "chapter/05_adaptive.html"
_TEXT_TYPES = {"document", "script", "stylesheet", "xhr", "fetch"}


class _Refs(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and a.get("href"):
            rel = (a.get("rel") or "").lower()
            if any(r in rel for r in ("stylesheet", "preload", "icon", "modulepreload")):
                self.refs.append(("style" if "stylesheet" in rel else rel.split()[0], a["href"]))
        elif tag == "script" and a.get("src"):
            self.refs.append(("script", a["src"]))
        elif tag in ("img", "source") and (a.get("src") or a.get("srcset")):
            src = a.get("src") or a["srcset"].split()[0]
            self.refs.append(("image", src))
        elif tag == "video" and a.get("poster"):
            self.refs.append(("image", a["poster"]))


_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


def _local(base: Path, root: Path, ref: str) -> Path | None:
    if ref.startswith(("data:", "http:", "https:", "//", "#", "mailto:")):
        return None
    path = unquote(urlparse(ref).path)
    p = (base.parent / path).resolve()
    try:
        p.relative_to(root.resolve())
    except ValueError:
        return None
    return p if p.is_file() else None


def static_weight(html_dir: Path, page: str) -> dict:
    page_path = html_dir / page
    parser = _Refs()
    parser.feed(page_path.read_text(encoding="utf-8"))
    items, seen = [], set()

    def add(kind, path):
        if path in seen:
            return
        seen.add(path)
        items.append({"kind": kind, "file": str(path.relative_to(html_dir.resolve())), "bytes": path.stat().st_size})
        if path.suffix == ".css":
            for ref in _CSS_URL.findall(path.read_text(encoding="utf-8", errors="replace")):
                sub = _local(path, html_dir, ref)
                if sub is not None:
                    add("font" if sub.suffix in (".woff", ".woff2", ".ttf", ".otf", ".eot") else "css-asset", sub)

    items.append({"kind": "document", "file": page, "bytes": page_path.stat().st_size})
    for kind, ref in parser.refs:
        p = _local(page_path, html_dir, ref)
        if p is not None:
            add(kind, p)
    by_kind: dict[str, int] = {}
    for it in items:
        by_kind[it["kind"]] = by_kind.get(it["kind"], 0) + it["bytes"]
    return {"page": page, "total_bytes": sum(by_kind.values()), "by_kind": by_kind,
            "largest": sorted(items, key=lambda i: -i["bytes"])[:15]}


def figures(html_dir: Path, page: str) -> list[dict]:
    """Images of the page: bytes, pixels, dpi, and what lossless / palette re-encoding saves."""
    try:
        from PIL import Image
    except ImportError:  # pragma: no cover - pillow comes with matplotlib
        Image = None
    parser = _Refs()
    page_path = html_dir / page
    parser.feed(page_path.read_text(encoding="utf-8"))
    out = []
    for kind, ref in parser.refs:
        if kind != "image":
            continue
        p = _local(page_path, html_dir, ref)
        if p is None:
            continue
        row = {"file": str(p.relative_to(html_dir.resolve())), "bytes": p.stat().st_size}
        if Image is not None and p.suffix.lower() == ".png":
            with Image.open(p) as im:
                row["pixels"] = list(im.size)
                dpi = im.info.get("dpi")
                row["dpi"] = round(float(dpi[0])) if dpi else None
                buf = io.BytesIO()
                im.save(buf, format="PNG", optimize=True)
                row["optimized_png_bytes"] = buf.tell()
                buf = io.BytesIO()
                im.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(buf, format="PNG", optimize=True)
                row["palette256_png_bytes"] = buf.tell()
        out.append(row)
    return out


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def browser_weight(html_dir: Path, page: str, timeout_ms: int = 60_000) -> dict:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {"skipped": "playwright is not installed"}
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        return {"skipped": "no chromium on PATH"}
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(html_dir)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    responses, blocked = [], []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=[
                "--no-sandbox", "--headless", "--disable-background-networking",
                "--disable-component-update", "--disable-quic", "--no-first-run"])
            try:
                ctx = browser.new_context()
                pg = ctx.new_page()

                def route(r):
                    if r.request.url.startswith(base):
                        r.continue_()
                    else:
                        blocked.append(r.request.url)
                        r.abort()

                pg.route("**/*", route)

                def on_response(resp):
                    try:
                        body = resp.body()
                    except Exception:  # noqa: BLE001 - redirects and aborted requests have no body
                        body = b""
                    kind = resp.request.resource_type
                    # what a server that compresses text (GitHub Pages, Read the Docs) sends:
                    # gzip -6 for HTML, scripts and styles; images and fonts are sent as they are
                    wire = len(gzip.compress(body, 6)) if kind in _TEXT_TYPES and body else len(body)
                    responses.append({"url": resp.url[len(base):] if resp.url.startswith(base) else resp.url,
                                      "type": kind, "bytes": len(body), "gzip_bytes": wire,
                                      "status": resp.status})

                pg.on("response", on_response)
                pg.goto(urljoin(base, page), wait_until="load", timeout=timeout_ms)
                try:  # MathJax 3: wait for the typesetting (and the fonts it pulls in)
                    pg.wait_for_function("() => !window.MathJax || (MathJax.startup && MathJax.startup.promise)",
                                         timeout=timeout_ms)
                    pg.evaluate("() => window.MathJax && MathJax.startup ? MathJax.startup.promise : null")
                except Exception:  # noqa: BLE001 - the page has no math
                    pass
                try:  # best effort: a page with an animation may never be idle
                    pg.wait_for_load_state("networkidle", timeout=15_000)
                except Exception:  # noqa: BLE001
                    pass
                pg.evaluate("() => document.fonts.ready.then(() => true)")
                pg.wait_for_timeout(500)
            finally:
                browser.close()
    finally:
        server.shutdown()
    by_type: dict[str, int] = {}
    for r in responses:
        by_type[r["type"]] = by_type.get(r["type"], 0) + r["bytes"]
    return {"page": page, "requests": len(responses), "total_bytes": sum(by_type.values()), "by_type": by_type,
            "gzip_bytes": sum(r["gzip_bytes"] for r in responses),
            "largest": sorted(responses, key=lambda r: -r["bytes"])[:15], "blocked_external": blocked}


def mathjax_components(html_dir: Path) -> dict:
    mj = html_dir / "_static" / "mathjax"
    if not mj.is_dir():
        return {}
    return {str(p.relative_to(mj)): p.stat().st_size for p in sorted(mj.glob("*.js"))}


def run(html_dir: Path, page: str = DEFAULT_PAGE) -> dict:
    html_dir = Path(html_dir)
    if not (html_dir / page).exists():
        candidates = sorted((html_dir / "chapter").glob("*.html"))
        if not candidates:
            return {"skipped": f"no built chapter pages in {html_dir}"}
        page = str(candidates[0].relative_to(html_dir))
    out = {"page": page, "static": static_weight(html_dir, page), "figures": figures(html_dir, page),
           "browser": browser_weight(html_dir, page), "mathjax_bundles": mathjax_components(html_dir)}
    figs = out["figures"]
    out["figures_total_bytes"] = sum(f["bytes"] for f in figs)
    out["figures_optimized_png_bytes"] = sum(f.get("optimized_png_bytes", f["bytes"]) for f in figs)
    out["figures_palette256_bytes"] = sum(f.get("palette256_png_bytes", f["bytes"]) for f in figs)
    b = out["browser"]
    log(f"  page weight of {page}: static {out['static']['total_bytes'] / 1e6:.2f} MB"
        + (f", in the browser {b['total_bytes'] / 1e6:.2f} MB in {b['requests']} requests"
           f" ({b['gzip_bytes'] / 1e6:.2f} MB with gzip)"
           if "total_bytes" in b else f" (browser: {b.get('skipped')})")
        + f"; {len(figs)} figures {out['figures_total_bytes'] / 1e3:.0f} kB "
        f"(lossless re-encode {out['figures_optimized_png_bytes'] / 1e3:.0f} kB, "
        f"256 colours {out['figures_palette256_bytes'] / 1e3:.0f} kB)")
    if "by_type" in b:
        log("    by type: " + ", ".join(f"{k} {v / 1e3:.0f} kB" for k, v in sorted(b["by_type"].items(), key=lambda kv: -kv[1])))
    return out


def run_all(html_dir: Path) -> dict:
    """Every chapter page (browser if available, else static); the median page is 'typical'."""
    html_dir = Path(html_dir)
    pages = sorted(str(p.relative_to(html_dir)) for p in (html_dir / "chapter").glob("*.html"))
    if not pages:
        return {"skipped": f"no built chapter pages in {html_dir}"}
    per_page = {}
    for page in pages:
        b = browser_weight(html_dir, page)
        s = static_weight(html_dir, page)
        figs = figures(html_dir, page)
        per_page[page] = {
            "browser_bytes": b.get("total_bytes"), "browser_requests": b.get("requests"),
            "browser_gzip_bytes": b.get("gzip_bytes"),
            "browser_by_type": b.get("by_type"), "blocked_external": b.get("blocked_external"),
            "static_bytes": s["total_bytes"], "static_by_kind": s["by_kind"],
            "figures": len(figs), "figures_bytes": sum(f["bytes"] for f in figs),
            "figures_palette256_bytes": sum(f.get("palette256_png_bytes", f["bytes"]) for f in figs),
            "figures_optimized_png_bytes": sum(f.get("optimized_png_bytes", f["bytes"]) for f in figs),
            "figure_dpi": sorted({f.get("dpi") for f in figs if f.get("dpi")}),
        }
    key = "browser_bytes" if all(v["browser_bytes"] for v in per_page.values()) else "static_bytes"
    ordered = sorted(per_page, key=lambda p: per_page[p][key])
    typical = ordered[len(ordered) // 2]
    detail = run(html_dir, typical)
    return {"measure": key, "pages": per_page,
            "typical": {"page": typical, "bytes": per_page[typical][key]}, "typical_detail": detail}
