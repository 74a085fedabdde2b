"""The claims that §5 (adaptive methods), §6 (schedules) and exercise 3 quote, checked against
independent references (closed forms, hand-written recursions, the note's own formulas, torch)
wherever one exists. Each experiment runs once per module (fixtures)."""

from __future__ import annotations

import math

import numpy as np
import pytest

import gdbook
from gdbook import functions as F
from gdbook import optimizers as O
from gdbook import schedules as S
from gdbook.experiments import adaptive as A
from gdbook.experiments import schedules as XS

# ------------------------------------------------------------------------------ fixtures


@pytest.fixture(scope="module")
def note_runs():
    return A.beale_note_comparison()


@pytest.fixture(scope="module")
def sweep():
    return A.beale_lr_sweep()


@pytest.fixture(scope="module")
def bias():
    return A.bias_correction_steps(steps=5000)


@pytest.fixture(scope="module")
def wd():
    return A.weight_decay_comparison()


@pytest.fixture(scope="module")
def ex3():
    return A.exercise3_rosenbrock()


@pytest.fixture(scope="module")
def ex3_sweep():
    return A.exercise3_lr_sweep()


@pytest.fixture(scope="module")
def training():
    return XS.schedules_in_training()


def beale_grad_by_hand(x, y):
    """The note's beale_gradient, written out (independent of gdbook.functions.Beale)."""
    dx = (2 * (1.5 - x + x * y) * (-1 + y) + 2 * (2.25 - x + x * y**2) * (-1 + y**2)
          + 2 * (2.625 - x + x * y**3) * (-1 + y**3))  # fmt: skip
    dy = 2 * (1.5 - x + x * y) * x + 2 * (2.25 - x + x * y**2) * (2 * x * y) + 2 * (2.625 - x + x * y**3) * (3 * x * y**2)
    return np.array([dx, dy])


# ------------------------------------------------------------------------------ §5.4 Beale, the note's setting


def test_beale_start(note_runs):
    g0 = beale_grad_by_hand(3.0, 3.0)
    np.testing.assert_allclose(g0, [4642.5, 14051.25])
    r = note_runs["SGD"].result
    assert r.loss[0] == pytest.approx(7245.703125)
    # the first SGD step is x0 - 0.001 g0 (= (-1.6425, -11.05125)), about 14.8 long
    np.testing.assert_allclose(r.x[1], np.array([3.0, 3.0]) - 1e-3 * g0, rtol=1e-14)
    assert np.linalg.norm(r.x[1] - r.x[0]) == pytest.approx(14.798, abs=1e-3)


@pytest.mark.parametrize("label", ["SGD", "모멘텀"])
def test_sgd_and_momentum_diverge_at_step_4(note_runs, label):
    run = note_runs[label]
    assert run.diverged_at == 4
    loss = run.result.loss
    assert np.all(np.isfinite(loss[:4])) and not np.isfinite(loss[4])
    assert 1e170 < loss[3] < 1e180           # "세 스텝 만에 손실이 10^178 근처"
    assert run.peak_loss == loss[3]
    assert math.isnan(run.final_loss)


def test_adaptive_first_steps_ignore_gradient_scale(note_runs):
    step = {k: np.abs(r.result.x[1] - r.result.x[0]) for k, r in note_runs.items()}
    np.testing.assert_allclose(step["AdaGrad"], 0.5, rtol=1e-9)                 # eta
    np.testing.assert_allclose(step["RMSProp"], 0.01 / math.sqrt(0.1), rtol=1e-9)  # eta / sqrt(1 - alpha)
    np.testing.assert_allclose(step["Adam"], 0.01, rtol=1e-9)                   # eta


def test_note_comparison_outcome(note_runs):
    rms, ada, adam = note_runs["RMSProp"], note_runs["AdaGrad"], note_runs["Adam"]
    assert rms.final_loss < 5e-3 and rms.distance < 0.1           # only RMSProp is close
    assert 5 < ada.final_loss < 10 and 1.4 < ada.distance < 1.8     # 7.74, 1.58
    assert 80 < adam.final_loss < 95 and 1.6 < adam.distance < 1.9  # 88.3, 1.73
    assert adam.distance > max(ada.distance, rms.distance)         # farthest of the survivors
    # Adam's steps are about eta = 0.01 per coordinate: 500 steps cannot travel more than ~5
    assert np.max(np.abs(np.diff(adam.result.x, axis=0))) < 0.011


