"""The book's build infrastructure (docs/conf.py and docs/_ext), without building the book.

- docs/conf.py: offline by construction (MathJax served from _static, intersphinx inventories
  read from committed files that are valid Sphinx v2 inventories), warnings fail the build,
  myst-nb and sphinx-gallery fail on errors, the Korean search language is selected.
- docs/_ext/korean_text.py: the Korean search splitter and the query-side particle stripping,
  including the invariant that makes the search work: a query word, after stripping, is one of
  the prefixes the index holds for the word it came from.
- docs/_ext/check_offline.py: flags every resource a page would fetch from another host.
- docs/_ext/glossary_table.py (only with Sphinx installed): the table rows come from the TOML.

The full build (``nox -s docs``) is the integration test of all of this.
"""

from __future__ import annotations

import re
import runpy
import sys
import zlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
EXT = DOCS / "_ext"
sys.path.insert(0, str(EXT))

import check_offline  # noqa: E402
import korean_text  # noqa: E402


@pytest.fixture(scope="module")
def conf() -> dict:
    return runpy.run_path(str(DOCS / "conf.py"))


# ---------------------------------------------------------------------------- conf.py


def test_language_and_search(conf):
    assert conf["language"] == "ko"
    assert conf["html_search_language"] == "ko"
    assert "korean_search" in conf["extensions"]


def test_warnings_are_errors_and_execution_fails_loudly(conf):
    assert conf["nitpicky"] is True
    assert conf["nb_execution_raise_on_error"] is True
    assert conf["nb_output_stderr"] == "warn"
    assert conf["sphinx_gallery_conf"]["only_warn_on_example_error"] is False


def test_gallery_notebooks_are_not_sources(conf):
    # sphinx-gallery writes .ipynb next to each generated page; myst-nb must not read them
    assert "gallery/**/*.ipynb" in conf["exclude_patterns"]
    assert "_build" in conf["exclude_patterns"]


def test_mathjax_is_self_hosted(conf):
    path = conf["mathjax_path"]
    assert not re.match(r"(https?:)?//", path)
    assert (DOCS / "_static" / path).is_file()
    fonts = DOCS / "_static" / "mathjax" / "output" / "chtml" / "fonts" / "woff-v2"
    assert len(list(fonts.glob("*.woff"))) >= 20
    total = sum(p.stat().st_size for p in (DOCS / "_static" / "mathjax").rglob("*") if p.is_file())
    assert total < 2.5e6, f"vendored MathJax grew to {total / 1e6:.1f} MB"


def test_intersphinx_reads_local_inventories_only(conf):
    mapping = conf["intersphinx_mapping"]
    assert {"python", "numpy", "scipy", "matplotlib", "torch"} <= set(mapping)
    for name, (url, inventory) in mapping.items():
        assert url.startswith("https://"), name
        assert isinstance(inventory, str) and not inventory.startswith(("http:", "https:")), name
        data = (DOCS / inventory).read_bytes()
        header, _, body = data.partition(b"# The remainder of this file is compressed using zlib.\n")
        assert header.startswith(b"# Sphinx inventory version 2\n"), name
        lines = zlib.decompress(body).decode("utf-8").splitlines()
        assert len(lines) > 100, name


@pytest.mark.parametrize(
    ("inventory", "name"),
    [
        ("numpy", "numpy.ndarray py:class"),
        ("numpy", "numpy.random.default_rng py:function"),
        ("torch", "torch.optim.Adam py:class"),
        ("torch", "torch.optim.lr_scheduler.OneCycleLR py:class"),
        ("torch", "torch.nn.utils.clip_grad_norm_ py:function"),
        ("matplotlib", "matplotlib.axes.Axes.contour py:method"),
        ("scipy", "scipy.optimize.minimize py:function"),
        ("python", "typing.NamedTuple py:class"),
    ],
)
def test_inventories_hold_the_names_the_book_cites(inventory, name):
    data = (DOCS / "_intersphinx" / f"{inventory}.inv").read_bytes()
    body = zlib.decompress(data.split(b"zlib.\n", 1)[1]).decode("utf-8")
    assert any(line.startswith(name + " ") for line in body.splitlines())


# ---------------------------------------------------------------------------- Korean search


