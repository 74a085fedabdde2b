"""The numbers that chapters 1-2, exercise 1 and their gallery examples quote, checked.

Each experiment of ``gdbook.experiments.basics`` / ``gdbook.experiments.convergence`` is compared
with an independent reference: closed forms of GD on quadratics (per-eigendirection factors
computed here with ``numpy.linalg.eigh``), not the library's own theory helpers, wherever the
text states a number.
"""

from __future__ import annotations

import math
import runpy
from pathlib import Path

import numpy as np
import pytest

from gdbook.experiments import basics, convergence

ROOT = Path(__file__).resolve().parents[1]


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------


def note_gap_closed_form(lr, t):
    """f(x_t) - f* of GD on (x-1)^2 + 2(y-2)^2 from (-2, -1): 9(1-2η)^{2t} + 18(1-4η)^{2t}."""
    lr = np.asarray(lr, dtype=float)
    return 9.0 * (1 - 2 * lr) ** (2 * t) + 18.0 * (1 - 4 * lr) ** (2 * t)


def spectral_rate(A, lr):
    """max_i |1 - lr λ_i| from an independent eigendecomposition."""
    lam = np.linalg.eigvalsh(A)
    return np.max(np.abs(1.0 - np.multiply.outer(np.asarray(lr, dtype=float), lam)), axis=-1)


@pytest.fixture(scope="module")
def lr_exp():
    return basics.learning_rates_on_quadratic()


@pytest.fixture(scope="module")
def sweep():
    return basics.lr_sweep_on_quadratic()


@pytest.fixture(scope="module")
def kappa_sweep():
    return convergence.condition_number_sweep()


# --------------------------------------------------------------------------------------------
# basics: the note's experiment (§1.3)
# --------------------------------------------------------------------------------------------


def test_lr05_solves_x_in_one_step_and_y_oscillates_with_constant_amplitude(lr_exp):
    run = lr_exp.runs["η = 0.5"]
    assert run.x[1, 0] == 1.0                              # x solved exactly at step 1
    assert np.all(run.x[1:, 0] == 1.0)
    amp = np.abs(run.x[1:, 1] - 2.0)
    assert np.all(amp == 3.0)                              # |y_t - 2| = 3 for every t >= 1
    assert np.array_equal(run.x[1::2, 1], np.full(25, 5.0))
    assert np.array_equal(run.x[2::2, 1], np.full(25, -1.0))
    assert np.all(lr_exp.gap[1:, 2] == 18.0)                # the loss never changes
    assert not run.diverged


def test_lr09_diverges_with_growth_factor_2_6(lr_exp):
    i = 3
    assert lr_exp.lrs[i] == 0.9
    # independent: first step whose loss exceeds 1e6 f(x0), and whose loss overflows float64
    t = np.arange(1, 1001)
    with np.errstate(over="ignore"):
        closed = note_gap_closed_form(0.9, t)
    assert lr_exp.diverged_at[i] == t[np.argmax(closed > 1e6 * 27.0)] == 8
    overflow = t[np.argmax(~np.isfinite(closed))]
    assert lr_exp.overflow_step[i] == overflow == 370
    e = np.abs(lr_exp.runs["η = 0.9"].x[:8, 1] - 2.0)
    np.testing.assert_allclose(e[1:] / e[:-1], 2.6, rtol=1e-12)
    assert lr_exp.measured_rate[i] == pytest.approx(2.6, rel=1e-3)
    assert lr_exp.long_loss[50, i] == pytest.approx(float(note_gap_closed_form(0.9, 50)), rel=1e-9)


def test_lr_experiment_rates_and_final_numbers(lr_exp):
    np.testing.assert_allclose(lr_exp.measured_rate, [0.8, 0.4, 1.0, 2.6], atol=1e-3)
    np.testing.assert_allclose(lr_exp.rate, spectral_rate(np.diag([2.0, 4.0]), lr_exp.lrs), rtol=1e-12)
    assert lr_exp.final_loss[0] == pytest.approx(float(note_gap_closed_form(0.1, 50)), rel=1e-8)
    assert lr_exp.final_loss[0] == pytest.approx(1.833e-9, rel=1e-3)
    assert lr_exp.final_loss[1] == 0.0 and lr_exp.final_distance[1] == 0.0
    assert np.isnan(lr_exp.final_loss[3])
    assert lr_exp.diverged_at.tolist()[:3] == [-1, -1, -1]