def test_note_comparison_matches_an_independent_sgd_run(note_runs):
    # plain gradient descent with the hand-written gradient, until the overflow
    x = np.array([3.0, 3.0])
    with np.errstate(all="ignore"):
        for t in range(1, 4):
            x = x - 1e-3 * beale_grad_by_hand(*x)
            np.testing.assert_allclose(x, note_runs["SGD"].result.x[t], rtol=1e-12)


# ------------------------------------------------------------------------------ §5.4 learning-rate sweep


def test_sweep_sgd_window(sweep):
    sgd = sweep["SGD"]
    assert sgd.best_lr == pytest.approx(1e-4)
    assert sgd.best.final_loss < 0.2                                 # 0.141
    diverged = sgd.lrs[sgd.diverged_at >= 0]
    assert diverged.min() == pytest.approx(10**-3.25)                 # 5.6e-4 and above diverge
    assert np.all(sgd.diverged_at[sgd.lrs < 5e-4] == -1)
    good = sgd.lrs[np.nan_to_num(sgd.final_loss, nan=np.inf) < 1.0]
    assert good.min() == pytest.approx(10**-4.25) and good.max() == pytest.approx(10**-3.75)


def test_sweep_tuned_sgd_beats_note_adam(sweep, note_runs):
    assert note_runs["Adam"].final_loss / sweep["SGD"].best.final_loss > 100   # "수백 배"
    assert sweep["모멘텀"].best.final_loss < sweep["SGD"].best.final_loss


@pytest.mark.parametrize("label", ["AdaGrad", "RMSProp", "Adam", "NAdam", "AMSGrad", "Adadelta"])
def test_sweep_adaptive_never_diverge(sweep, label):
    assert np.all(sweep[label].diverged_at == -1)


def test_sweep_best_values(sweep):
    assert sweep["Adam"].best.final_loss < 1e-2
    assert sweep["NAdam"].best.final_loss < 1e-3
    assert sweep["RMSProp"].best_lr == pytest.approx(1e-2)


def test_sweep_batched_equals_single(sweep):
    for sw in sweep.values():
        i = int(np.argmin(np.abs(sw.lrs - sw.best_lr)))
        assert sw.final_loss[i] == pytest.approx(sw.best.final_loss, rel=1e-12)


# ------------------------------------------------------------------------------ §5.1 epsilon, §5.3 moments


def test_epsilon_placement():
    e = A.epsilon_placement()
    g, eps = np.array([1.0, 1e-3, 1e-6]), 1e-8
    np.testing.assert_allclose(e.outside, g / (g + eps), rtol=1e-12)
    np.testing.assert_allclose(e.inside, g / np.sqrt(g**2 + eps), rtol=1e-12)
    assert e.outside[2] / e.inside[2] == pytest.approx(99.0, rel=0.01)   # "약 100배"


def test_second_moment_is_not_the_variance():
    const = A.moment_estimates(np.full((200, 1), 2.0))
    assert const.m_hat[-1, 0] == pytest.approx(2.0, rel=1e-12)
    assert const.v_hat[-1, 0] == pytest.approx(4.0, rel=1e-12)          # variance 0, v_hat = g^2
    alt = A.moment_estimates(2.0 * (-1.0) ** np.arange(200)[:, None])
    assert alt.v_hat[-1, 0] == pytest.approx(4.0, rel=1e-12)            # mean 0, variance 4
    b1 = 0.9
    m200 = -(1 - b1) * 2 * (1 - (-b1) ** 200) / (1 + b1)               # closed form of the EMA
    assert alt.m_hat[-1, 0] == pytest.approx(m200 / (1 - b1**200), rel=1e-10)


# ------------------------------------------------------------------------------ §5.3 weight decay


def test_weight_decay_is_l2_and_adamw_differs(wd):
    np.testing.assert_allclose(wd.penalized_minimizer, [2 / 2.1, 8 / 4.1], rtol=1e-12)
    assert wd.sgd_max_diff < 1e-12
    assert wd.adam_max_diff < 1e-12
    assert wd.adam_to_penalized < 1e-6
    assert wd.adamw_to_minimizer < 5e-3
    assert wd.adamw_to_penalized > 0.05


def test_decoupled_sgd_is_the_same_expression():
    # one step of "decoupled" SGD, (1 - eta*lam) x - eta g, equals torch's L2 step
    rng = np.random.default_rng(0)
    x, g = rng.standard_normal(5), rng.standard_normal(5)
    eta, lam = 0.1, 0.3
    opt = O.sgd(eta, weight_decay=lam)
    x1, _ = opt.step(x, g, opt.init(x))
    np.testing.assert_allclose(x1, (1 - eta * lam) * x - eta * g, rtol=1e-14)


