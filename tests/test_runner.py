"""gdbook.runner: the run loop against hand-written loops, batched runs, divergence, minibatches,
clipping, RunResult, errors. Warnings are errors (pyproject), so a leaked overflow warning fails."""

from __future__ import annotations

import dataclasses
import math
import sys
import warnings
from typing import NamedTuple

import numpy as np
import pytest

import gdbook
from gdbook import functions as F
from gdbook import optimizers as O
from gdbook import schedules as S
from gdbook._validation import lr_at
from gdbook.runner import RunResult, run

DBL_MAX = sys.float_info.max


# ------------------------------------------------------------------ a minimal local optimizer


class _TinyState(NamedTuple):
    t: int


def tiny_gd(lr, calls=None):
    """Plain GD through the Optimizer interface only (no gdbook.optimizers code): its step refuses
    a non-finite x like gdbook's optimizers do, so it checks that stopped runs are parked at a
    finite point, and it has no 'lr' hyperparameter, so the recorded lr is nan."""

    def init(x0):
        return _TinyState(0)

    def step(x, g, state):
        assert np.all(np.isfinite(x)), "the runner passed a non-finite x to step"
        if calls is not None:
            calls.append(state.t)
        return x - lr * g, _TinyState(state.t + 1)

    return O.Optimizer("tiny_gd", "GD", init, step, lambda x, state: x, {"step_size": lr})


# ------------------------------------------------------------- exact agreement with hand loops


def test_trajectory_equals_hand_written_gd_loop_on_note_quadratic():
    f = F.note_quadratic()
    lr, steps = 0.1, 50
    res = run(O.sgd(lr=lr), f, [-2.0, -1.0], steps)
    x = np.array([-2.0, -1.0])
    xs, norms = [x], []
    for _ in range(steps):
        g = np.array([2 * (x[0] - 1), 4 * (x[1] - 2)])  # grad of (x-1)^2 + 2(y-2)^2, by hand
        norms.append(math.sqrt(g[0] * g[0] + g[1] * g[1]))
        x = x - lr * g
        xs.append(x)
    xs = np.array(xs)
    assert res.x.shape == (steps + 1, 2) and res.loss.shape == (steps + 1,)
    assert res.grad_norm.shape == (steps,) and res.lr.shape == (steps,)
    np.testing.assert_array_equal(res.x, xs)
    np.testing.assert_array_equal(res.grad_norm, norms)
    np.testing.assert_array_equal(res.lr, np.full(steps, lr))
    np.testing.assert_array_equal(res.loss, f(xs))
    hand_loss = (xs[:, 0] - 1) ** 2 + 2 * (xs[:, 1] - 2) ** 2
    np.testing.assert_allclose(res.loss, hand_loss, rtol=1e-12, atol=1e-13)  # f's own round-off
    np.testing.assert_array_equal(res.x_final, xs[-1])
    assert res.loss_final == res.loss[-1]
    assert res.diverged is False and res.diverged_at == -1
    assert res.optimizer == "sgd" and res.objective == "note_quadratic" and res.steps == steps


def test_eval_point_is_used_nesterov_lookahead():
    f = F.Rosenbrock()
    lr, beta, steps = 1e-3, 0.9, 40
    res = run(O.nesterov_lookahead(lr=lr, momentum=beta), f, [-1.5, 2.0], steps)
    x, v = np.array([-1.5, 2.0]), np.zeros(2)
    xs = [x]
    for _ in range(steps):
        v = beta * v + f.grad(x - lr * beta * v)
        x = x - lr * v
        xs.append(x)
    np.testing.assert_array_equal(res.x, np.array(xs))


def test_schedule_lr_is_recorded_and_used():
    f = F.note_quadratic()
    sched = S.step_decay(0.2, step_size=5, gamma=0.5)
    steps = 23
    res = run(O.sgd(lr=sched), f, [3.0, -1.0], steps)
    np.testing.assert_array_equal(res.lr, sched(np.arange(steps)))
    x = np.array([3.0, -1.0])
    for t in range(1, steps + 1):
        x = x - sched(t - 1) * f.grad(x)
        np.testing.assert_array_equal(res.x[t], x)


def test_interface_only_optimizer():
    f = F.note_quadratic()
    res = run(tiny_gd(0.1), f, [-2.0, -1.0], 50)
    np.testing.assert_array_equal(res.x, run(O.sgd(lr=0.1), f, [-2.0, -1.0], 50).x)
    assert np.all(np.isnan(res.lr))  # no 'lr' hyperparameter to record
    assert res.optimizer == "tiny_gd"