def test_gap_is_accurate_below_the_rounding_of_the_expanded_quadratic(lr_exp):
    # the stable gap follows the closed form far below f's rounding level (about 2e-15); its
    # own limit is the rounding of x_t itself (|x_t - x*| known to ~1e-16 absolute)
    t = np.arange(51)
    closed = note_gap_closed_form(0.3, t)
    ok = closed > 1e-20
    assert ok.sum() > 20
    np.testing.assert_allclose(lr_exp.gap[ok, 1], closed[ok], rtol=1e-3)
    assert int(np.argmax(lr_exp.gap[:, 1] == 0)) > 21   # not the spurious zero of f(x) - f*


# --------------------------------------------------------------------------------------------
# basics: sweep across 2/L and the one-step decrease
# --------------------------------------------------------------------------------------------


def test_sweep_is_one_batched_run(sweep):
    assert sweep.result.x.shape == (51, 200, 2)
    assert sweep.result.lr.shape == (50, 200)


def test_sweep_matches_the_spectral_rate_and_the_thresholds(sweep):
    rho = spectral_rate(np.diag([2.0, 4.0]), sweep.lrs)
    assert np.max(np.abs(sweep.measured_rate - rho)) < 5e-3
    step = sweep.lrs[1] - sweep.lrs[0]
    assert abs(sweep.best_lr_on_grid - 1 / 3) <= step
    assert sweep.largest_convergent_lr < 0.5 <= sweep.largest_convergent_lr + step + 1e-12
    assert sweep.best_rate == pytest.approx(1 / 3, rel=1e-12)
    assert sweep.thresholds.one_over_L == 0.25 and sweep.thresholds.two_over_L == 0.5
    # every lr in (0.25, 0.5) converges, i.e. 1/L is not an upper limit
    mid = (sweep.lrs > 0.25) & (sweep.lrs < 0.499)
    assert mid.sum() > 40 and np.all(sweep.measured_rate[mid] < 1)


def test_sweep_final_gap_matches_closed_form(sweep):
    closed = note_gap_closed_form(sweep.lrs, 50)
    ok = closed > 1e-20
    np.testing.assert_allclose(sweep.final_gap[ok], closed[ok], rtol=1e-3)
    big = closed > 1e-12
    np.testing.assert_allclose(sweep.final_gap[big], closed[big], rtol=1e-8)


def test_one_step_decrease_closed_form_and_lemma():
    d = basics.one_step_decrease()
    # g = (-6, -12): f(x - ηg) - f(x) = -180 η + 324 η^2 on this quadratic
    np.testing.assert_allclose(d.actual, -180 * d.lrs + 324 * d.lrs**2, rtol=1e-10, atol=1e-10)
    assert d.grad_norm_sq == 180.0 and d.actual_zero_lr == pytest.approx(180 / 324)
    assert d.max_violation <= 0.0
    i = int(np.argmin(np.abs(d.lrs - 0.25)))
    assert d.lemma_bound[i] == pytest.approx(-22.5) and d.actual[i] == pytest.approx(-24.75)


def test_helpers_reject_bad_input_and_measure_ratios(lr_exp):
    with pytest.raises(ValueError, match="index"):
        basics.select_run(lr_exp.batch, 4)
    with pytest.raises(TypeError, match="index"):
        basics.select_run(lr_exp.batch, 1.0)
    e = 3.0 * 0.7 ** np.arange(30.0)
    assert basics.last_step_ratio(e) == pytest.approx(0.7, rel=1e-12)
    with pytest.raises(ValueError, match="err"):
        basics.last_step_ratio([1.0])


# --------------------------------------------------------------------------------------------
# convergence (§2)
# --------------------------------------------------------------------------------------------


def test_hessian_bound_alone_is_not_lipschitz():
    c = convergence.smoothness_check()
    assert c.hessian_max == 1.0 and c.L == 4.0
    assert 3.99 < c.lipschitz_measured <= 4.0 + 1e-12
    assert c.upper_violation <= 1e-12 < c.lower_violation


def test_descent_lemma_holds_along_runs_and_is_tight_near_2_over_L():
    dl = convergence.descent_lemma_check()
    assert np.all(dl.min_ratio >= 1.0 - 1e-9)
    assert dl.min_ratio[-1] < 1.001
    assert np.all(dl.valid.sum(axis=0) >= 15)


