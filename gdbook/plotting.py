r"""그림 도우미: 한국어 글꼴, 방법마다 고정된 색, 등고선, 궤적, 손실 곡선, 학습률 스케줄 곡선.

책의 모든 그림은 이 모듈로 그립니다. gdbook에서 matplotlib를 불러오는 모듈은 이것 하나뿐이고,
torch는 불러오지 않습니다.

- **한국어 글꼴** — :func:`use_korean_font` 가 Noto Sans CJK KR을 찾아 설정하고, 글리프가 없어
  네모(□)가 그려질 상황을 경고가 아닌 오류로 바꿉니다. 모든 도우미가 그릴 때마다 이 함수를 다시
  부르므로(sphinx-gallery는 예제마다 ``rcParams`` 를 초기화합니다), 예제는 글꼴을 신경 쓰지
  않아도 됩니다. 그림은 :func:`subplots` (또는 :func:`figure`)로 만드세요.
- **색** — :data:`METHOD_COLORS` 는 최적화 방법과 학습률 스케줄마다 책 전체에서 같은 색을
  정합니다(색각 이상에도 구별되는 Okabe–Ito 팔레트와 Paul Tol 팔레트). :func:`color_for` 로 찾습니다.
- **발산** — 축 범위는 발산하지 않은 실행(또는 주어진 창)으로 정하므로, 발산한 실행 하나가 다른
  곡선을 납작하게 만들지 않습니다. 발산한 실행은 그림의 가장자리를 벗어나는 곳까지 그리고,
  ``x`` 표시와 ``발산 (스텝 12)`` 같은 주석을 붙입니다(궤적: 창을 떠나는 점, 손실 곡선: 발산한
  스텝, 값이 축 위쪽 밖이면 위 가장자리).
- **정확히 0** — 로그 축에서 :math:`f(x_t) - f^* = 0` 인 값은 그릴 수 없습니다. 그런 값은 곡선에서
  빼고(경고 없음), 처음 0이 된 스텝에 축 아래쪽 ``▼`` 표시와 ``정확히 0 (스텝 t)`` 주석을 붙입니다.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import numpy as np
>>> from gdbook import plotting
>>> fig, ax = plotting.subplots()
>>> curves = plotting.loss_curves(ax, {"경사 하강법": np.array([1.0, 0.5, 0.25, 0.0])})
>>> curves["경사 하강법"].status
'zero'
>>> plotting.plt.close(fig)
"""

from __future__ import annotations

import logging
import math
import re
import warnings
import zlib
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from matplotlib import font_manager, ft2font
from matplotlib.axes import Axes
from matplotlib.colors import to_hex
from matplotlib.transforms import blended_transform_factory

from gdbook._validation import check_int

__all__ = [
    "use_korean_font",
    "MissingGlyphError",
    "subplots",
    "figure",
    "METHOD_COLORS",
    "OPTIMIZER_KEYS",
    "SCHEDULE_KEYS",
    "color_for",
    "sweep_colors",
    "contour",
    "trajectories",
    "loss_curves",
    "rate_comparison",
    "schedule_curves",
    "ContourArtists",
    "CurveArtists",
    "RateArtists",
    "plt",
]

# --------------------------------------------------------------------------------------------
# Korean font
# --------------------------------------------------------------------------------------------

#: Font families tried in order; the first one installed that has Hangul is used.
KOREAN_FONT_CANDIDATES = ("Noto Sans CJK KR", "Noto Sans KR")
#: Second family in ``font.family``: per-glyph fallback for symbols the Korean font lacks.
FALLBACK_FONT = "DejaVu Sans"
INSTALL_HINT = (
    "Install it with `bash scripts/install-system-deps.sh` (from the repository root) "
    "or `sudo apt-get install fonts-noto-cjk`, then run again."
)

_GLYPH_WARNING_PATTERN = r"Glyph .* missing from font"
_MATHTEXT_LOGGER = "matplotlib.mathtext"


class MissingGlyphError(UserWarning):
    """수식(mathtext) 안의 문자에 글리프가 없을 때 내는 오류.

    일반 텍스트의 글리프 누락은 matplotlib의 ``UserWarning`` ("Glyph ... missing from font")이
    그대로 오류가 되어 올라오고, 수식 안의 누락은 이 예외가 올라옵니다. 이 클래스가
    ``UserWarning`` 의 하위 클래스이므로 ``except UserWarning`` 하나로 둘 다 잡힙니다.

    Examples
    --------
    >>> issubclass(MissingGlyphError, UserWarning)
    True
    """


class _FontInfo(NamedTuple):
    family: str
    path: str
    index: int
    has_minus: bool


_font_info: _FontInfo | None = None