# --------------------------------------------------------------------------- batched runs


@pytest.mark.parametrize(
    "make_opt",
    [lambda: O.adam(lr=0.05), lambda: O.sgd(lr=1e-3, momentum=0.9), lambda: O.rmsprop(lr=1e-2)],
    ids=["adam", "momentum", "rmsprop"],
)
def test_batched_runs_equal_separate_runs(make_opt):
    f = F.Rosenbrock()
    x0 = np.random.default_rng(0).uniform(-2, 2, size=(3, 4, 2))
    res = run(make_opt(), f, x0, 60)
    assert res.x.shape == (61, 3, 4, 2) and res.loss.shape == (61, 3, 4)
    assert res.grad_norm.shape == (60, 3, 4) and res.diverged.shape == (3, 4)
    for i in np.ndindex(3, 4):
        single = run(make_opt(), f, x0[i], 60)
        np.testing.assert_array_equal(res.x[(slice(None), *i)], single.x)
        np.testing.assert_array_equal(res.loss[(slice(None), *i)], single.loss)
        np.testing.assert_array_equal(res.grad_norm[(slice(None), *i)], single.grad_norm)


def test_lr_sweep_equals_separate_runs():
    f = F.random_quadratic(dim=5, kappa=20.0, seed=3)
    lrs = np.array([0.01, 0.03, 0.05, 0.09])
    x0 = np.broadcast_to(np.ones(5), (4, 5))
    res = run(O.sgd(lr=lrs[:, None], momentum=0.5), f, x0, 80)
    assert res.lr.shape == (80, 4)
    np.testing.assert_array_equal(res.lr, np.broadcast_to(lrs, (80, 4)))
    for i, lr in enumerate(lrs):
        single = run(O.sgd(lr=float(lr), momentum=0.5), f, np.ones(5), 80)
        # x @ A on a (4, 5) batch and on one (5,) point sum in different orders: equal to round-off
        np.testing.assert_allclose(res.x[:, i], single.x, rtol=1e-13, atol=1e-15)


# ---------------------------------------------------------------------------- divergence


def _first_step_above(x0_abs, q, log_limit):
    """First t with x0_abs * q**t > exp(log_limit) (real arithmetic), and how far from a boundary."""
    s = (log_limit - math.log(x0_abs)) / math.log(q)
    return math.floor(s) + 1, s - math.floor(s)


def test_lr_sweep_with_overflow_divergence_is_analytic():
    """f = lam x^2 / 2: GD multiplies x by (1 - lr lam) each step. f(x_t) overflows once
    lam x_t^2 > DBL_MAX (the quadratic form overflows), i.e. |x_t| > sqrt(DBL_MAX / lam)."""
    lam, x0 = 4.0, 3.0
    f = F.Quadratic([[lam]])
    lrs = np.array([0.1, 0.25, 0.5, 1.0, 1.5])  # |1 - lr lam| = 0.6, 0, 1, 3, 5
    steps = 600
    expected = np.full(5, -1)
    for i in (3, 4):
        q = abs(1 - lrs[i] * lam)
        t_lo, frac_lo = _first_step_above(x0, q, 0.5 * (math.log(DBL_MAX) - math.log(lam)))
        t_hi, _ = _first_step_above(x0, q, 0.5 * (math.log(2) + math.log(DBL_MAX) - math.log(lam)))
        assert t_lo == t_hi and 0.05 < frac_lo < 0.95  # not marginal for any evaluation order
        expected[i] = t_lo
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = run(O.sgd(lr=lrs[:, None]), f, np.full((5, 1), x0), steps)
    np.testing.assert_array_equal(res.diverged_at, expected)
    np.testing.assert_array_equal(res.diverged, expected >= 0)
    for i in (3, 4):
        t = expected[i]
        assert np.all(np.isfinite(res.loss[:t, i]))
        assert not np.isfinite(res.loss[t, i])  # the step that diverged keeps its value
        assert np.all(np.isnan(res.loss[t + 1 :, i])) and np.all(np.isnan(res.x[t + 1 :, i]))
        # recorded up to the diverging update (the last may be inf: |g| = lam |x| overflows too)
        assert not np.any(np.isnan(res.grad_norm[:t, i])) and np.all(np.isnan(res.grad_norm[t:, i]))
        assert np.all(np.isfinite(res.lr[:t, i])) and np.all(np.isnan(res.lr[t:, i]))
    # the other runs are unaffected: equal to separate runs and to (1 - lr lam)^t x0
    t = np.arange(steps + 1)
    for i in (0, 1, 2):
        single = run(O.sgd(lr=float(lrs[i])), f, [x0], steps)
        np.testing.assert_array_equal(res.x[:, i], single.x)
        np.testing.assert_allclose(res.x[:, i, 0], (1 - lrs[i] * lam) ** t * x0, rtol=1e-12, atol=1e-300)
    assert res.x[1, 1, 0] == 0.0 and np.all(np.abs(res.x[:, 2, 0]) == x0)