# ------------------------------------------------------------------------------ §5.5 bias correction


def test_bias_correction_factors(bias):
    assert bias.factor1[9] == pytest.approx(1 / (1 - 0.9**10))
    assert bias.factor1[99] == pytest.approx(1.0000266, rel=1e-6)
    assert bias.factor2[99] == pytest.approx(10.5033, rel=1e-4)
    assert bias.factor2[999] == pytest.approx(1.58152, rel=1e-4)
    assert bias.factor2[2999] == pytest.approx(1.05231, rel=1e-4)
    t11 = math.floor(math.log(1 - 1 / 1.1) / math.log(0.999)) + 1
    assert t11 == 2397 and bias.t[np.argmax(bias.factor2 < 1.1)] == t11
    assert bias.t[np.argmax(bias.factor2 < 1.01)] == math.floor(math.log(1 - 1 / 1.01) / math.log(0.999)) + 1


def test_bias_correction_step_sizes(bias):
    np.testing.assert_allclose(bias.corrected, 1.0, rtol=1e-7)          # exactly eta (up to eps)
    np.testing.assert_allclose(bias.uncorrected, bias.predicted, rtol=1e-6)
    assert bias.uncorrected[0] == pytest.approx(math.sqrt(10), rel=1e-6)
    assert int(bias.t[np.argmax(bias.uncorrected)]) == 12
    assert bias.uncorrected.max() == pytest.approx(6.5685, abs=1e-3)
    assert bias.uncorrected[9] == pytest.approx(6.528, abs=1e-3)
    assert bias.uncorrected[999] == pytest.approx(1.2576, abs=1e-3)
    assert np.all(bias.uncorrected > bias.corrected)                   # larger, never smaller


# ------------------------------------------------------------------------------ exercise 3


def my_adam(grad, x0, lr, steps, betas=(0.9, 0.999), eps=1e-8, bias_correction=True):
    b1, b2 = betas
    x = np.array(x0, dtype=float)
    m = np.zeros_like(x)
    v = np.zeros_like(x)
    xs = [x.copy()]
    for t in range(1, steps + 1):
        g = grad(x)
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g**2
        mh, vh = (m / (1 - b1**t), v / (1 - b2**t)) if bias_correction else (m, v)
        x = x - lr * mh / (np.sqrt(vh) + eps)
        xs.append(x.copy())
    return np.array(xs)


@pytest.mark.parametrize("bc", [True, False])
def test_exercise3_student_adam_matches_library(bc):
    f = F.Rosenbrock()
    mine = my_adam(f.grad, (-1.5, 2.0), 0.1, 300, bias_correction=bc)
    ref = gdbook.run(O.adam(lr=0.1, bias_correction=bc), f, (-1.5, 2.0), 300).x
    np.testing.assert_allclose(mine, ref, rtol=1e-10, atol=1e-12)


def test_exercise3_numbers(ex3):
    a, b = ex3.runs["Adam"], ex3.runs["Adam (편향 보정 없음)"]
    assert ex3.first_steps["Adam"][0] == pytest.approx(math.sqrt(2), rel=1e-6)
    assert ex3.first_steps["Adam (편향 보정 없음)"][0] == pytest.approx(math.sqrt(20), rel=1e-6)
    assert a.peak_loss == a.result.loss[0] == 12.5
    assert b.peak_loss / b.result.loss[0] > 7
    assert a.final_loss < 1e-20 < 1e-10 < b.final_loss


def test_exercise3_sweep(ex3_sweep):
    sw = ex3_sweep
    bc, nobc = sw.final_loss["Adam"], sw.final_loss["Adam (편향 보정 없음)"]
    small = sw.lrs <= 0.0178
    assert np.all(nobc[small] < bc[small])
    # the grid has 4 points per decade: two cells are sqrt(10), the ratio of the two first steps
    pb, pn = sw.peak_loss["Adam"], sw.peak_loss["Adam (편향 보정 없음)"]
    j = int(np.argmin(np.abs(sw.lrs - 0.1)))
    assert pn[j] == pytest.approx(pb[j + 2], rel=1e-6)
    assert np.all(pn >= pb)


# ------------------------------------------------------------------------------ §6 schedules


