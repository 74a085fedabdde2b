"""Tests of gdbook.plotting: Korean font, glyph guards, colours, divergence and zero handling.

Every figure is drawn (``canvas.draw()``) because glyph problems only show at draw time, and the
test suite runs with warnings as errors.
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import stat
import subprocess
import sys
import warnings
from pathlib import Path
from types import SimpleNamespace
from typing import NamedTuple

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.colors import to_rgb  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from gdbook import plotting  # noqa: E402
from gdbook.plotting import plt  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
KOREAN = "경사 하강법"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _draw(fig) -> np.ndarray:
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba()).copy()


# --------------------------------------------------------------------------------------------
# Stand-ins: an objective and run results built independently of gdbook.runner
# --------------------------------------------------------------------------------------------


class FakeResult(NamedTuple):
    x: np.ndarray
    loss: np.ndarray
    grad_norm: np.ndarray
    lr: np.ndarray
    diverged: np.ndarray | bool
    diverged_at: np.ndarray | int
    optimizer: str
    objective: str


class FakeQuadratic:
    """f(x, y) = 1/2 (a x^2 + b y^2), minimizer (0, 0), f* = 0."""

    name, label, dim, minimum = "fake_quadratic", "이차 함수", 2, 0.0

    def __init__(self, a=1.0, b=10.0):
        self.a, self.b = a, b
        self.minimizers = np.zeros((1, 2))

    def __call__(self, x):
        x = np.asarray(x, dtype=float)
        return 0.5 * (self.a * x[..., 0] ** 2 + self.b * x[..., 1] ** 2)

    def grid(self, xlim, ylim, n=200):
        X, Y = np.meshgrid(np.linspace(*xlim, n), np.linspace(*ylim, n))
        return X, Y, self(np.stack([X, Y], axis=-1))


def fake_gd(lr, steps=40, x0=(-2.0, 1.0), a=1.0, b=10.0, threshold=1e12, optimizer="sgd"):
    """Closed-form GD on FakeQuadratic: x_t = (1 - lr*a)^t x0; frozen (NaN) after divergence."""
    lr = np.atleast_1d(np.asarray(lr, dtype=float))  # (n,) runs
    t = np.arange(steps + 1)[:, None, None]
    factors = np.stack([1 - lr * a, 1 - lr * b], axis=-1)[None]  # (1, n, 2)
    with np.errstate(all="ignore"):
        x = factors**t * np.asarray(x0, dtype=float)
        loss = 0.5 * (a * x[..., 0] ** 2 + b * x[..., 1] ** 2)
    bad = ~(loss <= threshold)
    div = np.where(bad.any(axis=0), bad.argmax(axis=0), -1)
    for i, d in enumerate(div):
        if d >= 0:
            x[d:, i] = np.nan
            loss[d:, i] = np.nan
            loss[d, i] = np.inf
    squeeze = lr.size == 1
    return FakeResult(
        x=x[:, 0] if squeeze else x,
        loss=loss[:, 0] if squeeze else loss,
        grad_norm=np.zeros((steps,) if squeeze else (steps, lr.size)),
        lr=np.broadcast_to(lr, (steps, lr.size))[:, 0] if squeeze else np.broadcast_to(lr, (steps, lr.size)).copy(),
        diverged=bool(div[0] >= 0) if squeeze else div >= 0,
        diverged_at=int(div[0]) if squeeze else div,
        optimizer=optimizer,
        objective="fake_quadratic",
    )


# --------------------------------------------------------------------------------------------
# Korean font
# --------------------------------------------------------------------------------------------


def test_use_korean_font_sets_noto_cjk_and_minus():
    assert plotting.use_korean_font() == "Noto Sans CJK KR"
    assert list(matplotlib.rcParams["font.family"]) == ["Noto Sans CJK KR", "DejaVu Sans"]
    assert matplotlib.rcParams["axes.unicode_minus"] is True  # Noto CJK has U+2212
    path = font_manager.findfont(font_manager.FontProperties(family=matplotlib.rcParams["font.family"]),
                                 fallback_to_default=False)
    assert "NotoSansCJK" in path


def test_use_korean_font_is_idempotent():
    plotting.use_korean_font()
    n_filters = len(warnings.filters)
    n_log_filters = len(logging.getLogger("matplotlib.mathtext").filters)
    rc_before = dict(matplotlib.rcParams)
    for _ in range(5):
        plotting.use_korean_font()
    assert len(warnings.filters) == n_filters
    assert len(logging.getLogger("matplotlib.mathtext").filters) == n_log_filters
    assert dict(matplotlib.rcParams) == rc_before


def test_helpers_reapply_font_after_rcparams_reset():
    # sphinx-gallery resets rcParams before each example
    matplotlib.rcdefaults()
    assert "Noto Sans CJK KR" not in matplotlib.rcParams["font.family"]
    fig, ax = plotting.subplots()
    assert matplotlib.rcParams["font.family"][0] == "Noto Sans CJK KR"
    ax.set_title(KOREAN)
    _draw(fig)
    # an Axes created before the font was set: the helper fixes its title and labels
    matplotlib.rcdefaults()
    fig2, ax2 = plt.subplots()
    plotting.loss_curves(ax2, {KOREAN: 0.5 ** np.arange(10)})
    ax2.set_title(KOREAN)
    _draw(fig2)


def _render_text(text, **font):
    fig = Figure(figsize=(2.4, 0.6), dpi=100)
    FigureCanvasAgg(fig)
    fig.text(0.04, 0.25, text, fontsize=16, **font)
    return _draw(fig)


def test_korean_really_renders_with_the_cjk_font():
    plotting.use_korean_font()
    default = _render_text(KOREAN)                      # what the book's figures get
    noto = _render_text(KOREAN, fontfamily="Noto Sans CJK KR")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")                  # boxes, on purpose
        boxes = _render_text(KOREAN, fontfamily="DejaVu Sans")
    ink = (default[..., :3] < 128).any(axis=-1).sum()
    assert ink > 100                                     # something was drawn
    np.testing.assert_array_equal(default, noto)         # ... with Noto Sans CJK KR
    assert not np.array_equal(noto, boxes)               # and a fallback would be visible


def test_helper_labels_use_the_cjk_font():
    fig, ax = plotting.subplots()
    plotting.loss_curves(ax, {KOREAN: 0.5 ** np.arange(10)}, relative_to=0.0)
    ax.set_title(KOREAN)
    _draw(fig)
    for text in (ax.title, ax.xaxis.label, ax.get_legend().get_texts()[0]):
        path = font_manager.findfont(text.get_fontproperties(), fallback_to_default=False)
        assert "NotoSansCJK" in path, (text.get_text(), path)


def test_missing_glyph_in_text_is_an_error_even_when_warnings_are_not():
    with warnings.catch_warnings():
        warnings.simplefilter("default")   # as outside pytest: only our filter makes it an error
        fig, ax = plotting.subplots()      # installs the filter
        ax.set_title("\ue000")             # private-use code point: in no font
        with pytest.raises(UserWarning, match="missing from font"):
            _draw(fig)


def test_missing_glyph_in_math_text_is_an_error():
    fig, ax = plotting.subplots()
    ax.set_title("$가$")                   # Hangul inside math: the math font has none
    with pytest.raises(plotting.MissingGlyphError, match="glyph"):
        _draw(fig)


def test_rebuilds_stale_font_cache_once(monkeypatch):
    real = list(font_manager.fontManager.ttflist)
    stale = [e for e in real if "CJK" not in e.name]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", stale)
    monkeypatch.setattr(plotting, "_font_info", None)
    calls = []

    def fake_load(*, try_read_cache=True):
        calls.append(try_read_cache)
        return SimpleNamespace(ttflist=real)

    monkeypatch.setattr(font_manager, "_load_fontmanager", fake_load)
    try:
        assert plotting.use_korean_font() == "Noto Sans CJK KR"
    finally:
        font_manager.fontManager._findfont_cached.cache_clear()
    assert calls == [False]
    assert any(e.name == "Noto Sans CJK KR" for e in font_manager.fontManager.ttflist)


def test_no_korean_font_raises_with_install_command(monkeypatch):
    monkeypatch.setattr(plotting, "KOREAN_FONT_CANDIDATES", ("No Such Font KR",))
    monkeypatch.setattr(plotting, "_font_info", None)
    monkeypatch.setattr(font_manager, "_load_fontmanager", lambda **kw: SimpleNamespace(ttflist=[]))
    with pytest.raises(RuntimeError, match="install-system-deps.sh") as err:
        plotting.use_korean_font()
    assert "apt-get install fonts-noto-cjk" in str(err.value)


def test_import_does_not_import_torch_and_fallback_colours_are_stable():
    code = (
        "import sys, json; import gdbook.plotting as p; "
        "print(json.dumps(['torch' in sys.modules, p.color_for('some_new_method')]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "MPLBACKEND": "Agg"})
    torch_loaded, colour = json.loads(out.stdout.strip().splitlines()[-1])
    assert torch_loaded is False
    assert colour == plotting.color_for("some_new_method")


# --------------------------------------------------------------------------------------------
# Colours
# --------------------------------------------------------------------------------------------

EXPECTED_COLORS = {
    "sgd": "#000000", "gd": "#000000", "momentum": "#0072B2", "heavy_ball": "#56B4E9",
    "nesterov": "#D55E00", "adagrad": "#009E73", "rmsprop": "#CC79A7", "adam": "#E69F00",
    "adamw": "#332288", "nadam": "#882255", "adadelta": "#999933", "adam_no_bias_correction": "#44AA99",
    "constant": "#000000", "step_decay": "#0072B2", "exponential": "#D55E00", "cosine": "#009E73",
    "cosine_annealing": "#009E73", "one_cycle": "#CC79A7", "warmup_cosine": "#E69F00",
}


def test_colors_are_the_fixed_table():
    for key, colour in EXPECTED_COLORS.items():
        assert plotting.color_for(key) == colour, key
        assert plotting.METHOD_COLORS[key] == colour
    assert plotting.color_for(" Heavy-Ball ") == plotting.color_for("heavy_ball")
    with pytest.raises(TypeError):
        plotting.METHOD_COLORS["adam"] = "red"  # read-only: one colour per method, book-wide


@pytest.mark.parametrize("keys", [plotting.OPTIMIZER_KEYS, plotting.SCHEDULE_KEYS])
def test_colors_are_distinct_within_a_group(keys):
    rgb = [np.array(to_rgb(plotting.color_for(k))) for k in keys]
    for (ka, a), (kb, b) in itertools.combinations(zip(keys, rgb), 2):
        assert np.linalg.norm(a - b) > 0.2, (ka, kb)


def test_unknown_key_fallback_and_strict():
    colour = plotting.color_for("my_method")
    assert colour == plotting.color_for("MY-METHOD")
    assert colour not in plotting.METHOD_COLORS.values()
    with pytest.raises(KeyError, match="unknown method key 'my_method'"):
        plotting.color_for("my_method", strict=True)


def test_real_optimizer_and_schedule_names_have_colours():
    optimizers = pytest.importorskip("gdbook.optimizers")
    schedules = pytest.importorskip("gdbook.schedules")
    opts = [optimizers.sgd(lr=0.1), optimizers.sgd(lr=0.1, momentum=0.9),
            optimizers.sgd(lr=0.1, momentum=0.9, nesterov=True), optimizers.adagrad(),
            optimizers.rmsprop(), optimizers.adam(), optimizers.adamw(), optimizers.nadam(),
            optimizers.adadelta(), optimizers.adam(bias_correction=False)]
    if hasattr(optimizers, "nesterov_lookahead"):
        opts.append(optimizers.nesterov_lookahead(lr=0.1, momentum=0.9))
    for opt in opts:
        assert plotting.color_for(opt.name, strict=True)
    scheds = [schedules.constant(0.1), schedules.step_decay(0.1, 10), schedules.exponential(0.1, 0.9),
              schedules.inverse_sqrt(0.1), schedules.cosine_annealing(0.1, 10),
              schedules.one_cycle(0.1, 100), schedules.linear_warmup(0.1, 5),
              schedules.warmup_cosine(0.1, 5, 100)]
    for s in scheds:
        assert plotting.color_for(s.name, strict=True)


def test_sweep_colors():
    cols = plotting.sweep_colors(5)
    assert len(set(cols)) == 5 and plotting.sweep_colors(5) == cols
    with pytest.raises(ValueError):
        plotting.sweep_colors(0)


# --------------------------------------------------------------------------------------------
# Contour and trajectories
# --------------------------------------------------------------------------------------------


def test_contour_log_levels_and_minimizer_star():
    f = FakeQuadratic()
    fig, ax = plotting.subplots()
    art = plotting.contour(ax, f, (-3, 3), (-2, 2), log=True, levels=12)
    gaps = np.asarray(art.lines.levels) - f.minimum
    assert gaps.size == 12 and np.all(gaps > 0)
    ratios = gaps[1:] / gaps[:-1]
    np.testing.assert_allclose(ratios, ratios[0], rtol=1e-9)     # geometric spacing
    assert art.minimizers.get_label() == "최소점"
    np.testing.assert_array_equal(art.minimizers.get_xydata(), [[0.0, 0.0]])
    assert tuple(ax.get_xlim()) == (-3.0, 3.0) and tuple(ax.get_ylim()) == (-2.0, 2.0)
    art2 = plotting.contour(ax, f, (-3, 3), (-2, 2), filled=True)
    assert art2.filled is not None and art2.minimizers.get_label() == "_nolegend_"  # one legend entry
    _draw(fig)


def test_contour_rejects_bad_window():
    fig, ax = plotting.subplots()
    with pytest.raises(ValueError, match="xlim"):
        plotting.contour(ax, FakeQuadratic(), (3, -3), (-2, 2))
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes"):
        plotting.contour(fig, FakeQuadratic(), (-3, 3), (-2, 2))


def _inside(points, xlim, ylim, tol=1e-9):
    p = np.asarray(points)
    return bool(np.all((p[:, 0] >= xlim[0] - tol) & (p[:, 0] <= xlim[1] + tol)
                       & (p[:, 1] >= ylim[0] - tol) & (p[:, 1] <= ylim[1] + tol)))


def test_trajectories_keep_window_and_mark_divergence():
    f = FakeQuadratic()
    good, bad = fake_gd(0.05), fake_gd(0.25)     # 1 - 0.25*10 = -1.5: the y-coordinate blows up
    assert bad.diverged and not good.diverged
    xlim, ylim = (-3.0, 3.0), (-2.0, 2.0)
    fig, ax = plotting.subplots()
    plotting.contour(ax, f, xlim, ylim)
    art = plotting.trajectories(ax, {"경사 하강법": good, "발산하는 학습률": bad})
    assert tuple(ax.get_xlim()) == xlim and tuple(ax.get_ylim()) == ylim
    a_bad = art["발산하는 학습률"]
    assert a_bad.status == "diverged" and art["경사 하강법"].status == "ok"
    assert a_bad.annotation.get_text() == f"발산 (스텝 {bad.diverged_at})"
    drawn = a_bad.line.get_xydata()
    assert _inside(drawn, xlim, ylim) and np.all(np.isfinite(drawn))
    exit_point = a_bad.end.get_xydata()[0]
    assert abs(abs(exit_point[1]) - 2.0) < 1e-12            # on the top/bottom edge of the window
    np.testing.assert_allclose(drawn[-1], exit_point)
    # the non-diverged run is drawn in full
    np.testing.assert_allclose(art["경사 하강법"].line.get_xydata(), good.x)
    # two runs of the same optimizer: the fixed colour cannot tell them apart, so they get two others
    assert art["경사 하강법"].line.get_color() != a_bad.line.get_color()
    _draw(fig)
    assert tuple(ax.get_xlim()) == xlim and tuple(ax.get_ylim()) == ylim


def test_trajectories_explicit_and_auto_window():
    good, bad = fake_gd(0.05), fake_gd(0.25)
    fig, ax = plotting.subplots()
    plotting.trajectories(ax, {"a": good, "b": bad}, xlim=(-1, 1), ylim=(-1, 1))
    assert tuple(ax.get_xlim()) == (-1.0, 1.0)
    fig2, ax2 = plotting.subplots()
    art = plotting.trajectories(ax2, {"a": good, "b": bad})
    lo, hi = ax2.get_ylim()
    # the window is set by the non-diverged run and the start points, not by the blow-up
    assert hi - lo < 5
    assert _inside(art["b"].line.get_xydata(), ax2.get_xlim(), ax2.get_ylim())
    _draw(fig2)


def test_trajectories_colours_labels_and_batched_runs():
    sweep = fake_gd([0.01, 0.05, 0.1], optimizer="sgd")
    fig, ax = plotting.subplots()
    art = plotting.trajectories(ax, sweep)
    assert list(art) == ["sgd, $\\eta = 0.01$", "sgd, $\\eta = 0.05$", "sgd, $\\eta = 0.1$"]
    assert [a.line.get_color() for a in art.values()] == plotting.sweep_colors(3)
    fig2, ax2 = plotting.subplots()
    art2 = plotting.trajectories(ax2, {"모멘텀": fake_gd(0.05, optimizer="momentum"),
                                       "아담": fake_gd(0.05, optimizer="adam"),
                                       "adagrad": fake_gd(0.05, optimizer="sgd")})
    assert art2["모멘텀"].line.get_color() == plotting.color_for("momentum")   # from .optimizer
    assert art2["아담"].line.get_color() == plotting.color_for("adam")
    assert art2["adagrad"].line.get_color() == plotting.color_for("adagrad")   # from the label
    art3 = plotting.trajectories(ax2, fake_gd(0.05), labels=["하나"], colors=["red"])
    assert art3["하나"].line.get_color() == "red"
    _draw(fig)
    _draw(fig2)


def test_trajectories_reject_non_2d():
    res = fake_gd(0.05)
    res3 = res._replace(x=np.concatenate([res.x, res.x[:, :1]], axis=-1))
    fig, ax = plotting.subplots()
    with pytest.raises(ValueError, match="2-D"):
        plotting.trajectories(ax, res3)


# --------------------------------------------------------------------------------------------
# Loss curves
# --------------------------------------------------------------------------------------------


def test_diverged_run_does_not_change_ylim():
    good = {"모멘텀": fake_gd(0.05, optimizer="momentum"), "경사 하강법": fake_gd(0.1)}
    bad = fake_gd(0.25)
    fig, (ax1, ax2) = plotting.subplots(1, 2)
    plotting.loss_curves(ax1, good, relative_to=0.0)
    art = plotting.loss_curves(ax2, {**good, "발산": bad}, relative_to=0.0)
    assert ax1.get_ylim() == ax2.get_ylim()
    a = art["발산"]
    assert a.status == "diverged" and a.annotation.get_text() == f"발산 (스텝 {bad.diverged_at})"
    # the last finite loss (about 1e12) is off the top, so the 'x' sits on the top edge
    assert a.end.get_xdata()[0] == bad.diverged_at and a.end.get_ydata()[0] == 1.0
    _draw(fig)
    # the marker is inside the figure where a reader sees it
    x_disp, y_disp = a.end.get_transform().transform([[bad.diverged_at, 1.0]])[0]
    bbox = ax2.get_window_extent()
    assert bbox.x0 <= x_disp <= bbox.x1 and abs(y_disp - bbox.y1) < 1.0


def test_diverged_linear_axis_and_all_diverged():
    bad = fake_gd(0.25)
    fig, (ax1, ax2) = plotting.subplots(1, 2)
    plotting.loss_curves(ax1, {"a": fake_gd(0.1), "b": bad}, log=False)
    assert ax1.get_ylim()[1] < 10
    art = plotting.loss_curves(ax2, {"b": bad, "c": fake_gd(0.3)})
    assert all(a.status == "diverged" for a in art.values())
    assert np.isfinite(ax2.get_ylim()).all()
    _draw(fig)


def test_exact_zero_on_log_axis_is_marked_without_warnings():
    vals = np.r_[0.5 ** np.arange(15), 0.0, 0.0, 1e-20, 0.0]
    fig, ax = plotting.subplots()
    art = plotting.loss_curves(ax, {"정확히 0": vals, "보통": 0.9 ** np.arange(19)})
    a = art["정확히 0"]
    assert a.status == "zero" and a.annotation.get_text() == "정확히 0 (스텝 15)"
    y = a.line.get_ydata()
    assert np.isnan(y[15]) and np.isnan(y[16]) and np.isnan(y[18]) and y[17] == 1e-20
    assert a.end.get_marker() == "v" and a.end.get_visible()
    _draw(fig)   # warnings are errors: nothing about log of zero
    x_disp, y_disp = a.end.get_transform().transform([[15, 0.0]])[0]
    bbox = ax.get_window_extent()
    assert bbox.x0 <= x_disp <= bbox.x1 and abs(y_disp - bbox.y0) < 1.0   # bottom edge
    assert ax.get_ylim()[0] <= 1e-20


def test_annotations_do_not_overlap():
    curves = {f"실행 {k}": np.r_[0.5 ** np.arange(20 + k), np.zeros(30 - k)] for k in range(3)}
    curves["발산 1"] = np.r_[2.0 ** np.arange(10), np.full(40, np.inf)]
    curves["발산 2"] = np.r_[2.0 ** np.arange(11), np.full(39, np.nan)]
    fig, ax = plotting.subplots()
    art = plotting.loss_curves(ax, curves)
    _draw(fig)
    boxes = [a.annotation.get_window_extent() for a in art.values()]
    for b1, b2 in itertools.combinations(boxes, 2):
        assert not b1.overlaps(b2)
    fig_box = fig.bbox
    assert all(fig_box.x0 <= b.x0 and b.x1 <= fig_box.x1 for b in boxes)   # none cut off


def test_list_of_results_and_repeated_labels():
    fig, ax = plotting.subplots()
    art = plotting.loss_curves(ax, [fake_gd(0.05), fake_gd(0.1)])
    assert list(art) == ["sgd", "sgd (2)"]
    colours = [a.line.get_color() for a in art.values()]
    assert colours[0] != colours[1]
    _draw(fig)


def test_negative_after_subtracting_fstar_and_floor():
    f_star = 1.0
    vals = np.r_[1.0 + 0.5 ** np.arange(10), 1.0 - 1e-16]
    fig, (ax1, ax2) = plotting.subplots(1, 2)
    art = plotting.loss_curves(ax1, {"a": vals}, relative_to=f_star)
    assert art["a"].annotation.get_text() == "0 이하 (스텝 10)"
    assert ax1.get_ylabel() == "$f(x_t) - f^*$"
    art2 = plotting.loss_curves(ax2, {"a": np.r_[1.0, 0.1, 0.0]}, floor=1e-300)
    assert art2["a"].line.get_ydata()[2] == 1e-300
    assert "1e-300" in art2["a"].annotation.get_text()
    _draw(fig)
    with pytest.raises(ValueError, match="floor"):
        plotting.loss_curves(ax2, {"a": vals}, floor=0.0)


def test_loss_curves_relative_to_objective():
    q = FakeQuadratic()
    fig, ax = plotting.subplots()
    art = plotting.loss_curves(ax, fake_gd(0.05), relative_to=q)
    np.testing.assert_allclose(art["sgd"].line.get_ydata(), fake_gd(0.05).loss)
    assert ax.get_xlabel() == "스텝 $t$"
    _draw(fig)


def test_rate_comparison():
    rho = 0.8
    measured = 3.0 * rho ** np.arange(41)
    measured[30:] = 0.0
    fig, ax = plotting.subplots()
    art = plotting.rate_comparison(ax, measured, rho, ylabel="$f(x_t) - f^*$")
    np.testing.assert_allclose(art.predicted.get_ydata()[:30], 3.0 * rho ** np.arange(30))
    assert art.predicted.get_linestyle() == "--"
    assert art.measured.status == "zero"
    _draw(fig)


# --------------------------------------------------------------------------------------------
# Schedules
# --------------------------------------------------------------------------------------------


def test_schedule_curves_vectorised_and_scalar():
    class Halving:
        name = "step_decay"

        def __call__(self, k):
            return 0.1 * 0.5 ** (np.asarray(k) // 10)

    def scalar_only(k):
        return 0.05 if int(k) < 5 else 0.01

    fig, ax = plotting.subplots()
    lines = plotting.schedule_curves(ax, {"계단 감소": Halving(), "직접 만든 스케줄": scalar_only}, 30)
    np.testing.assert_array_equal(lines["계단 감소"].get_xdata(), np.arange(1, 31))
    np.testing.assert_allclose(lines["계단 감소"].get_ydata(), Halving()(np.arange(30)))
    assert lines["계단 감소"].get_color() == plotting.color_for("step_decay")
    assert lines["직접 만든 스케줄"].get_ydata()[4] == 0.05 and lines["직접 만든 스케줄"].get_ydata()[5] == 0.01
    assert ax.get_ylabel() == "학습률 $\\eta_t$"
    _draw(fig)
    with pytest.raises(ValueError, match="steps"):
        plotting.schedule_curves(ax, {"a": Halving()}, 0)


def test_schedule_curves_with_real_schedules():
    schedules = pytest.importorskip("gdbook.schedules")
    fig, ax = plotting.subplots()
    scheds = {"코사인 어닐링": schedules.cosine_annealing(0.1, T_max=100),
              "원 사이클": schedules.one_cycle(0.1, total_steps=100)}
    lines = plotting.schedule_curves(ax, scheds, 100)
    assert lines["원 사이클"].get_color() == plotting.color_for("one_cycle")
    np.testing.assert_allclose(lines["코사인 어닐링"].get_ydata(), scheds["코사인 어닐링"](np.arange(100)))
    _draw(fig)


# --------------------------------------------------------------------------------------------
# With the real library (once gdbook.runner exists)
# --------------------------------------------------------------------------------------------


def test_real_runs_contour_trajectories_and_loss():
    runner = pytest.importorskip("gdbook.runner")
    from gdbook import functions, optimizers

    f = functions.note_quadratic()
    runs = {
        "경사 하강법": runner.run(optimizers.sgd(lr=0.1), f, [-2.0, -1.0], steps=60),
        "모멘텀": runner.run(optimizers.sgd(lr=0.1, momentum=0.5), f, [-2.0, -1.0], steps=60),
        "발산": runner.run(optimizers.sgd(lr=0.6), f, [-2.0, -1.0], steps=2000),
    }
    assert bool(runs["발산"].diverged)
    fig, (ax1, ax2) = plotting.subplots(1, 2)
    plotting.contour(ax1, f, (-3, 4), (-2, 5), log=True)
    art = plotting.trajectories(ax1, runs)
    assert tuple(ax1.get_xlim()) == (-3.0, 4.0)
    assert art["발산"].status == "diverged"
    assert art["모멘텀"].line.get_color() == plotting.color_for("momentum")
    art2 = plotting.loss_curves(ax2, runs, relative_to=f)
    assert art2["발산"].annotation.get_text() == f"발산 (스텝 {int(runs['발산'].diverged_at)})"
    _draw(fig)


# --------------------------------------------------------------------------------------------
# scripts/install-system-deps.sh
# --------------------------------------------------------------------------------------------


def test_install_script_is_executable_bash():
    script = REPO / "scripts" / "install-system-deps.sh"
    assert script.stat().st_mode & stat.S_IXUSR
    subprocess.run(["bash", "-n", str(script)], check=True)
    text = script.read_text()
    for pkg in ("fonts-noto-cjk", "chromium", "default-jre-headless"):
        assert pkg in text