def test_convex_rate_bound_and_one_over_t_shape():
    cx = convergence.convex_rate_experiment()
    f = cx.objective
    lam, Q = np.linalg.eigh(f.A)
    c = Q.T @ (cx.x0 - f.minimizers[0])
    t = np.arange(cx.gap.size)
    closed = 0.5 * np.sum(lam * (1 - lam / f.L) ** (2 * t[:, None]) * c**2, axis=1)
    np.testing.assert_allclose(cx.gap, closed, rtol=1e-7, atol=1e-14)
    assert np.all(cx.gap[1:] <= cx.bound[1:])
    assert cx.max_ratio < 0.1
    assert np.all(np.diff(cx.gap) <= 1e-15)                 # monotone (descent lemma)
    tg = cx.t_times_gap[10:]
    assert 0.5 < tg.min() and tg.max() < 2.0                # O(1/t), not faster, up to t = 2000
    dist0_sq = float(np.sum(c[lam > 1e-12] ** 2))
    assert cx.dist0_sq == pytest.approx(dist0_sq, rel=1e-10)


def test_stability_sweep_matches_spectral_rate():
    st = convergence.stability_sweep()
    rho = spectral_rate(st.objective.A, st.lrs)
    assert np.max(np.abs(st.measured_rate - rho)) < 5e-3
    assert st.largest_convergent_lr < 0.2 < st.smallest_divergent_lr
    step = st.lrs[1] - st.lrs[0]
    assert abs(st.best_lr_on_grid - 2 / 11) <= step
    ok = ~np.isnan(st.theorem_rate)
    assert np.all(st.theorem_rate[ok] >= rho[ok] - 1e-12)  # the theorem's guarantee is looser


def test_condition_number_sweep_squared_distance_rate_is_the_square(kappa_sweep):
    cs = kappa_sweep
    assert cs.zero_step.tolist() == [1, -1, -1, -1]
    assert np.all(cs.sq_dist[1:, 0] == 0.0)
    for k, kappa in enumerate(cs.kappas[1:], start=1):
        rho = float(spectral_rate(cs.objectives[k].A, 1.0 / kappa))
        assert rho == pytest.approx(1 - 1 / kappa, rel=1e-9)
        assert cs.measured_sq_rate[k] == pytest.approx(rho**2, abs=1e-4)
        # the note's line has the wrong slope: the measured factor is the square, not 1 - 1/κ
        assert cs.note_factor[k] - cs.measured_sq_rate[k] > 0.5 * (1 / kappa) ** 1
    assert np.all(cs.bound_holds)
    assert cs.sq_dist[-1, 1] / cs.sq_dist[0, 1] < 1e-5 * cs.note_factor[1] ** 100


def test_condition_number_sweep_is_seeded(kappa_sweep):
    again = convergence.condition_number_sweep()
    assert np.array_equal(again.sq_dist, kappa_sweep.sq_dist)


def test_exercise1_numbers():
    ex = convergence.exercise1()
    np.testing.assert_allclose(ex.measured_rate, [0.9, 0.99], atol=1e-6)
    np.testing.assert_allclose(ex.measured_sq_rate, [0.81, 0.9801], atol=1e-6)
    sq = ex.sweep.sq_dist
    for k in range(2):
        first = int(np.argmax(sq[:, k] <= 1e-6 * sq[0, k]))
        assert ex.steps_measured[k] == first > 0
        rho = 1 - 1 / ex.kappas[k]
        assert ex.steps_quadratic_bound[k] == math.ceil(math.log(1e-6) / (2 * math.log(rho)))
        assert ex.steps_note_bound[k] == math.ceil(math.log(1e-6) / math.log(rho))
        assert ex.steps_measured[k] <= ex.steps_quadratic_bound[k] < ex.steps_note_bound[k]
    assert 9 < ex.steps_measured[1] / ex.steps_measured[0] < 11.5


# --------------------------------------------------------------------------------------------
# the gallery examples run
# --------------------------------------------------------------------------------------------

GALLERY = sorted((ROOT / "gallery").glob("0[12]_*/plot_*.py"))


@pytest.mark.parametrize("path", GALLERY, ids=[p.name for p in GALLERY])
def test_gallery_example_runs(path, capsys):
    import matplotlib

    matplotlib.use("Agg")
    from gdbook import plotting

    runpy.run_path(str(path), run_name="__main__")
    out = capsys.readouterr().out
    assert out.strip()                                      # prints the numbers the text quotes
    plotting.plt.close("all")