def test_divergence_threshold_is_analytic():
    lam, x0, thr = 4.0, 0.7, 1e6
    f = F.Quadratic([[lam]])
    lrs = np.array([0.05, 0.6, 0.8])  # q = 0.8, 1.4, 2.2
    res = run(O.sgd(lr=lrs[:, None]), f, np.full((3, 1), x0), 200, divergence_threshold=thr)
    expected = [-1]
    for lr in lrs[1:]:  # lam/2 x_t^2 > thr  <=>  |x_t| > sqrt(2 thr / lam)
        t, frac = _first_step_above(x0, abs(1 - lr * lam), 0.5 * math.log(2 * thr / lam))
        assert 0.05 < frac < 0.95
        expected.append(t)
    np.testing.assert_array_equal(res.diverged_at, expected)
    for i in (1, 2):
        t = expected[i]
        assert thr < res.loss[t, i] < np.inf and np.all(res.loss[:t, i] <= thr)
    lines = res.summary().splitlines()
    assert lines[0].startswith("실행 0: 발산 없음: 최종 손실 ")
    assert lines[1] == f"실행 1: 발산: 스텝 {expected[1]}에서 손실이 임곗값을 넘음 ({res.loss[expected[1], 1]:.3g} > 1e+06)"


def test_all_runs_diverge_stops_early():
    f = F.Quadratic([[4.0]])
    calls = []
    opt = tiny_gd(np.array([[1.0], [1.5]]), calls)  # it asserts that it never sees a nan x
    res = run(opt, f, np.full((2, 1), 3.0), 1000)
    last = int(res.diverged_at.max())
    assert 0 < last < 1000 and res.diverged.all()
    assert len(calls) == last  # no update after the last run diverged
    assert np.all(np.isnan(res.loss[last + 1 :])) and np.all(np.isnan(res.x[last + 1 :]))
    assert np.all(np.isnan(res.x_final)) and np.all(np.isnan(res.loss_final))
    assert np.all(np.isnan(res.grad_norm[last:]))


class _Cliff:
    """f = |x|^2 / 2 whose gradient is inf once |x_i| > 10: x itself becomes non-finite."""

    name, dim = "cliff", 1

    def __call__(self, x):
        return 0.5 * np.sum(np.asarray(x) ** 2, axis=-1)

    def grad(self, x):
        x = np.asarray(x, dtype=float)
        return np.where(np.abs(x) > 10, np.inf, x)


@pytest.mark.parametrize("make_opt", [O.sgd, tiny_gd], ids=["sgd", "tiny_gd"])
def test_run_whose_x_becomes_infinite_is_frozen_while_others_continue(make_opt):
    # run 1: x_t = (1 - 3)^t = (-2)^t, |x_4| = 16 > 10, so g_5 = inf and x_5 = -inf
    res = run(make_opt(np.array([[0.5], [3.0]])), _Cliff(), np.ones((2, 1)), 30)
    assert res.diverged_at.tolist() == [-1, 5]
    assert res.x[5, 1, 0] == -np.inf and np.all(np.isnan(res.x[6:, 1]))
    np.testing.assert_array_equal(res.x[:, 0, 0], 0.5 ** np.arange(31))  # exact: halving


