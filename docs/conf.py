"""Sphinx configuration of the gdbook book (경사 하강법 이론).

Build: ``nox -s docs`` (= ``sphinx-build -W --keep-going -n -b html docs docs/_build/html``).
The build is offline: MathJax is served from ``_static/mathjax`` (vendored, see
``_ext/vendor_mathjax.py``), intersphinx reads the inventories committed in ``_intersphinx/``
(see ``_ext/make_intersphinx.py``), and nothing in the built HTML loads from another host.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import urlparse

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(DOCS / "_ext"))
sys.path.insert(0, str(ROOT))  # gdbook from this checkout, also without an editable install

# matplotlib must never open a window or pick a GUI backend during the build.
os.environ.setdefault("MPLBACKEND", "Agg")

# One BLAS thread per process (this process runs the gallery; the page kernels inherit it). The
# build already keeps both cores busy with whole processes (docs/_ext/prefetch.py, parallel
# read); OpenBLAS threads on top of that only compete: pages ran 15-25 % slower with two each.
# It also makes the numbers independent of the machine's core count (exercise 2's training bits
# depend on it). Set before numpy is imported; a value given in the environment wins.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

# The kernels that execute the book's pages get an IPython profile of their own (not the
# reader's ~/.ipython: no startup files, no history database in the home directory). It also
# silences ipykernel's start-up notice about unencrypted local TCP, which is not a problem here.
# Figures are saved as they are laid out (bbox_inches=None instead of the inline backend's
# "tight"): every figure of the book uses constrained layout (gdbook.plotting), so the tight box
# would only re-crop the margins, at the price of a second layout-and-draw pass per figure (about
# a quarter of the time spent on figures). The PNG is then exactly figsize x dpi.
_IPYTHONDIR = DOCS / "_build" / ".ipython"
(_IPYTHONDIR / "profile_default").mkdir(parents=True, exist_ok=True)
(_IPYTHONDIR / "profile_default" / "ipython_kernel_config.py").write_text(
    "c.IPKernelApp.log_level = 40  # ERROR\nc.HistoryManager.enabled = False\n"
    "c.InlineBackend.print_figure_kwargs = {'bbox_inches': None}\n", encoding="utf-8"
)
os.environ["IPYTHONDIR"] = str(_IPYTHONDIR)

import gdbook  # noqa: E402

# -- Project ------------------------------------------------------------------------------------

project = "경사 하강법 이론"
author = "gdbook contributors"
copyright = "2026, gdbook contributors"  # noqa: A001
release = version = gdbook.__version__
language = "ko"
html_search_language = "ko"  # docs/_ext/korean_search.py

# Where the book is published; the sitemap, the canonical links and the Open Graph tags use it.
# Read the Docs gives its own URL through READTHEDOCS_CANONICAL_URL.
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "https://gdbook.github.io/gdbook/")

extensions = [
    "myst_nb",
    # docs/_ext/prefetch.py: executes the notebook pages in the background while sphinx-gallery
    # runs the examples; its builder-inited handler must come after myst-nb's and before
    # autosummary's and sphinx-gallery's (same priority: registration order)
    "prefetch",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "numpydoc",
    "sphinx.ext.intersphinx",
    "sphinx.ext.mathjax",
    "sphinx_gallery.gen_gallery",
    "sphinx_proof",
    "sphinx_exercise",
    "sphinx_togglebutton",
    "sphinxcontrib.bibtex",
    "sphinx_copybutton",
    "sphinx_design",
    "sphinx_sitemap",
    "sphinxext.opengraph",
    "notfound.extension",
    # docs/_ext
    "korean_search",
    "gdbook_book",
    "page_weight",
    "gdbook_api",
    "gallery_ko",
    "glossary_table",
    "read_order",
]

exclude_patterns = [
    "_build",
    "**.ipynb_checkpoints",
    "Thumbs.db",
    ".DS_Store",
    # sphinx-gallery writes a notebook next to each generated page; myst-nb would read it as a
    # second copy of the example.
    "gallery/**/*.ipynb",
    "gallery/**/*.py",
    "api/generated/backreferences/**",
    "_templates/**",
    "_static/**",
    "_intersphinx/**",
    "locales/**",
]
templates_path = ["_templates"]
nitpicky = True
suppress_warnings: list[str] = []

# -- MyST / myst-nb -----------------------------------------------------------------------------

myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist", "substitution"]
myst_dmath_double_inline = True
# Slug anchors for [](#...) links to headings; every heading also has an explicit label (see
# CONTRIBUTING.md), which is what cross-references use.
myst_heading_anchors = 3
myst_footnote_transition = False

nb_execution_mode = "cache"  # cache: docs/_build/.jupyter_cache (removed by nox -s docs-clean)
nb_execution_cache_path = str(DOCS / "_build" / ".jupyter_cache")
nb_execution_timeout = 300
nb_execution_raise_on_error = True
nb_execution_show_tb = True
# Seconds each executed page takes in a cold build (myst-nb's execution report, the benchmark's
# build section): docs/_ext/read_order.py spreads the pages over the parallel readers with them.
# A page that is missing counts gdbook_execution_default; stale values only make the split worse.
gdbook_execution_seconds = {
    "chapter/03_sgd": 18.6,
    "exercises/ex5": 15.0,
    "chapter/07_practice": 13.0,
    "chapter/06_schedules": 11.8,
    "chapter/05_adaptive": 10.7,
    "exercises/ex3": 7.1,
    "exercises/ex2": 6.6,
    "exercises/ex4": 5.5,
    "appendix/traps": 5.1,
    "chapter/01_basics": 5.0,
    "chapter/02_convergence": 4.9,
    "chapter/04_momentum": 4.2,
    "appendix/benchmarks": 3.9,
    "exercises/ex1": 2.9,
}
nb_execution_allow_errors = False
# A cell that writes to stderr (a warning, a progress bar) fails the build under -W.
nb_output_stderr = "warn"
nb_merge_streams = True
# the book hides only cell inputs (tag hide-input), so one Korean label fits every hidden block
nb_code_prompt_show = "코드 보기"
nb_code_prompt_hide = "코드 숨기기"
nb_kernel_rgx_aliases = {".*": "python3"}

# -- autodoc / autosummary / numpydoc ------------------------------------------------------------

autosummary_generate = True
autosummary_ignore_module_all = False  # the public names of a module are its __all__
autosummary_imported_members = False
autodoc_typehints = "none"  # types live in the numpydoc "Parameters"/"Returns" sections
autodoc_member_order = "bysource"
autodoc_default_options = {"members": True, "inherited-members": False, "show-inheritance": True}
add_module_names = False

numpydoc_show_class_members = False  # methods are documented on the class page by autodoc
numpydoc_class_members_toctree = False
numpydoc_attributes_as_param_list = True
numpydoc_xref_param_type = True
numpydoc_xref_ignore = "all"  # only the words below become links; anything else stays text
numpydoc_xref_aliases = {
    "ndarray": "numpy.ndarray",
    "array_like": ":term:`array_like <numpy:array_like>`",
    "Generator": "numpy.random.Generator",
    "callable": ":term:`callable <python:callable>`",
    "NamedTuple": "typing.NamedTuple",
    "Axes": "matplotlib.axes.Axes",
    "Figure": "matplotlib.figure.Figure",
    "Tensor": "torch.Tensor",
    "RunResult": "gdbook.runner.RunResult",
    "Optimizer": "gdbook.optimizers.Optimizer",
    "Objective": "gdbook.functions.Objective",
    "Quadratic": "gdbook.functions.Quadratic",
    "Schedule": "gdbook.schedules.Schedule",
}
# Every documented public object must have a docstring (CONTRIBUTING.md). Module constants
# (UPPER_CASE data) cannot carry one and are described in their module's docstring.
numpydoc_validation_checks = {"GL08"}
numpydoc_validation_exclude = {r"\._[a-z]", r"\.__[a-z]+__$", r"\.[A-Z][A-Z0-9_]*$"}

# -- intersphinx (offline: local inventories only) ---------------------------------------------

intersphinx_mapping = {
    "python": ("https://docs.python.org/3/", "_intersphinx/python.inv"),
    "numpy": ("https://numpy.org/doc/stable/", "_intersphinx/numpy.inv"),
    "scipy": ("https://docs.scipy.org/doc/scipy/", "_intersphinx/scipy.inv"),
    "matplotlib": ("https://matplotlib.org/stable/", "_intersphinx/matplotlib.inv"),
    "torch": ("https://docs.pytorch.org/docs/stable/", "_intersphinx/torch.inv"),
}
intersphinx_timeout = 1

# -- sphinx-gallery -----------------------------------------------------------------------------

sphinx_gallery_conf = {
    "examples_dirs": ["../gallery"],
    "gallery_dirs": ["gallery"],
    "filename_pattern": r"/plot_",
    "ignore_pattern": r"(__init__|conftest)\.py",
    # subsections (gallery/01_basics, 02_convergence, ...) in folder-name order; examples inside
    # a subsection by file name (plot_01_..., plot_02_...)
    "subsection_order": None,
    "within_subsection_order": "FileNameSortKey",
    "backreferences_dir": "api/generated/backreferences",
    "doc_module": ("gdbook",),
    "prefer_full_module": {r"gdbook\."},
    "reference_url": {"gdbook": None},
    "reset_modules": ("matplotlib",),
    "download_all_examples": True,
    "only_warn_on_example_error": False,
    "abort_on_example_error": False,
    "matplotlib_animations": (True, "jshtml"),
    # Examples run one after another in the build process. In parallel (True: joblib, one worker
    # per -j) the gallery finished sooner, but every worker imports numpy/matplotlib/torch again
    # and two examples share two cores: the per-example times in the table grew by about 20%
    # (43.5 s in total, the torch recipe 5.8 s) -- and that table is what the examples are held
    # to (each under 5 s, all under 40 s). docs/_ext/gallery_ko.py keeps up-to-date examples out
    # of the worker pool if this is turned on.
    "parallel": False,
    "image_scrapers": ("matplotlib",),
    "remove_config_comments": True,
    "show_memory": False,
    "min_reported_time": 0,
    "write_computation_times": True,
    "show_signature": False,
    "capture_repr": ("_repr_html_", "__repr__"),
    "first_notebook_cell": None,
}

# -- Math: MathJax 3, self-hosted --------------------------------------------------------------

mathjax_path = "mathjax/tex-chtml-full.js"  # relative to _static
mathjax3_config = {
    "loader": {"load": []},
    "tex": {"tags": "none"},
    # assistive MathML is built into tex-chtml-full.js; the explorer (a11y/, sre/) is not shipped
    "options": {"menuOptions": {"settings": {"explorer": False, "assistiveMml": True}}},
}

# -- Theorems, exercises, bibliography ----------------------------------------------------------

proof_minimal_theme = False
hide_solutions = False
bibtex_bibfiles = ["references.bib", *sorted(str(p.relative_to(DOCS)) for p in (DOCS / "bib").glob("*.bib"))]
bibtex_default_style = "plain"
bibtex_reference_style = "author_year"

# -- HTML ---------------------------------------------------------------------------------------

html_theme = "sphinx_book_theme"
html_title = "경사 하강법 이론"
html_static_path = ["_static"]
html_css_files = ["gdbook.css"]
html_last_updated_fmt = None
# The sources are copied to _sources/: the theme's download menu offers each page's .md (and,
# for executed pages, its .ipynb) from there; the "show source" link stays off.
html_copy_source = True
html_show_sourcelink = False
html_theme_options = {
    "repository_url": "https://github.com/gdbook/gdbook",
    "repository_branch": "main",
    "path_to_docs": "docs",
    "use_repository_button": True,
    "use_download_button": True,
    "use_fullscreen_button": False,
    "home_page_in_toc": True,
    "show_toc_level": 2,
    # The left sidebar renders only the branch of the current page: with the full tree (about
    # 150 API pages) every page took ~1 s to write (pydata-sphinx-theme's toctree rendering).
    "collapse_navbar": True,
    "max_navbar_depth": 3,
    "navigation_with_keys": False,
}
html_context = {"default_mode": "light"}
numfig = True
numfig_format = {
    "figure": "그림 %s",
    "table": "표 %s",
    "code-block": "코드 %s",
    "section": "%s절",
}
copybutton_prompt_text = r">>> |\.\.\. |\$ "
copybutton_prompt_is_regexp = True
copybutton_exclude = ".linenos, .gp, .go"

# sitemap: one URL per page, no language/version prefix
sitemap_url_scheme = "{link}"
sitemap_show_lastmod = False
sitemap_excludes = ["search.html", "genindex.html", "404.html", "py-modindex.html"]

# Open Graph: the page's front-matter `description` (docs/_ext/gdbook_book.py) or its first
# paragraph. Social-card images would need matplotlib to draw Korean text: off.
ogp_site_url = html_baseurl
ogp_site_name = "경사 하강법 이론"
ogp_type = "book"
ogp_social_cards = {"enable": False}
ogp_enable_meta_description = True
ogp_custom_meta_tags = ['<meta property="og:locale" content="ko_KR" />']

# 404 page (docs/404.md): links on it are absolute, under the site's path
notfound_urls_prefix = urlparse(html_baseurl).path or "/"

# Korean labels for sphinx-gallery and numpydoc (docs/_ext/gallery_ko.py, gdbook_api.py)
locale_dirs = ["locales"]
gettext_compact = False