def test_split_indexes_every_prefix_of_hangul_words():
    words = korean_text.split_korean("경사하강법은 학습률을")
    assert words == ["경사", "경사하", "경사하강", "경사하강법", "경사하강법은", "학습", "학습률", "학습률을"]


def test_split_cuts_at_script_changes():
    assert korean_text.split_korean("Adam의 L-평활") == ["Adam", "의", "L", "평활"]
    assert korean_text.split_korean("x_t 는") == ["x_t", "는"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [("학습률은", "학습률"), ("발산하는", "발산"), ("경사", "경사"), ("정도", "정도"), ("Adam", "Adam")],
)
def test_strip_particle(query, expected):
    assert korean_text.strip_particle(query) == expected


@pytest.mark.parametrize("word", ["그래디언트", "모멘텀", "조건수", "편향", "워밍업"])
@pytest.mark.parametrize("particle", korean_text.PARTICLES)
def test_a_stripped_query_is_in_the_index(word, particle):
    text = word + particle
    assert korean_text.strip_particle(text) in korean_text.split_korean(text)


def test_js_stemmer_uses_the_same_particles():
    pytest.importorskip("sphinx")
    import korean_search

    js = korean_search._js_stemmer()
    assert "var Stemmer = KoreanStemmer" in js
    particles = re.search(r"const particles = \[(.*?)\];", js)[1]
    assert particles.split(",") == [f'"{p}"' for p in korean_text.PARTICLES]


# ---------------------------------------------------------------------------- offline check


def _page(tmp_path: Path, body: str) -> Path:
    (tmp_path / "page.html").write_text(f"<html><head>{body}</head><body></body></html>")
    return tmp_path


@pytest.mark.parametrize(
    "tag",
    [
        '<script src="https://cdn.jsdelivr.net/npm/mathjax@4/tex-mml-chtml.js"></script>',
        '<link rel="stylesheet" href="//cdn.example.org/x.css">',
        '<img src="http://example.org/a.png">',
        '<img srcset="a.png 1x, https://example.org/b.png 2x">',
    ],
)
def test_check_offline_flags_external_resources(tmp_path, tag):
    assert check_offline.check(_page(tmp_path, tag))


def test_check_offline_allows_links_and_local_assets(tmp_path):
    body = (
        '<link rel="canonical" href="https://gdbook.github.io/gdbook/">'
        '<a href="https://numpy.org/doc/stable/">numpy</a>'
        '<script src="_static/mathjax/tex-chtml-full.js"></script><span class="math">x</span>'
        '<link rel="stylesheet" href="_static/gdbook.css">'
    )
    assert check_offline.check(_page(tmp_path, body)) == []


def test_check_offline_requires_local_mathjax_on_math_pages(tmp_path):
    assert check_offline.check(_page(tmp_path, '<div class="math">x</div>'))


# ---------------------------------------------------------------------------- glossary page


def test_glossary_table_rows(tmp_path):
    pytest.importorskip("sphinx")
    import glossary_table

    entries = glossary_table.load_glossary(DOCS / "glossary.toml")
    assert entries and all(e["en"] and e["term"] for e in entries)
    bad = tmp_path / "bad.toml"
    bad.write_text('[[entry]]\nen = "x"\nterm = ""\n', encoding="utf-8")
    with pytest.raises(ValueError, match="term"):
        glossary_table.load_glossary(bad)


# ---------------------------------------------------------------------------- parallel read order


def _notebook_pages() -> set[str]:
    pages = set()
    for path in DOCS.rglob("*.md"):
        rel = path.relative_to(DOCS)
        if rel.parts[0].startswith("_"):
            continue
        head = path.read_text(encoding="utf-8")[:2000]
        if head.startswith("---") and "kernelspec:" in head.split("\n---", 1)[0]:
            pages.add(rel.with_suffix("").as_posix())
    return pages


def test_execution_hints_name_the_executed_pages(conf):
    # a hint for a page that is gone, or an executed page without one, means the hints are stale
    assert set(conf["gdbook_execution_seconds"]) == _notebook_pages()
    assert "read_order" in conf["extensions"]