def test_note_schedules_values():
    s = XS.note_schedules()
    k = np.arange(200)
    # the note's own functions, written out
    np.testing.assert_allclose(s["스텝 감쇠"](k), 0.1 * 0.5 ** (k // 50), rtol=1e-15)
    np.testing.assert_allclose(s["지수 감쇠"](k), 0.1 * np.exp(-0.01 * k), rtol=1e-13)
    np.testing.assert_allclose(s["코사인 어닐링"](k), 0.5 * 0.1 * (1 + np.cos(np.pi * k / 200)), rtol=1e-13, atol=1e-17)
    oc = s["1-사이클"](k)
    assert oc[0] == pytest.approx(0.004) and int(np.argmax(oc)) == 59 and oc.max() == pytest.approx(0.1)
    assert oc[-1] == pytest.approx(0.004 / 1e4)
    wc = s["워밍업 + 코사인"](k)
    assert wc[0] == pytest.approx(0.1 / 3) and wc[20] == pytest.approx(0.1)


def test_one_cycle_has_no_plateau():
    k = np.arange(200)
    for label, s in XS.one_cycle_variants().items():
        v = s(k)
        assert int(np.sum(v >= 0.1 * (1 - 1e-12))) == 1, label


def test_note_code_one_cycle_is_reproduced():
    def note_one_cycle(t, eta_min=0.001, eta_max=0.1, T=200, warmup_frac=0.3):   # the note's code
        if t < warmup_frac * T:
            return eta_min + (eta_max - eta_min) * t / (warmup_frac * T)
        progress = (t - warmup_frac * T) / ((1 - warmup_frac) * T)
        return eta_min + 0.5 * (eta_max - eta_min) * (1 + np.cos(np.pi * progress))

    ours = XS.one_cycle_variants()["노트의 코드"](np.arange(200))
    np.testing.assert_allclose(ours, [note_one_cycle(t) for t in range(200)], rtol=1e-12)


def test_stacked_schedule_run_equals_single_runs():
    f = F.LeastSquares()
    scheds = [S.constant(0.1), S.cosine_annealing(0.1, 50)]
    x0 = np.zeros((2, f.dim))
    batched = gdbook.run(O.sgd(XS.stacked(scheds, 50)), f, x0, 50, batch_size=10, seed=3)
    for i, s in enumerate(scheds):
        single = gdbook.run(O.sgd(s), f, np.zeros(f.dim), 50, batch_size=10, seed=3)
        np.testing.assert_allclose(batched.x[:, i], single.x, rtol=1e-12, atol=1e-15)


def test_cosine_past_t_max_matches_torch():
    torch = pytest.importorskip("torch")
    p = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([p], lr=0.1)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=200)
    got = []
    for _ in range(600):
        got.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    ours = XS.note_schedules()["코사인 어닐링"](np.arange(600))
    np.testing.assert_allclose(got, ours, rtol=0, atol=1e-15)
    assert got[400] == pytest.approx(0.1)           # back up at 2 T_max: no plateau at eta_min


def test_schedules_in_training(training):
    tr = training
    const = tr.mean["상수"]
    assert 3e-4 < const < 1e-3
    decaying = ["스텝 감쇠", "지수 감쇠", "코사인 어닐링", "1-사이클", "워밍업 + 코사인"]
    for k in decaying:
        assert tr.wins_vs_constant[k] == 1.0, k
        assert 5 < const / tr.mean[k] < 10, k
    assert tr.mean["역제곱근"] > 10 * const                                # worst: too little sum(eta)
    spread = max(tr.std[k] for k in decaying)
    means = [tr.mean[k] for k in decaying]
    assert max(means) - min(means) < 1.5 * spread                        # no ranking among them
    assert abs(tr.mean["워밍업 + 코사인"] - tr.mean["코사인 어닐링"]) < min(tr.std["코사인 어닐링"], tr.std["워밍업 + 코사인"])


def test_schedules_in_training_excess_is_recomputed(training):
    # the recorded final excess equals f(x_T) - f* recomputed from an independent single run
    f = training.objective
    s = training.schedules["코사인 어닐링"]
    single = gdbook.run(O.sgd(s), f, np.zeros(f.dim), 200, batch_size=10, seed=0)
    i = training.labels.index("코사인 어닐링")
    assert training.excess[0, i] == pytest.approx(float(single.loss_final - f.minimum), rel=1e-9)


def test_t_max_mismatch_of_the_note_recipe():
    # CosineAnnealingLR(T_max=100) stepped 10 times only lowers lr to 97.6 % of its start
    assert S.cosine_annealing(1e-3, T_max=100)(10) / 1e-3 == pytest.approx((1 + math.cos(math.pi / 10)) / 2)