def test_divergence_with_adam_on_rosenbrock_no_warnings():
    f = F.Rosenbrock()
    x0 = np.array([[-1.5, 2.0], [1e3, -1e3]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = run(O.sgd(lr=np.array([[1e-4], [1e-2]])), f, x0, 100)
    assert res.diverged.tolist() == [False, True]
    single = run(O.sgd(lr=1e-4), f, x0[0], 100)
    np.testing.assert_array_equal(res.x[:, 0], single.x)


def test_summary_and_repr_for_two_run_axes():
    f = F.Quadratic([[4.0]])
    lr = np.array([[[0.1], [1.5]], [[0.2], [0.3]]])  # runs shape (2, 2)
    res = run(O.sgd(lr=lr), f, np.full((2, 2, 1), 1.0), 500)
    lines = res.summary().splitlines()
    assert len(lines) == 4
    assert lines[1].startswith(f"실행 (0, 1): 발산: 스텝 {res.diverged_at[0, 1]}에서 손실이 유한하지 않음")
    assert lines[0].startswith("실행 (0, 0): 발산 없음: 최종 손실 ")
    assert repr(res) == (
        "RunResult(optimizer='sgd', objective='quadratic', steps=500, runs=(2, 2), diverged=1/4)"
    )


# ---------------------------------------------------------------------------- minibatches


def test_minibatch_runs_equal_hand_loop_and_are_deterministic():
    f = F.LeastSquares(n_samples=200, n_features=4, seed=1)
    lr, B, steps, seed = 0.05, 16, 30, 7
    res = run(O.sgd(lr=lr), f, np.zeros(4), steps, batch_size=B, seed=seed)
    rng = np.random.default_rng(seed)
    x = np.zeros(4)
    for t in range(1, steps + 1):
        idx = f.sample_batch(rng, B)
        assert len(set(idx.tolist())) == B  # without replacement
        x = x - lr * f.minibatch_grad(x, idx)
        np.testing.assert_array_equal(res.x[t], x)
    again = run(O.sgd(lr=lr), f, np.zeros(4), steps, batch_size=B, seed=seed)
    np.testing.assert_array_equal(again.x, res.x)
    other = run(O.sgd(lr=lr), f, np.zeros(4), steps, batch_size=B, seed=seed + 1)
    assert not np.array_equal(other.x, res.x)
    full = run(O.sgd(lr=lr), f, np.zeros(4), steps)  # without batch_size: the full gradient
    assert not np.array_equal(full.x, res.x)


def test_minibatch_batched_runs_share_the_batches():
    f = F.LeastSquares(n_samples=100, n_features=3, seed=0)
    x0 = np.random.default_rng(2).standard_normal((3, 3))
    res = run(O.adam(lr=0.05), f, x0, 25, batch_size=10, seed=4)
    for i in range(3):
        single = run(O.adam(lr=0.05), f, x0[i], 25, batch_size=10, seed=4)
        np.testing.assert_array_equal(res.x[:, i], single.x)


class _EveryOtherRow(F.LeastSquares):
    """A subclass with its own sampler: run must call it (no fast path around it)."""

    def sample_batch(self, rng, batch_size):
        return 2 * super().sample_batch(rng, batch_size) % self.n_samples


class _PublicMethods(F.LeastSquares):
    """The same sampler and gradient, through overridden public methods: the checked path."""

    def sample_batch(self, rng, batch_size):
        return super().sample_batch(rng, batch_size)

    def minibatch_grad(self, w, idx):
        return super().minibatch_grad(w, idx)


@pytest.mark.parametrize("x0_shape", [(5,), (3, 5)])
def test_least_squares_fast_batch_path_equals_the_public_methods(x0_shape):
    kw = dict(n_samples=120, n_features=5, seed=3)
    x0 = np.random.default_rng(0).standard_normal(x0_shape)
    sched = S.cosine_annealing(0.05, 40)
    fast = run(O.sgd(lr=sched, momentum=0.9), F.LeastSquares(**kw), x0, 40, batch_size=7, seed=2)
    slow = run(O.sgd(lr=sched, momentum=0.9), _PublicMethods(**kw), x0, 40, batch_size=7, seed=2)
    np.testing.assert_array_equal(fast.x, slow.x)
    np.testing.assert_array_equal(fast.loss, slow.loss)
    other = run(O.sgd(lr=sched, momentum=0.9), _EveryOtherRow(**kw), x0, 40, batch_size=7, seed=2)
    assert not np.array_equal(other.x, fast.x)


# ------------------------------------------------------------------------------- clipping


def test_clip_norm_inside_run_equals_clipping_by_hand():
    f = F.Rosenbrock()
    lr, c, steps = 1e-3, 1.0, 40
    x0 = np.array([[-1.5, 2.0], [0.9, 0.8]])  # the second run's gradients are small: untouched
    res = run(O.sgd(lr=lr), f, x0, steps, clip_norm=c)
    for i in range(2):
        x = x0[i]
        for t in range(1, steps + 1):
            g = f.grad(x)
            n = math.sqrt(g[0] * g[0] + g[1] * g[1])
            assert res.grad_norm[t - 1, i] == n  # recorded before clipping
            x = x - lr * (g * min(1.0, c / (n + 1e-6)))
            np.testing.assert_array_equal(res.x[t, i], x)
    assert res.grad_norm[0, 0] > c  # clipping did happen in the first run
    unclipped = run(O.sgd(lr=lr), f, x0, steps)
    assert not np.array_equal(unclipped.x[:, 0], res.x[:, 0])


def test_clip_value_inside_run_equals_clipping_by_hand():
    f = F.Rosenbrock()
    lr, c, steps = 1e-3, 0.5, 20
    res = run(O.sgd(lr=lr), f, [-1.5, 2.0], steps, clip_value=c)
    x = np.array([-1.5, 2.0])
    for t in range(1, steps + 1):
        x = x - lr * np.clip(f.grad(x), -c, c)
        np.testing.assert_array_equal(res.x[t], x)


# ------------------------------------------------------------------------------ RunResult


def test_record_false_keeps_first_and_last():
    f = F.note_quadratic()
    full = run(O.adam(lr=0.1), f, [[0.0, 0.0], [5.0, 5.0]], 30)
    short = run(O.adam(lr=0.1), f, [[0.0, 0.0], [5.0, 5.0]], 30, record=False)
    assert short.x.shape == (2, 2, 2)
    np.testing.assert_array_equal(short.x[0], full.x[0])
    np.testing.assert_array_equal(short.x_final, full.x_final)
    np.testing.assert_array_equal(short.loss, full.loss)


def test_zero_steps():
    res = run(O.sgd(lr=0.1), F.note_quadratic(), [1.0, 1.0], 0)
    assert res.x.shape == (1, 2) and res.grad_norm.shape == (0,) and res.lr.shape == (0,)
    assert res.loss_final == 2.0 and res.diverged is False


def test_run_result_is_frozen_and_read_only():
    res = run(O.sgd(lr=0.1), F.note_quadratic(), [1.0, 1.0], 3)
    with pytest.raises(dataclasses.FrozenInstanceError):
        res.x = None
    with pytest.raises(ValueError, match="read-only"):
        res.x[0, 0] = 1.0
    assert isinstance(res, RunResult)


def test_lazy_exports_from_package():
    assert gdbook.run is run and gdbook.RunResult is RunResult


def test_summary_single_run():
    res = run(O.sgd(lr=0.25), F.note_quadratic(), [0.0, 0.0], 100)
    assert res.summary() == "발산 없음: 최종 손실 0"
    bad = run(O.sgd(lr=1.0), F.note_quadratic(), [0.0, 0.0], 2000)
    assert bad.summary() == f"발산: 스텝 {bad.diverged_at}에서 손실이 유한하지 않음"


# --------------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "kwargs, exc, match",
    [
        (dict(x0=[np.nan, 1.0]), ValueError, "x0 must contain only finite numbers"),
        (dict(x0=[np.inf, 1.0]), ValueError, "x0"),
        (dict(x0=[1.0, 2.0, 3.0]), ValueError, r"x0 has shape \(3,\), but objective 'note_quadratic' has dim 2"),
        (dict(x0=1.0), ValueError, "x0 must have shape"),
        (dict(x0=[]), ValueError, "x0 must not be an empty array"),
        (dict(steps=-1), ValueError, "steps must be an integer >= 0, got -1"),
        (dict(steps=10.0), TypeError, "steps must be an integer"),
        (dict(steps=True), TypeError, "steps must be an integer"),
        (dict(clip_norm=0.0), ValueError, "clip_norm must be a positive finite number, got 0.0"),
        (dict(clip_norm=-1.0), ValueError, "clip_norm"),
        (dict(clip_value=np.inf), ValueError, "clip_value must be a positive finite"),
        (dict(batch_size=4), ValueError, "batch_size=4 needs an objective with minibatch_grad"),
        (dict(seed=-1), ValueError, "seed must be an integer >= 0"),
        (dict(divergence_threshold=np.nan), ValueError, "divergence_threshold must be finite"),
        (dict(divergence_threshold=1.0), ValueError, r"divergence_threshold must be >= f\(x0\)"),
        (dict(record=1), TypeError, "record must be True or False"),
        (dict(optimizer=lambda x: x), TypeError, "optimizer must be a gdbook Optimizer"),
        (dict(objective=np.sum), TypeError, "objective must be callable and have a grad"),
    ],
)  # fmt: skip
def test_errors(kwargs, exc, match):
    args = dict(optimizer=O.sgd(lr=0.1), objective=F.note_quadratic(), x0=[-2.0, -1.0], steps=10)
    args.update(kwargs)
    with pytest.raises(exc, match=match):
        run(args.pop("optimizer"), args.pop("objective"), args.pop("x0"), args.pop("steps"), **args)


def test_batch_size_errors_on_least_squares():
    f = F.LeastSquares(n_samples=50, n_features=2)
    with pytest.raises(ValueError, match="batch_size must be <= n_samples = 50, got 51"):
        run(O.sgd(lr=0.1), f, np.zeros(2), 5, batch_size=51)
    with pytest.raises(ValueError, match="batch_size must be an integer >= 1"):
        run(O.sgd(lr=0.1), f, np.zeros(2), 5, batch_size=0)
    with pytest.raises(TypeError, match="batch_size must be an integer"):
        run(O.sgd(lr=0.1), f, np.zeros(2), 5, batch_size=2.5)


def test_objective_not_finite_at_x0():
    with pytest.raises(ValueError, match="the objective is not finite at x0"):
        run(O.sgd(lr=0.1), F.Rosenbrock(), [1e100, 1.0], 5)


# ------------------------------------------------- the loop checks once per run, same numbers
#
# gdbook.run checks its arguments once per run and calls the update rules and the objectives'
# _value/_grad directly, masks only once a run has stopped, and writes every entry once instead
# of filling with nan first. The oracle below is the loop as it was before (every step through
# optimizer.step and the public objective methods, np.where masks at every step, np.sum norms):
# the results must be the same, bitwise (signs of zeros included).


def _reference_run(optimizer, objective, x0, steps, *, divergence_threshold=None, record=True,
                   clip_norm=None, batch_size=None, seed=0):
    from gdbook.clipping import clip_by_global_norm

    x0 = np.array(x0, dtype=float)
    runs = x0.shape[:-1]
    with np.errstate(all="ignore"):
        loss0 = np.broadcast_to(np.asarray(objective(x0), dtype=np.float64), runs)
    rng = np.random.default_rng(seed)
    state = optimizer.init(x0)
    lr = optimizer.hyperparams.get("lr")
    value = None if lr is None else lr_at(lr, 0)
    if lr is None:
        lr_shape, lr_row = (), lambda k, alive: np.nan
    elif np.ndim(value) == 0:
        lr_shape, lr_row = (), lambda k, alive: lr_at(lr, k)
    else:
        full = np.broadcast_to(value, x0.shape)
        if np.all(full == full[..., :1]):
            lr_shape = runs
            lr_row = lambda k, alive: np.where(alive, np.broadcast_to(lr_at(lr, k), x0.shape)[..., 0], np.nan)  # noqa: E731
        else:
            lr_shape = x0.shape
            lr_row = lambda k, alive: np.where(alive[..., None], np.broadcast_to(lr_at(lr, k), x0.shape), np.nan)  # noqa: E731
    xs = np.full((steps + 1 if record else 2, *x0.shape), np.nan)
    losses = np.full((steps + 1, *runs), np.nan)
    grad_norms = np.full((steps, *runs), np.nan)
    lrs = np.full((steps, *lr_shape), np.nan)
    xs[0], losses[0] = x0, loss0
    alive = np.ones(runs, dtype=bool)
    diverged_at = np.full(runs, -1, dtype=np.int64)
    x = x0
    with np.errstate(all="ignore"):
        for t in range(1, steps + 1):
            p = optimizer.eval_point(x, state)
            if batch_size is None:
                g = objective.grad(p)
            else:
                g = objective.minibatch_grad(p, objective.sample_batch(rng, batch_size))
            if clip_norm is None:
                norm = np.sqrt(np.sum(g * g, axis=-1))
            else:
                g, norm = clip_by_global_norm(g, clip_norm)
            grad_norms[t - 1] = np.where(alive, norm, np.nan)
            lrs[t - 1] = lr_row(t - 1, alive)
            x_new, state = optimizer.step(x, g, state)
            f_new = np.asarray(objective(x_new), dtype=np.float64)
            losses[t] = np.where(alive, f_new, np.nan)
            if record or t == steps:
                xs[t if record else 1] = np.where(alive[..., None], x_new, np.nan)
            bad = ~np.all(np.isfinite(x_new), axis=-1) | ~np.isfinite(f_new)
            if divergence_threshold is not None:
                bad |= f_new > divergence_threshold
            diverged_at[alive & bad] = t
            alive &= ~bad
            if not alive.any():
                break
            x = np.where(alive[..., None], x_new, x0)
    return xs, losses, grad_norms, lrs, diverged_at


def _same_bits(actual, expected, what):
    actual, expected = np.asarray(actual), np.asarray(expected)
    assert actual.shape == expected.shape, what
    np.testing.assert_array_equal(actual, expected, err_msg=what)
    if actual.dtype.kind == "f":
        np.testing.assert_array_equal(np.signbit(actual), np.signbit(expected), err_msg=f"{what}: sign of zero")


_X0_WIDE = np.random.default_rng(11).uniform(-3.0, 3.0, size=(40, 2))
_X0_PAIRS = np.random.default_rng(12).uniform(-2.0, 2.0, size=(3, 2, 2))
_LS = F.LeastSquares(n_samples=60, n_features=3, seed=4)
LOOP_CASES = {
    "sgd_quadratic_single": (lambda: O.sgd(lr=0.1), F.note_quadratic, [-2.0, -1.0], {}),
    "sgd_quadratic_lr_sweep": (lambda: O.sgd(lr=np.array([[0.1], [0.3], [0.55], [0.7]])), F.note_quadratic,
                               np.broadcast_to([-2.0, -1.0], (4, 2)), {}),
    "sgd_per_coordinate_lr": (lambda: O.sgd(lr=np.array([[0.1, 0.6], [0.2, 0.3]])), F.note_quadratic,
                              np.zeros((2, 2)), dict(record=False)),
    "momentum_beale_divergence": (lambda: O.sgd(lr=1e-3, momentum=0.9), F.Beale, _X0_WIDE, {}),
    "nesterov_beale_threshold": (lambda: O.sgd(lr=1e-3, momentum=0.9, nesterov=True), F.Beale, _X0_WIDE,
                                 dict(divergence_threshold=1e6)),
    "lookahead_rosenbrock": (lambda: O.nesterov_lookahead(lr=1e-4, momentum=0.9), F.Rosenbrock, _X0_WIDE, {}),
    "adam_rosenbrock_pairs": (lambda: O.adam(lr=0.05), F.Rosenbrock, _X0_PAIRS, {}),
    "amsgrad_beale": (lambda: O.adam(lr=0.05, amsgrad=True), F.Beale, _X0_WIDE, dict(record=False)),
    "adamw_schedule": (lambda: O.adamw(lr=S.cosine_annealing(0.05, T_max=30), weight_decay=0.1), F.Beale,
                       _X0_WIDE, {}),
    "adagrad_saddle": (lambda: O.adagrad(lr=0.5), F.Saddle, _X0_PAIRS, {}),
    "rmsprop_centered": (lambda: O.rmsprop(lr=0.01, centered=True, momentum=0.5), F.Rosenbrock, _X0_WIDE, {}),
    "nadam_beale": (lambda: O.nadam(lr=0.02), F.Beale, _X0_WIDE, {}),
    "adadelta_quadratic_3d": (lambda: O.adadelta(), lambda: F.random_quadratic(dim=3, kappa=10.0, seed=1),
                              np.random.default_rng(5).standard_normal((6, 3)), {}),
    "sgd_diverges_everywhere": (lambda: O.sgd(lr=0.8), F.note_quadratic, np.zeros((3, 2)) + [[0.0], [1.0], [2.0]],
                                dict(record=False)),
    "sgd_clip_norm": (lambda: O.sgd(lr=1e-3), F.Rosenbrock, _X0_WIDE, dict(clip_norm=5.0)),
    "adam_minibatch": (lambda: O.adam(lr=0.05), lambda: _LS, np.zeros((4, 3)) + np.arange(4.0)[:, None],
                       dict(batch_size=8, seed=3)),
    "tiny_gd": (lambda: tiny_gd(np.array([[0.1], [0.6]])), lambda: F.Quadratic([[4.0]]), np.ones((2, 1)), {}),
}


@pytest.mark.parametrize("case", list(LOOP_CASES))
def test_run_equals_the_previous_loop_bitwise(case):
    make_opt, make_f, x0, kwargs = LOOP_CASES[case]
    steps = 60
    expected = _reference_run(make_opt(), make_f(), x0, steps, **kwargs)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = run(make_opt(), make_f(), x0, steps, fused=False, **kwargs)
    for name, exp in zip(("x", "loss", "grad_norm", "lr", "diverged_at"), expected):
        _same_bits(getattr(res, name), exp, f"{case}: {name}")


def test_the_optimizers_checks_run_once_per_run():
    """An optimizer whose step has no .parts (anyone's own) goes through its step at every update;
    gdbook's own rules are called directly; both give the same run."""
    opt = O.adam(lr=0.05)
    calls = []

    def step(x, g, state):
        calls.append(state.t)
        return opt.step(x, g, state)

    wrapped = opt._replace(step=step)
    a = run(wrapped, F.Beale(), _X0_WIDE, 30, fused=False)
    b = run(opt, F.Beale(), _X0_WIDE, 30, fused=False)
    assert calls == list(range(30))
    for name in ("x", "loss", "grad_norm", "lr", "diverged_at"):
        _same_bits(getattr(a, name), getattr(b, name), name)


def test_objectives_that_override_the_public_methods_are_called_through_them():
    class Counting(F.Rosenbrock):
        calls = 0

        def grad(self, x):
            Counting.calls += 1
            return super().grad(x)

    run(O.sgd(lr=1e-3), Counting(), [0.5, 0.5], 7)
    assert Counting.calls == 7


def test_a_gradient_of_the_wrong_shape_is_rejected_with_the_optimizers_message():
    class Wrong:
        name, dim = "wrong", 2

        def __call__(self, x):
            return np.sum(np.asarray(x) ** 2, axis=-1)

        def grad(self, x):
            return np.zeros(3)

    with pytest.raises(ValueError, match=r"grad has shape \(3,\) but x has shape \(2,\)"):
        run(O.sgd(lr=0.1), Wrong(), [1.0, 1.0], 3)

    class Strings(Wrong):
        def grad(self, x):
            return ["a", "b"]

    with pytest.raises(TypeError, match="grad must be a real number or an array of real numbers"):
        run(O.adam(lr=0.1), Strings(), [1.0, 1.0], 3)


@pytest.mark.parametrize("shape", [(1,), (2,), (3,), (8,), (13,), (5, 2), (4, 3), (2, 3, 2), (2, 3, 9)])
def test_grad_norm_is_np_sqrt_np_sum(shape):
    from gdbook.runner import _grad_norm

    rng = np.random.default_rng(sum(shape))
    g = rng.standard_normal(shape) * 10.0 ** rng.integers(-200, 200, size=shape)
    flat = g.reshape(-1)
    flat[: min(4, flat.size)] = [0.0, -0.0, np.inf, np.nan][: min(4, flat.size)]
    with np.errstate(all="ignore"):
        expected = np.sqrt(np.sum(g * g, axis=-1))
        _same_bits(_grad_norm(g), expected, str(shape))


def test_all_fine_never_misses_a_stopped_run():
    from gdbook.runner import _all_fine

    rng = np.random.default_rng(0)
    for trial in range(400):
        shape = [(2,), (5, 2), (3, 4, 3), (1,)][trial % 4]
        x = rng.standard_normal(shape) * 10.0 ** rng.integers(0, 300)
        with np.errstate(all="ignore"):  # as inside gdbook.run
            f = np.asarray(np.sum(x * x, axis=-1) if trial % 3 else rng.standard_normal(shape[:-1]))
        thr = None if trial % 2 else float(rng.uniform(0.5, 3.0))
        if trial % 5 == 0:
            x.reshape(-1)[rng.integers(x.size)] = [np.inf, -np.inf, np.nan][trial % 3]
        with np.errstate(all="ignore"):
            bad = ~np.all(np.isfinite(x), axis=-1) | ~np.isfinite(f)
            if thr is not None:
                bad |= f > thr
            if np.any(bad):
                assert not _all_fine(x, f, thr), (x, f, thr)


def test_record_false_when_every_run_stops_early():
    f = F.Quadratic([[4.0]])
    res = run(O.sgd(lr=np.array([[1.0], [1.5]])), f, np.full((2, 1), 3.0), 1000, record=False)
    assert res.diverged.all() and res.diverged_at.max() < 1000
    assert res.x.shape == (2, 2, 1) and np.all(np.isnan(res.x[1]))
    last = res.diverged_at.max()
    assert np.all(np.isnan(res.loss[last + 1:])) and np.all(np.isnan(res.grad_norm[last:]))
    for i, t in enumerate(res.diverged_at):  # one lr per run: recorded while the run is alive
        assert np.all(res.lr[:t, i] == [1.0, 1.5][i]) and np.all(np.isnan(res.lr[t:, i]))