@pytest.mark.parametrize("n_light", [240, 63, 61])  # chunks all equal, or a smaller last one
def test_balanced_order_spreads_heavy_pages(n_light):
    pytest.importorskip("sphinx")
    from sphinx.util.parallel import make_chunks

    import read_order

    names = sorted([f"api/p{i:03d}" for i in range(n_light)] + [f"chapter/{i:02d}" for i in range(14)])
    weights = {f"chapter/{i:02d}": float(w) for i, w in enumerate([24, 20, 19, 15, 14, 11, 9, 7, 7, 7, 6, 6, 5, 4])}
    # sorted by name, all executed pages land in at most two chunks
    before = [sum(weights.get(d, 0) for d in c) for c in make_chunks(names, 2)]
    assert max(before) > sum(weights.values()) / 2
    order = read_order.balanced_order(names, weights, 2)
    assert sorted(order) == names
    chunks = make_chunks(order, 2)
    assert [len(c) for c in chunks] == [len(c) for c in make_chunks(names, 2)]
    loads = [sum(weights.get(d, 0) for d in c) for c in chunks]
    assert loads[0] >= 24  # the heaviest page starts first
    assert max(loads) <= max(24, sum(loads) / len(loads) + 7)
    # two workers taking chunks in order: the busier one does at most the ideal half plus a page
    busy = [0.0, 0.0]
    for w in loads:
        busy[busy.index(min(busy))] += w
    assert max(busy) <= sum(loads) / 2 + 24 / 2


# ---------------------------------------------------------------------------- background execution


def test_prefetch_order_is_the_hints_heaviest_first(conf):
    import prefetch

    hints = conf["gdbook_execution_seconds"]
    pages = prefetch.notebook_pages(DOCS, hints)
    assert set(pages) == _notebook_pages()
    assert [hints[p] for p in pages] == sorted(hints.values(), reverse=True)


@pytest.mark.parametrize("handover", ["done", "running"])
def test_prefetched_page_is_read_from_myst_nbs_cache(tmp_path, capfd, handover):
    # A real Sphinx build. A stand-in for sphinx-gallery (a builder-inited handler registered
    # after prefetch) keeps the build busy until the background process has executed the page
    # ("done") or has only started it ("running": the reader must wait for it). Either way
    # myst-nb finds the page in its cache (same notebook, same key) and does not execute it.
    pytest.importorskip("myst_nb")
    import io

    from sphinx.application import Sphinx

    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        "import sys, time\n"
        "from pathlib import Path\n"
        f"sys.path.insert(0, {str(EXT)!r})\n"
        "extensions = ['myst_nb', 'prefetch', 'read_order']\n"
        "nb_execution_mode = 'cache'\n"
        "gdbook_execution_seconds = {'page': 1.0}\n"
        "def busy(app):\n"
        f"    marker = Path(app.env.mystnb_config.execution_cache_path) / 'prefetch' / 'page.{handover}'\n"
        "    end = time.monotonic() + 120\n"
        "    while not marker.exists() and time.monotonic() < end:\n"
        "        time.sleep(0.05)\n"
        "def setup(app):\n"
        "    app.connect('builder-inited', busy)\n", encoding="utf-8")
    (src / "index.md").write_text("# 표지\n\n```{toctree}\npage\n```\n", encoding="utf-8")
    (src / "page.md").write_text(
        "---\nfile_format: mystnb\nkernelspec:\n  name: python3\n  display_name: Python 3\n---\n\n"
        "# 쪽\n\n```{code-cell} ipython3\nimport time\ntime.sleep(1.0)\nprint(6 * 7)\n```\n",
        encoding="utf-8")
    out = tmp_path / "out"
    status = io.StringIO()
    app = Sphinx(str(src), str(src), str(out), str(out / ".doctrees"), "html",
                 status=status, warning=status, freshenv=True)
    app.build()
    log = status.getvalue()
    background = capfd.readouterr().out  # the background process writes to the build's stdout
    assert app.statuscode == 0, log
    assert re.search(r"page\.md: Executed notebook in [\d.]+ seconds \[prefetch\]", background), background
    assert "Using cached notebook" in log, log
    assert "Executing notebook" not in log, log  # myst-nb did not execute it a second time
    assert "42" in (out / "page.html").read_text(encoding="utf-8")
    assert not list(tmp_path.glob("**/prefetch/*.running"))