class _RaiseOnMissingMathGlyph(logging.Filter):
    """Logger filter turning mathtext's "does not have a glyph" warning into an exception."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.WARNING and "does not have a glyph" in str(record.msg):
            raise MissingGlyphError(f"missing glyph in math text: {record.getMessage()}")
        return True


def _find_korean_font(manager) -> _FontInfo | None:
    """First candidate family in ``manager.ttflist`` whose face really has Hangul (U+AC00)."""
    for family in KOREAN_FONT_CANDIDATES:
        for entry in manager.ttflist:
            if entry.name != family:
                continue
            try:
                face = ft2font.FT2Font(entry.fname, face_index=getattr(entry, "index", 0))
            except (OSError, RuntimeError, ValueError):  # file removed since the cache was written
                continue
            if face.get_char_index(0xAC00):
                return _FontInfo(family, entry.fname, getattr(entry, "index", 0),
                                 bool(face.get_char_index(0x2212)))
    return None


def _rebuild_font_list() -> None:
    """Rescan the system fonts once (the cache may predate the font) and add what is new.

    ``_load_fontmanager(try_read_cache=False)`` rescans and rewrites the cache file. The new
    files are added to the *existing* ``fontManager`` because several matplotlib modules hold a
    reference to that instance; replacing it would leave them looking at the stale list.
    """
    fresh = font_manager._load_fontmanager(try_read_cache=False)
    known = {entry.fname for entry in font_manager.fontManager.ttflist}
    for path in sorted({entry.fname for entry in fresh.ttflist} - known):
        font_manager.fontManager.addfont(path)


def _install_glyph_guards() -> None:
    """Make a missing glyph an error: warnings filter (text) and logger filter (mathtext)."""
    first = warnings.filters[0] if warnings.filters else None
    if not (first and first[0] == "error" and getattr(first[1], "pattern", None) == _GLYPH_WARNING_PATTERN):
        # Inserted at the front (an identical older entry is removed), so it wins over any
        # broader "ignore" filter installed since.
        warnings.filterwarnings("error", message=_GLYPH_WARNING_PATTERN, category=UserWarning)
    logger = logging.getLogger(_MATHTEXT_LOGGER)
    if not any(type(f).__name__ == _RaiseOnMissingMathGlyph.__name__ for f in logger.filters):
        logger.addFilter(_RaiseOnMissingMathGlyph())


def use_korean_font() -> str:
    """한국어 글꼴(Noto Sans CJK KR)을 matplotlib에 설정하고, 글리프 누락을 오류로 만듭니다.

    하는 일:

    1. 설치된 글꼴 목록에서 Noto Sans CJK KR(없으면 Noto Sans KR)을 찾습니다. matplotlib의
       글꼴 캐시가 글꼴 설치 전에 만들어져 찾지 못하면, 글꼴 목록을 한 번 다시 만들어 봅니다.
    2. ``rcParams["font.family"]`` 를 ``[한국어 글꼴, "DejaVu Sans"]`` 로 둡니다. 한국어 글꼴에
       없는 기호는 글리프마다 DejaVu Sans에서 가져오고, 수식은 기본 수식 글꼴(DejaVu Sans)로
       그립니다.
    3. 글꼴에 빼기 기호 U+2212가 있을 때만 ``axes.unicode_minus`` 를 켭니다(Noto CJK에는
       있습니다. NanumGothic에는 없어 로그 축의 음의 지수가 네모로 나옵니다).
    4. "Glyph ... missing from font" 경고를 오류로 바꾸는 경고 필터와, 수식 안의 글리프 누락을
       :class:`MissingGlyphError` 로 바꾸는 ``matplotlib.mathtext`` 로거 필터를 설치합니다.
       네모 글자가 조용히 책에 실리는 일이 없습니다.

    여러 번 불러도 결과가 같고(멱등), 글꼴 탐색은 처음 한 번만 하므로 가볍습니다. 이 모듈의
    모든 그림 도우미가 그릴 때마다 이 함수를 부릅니다. 글꼴 설정은 텍스트 객체가 *만들어질 때*
    정해지므로, 도우미보다 먼저 만든 제목이나 축 이름에는 적용되지 않습니다. 그림은
    :func:`subplots` 나 :func:`figure` 로 만드세요.

    Returns
    -------
    str
        설정한 글꼴 이름(``"Noto Sans CJK KR"``).

    Raises
    ------
    RuntimeError
        한국어 글꼴이 설치되어 있지 않을 때. 메시지에 설치 명령
        (``bash scripts/install-system-deps.sh`` 또는 ``apt-get install fonts-noto-cjk``)이 있습니다.

    Examples
    --------
    >>> import matplotlib
    >>> from gdbook.plotting import use_korean_font
    >>> use_korean_font()
    'Noto Sans CJK KR'
    >>> matplotlib.rcParams["font.family"]
    ['Noto Sans CJK KR', 'DejaVu Sans']
    >>> use_korean_font() == use_korean_font()   # 멱등
    True
    """
    global _font_info
    if _font_info is None:
        info = _find_korean_font(font_manager.fontManager)
        if info is None:
            _rebuild_font_list()
            info = _find_korean_font(font_manager.fontManager)
        if info is None:
            raise RuntimeError(
                "No Korean font found for the book's figures (looked for "
                + ", ".join(repr(f) for f in KOREAN_FONT_CANDIDATES)
                + " after rebuilding matplotlib's font list). "
                + INSTALL_HINT
            )
        _font_info = info
    rc = matplotlib.rcParams
    family = [_font_info.family, FALLBACK_FONT]
    if list(rc["font.family"]) != family:
        rc["font.family"] = family
    if rc["axes.unicode_minus"] != _font_info.has_minus:
        rc["axes.unicode_minus"] = _font_info.has_minus
    _install_glyph_guards()
    return _font_info.family


def _apply_font_to_axes(ax: Axes) -> None:
    """Give the text objects an Axes created before :func:`use_korean_font` the Korean font."""
    family = list(matplotlib.rcParams["font.family"])
    for name in ("title", "_left_title", "_right_title"):
        text = getattr(ax, name, None)
        if text is not None:
            text.set_fontfamily(family)
    ax.xaxis.label.set_fontfamily(family)
    ax.yaxis.label.set_fontfamily(family)


def _prepare(ax) -> None:
    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes, got {type(ax).__name__}")
    use_korean_font()
    _apply_font_to_axes(ax)


# --------------------------------------------------------------------------------------------
# Figures
# --------------------------------------------------------------------------------------------

#: Width of a figure in inches: the text column of the book is about 8 inches wide.
PAGE_WIDTH = 8.0
#: Resolution of the book's PNG figures (8 in x 120 dpi = 960 px).
DPI = 120


def _default_size(nrows: int, ncols: int) -> tuple[float, float]:
    row_height = {1: 4.8, 2: 3.8}.get(ncols, 3.0)
    return (PAGE_WIDTH, min(row_height * nrows, 11.0))


def subplots(nrows=1, ncols=1, *, figsize=None, dpi=None, layout="constrained", **kwargs):
    """책 한 쪽 너비에 맞춘 ``plt.subplots``: 한국어 글꼴을 먼저 설정합니다.

    Parameters
    ----------
    nrows, ncols : int, optional
        축의 행과 열 수.
    figsize : tuple of float, optional
        그림 크기(인치). 기본값은 너비 8인치, 높이는 행과 열 수에 따라 정합니다.
    dpi : float, optional
        해상도. 기본값 120.
    layout : str, optional
        ``"constrained"`` (기본값)이면 축 이름과 범례가 잘리지 않게 배치합니다.
    **kwargs
        ``matplotlib.pyplot.subplots`` 로 그대로 넘깁니다(``sharex``, ``squeeze`` 등).

    Returns
    -------
    fig : matplotlib.figure.Figure
    ax : matplotlib.axes.Axes or numpy.ndarray of Axes

    Examples
    --------
    >>> from gdbook.plotting import subplots, plt
    >>> fig, axes = subplots(1, 2)
    >>> fig.get_size_inches().tolist(), axes.shape
    ([8.0, 3.8], (2,))
    >>> plt.close(fig)
    """
    use_korean_font()
    nrows = check_int("nrows", nrows, minimum=1)
    ncols = check_int("ncols", ncols, minimum=1)
    return plt.subplots(
        nrows, ncols,
        figsize=figsize if figsize is not None else _default_size(nrows, ncols),
        dpi=dpi if dpi is not None else DPI,
        layout=layout,
        **kwargs,
    )


def figure(*, figsize=None, dpi=None, layout="constrained", **kwargs):
    """책 한 쪽 너비에 맞춘 ``plt.figure``: 한국어 글꼴을 먼저 설정합니다.

    Parameters
    ----------
    figsize : tuple of float, optional
        그림 크기(인치). 기본값 ``(8, 4.8)``.
    dpi : float, optional
        해상도. 기본값 120.
    layout : str, optional
        기본값 ``"constrained"``.
    **kwargs
        ``matplotlib.pyplot.figure`` 로 그대로 넘깁니다.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from gdbook.plotting import figure, plt
    >>> fig = figure()
    >>> fig.get_size_inches().tolist(), float(fig.dpi)
    ([8.0, 4.8], 120.0)
    >>> plt.close(fig)
    """
    use_korean_font()
    return plt.figure(
        figsize=figsize if figsize is not None else _default_size(1, 1),
        dpi=dpi if dpi is not None else DPI,
        layout=layout,
        **kwargs,
    )


# --------------------------------------------------------------------------------------------
# Colours
# --------------------------------------------------------------------------------------------

# Okabe & Ito (2008), "Color Universal Design"; the yellow (#F0E442) is left out: it is
# unreadable as a thin line on white.
_BLACK, _ORANGE, _SKY_BLUE, _GREEN = "#000000", "#E69F00", "#56B4E9", "#009E73"
_BLUE, _VERMILLION, _PURPLE = "#0072B2", "#D55E00", "#CC79A7"
# Paul Tol's "muted" scheme, for the methods beyond Okabe-Ito's seven usable colours.
_INDIGO, _WINE, _OLIVE, _TEAL = "#332288", "#882255", "#999933", "#44AA99"

_OPTIMIZER_COLORS = {
    "sgd": _BLACK,                       # 경사 하강법 / 확률적 경사 하강법: the baseline
    "momentum": _BLUE,
    "heavy_ball": _SKY_BLUE,
    "nesterov": _VERMILLION,
    "adagrad": _GREEN,
    "rmsprop": _PURPLE,
    "adam": _ORANGE,
    "adamw": _INDIGO,
    "nadam": _WINE,
    "adadelta": _OLIVE,
    "adam_no_bias_correction": _TEAL,    # appears next to "adam" (orange) in the bias-correction figure
}
_SCHEDULE_COLORS = {
    "constant": _BLACK,
    "step_decay": _BLUE,
    "exponential": _VERMILLION,
    "inverse_sqrt": _SKY_BLUE,
    "cosine_annealing": _GREEN,
    "one_cycle": _PURPLE,
    "warmup_cosine": _ORANGE,
    "linear_warmup": _OLIVE,
    "sequential": _INDIGO,
}
_ALIASES = {
    "gd": "sgd",
    "nesterov_lookahead": "nesterov",
    "nag": "nesterov",
    "heavyball": "heavy_ball",
    "polyak": "heavy_ball",
    "adam_no_bc": "adam_no_bias_correction",
    "cosine": "cosine_annealing",
}

#: Canonical optimizer keys, in the order of the book.
OPTIMIZER_KEYS = tuple(_OPTIMIZER_COLORS)
#: Canonical schedule keys.
SCHEDULE_KEYS = tuple(_SCHEDULE_COLORS)

#: Read-only map key -> hex colour for every optimizer and schedule key and alias.
METHOD_COLORS = MappingProxyType(
    {
        **_OPTIMIZER_COLORS,
        **_SCHEDULE_COLORS,
        **{alias: {**_OPTIMIZER_COLORS, **_SCHEDULE_COLORS}[key] for alias, key in _ALIASES.items()},
    }
)

# Fallback colours for keys not in METHOD_COLORS: Tol colours not used above (and grey).
_FALLBACK_COLORS = ("#CC6677", "#88CCEE", "#AA4499", "#DDCC77", "#777777", "#117733")
_CYCLE = (_BLACK, _BLUE, _VERMILLION, _GREEN, _ORANGE, _PURPLE, _SKY_BLUE, _INDIGO, _WINE, _OLIVE, _TEAL)


def _normalize_key(key) -> str:
    return re.sub(r"[\s\-]+", "_", str(key).strip().lower())


def _known_color(key) -> str | None:
    if key is None:
        return None
    return METHOD_COLORS.get(_normalize_key(key))


def color_for(key, *, strict=False) -> str:
    """방법(또는 학습률 스케줄) 이름에 책 전체에서 고정된 색을 돌려줍니다.

    ``key`` 는 대소문자, 공백, ``-`` 를 무시하고 찾습니다(``"Heavy-Ball"`` = ``"heavy_ball"``).
    :data:`METHOD_COLORS` 에 없는 이름은 ``strict=False`` (기본값)이면 이름의 CRC32 값으로 예비
    팔레트에서 색 하나를 고릅니다. 같은 이름은 어느 프로세스에서나 같은 색이지만, 서로 다른 두
    이름이 같은 색을 받을 수 있습니다. 책에 새 방법이 나오면 :data:`METHOD_COLORS` 에 추가하세요.

    ===========================  =========  =============================
    최적화 방법                   색          스케줄
    ===========================  =========  =============================
    ``sgd`` (= ``gd``)           #000000    ``constant``
    ``momentum``                 #0072B2    ``step_decay``
    ``heavy_ball``               #56B4E9    ``inverse_sqrt``
    ``nesterov``                 #D55E00    ``exponential``
    ``adagrad``                  #009E73    ``cosine_annealing`` (= ``cosine``)
    ``rmsprop``                  #CC79A7    ``one_cycle``
    ``adam``                     #E69F00    ``warmup_cosine``
    ``adamw``                    #332288    ``sequential``
    ``nadam``                    #882255
    ``adadelta``                 #999933    ``linear_warmup``
    ``adam_no_bias_correction``  #44AA99
    ===========================  =========  =============================

    최적화 방법끼리, 스케줄끼리는 색이 모두 다릅니다. 두 무리는 한 그림에 함께 나오지 않으므로
    같은 팔레트를 나눠 씁니다.

    Parameters
    ----------
    key : str
        방법 이름(``Optimizer.name``, ``RunResult.optimizer``) 또는 스케줄 이름(``Schedule.name``).
    strict : bool, optional
        ``True`` 이면 모르는 이름에 ``KeyError`` 를 냅니다.

    Returns
    -------
    str
        ``"#RRGGBB"`` 형식의 색.

    Raises
    ------
    KeyError
        ``strict=True`` 이고 이름을 모를 때.

    Examples
    --------
    >>> from gdbook.plotting import color_for
    >>> color_for("adam"), color_for("GD"), color_for("nesterov_lookahead")
    ('#E69F00', '#000000', '#D55E00')
    >>> color_for("my_method") == color_for("my_method")
    True
    >>> color_for("my_method", strict=True)
    Traceback (most recent call last):
    ...
    KeyError: "unknown method key 'my_method'; known keys: sgd, momentum, ..."
    """
    color = _known_color(key)
    if color is not None:
        return color
    if strict:
        known = ", ".join((*OPTIMIZER_KEYS, *SCHEDULE_KEYS, *_ALIASES))
        raise KeyError(f"unknown method key {key!r}; known keys: {known}")
    norm = _normalize_key(key)
    return _FALLBACK_COLORS[zlib.crc32(norm.encode("utf-8")) % len(_FALLBACK_COLORS)]


def sweep_colors(n, cmap="viridis") -> list[str]:
    """한 방법의 하이퍼파라미터(예: 학습률)를 훑는 ``n`` 개 실행에 쓸 순서 있는 색.

    색 지도 ``cmap`` 의 구간 [0, 0.85]를 고르게 나눕니다(viridis의 밝은 노란 끝은 흰 배경에서
    잘 보이지 않아 뺍니다). 값이 커질수록 색이 밝아지므로 순서가 색으로 읽힙니다.

    Parameters
    ----------
    n : int
        색의 수(1 이상).
    cmap : str or matplotlib.colors.Colormap, optional
        색 지도. 기본값 ``"viridis"`` (색각 이상에도 구별됨).

    Returns
    -------
    list of str
        ``"#rrggbb"`` 색 ``n`` 개.

    Examples
    --------
    >>> from gdbook.plotting import sweep_colors
    >>> sweep_colors(3)
    ['#440154', '#277e8e', '#9bd93c']
    """
    n = check_int("n", n, minimum=1)
    cm = matplotlib.colormaps[cmap] if isinstance(cmap, str) else cmap
    return [to_hex(cm(v)) for v in np.linspace(0.0, 0.85, n)]


# --------------------------------------------------------------------------------------------
# Input normalisation
# --------------------------------------------------------------------------------------------


class _Run(NamedTuple):
    label: str
    key: str | None            # optimizer / schedule name used for the colour
    x: np.ndarray | None       # (T+1, d)
    values: np.ndarray         # (T+1,) loss (or any curve)
    diverged_at: int           # -1 if not diverged
    group: int                 # index of the input entry (batched runs share it)
    group_size: int


def _check_lim(name, lim) -> tuple[float, float]:
    try:
        arr = np.asarray(lim, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be a pair (low, high) of numbers, got {lim!r}") from exc
    if arr.shape != (2,) or not np.all(np.isfinite(arr)) or not arr[0] < arr[1]:
        raise ValueError(f"{name} must be a pair (low, high) of finite numbers with low < high, got {lim!r}")
    return float(arr[0]), float(arr[1])


def _first_nonfinite(values: np.ndarray) -> int:
    bad = np.flatnonzero(~np.isfinite(values))
    return int(bad[0]) if bad.size else -1


def _lr_labels(res, n: int) -> list[str] | None:
    """Labels ``η = ...`` for a batched run whose runs differ by their learning rate."""
    lr = getattr(res, "lr", None)
    if lr is None:
        return None
    lr = np.asarray(lr, dtype=np.float64)
    if lr.ndim < 2 or lr.shape[0] == 0 or lr[0].size != n:
        return None
    first = lr[0].reshape(n)
    if np.unique(first).size != n:
        return None
    return [f"$\\eta = {v:.3g}$" for v in first]


def _expand(results, labels, *, need_x: bool) -> list[_Run]:
    """Flatten a dict / RunResult / array input into one :class:`_Run` per plotted curve."""
    if isinstance(results, Mapping):
        entries = [(str(name), res) for name, res in results.items()]
    elif hasattr(results, "loss"):  # one RunResult (possibly a NamedTuple: check before tuple)
        entries = [(None, results)]
    elif isinstance(results, (list, tuple)) and not _is_array_like_curve(results):
        entries = [(None, res) for res in results]
    else:
        entries = [(None, results)]
    if not entries:
        raise ValueError("results must not be empty")
    runs: list[_Run] = []
    for group, (name, res) in enumerate(entries):
        runs.extend(_expand_one(name, res, group, need_x=need_x))
    if labels is not None:
        labels = [str(s) for s in labels]
        if len(labels) != len(runs):
            raise ValueError(f"labels has {len(labels)} entries but there are {len(runs)} runs to plot")
        runs = [r._replace(label=s) for r, s in zip(runs, labels)]
    # the returned dicts are keyed by label: make repeated labels unique ("sgd", "sgd (2)")
    seen: dict[str, int] = {}
    for i, r in enumerate(runs):
        seen[r.label] = seen.get(r.label, 0) + 1
        if seen[r.label] > 1:
            runs[i] = r._replace(label=f"{r.label} ({seen[r.label]})")
    return runs


def _is_array_like_curve(obj) -> bool:
    return len(obj) > 0 and all(isinstance(v, (int, float, np.number)) for v in obj)


def _expand_one(name, res, group: int, *, need_x: bool) -> list[_Run]:
    if hasattr(res, "loss"):
        values = np.asarray(res.loss, dtype=np.float64)
        key = getattr(res, "optimizer", None)
        key = str(key) if key is not None else None
        x = np.asarray(res.x, dtype=np.float64) if hasattr(res, "x") else None
        div = getattr(res, "diverged_at", None)
    else:
        if need_x:
            raise TypeError(f"trajectories needs RunResult objects (with .x), got {type(res).__name__}")
        values = np.asarray(res, dtype=np.float64)
        key, x, div = None, None, None
    if values.ndim == 0 or values.shape[0] == 0:
        raise ValueError(f"a curve must have at least one value, got shape {values.shape}")
    T1, lead = values.shape[0], values.shape[1:]
    n = int(np.prod(lead, dtype=int)) if lead else 1
    values = values.reshape(T1, n)
    if need_x:
        if x is None or x.ndim < 2 or x.shape[0] != T1:
            raise ValueError(f"x must have shape (steps+1, ..., 2) matching loss {values.shape}, got {None if x is None else x.shape}")
        if x.shape[-1] != 2:
            raise ValueError(f"trajectories needs 2-D points, got points with d={x.shape[-1]}")
        x = x.reshape(T1, n, 2)
    if div is None:
        div_at = [_first_nonfinite(values[:, i]) for i in range(n)]
    else:
        div_at = [int(v) for v in np.broadcast_to(np.asarray(div), lead if lead else ()).reshape(n)]
    base = name if name is not None else (key if key is not None else "실행")
    if n == 1:
        sub_labels = [base]
    else:
        lr_labels = _lr_labels(res, n)
        sub_labels = [f"{base}, {s}" for s in lr_labels] if lr_labels else [f"{base} [{i}]" for i in range(n)]
    return [
        _Run(sub_labels[i], key, x[:, i, :] if need_x else None, values[:, i], div_at[i], group, n)
        for i in range(n)
    ]


def _assign_colors(runs: list[_Run], colors) -> list[str]:
    """Colour per run: explicit ``colors`` > the fixed method colour > a sweep / cycle colour."""
    if colors is not None:
        if isinstance(colors, Mapping):
            out = []
            for r in runs:
                if r.label not in colors:
                    raise ValueError(f"colors has no entry for {r.label!r}")
                out.append(colors[r.label])
            return out
        if isinstance(colors, str):
            return [colors] * len(runs)
        colors = list(colors)
        if len(colors) != len(runs):
            raise ValueError(f"colors has {len(colors)} entries but there are {len(runs)} runs to plot")
        return colors
    out: list[str | None] = [None] * len(runs)
    singles = [r for r in runs if r.group_size == 1]
    single_keys = [_normalize_key(r.key) if r.key else None for r in singles]
    for i, r in enumerate(runs):
        if r.group_size > 1:
            first = next(j for j, q in enumerate(runs) if q.group == r.group)
            out[i] = sweep_colors(r.group_size)[i - first]
        else:
            by_label = _known_color(r.label)
            by_key = _known_color(r.key)
            unique_key = r.key is not None and single_keys.count(_normalize_key(r.key)) == 1
            out[i] = by_label or (by_key if unique_key else None)
    used = {c for c in out if c is not None}
    spare = [c for c in _CYCLE if c not in used] or list(_CYCLE)
    k = 0
    for i, c in enumerate(out):
        if c is None:
            out[i] = spare[k % len(spare)]
            k += 1
    return out


# --------------------------------------------------------------------------------------------
# Contour
# --------------------------------------------------------------------------------------------


class ContourArtists(NamedTuple):
    """:func:`contour` 가 그린 것: 등고선, (``filled=True`` 이면) 채운 등고선, 최소점 표시."""

    lines: Any
    filled: Any
    minimizers: Any


_MINIMIZER_GID = "gdbook-minimizers"
_LINE_CMAP = matplotlib.colors.LinearSegmentedColormap.from_list("gdbook_contour_lines", ["#3d3d3d", "#c8c8c8"])
_FILL_CMAP = matplotlib.colors.LinearSegmentedColormap.from_list("gdbook_contour_fill", ["#dfe8f1", "#ffffff"])


def _mark_minimizers(ax: Axes, points) -> Any:
    """Gold stars at the minimizers, labelled '최소점' once per Axes."""
    pts = np.asarray(points, dtype=np.float64).reshape(-1, 2) if np.size(points) else np.empty((0, 2))
    if pts.shape[0] == 0:
        return None
    already = any(line.get_gid() == _MINIMIZER_GID for line in ax.get_lines())
    (star,) = ax.plot(
        pts[:, 0], pts[:, 1], linestyle="none", marker="*", markersize=15,
        markerfacecolor="#F0E442", markeredgecolor="black", markeredgewidth=0.9,
        label="_nolegend_" if already else "최소점", zorder=5, gid=_MINIMIZER_GID,
    )
    return star


def contour(ax, objective, xlim, ylim, *, levels=None, log=False, n=200, filled=False):
    r"""목적 함수의 등고선을 그리고 최소점을 별(``최소점``)로 표시합니다.

    선의 색은 회색 계열(낮을수록 진함)이라 궤적의 방법별 색과 겹치지 않습니다. 축 범위는
    ``xlim``, ``ylim`` 으로 고정되며, 이어서 그리는 :func:`trajectories` 는 이 창을 유지합니다.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        그릴 축.
    objective : gdbook.functions.Objective
        2차원 목적 함수(``grid``, ``minimizers``, ``minimum`` 이 있는 객체).
    xlim, ylim : tuple of float
        그릴 창 ``(하한, 상한)``.
    levels : int or array_like, optional
        등고선 수, 또는 :math:`f` 값의 목록. 기본값은 ``log=True`` 이면 20, 아니면 15.
    log : bool, optional
        ``True`` 이면 :math:`f - f^*` 에 대해 로그 간격으로 등고선을 둡니다(로젠브록 함수처럼
        값의 범위가 넓을 때). :math:`f^*` 가 무한대이면(안장점 함수) 창 안의 최솟값을 기준으로
        씁니다.
    n : int, optional
        각 축의 격자점 수. 기본값 200.
    filled : bool, optional
        ``True`` 이면 옅은 색으로 등고선 사이를 채웁니다.

    Returns
    -------
    ContourArtists
        ``lines`` (``QuadContourSet``), ``filled`` (없으면 ``None``), ``minimizers`` (별 ``Line2D``,
        최소점이 없으면 ``None``).

    Examples
    --------
    >>> from gdbook import functions, plotting
    >>> fig, ax = plotting.subplots()
    >>> art = plotting.contour(ax, functions.Rosenbrock(), (-2, 2), (-1, 3), log=True)
    >>> art.minimizers.get_label(), [float(v) for v in ax.get_xlim()]
    ('최소점', [-2.0, 2.0])
    >>> plotting.plt.close(fig)
    """
    _prepare(ax)
    xlim = _check_lim("xlim", xlim)
    ylim = _check_lim("ylim", ylim)
    n = check_int("n", n, minimum=2)
    X, Y, Z = objective.grid(xlim, ylim, n)
    Z = np.asarray(Z, dtype=np.float64)
    finite = Z[np.isfinite(Z)]
    if finite.size == 0:
        raise ValueError(f"objective has no finite values in the window xlim={xlim}, ylim={ylim}")
    if levels is None or isinstance(levels, (int, np.integer)):
        count = check_int("levels", levels if levels is not None else (20 if log else 15), minimum=1)
        if log:
            f_star = float(getattr(objective, "minimum", np.nan))
            base = f_star if np.isfinite(f_star) else float(finite.min())
            gap = finite - base
            pos = gap[gap > 0]
            if pos.size == 0:
                raise ValueError("log=True needs values above the minimum in the window")
            hi = float(pos.max())
            lo = max(float(np.percentile(pos, 0.5)), hi * 1e-9)
            level_values = base + np.geomspace(lo, hi, count + 1)[:-1]
        else:
            level_values = matplotlib.ticker.MaxNLocator(count + 1).tick_values(finite.min(), finite.max())
    else:
        level_values = np.sort(np.asarray(levels, dtype=np.float64).ravel())
        if level_values.size == 0 or not np.all(np.isfinite(level_values)):
            raise ValueError(f"levels must be a positive int or a list of finite numbers, got {levels!r}")
    level_values = np.unique(level_values)
    fill = None
    if filled:
        fill = ax.contourf(X, Y, Z, levels=level_values, cmap=_FILL_CMAP, zorder=0, extend="both")
    # grey lines, darker for lower levels (evenly spaced in level index, so log levels too)
    line_colors = [_LINE_CMAP(v) for v in np.linspace(0.0, 1.0, level_values.size)]
    lines = ax.contour(X, Y, Z, levels=level_values, colors=line_colors, linewidths=0.8,
                       linestyles="solid", zorder=1)
    star = _mark_minimizers(ax, getattr(objective, "minimizers", np.empty((0, 2))))
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")
    return ContourArtists(lines, fill, star)


# --------------------------------------------------------------------------------------------
# Trajectories
# --------------------------------------------------------------------------------------------


class CurveArtists(NamedTuple):
    """곡선 하나(실행 하나)에 대해 그린 것.

    Attributes
    ----------
    line : matplotlib.lines.Line2D
        곡선(궤적).
    start : matplotlib.lines.Line2D or None
        시작점 표시(:func:`trajectories`).
    end : matplotlib.lines.Line2D or None
        발산이면 ``x`` 표시, 정확히 0이면 ``▼`` 표시.
    annotation : matplotlib.text.Annotation or None
        ``발산 (스텝 12)`` 또는 ``정확히 0 (스텝 30)`` 주석.
    status : str
        ``"ok"``, ``"diverged"``, ``"zero"`` 중 하나.
    """

    line: Any
    start: Any
    end: Any
    annotation: Any
    status: str


def _segment_exit(p: np.ndarray, q: np.ndarray, xlim, ylim) -> np.ndarray | None:
    """Point where the segment from ``p`` (inside the window) to ``q`` crosses the boundary."""
    with np.errstate(all="ignore"):
        d = q - p
        ts = [1.0]
        for axis, (lo, hi) in enumerate((xlim, ylim)):
            if q[axis] > hi:
                ts.append((hi - p[axis]) / d[axis])
            elif q[axis] < lo:
                ts.append((lo - p[axis]) / d[axis])
        t = min(ts)
        point = p + t * d
    if not np.all(np.isfinite(point)):
        return None
    return np.array([np.clip(point[0], *xlim), np.clip(point[1], *ylim)])


def _inward_offset(point, xlim, ylim) -> tuple[tuple[float, float], str, str]:
    """Text offset (points) and alignment that keep an annotation inside the window."""
    fx = (point[0] - xlim[0]) / (xlim[1] - xlim[0])
    fy = (point[1] - ylim[0]) / (ylim[1] - ylim[0])
    dx, ha = (-8, "right") if fx > 0.6 else (8, "left")
    dy, va = (-8, "top") if fy > 0.6 else (8, "bottom")
    return (dx, dy), ha, va


# a half-transparent box: the label stays readable over contour lines and curves, which still show
_LABEL_BOX = dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none", alpha=0.7)


def _text_color(color) -> str:
    """The run's colour for its label, darkened when too light to read on white (e.g. viridis' end)."""
    rgb = np.array(matplotlib.colors.to_rgb(color))
    luminance = float(rgb @ np.array([0.2126, 0.7152, 0.0722]))
    return to_hex(rgb * 0.6) if luminance > 0.5 else to_hex(rgb)


def _side(x, lim) -> tuple[float, str]:
    """Horizontal text offset (points) and alignment keeping a label on the inner side of ``x``."""
    frac = (x - lim[0]) / (lim[1] - lim[0])
    return (-6.0, "right") if frac > 0.6 else (6.0, "left")


def _declutter(annotations) -> None:
    """Move annotations that overlap an earlier one away from their edge, a line at a time."""
    placed = []
    for ann in annotations:
        if ann is None:
            continue
        step = 11.0 if ann.get_va() == "bottom" else -11.0
        for _ in range(15):
            box = ann.get_window_extent()
            if not any(box.overlaps(other) for other in placed):
                break
            dx, dy = ann.xyann
            ann.xyann = (dx, dy + step)
        placed.append(ann.get_window_extent())


def _auto_window(runs: list[_Run]) -> tuple[tuple[float, float], tuple[float, float]]:
    pts = [r.x[0:1] for r in runs]
    pts += [r.x for r in runs if r.diverged_at < 0]
    pts += [r.x[: max(r.diverged_at, 1)][:2] for r in runs if r.diverged_at >= 0]
    allp = np.concatenate(pts, axis=0)
    allp = allp[np.all(np.isfinite(allp), axis=1)]
    lo, hi = allp.min(axis=0), allp.max(axis=0)
    span = np.maximum(hi - lo, 1e-9)
    pad = np.maximum(0.08 * span, 0.5 * (span < 1e-6))
    return (float(lo[0] - pad[0]), float(hi[0] + pad[0])), (float(lo[1] - pad[1]), float(hi[1] + pad[1]))


def trajectories(ax, results, *, labels=None, colors=None, markers=True, mark_start=True,
                 xlim=None, ylim=None, minimizers=None, legend=True):
    r"""2차원 궤적 :math:`x_0, x_1, \dots` 를 그립니다. 발산한 실행은 창을 떠나는 곳에 표시합니다.

    **창(축 범위)** 은 ``xlim``/``ylim`` 이 주어지면 그것, 아니면 이미 그려 둔 축의 범위(예:
    :func:`contour` 의 창), 그것도 없으면 발산하지 않은 실행의 궤적과 모든 시작점을 담는 범위입니다.
    궤적은 창 밖에서 잘릴 뿐 축 범위를 넓히지 않습니다.

    **발산** 한 실행(``diverged_at >= 0``)은 창 안의 마지막 점까지 그리고, 다음 점을 향한 선분이
    창의 경계를 지나는 곳에 ``x`` 를 찍고 ``발산 (스텝 t)`` 주석을 붙입니다(:math:`t` =
    ``diverged_at``, 손실이 처음 유한하지 않게 된 스텝). 창 안에서 바로 유한하지 않은 값으로
    뛰었다면 마지막 유한한 점에 찍습니다.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        그릴 축.
    results : dict of str to RunResult, or RunResult
        이름(범례 이름) → 실행 결과. 실행 결과 하나만 줄 수도 있습니다. 여러 실행을 한 번에 돌린
        결과(앞쪽 축이 있는 ``x``)는 실행마다 곡선 하나를 그리고, 학습률이 실행마다 다르면
        ``η = 0.1`` 같은 이름을 붙입니다.
    labels : sequence of str, optional
        그려질 곡선마다 범례 이름(배치 실행을 펼친 순서).
    colors : dict, sequence or str, optional
        곡선마다 색. 기본값은 이름(또는 ``RunResult.optimizer``)의 고정 색(:func:`color_for`),
        배치 실행은 :func:`sweep_colors`.
    markers : bool, optional
        각 반복점에 작은 점을 찍습니다(점이 많으면 약 60개만).
    mark_start : bool, optional
        시작점 :math:`x_0` 를 속이 빈 원으로 표시합니다.
    xlim, ylim : tuple of float, optional
        창. 주면 축 범위를 이것으로 고정합니다.
    minimizers : array_like or Objective, optional
        별로 표시할 최소점 ``(k, 2)`` (또는 ``minimizers`` 속성이 있는 목적 함수).
    legend : bool, optional
        범례를 (다시) 그립니다.

    Returns
    -------
    dict of str to CurveArtists
        곡선 이름 → 그린 것. ``status`` 는 ``"ok"`` 또는 ``"diverged"``.

    Examples
    --------
    >>> import gdbook
    >>> from gdbook import functions, optimizers, plotting
    >>> f = functions.note_quadratic()
    >>> runs = {"경사 하강법": gdbook.run(optimizers.sgd(lr=0.2), f, [-2.0, -1.0], steps=20),
    ...         "발산하는 학습률": gdbook.run(optimizers.sgd(lr=0.6), f, [-2.0, -1.0], steps=100,
    ...                                      divergence_threshold=1e6)}
    >>> fig, ax = plotting.subplots()
    >>> _ = plotting.contour(ax, f, (-3, 4), (-2, 5))
    >>> art = plotting.trajectories(ax, runs)
    >>> art["발산하는 학습률"].status, art["발산하는 학습률"].annotation.get_text()
    ('diverged', '발산 (스텝 ...)')
    >>> [float(v) for v in ax.get_xlim()]
    [-3.0, 4.0]
    >>> plotting.plt.close(fig)
    """
    _prepare(ax)
    had_data = ax.has_data()
    runs = _expand(results, labels, need_x=True)
    cols = _assign_colors(runs, colors)
    if xlim is not None:
        xlim = _check_lim("xlim", xlim)
    if ylim is not None:
        ylim = _check_lim("ylim", ylim)
    if xlim is None or ylim is None:
        if had_data:
            auto_x, auto_y = tuple(ax.get_xlim()), tuple(ax.get_ylim())
        else:
            auto_x, auto_y = _auto_window(runs)
        xlim = xlim or auto_x
        ylim = ylim or auto_y
    xlim = (min(xlim), max(xlim))
    ylim = (min(ylim), max(ylim))
    if minimizers is not None:
        _mark_minimizers(ax, getattr(minimizers, "minimizers", minimizers))
    out: dict[str, CurveArtists] = {}
    for run, color in zip(runs, cols):
        pts = run.x
        finite = np.all(np.isfinite(pts), axis=1)
        end = annotation = None
        status = "ok"
        if run.diverged_at >= 0 or not finite.all():
            status = "diverged"
            inside = finite & (pts[:, 0] >= xlim[0]) & (pts[:, 0] <= xlim[1]) & (pts[:, 1] >= ylim[0]) & (pts[:, 1] <= ylim[1])
            idx = np.flatnonzero(inside)
            if idx.size:
                last = int(idx[-1])
                draw = pts[: last + 1]
                mark = pts[last]
                if last + 1 < len(pts) and finite[last + 1]:
                    exit_point = _segment_exit(pts[last], pts[last + 1], xlim, ylim)
                    if exit_point is not None:
                        draw = np.vstack([draw, exit_point])
                        mark = exit_point
            else:  # the run starts outside the window: draw what is finite, mark its last point
                fin = np.flatnonzero(finite)
                draw = pts[: int(fin[-1]) + 1] if fin.size else pts[:0]
                mark = draw[-1] if len(draw) else None
        else:
            draw = pts
            mark = None
        every = max(1, len(draw) // 60)
        (line,) = ax.plot(
            draw[:, 0], draw[:, 1], color=color, linewidth=1.6, label=run.label, zorder=3,
            marker="o" if markers else None, markersize=2.8, markevery=every,
        )
        start = None
        if mark_start and len(draw):
            (start,) = ax.plot(draw[0, 0], draw[0, 1], linestyle="none", marker="o", markersize=7,
                               markerfacecolor="white", markeredgecolor=color, markeredgewidth=1.6,
                               zorder=4, label="_nolegend_")
        if status == "diverged" and mark is not None:
            (end,) = ax.plot(mark[0], mark[1], linestyle="none", marker="x", markersize=10,
                             markeredgewidth=2.2, color=color, zorder=6, clip_on=False,
                             label="_nolegend_")
            step = run.diverged_at if run.diverged_at >= 0 else _first_nonfinite(pts[:, 0] + pts[:, 1])
            offset, ha, va = _inward_offset(mark, xlim, ylim)
            annotation = ax.annotate(
                f"발산 (스텝 {step})", xy=(mark[0], mark[1]), xytext=offset, textcoords="offset points",
                ha=ha, va=va, color=_text_color(color), fontsize=9, annotation_clip=False, zorder=6, bbox=_LABEL_BOX,
            )
        out[run.label] = CurveArtists(line, start, end, annotation, status)
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    if legend:
        ax.legend(loc="best", fontsize=9)
    _declutter([a.annotation for a in out.values()])
    return out


# --------------------------------------------------------------------------------------------
# Loss curves
# --------------------------------------------------------------------------------------------

#: On a log axis, runs that diverged contribute to the y-limits only with values at most this
#: factor above the largest starting value (used only when every run diverged).
_DIVERGED_RANGE = 1e4


def _f_star(relative_to) -> float | None:
    if relative_to is None:
        return None
    value = getattr(relative_to, "minimum", relative_to)
    try:
        value = float(value)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"relative_to must be a number f* or an objective with .minimum, got {relative_to!r}") from exc
    if not math.isfinite(value):
        raise ValueError(f"relative_to must be finite, got {value}")
    return value


class _Prepared(NamedTuple):
    run: _Run
    color: str
    values: np.ndarray      # what is plotted: non-finite -> nan; on a log axis values <= 0 -> nan (or floor)
    zero_step: int          # first step with a value <= 0 on a log axis, else -1
    exact_zero: bool


def _prepare_values(runs, cols, *, log, floor) -> list[_Prepared]:
    out = []
    for run, color in zip(runs, cols):
        vals = np.where(np.isfinite(run.values), run.values, np.nan)
        zero_step, exact = -1, False
        if log:
            with np.errstate(invalid="ignore"):
                nonpos = vals <= 0
            if nonpos.any():
                zero_step = int(np.flatnonzero(nonpos)[0])
                exact = bool(vals[zero_step] == 0)
                vals = np.where(nonpos, floor if floor is not None else np.nan, vals)
            if floor is not None:
                vals = np.where(vals < floor, floor, vals)
        out.append(_Prepared(run, color, vals, zero_step, exact))
    return out


def _y_limits(prepared: list[_Prepared], *, log, extra=()) -> tuple[float, float] | None:
    """y-limits from the finite values of the runs that did not diverge (padded).

    If every run diverged, their values count only up to ``_DIVERGED_RANGE`` times the largest
    starting value (log axis) or ten times it (linear axis).
    """
    vals = [p.values for p in prepared if p.run.diverged_at < 0]
    if not vals:
        starts = [abs(p.values[0]) for p in prepared if np.isfinite(p.values[0])]
        if not starts:
            return None
        cap = max(starts) * _DIVERGED_RANGE if log else max(starts) * 10 + 1.0
        vals = [np.where(np.abs(p.values) <= cap, p.values, np.nan) for p in prepared]
    allv = np.concatenate([np.ravel(v) for v in (*vals, *extra)])
    allv = allv[np.isfinite(allv)]
    if log:
        allv = allv[allv > 0]
    if allv.size == 0:
        return None
    lo, hi = float(allv.min()), float(allv.max())
    if log:
        lo_l, hi_l = math.log10(lo), math.log10(hi)
        pad = max(0.04 * (hi_l - lo_l), 0.1)
        return 10 ** (lo_l - pad), 10 ** min(hi_l + pad, 307.0)
    pad = 0.05 * (hi - lo) if hi > lo else max(abs(hi) * 0.1, 1.0)
    return lo - pad, hi + pad


def _apply_ylim(ax, ylim, *, had_data, log):
    if ylim is None:
        ylim = (1e-3, 1e3) if log else (-1.0, 1.0)
    if had_data:
        old = ax.get_ylim()
        ylim = (min(ylim[0], old[0]), max(ylim[1], old[1]))
    # set before plotting: turns y-autoscaling off, so a diverging curve (values up to 1e308)
    # never enters matplotlib's autoscaling (which would overflow) or flattens the others
    ax.set_ylim(*ylim)
    return ylim


def _cut_at_top(steps, vals, top, *, log):
    """Keep a diverged curve up to the point where it leaves the top of the axis.

    The first value above ``top`` is replaced by the crossing of that segment with ``top``
    (interpolated in log space on a log axis), so the line visibly exits through the top edge
    and no value near the float limit is handed to matplotlib.
    """
    with np.errstate(invalid="ignore"):
        above = np.flatnonzero(vals > top)
    if above.size == 0:
        return steps, vals
    i = int(above[0])
    if i == 0 or not np.isfinite(vals[i - 1]):
        return steps[: i + 1], np.r_[vals[:i], top]
    a, b = vals[i - 1], vals[i]
    if log:
        frac = (math.log10(top) - math.log10(a)) / (math.log10(b) - math.log10(a))
    else:
        frac = (top - a) / (b - a)
    return np.r_[steps[:i], steps[i - 1] + frac], np.r_[vals[:i], top]


def _draw_curves(ax, prepared: list[_Prepared], ylim, *, log, floor):
    """Draw the prepared curves with their divergence (``x``) and zero (``▼``) markers."""
    edge = blended_transform_factory(ax.transData, ax.transAxes)
    xlim = ax.get_xlim()
    out: dict[str, CurveArtists] = {}
    for p in prepared:
        run, color, vals = p.run, p.color, p.values
        steps = np.arange(vals.size, dtype=np.float64)
        status, end, annotation = "ok", None, None
        div = run.diverged_at
        if div >= 0:
            steps, vals = _cut_at_top(steps, vals, ylim[1], log=log)
        (line,) = ax.plot(steps, vals, color=color, linewidth=1.6, label=run.label, zorder=3)
        if div >= 0:
            status = "diverged"
            raw = run.values[: div + 1]
            finite = np.flatnonzero(np.isfinite(raw))
            y = float(raw[finite[-1]]) if finite.size else np.inf
            dx, ha = _side(div, xlim)
            if y > ylim[1] or not np.isfinite(y):   # off the top: on the top edge
                xy, coords, dy, va = (div, 1.0), edge, -6.0, "top"
            elif y < ylim[0]:
                xy, coords, dy, va = (div, 0.0), edge, 6.0, "bottom"
            else:
                xy, coords, dy, va = (div, y), "data", -6.0, "top"
            (end,) = ax.plot([xy[0]], [xy[1]], transform=edge if coords is edge else ax.transData,
                             linestyle="none", marker="x", markersize=10, markeredgewidth=2.2,
                             color=color, zorder=6, clip_on=False, label="_nolegend_")
            annotation = ax.annotate(f"발산 (스텝 {div})", xy=xy, xycoords=coords, xytext=(dx, dy),
                                     textcoords="offset points", ha=ha, va=va, color=_text_color(color),
                                     fontsize=9, annotation_clip=False, zorder=6, bbox=_LABEL_BOX)
        elif p.zero_step >= 0:
            status = "zero"
            text = ("정확히 0" if p.exact_zero else "0 이하") + f" (스텝 {p.zero_step})"
            if floor is not None:
                text += f", {floor:.0e}로 표시"
            (end,) = ax.plot([p.zero_step], [0.0], transform=edge, linestyle="none", marker="v",
                             markersize=9, color=color, markeredgecolor="black", markeredgewidth=0.6,
                             zorder=6, clip_on=False, label="_nolegend_")
            dx, ha = _side(p.zero_step, xlim)
            annotation = ax.annotate(text, xy=(p.zero_step, 0.0), xycoords=edge, xytext=(dx, 8.0),
                                     textcoords="offset points", ha=ha, va="bottom", color=_text_color(color),
                                     fontsize=9, annotation_clip=False, zorder=6, bbox=_LABEL_BOX)
        out[run.label] = CurveArtists(line, None, end, annotation, status)
    return out


def loss_curves(ax, results, *, log=True, relative_to=None, floor=None, labels=None, colors=None,
                legend=True, xlabel="스텝 $t$", ylabel=None):
    r"""손실 곡선 :math:`f(x_t)` (또는 :math:`f(x_t) - f^*`)을 스텝 :math:`t = 0, 1, \dots` 에 대해 그립니다.

    **발산**: **y축 범위는 발산하지 않은 실행의 유한한 값으로만** 정하므로, 발산한 실행 하나가
    다른 곡선을 납작하게 만들지 않습니다(모두 발산했으면 값을 시작값의 :math:`10^4` 배까지만
    셉니다). 발산한 곡선은 축 위 가장자리를 지나는 곳까지(유한한 값까지) 그리고, 발산한 스텝
    :math:`t` (``diverged_at``)에 ``x`` 와 ``발산 (스텝 t)`` 주석을 붙입니다. 그 스텝의 마지막
    유한한 값이 축 위쪽 밖이면 ``x`` 는 위 가장자리에 놓입니다. y축 범위를 곡선보다 먼저 정하므로
    :math:`10^{308}` 가까운 값이 matplotlib의 자동 범위 계산에 들어가 넘침 경고를 내는 일도 없습니다.
    주석끼리 겹치면 한 줄씩 비켜 놓습니다.

    **정확히 0** (로그 축): :math:`f(x_t) - f^* \le 0` 인 값은 로그 축에 그릴 수 없으므로
    기본값(``floor=None``)에서는 곡선에서 빼고(경고 없음), 처음 그렇게 된 스텝에 축 아래
    가장자리의 ``▼`` 표시와 ``정확히 0 (스텝 t)`` 주석을 붙입니다(반올림으로 음수가 되었으면
    ``0 이하``). ``floor`` 를 주면 그런 값을 ``floor`` 로 올려 그리고 주석에 그렇게 밝힙니다.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        그릴 축.
    results : dict of str to RunResult, RunResult, or array_like
        이름 → 실행 결과. 실행 결과 하나, 또는 값의 배열(``(T+1,)`` 또는 ``(T+1, n)``)도 됩니다.
        배열이면 처음 유한하지 않은 값의 스텝을 발산 스텝으로 봅니다.
    log : bool, optional
        y축을 로그 눈금으로 그립니다. 기본값 ``True``.
    relative_to : float or Objective, optional
        빼 줄 최솟값 :math:`f^*` (또는 ``minimum`` 속성이 있는 목적 함수). 주면 :math:`f(x_t) - f^*`
        를 그립니다.
    floor : float, optional
        로그 축에서 0 이하인 값을 이 값으로 올려 그립니다(예: ``1e-300``). 기본값은 빼고 표시.
    labels : sequence of str, optional
        곡선마다 범례 이름.
    colors : dict, sequence or str, optional
        곡선마다 색(:func:`trajectories` 와 같은 규칙).
    legend : bool, optional
        범례를 (다시) 그립니다.
    xlabel, ylabel : str, optional
        축 이름. ``ylabel`` 기본값은 ``'$f(x_t) - f^*$'`` 또는 ``'$f(x_t)$'``.

    Returns
    -------
    dict of str to CurveArtists
        곡선 이름 → 그린 것. ``status`` 는 ``"ok"``, ``"diverged"``, ``"zero"`` 중 하나.

    Examples
    --------
    >>> import numpy as np
    >>> from gdbook import plotting
    >>> curves = {"수렴": 0.5 ** np.arange(31), "정확히 0에 닿음": np.r_[0.5 ** np.arange(20), np.zeros(11)],
    ...           "발산": np.r_[2.0 ** np.arange(12), np.full(19, np.nan)]}
    >>> fig, ax = plotting.subplots()
    >>> art = plotting.loss_curves(ax, curves)
    >>> [a.status for a in art.values()]
    ['ok', 'zero', 'diverged']
    >>> art["정확히 0에 닿음"].annotation.get_text(), art["발산"].annotation.get_text()
    ('정확히 0 (스텝 20)', '발산 (스텝 12)')
    >>> bool(ax.get_ylim()[1] < 10)        # 2**11 = 2048 은 y축 범위에 들어가지 않습니다
    True
    >>> plotting.plt.close(fig)
    """
    _prepare(ax)
    had_data = ax.has_data()
    f_star = _f_star(relative_to)
    if floor is not None:
        floor = float(floor)
        if not (math.isfinite(floor) and floor > 0):
            raise ValueError(f"floor must be a positive finite number, got {floor}")
    runs = _expand(results, labels, need_x=False)
    if f_star is not None:
        runs = [r._replace(values=r.values - f_star) for r in runs]
    cols = _assign_colors(runs, colors)
    if log:
        ax.set_yscale("log")
    prepared = _prepare_values(runs, cols, log=log, floor=floor)
    ylim = _apply_ylim(ax, _y_limits(prepared, log=log), had_data=had_data, log=log)
    ax.set_xlim(0, max(r.values.size - 1 for r in runs) or 1)
    out = _draw_curves(ax, prepared, ylim, log=log, floor=floor)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel if ylabel is not None else ("$f(x_t) - f^*$" if f_star is not None else "$f(x_t)$"))
    if legend:
        ax.legend(loc="best", fontsize=9)
    _declutter(sorted((a.annotation for a in out.values() if a.annotation is not None),
                      key=lambda ann: ann.xy[0]))
    return out


class RateArtists(NamedTuple):
    """:func:`rate_comparison` 이 그린 것: 측정값 곡선과 예측선 :math:`C\\rho^t`."""

    measured: CurveArtists
    predicted: Any


def rate_comparison(ax, measured, rate, *, C=None, label="측정값", color=None, log=True,
                    predicted_label=None, legend=True, xlabel="스텝 $t$", ylabel=None):
    r"""측정한 오차 곡선 :math:`e_t` 와 이론이 예측하는 선 :math:`C\rho^t` 를 함께 그립니다.

    측정값은 실선, 예측은 같은 색의 점선입니다. ``C`` 를 주지 않으면 :math:`C = e_0` 이라 두
    선이 :math:`t = 0` 에서 만납니다. 로그 축이면 기울기가 수렴 속도 :math:`\rho` 를 보여 줍니다.
    측정값의 0과 발산은 :func:`loss_curves` 와 같이 처리하고, y축 범위는 측정값으로 정합니다
    (예측선이 아주 작아져도 측정값이 납작해지지 않습니다).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        그릴 축.
    measured : array_like, shape (T+1,)
        측정한 오차 :math:`e_0, \dots, e_T` (예: :math:`f(x_t) - f^*`, :math:`\|x_t - x^*\|^2`).
    rate : float
        스텝마다 줄어드는 비율 :math:`\rho \ge 0`.
    C : float, optional
        예측선의 상수. 기본값 :math:`e_0`.
    label : str, optional
        측정값의 범례 이름.
    color : str, optional
        색. 기본값 검정.
    log : bool, optional
        로그 y축. 기본값 ``True``.
    predicted_label : str, optional
        예측선의 범례 이름. 기본값 ``'예측 $C\rho^t$, $\rho = 0.9$'`` 꼴.
    legend : bool, optional
        범례를 (다시) 그립니다.
    xlabel, ylabel : str, optional
        축 이름.

    Returns
    -------
    RateArtists
        ``measured`` (:class:`CurveArtists`)와 ``predicted`` (``Line2D``).

    Examples
    --------
    >>> import numpy as np
    >>> from gdbook import plotting
    >>> fig, ax = plotting.subplots()
    >>> art = plotting.rate_comparison(ax, 3.0 * 0.8 ** np.arange(41), 0.8)
    >>> art.predicted.get_label()
    '예측 $C\\rho^t$, $\\rho = 0.8$'
    >>> plotting.plt.close(fig)
    """
    _prepare(ax)
    had_data = ax.has_data()
    values = np.asarray(measured, dtype=np.float64)
    if values.ndim != 1 or values.size == 0:
        raise ValueError(f"measured must be a non-empty 1-D array, got shape {values.shape}")
    rate = float(rate)
    if not (math.isfinite(rate) and rate >= 0):
        raise ValueError(f"rate must be a non-negative finite number, got {rate}")
    if C is None:
        C = float(values[0])
    C = float(C)
    if not math.isfinite(C):
        raise ValueError(f"C must be a finite number, got {C}")
    color = color or _BLACK
    run = _Run(str(label), None, None, values, _first_nonfinite(values), 0, 1)
    if log:
        ax.set_yscale("log")
    prepared = _prepare_values([run], [color], log=log, floor=None)
    ylim = _apply_ylim(ax, _y_limits(prepared, log=log), had_data=had_data, log=log)
    ax.set_xlim(0, max(values.size - 1, 1))
    out = _draw_curves(ax, prepared, ylim, log=log, floor=None)
    t = np.arange(values.size)
    with np.errstate(under="ignore", over="ignore"):
        pred = C * rate ** t.astype(np.float64)
    pred = np.where(np.isfinite(pred) & ((pred > 0) if log else True), pred, np.nan)
    # the prediction is drawn up to where it leaves the axis (like a diverging curve)
    pt, pred = _cut_at_top(t.astype(np.float64), pred, ylim[1], log=log)
    if predicted_label is None:
        predicted_label = f"예측 $C\\rho^t$, $\\rho = {rate:.4g}$"
    (pline,) = ax.plot(pt, pred, color=color, linestyle="--", linewidth=1.4, label=predicted_label, zorder=2)
    ax.set_xlim(0, max(values.size - 1, 1))
    ax.set_xlabel(xlabel)
    if ylabel is not None:
        ax.set_ylabel(ylabel)
    if legend:
        ax.legend(loc="best", fontsize=9)
    return RateArtists(out[run.label], pline)


# --------------------------------------------------------------------------------------------
# Schedules
# --------------------------------------------------------------------------------------------


def _evaluate_schedule(name: str, schedule: Callable, steps: int) -> np.ndarray:
    k = np.arange(steps)
    try:
        values = np.asarray(schedule(k), dtype=np.float64)
    except (TypeError, ValueError):  # a callable written for one int k at a time
        values = None
    if values is None or values.ndim == 0:
        values = np.array([float(schedule(int(i))) for i in k])
    if values.shape != (steps,):
        raise ValueError(f"schedule {name!r} returned shape {values.shape} for {steps} steps")
    return values


def schedule_curves(ax, schedules, steps, *, colors=None, log=False, legend=True,
                    xlabel="스텝 $t$", ylabel="학습률 $\\eta_t$", **kwargs):
    r"""학습률 스케줄을 스텝에 대해 그립니다: 업데이트 :math:`t` 가 쓰는 학습률 :math:`\eta_t`.

    업데이트 :math:`t` 는 ``schedule(t - 1)`` 을 쓰므로(API 규약), 가로축 :math:`t = 1, \dots,`
    ``steps`` 에 ``schedule(np.arange(steps))`` 를 그립니다(한 번에 벡터로 부릅니다. 스칼라만
    받는 함수면 스텝마다 부릅니다).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        그릴 축.
    schedules : dict of str to callable
        범례 이름 → 스케줄(``schedule(k) -> 학습률``, :mod:`gdbook.schedules`).
    steps : int
        그릴 업데이트 수(1 이상).
    colors : dict, sequence or str, optional
        색. 기본값은 이름 또는 ``schedule.name`` 의 고정 색(:func:`color_for`).
    log : bool, optional
        로그 y축.
    legend : bool, optional
        범례를 (다시) 그립니다.
    xlabel, ylabel : str, optional
        축 이름.
    **kwargs
        ``Axes.plot`` 으로 넘깁니다(예: ``drawstyle="steps-post"``).

    Returns
    -------
    dict of str to matplotlib.lines.Line2D
        이름 → 곡선.

    Examples
    --------
    >>> from gdbook import plotting, schedules
    >>> fig, ax = plotting.subplots()
    >>> lines = plotting.schedule_curves(ax, {"코사인 어닐링": schedules.cosine_annealing(0.1, T_max=100)}, 100)
    >>> lines["코사인 어닐링"].get_color(), float(lines["코사인 어닐링"].get_ydata()[0])
    ('#009E73', 0.1)
    >>> plotting.plt.close(fig)
    """
    _prepare(ax)
    steps = check_int("steps", steps, minimum=1)
    if not isinstance(schedules, Mapping) or not schedules:
        raise TypeError("schedules must be a non-empty dict name -> schedule")
    runs = []
    for i, (name, sched) in enumerate(schedules.items()):
        if not callable(sched):
            raise TypeError(f"schedules[{name!r}] must be callable, got {type(sched).__name__}")
        values = _evaluate_schedule(str(name), sched, steps)
        runs.append(_Run(str(name), getattr(sched, "name", None), None, values, -1, i, 1))
    cols = _assign_colors(runs, colors)
    if log:
        ax.set_yscale("log")
    t = np.arange(1, steps + 1)
    out = {}
    for run, color in zip(runs, cols):
        (line,) = ax.plot(t, run.values, color=color, linewidth=1.8, label=run.label, **kwargs)
        out[run.label] = line
    ax.set_xlim(1 if steps == 1 else 0, steps)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if legend:
        ax.legend(loc="best", fontsize=9)
    return out
