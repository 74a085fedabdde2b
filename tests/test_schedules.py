"""gdbook.schedules: torch parity (tests/cases_schedules.py), the cosine drift past T_max, errors."""

from __future__ import annotations

import math

import numpy as np
import pytest
from cases_schedules import CASE_IDS, CASES, COSINE_DRIFT

from gdbook import schedules as S


def torch_lrs(make, base_lr, steps):
    """``optimizer.param_groups[0]['lr']`` after k = 0 .. steps-1 scheduler steps (torch SGD, float64)."""
    torch = pytest.importorskip("torch")
    lrs = torch.optim.lr_scheduler
    p = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([p], lr=base_lr)
    scheduler = make(lrs, opt)
    out = [float(opt.param_groups[0]["lr"])]
    for _ in range(steps - 1):
        p.grad = torch.ones_like(p)
        opt.step()
        scheduler.step()
        out.append(float(opt.param_groups[0]["lr"]))
    return np.array(out)


# --------------------------------------------------------------------------- torch parity


@pytest.mark.torch
@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_parity_with_torch(case):
    expected = torch_lrs(case.make, case.base_lr, case.steps)
    schedule = case.schedule()
    k = np.arange(case.steps)
    got = schedule(k)
    agree = np.array(case.agree_range)
    np.testing.assert_allclose(got[agree], expected[agree], rtol=1e-12, atol=0)


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_scalar_calls_equal_vectorised(case):
    schedule = case.schedule()
    k = np.arange(case.steps)
    vectorised = schedule(k)
    scalars = np.array([schedule(int(i)) for i in k])
    assert all(isinstance(schedule(int(i)), float) for i in k[:3])
    np.testing.assert_array_equal(scalars, vectorised)
    # any integer array shape is kept
    np.testing.assert_array_equal(schedule(k.reshape(-1, 1)), vectorised.reshape(-1, 1))
    assert schedule(np.array([], dtype=int)).shape == (0,)


def test_parity_table_size():
    assert len(CASES) >= 20
    names = {case.schedule().name for case in CASES}
    assert names == {
        "constant", "step_decay", "exponential", "inverse_sqrt", "cosine_annealing",
        "one_cycle", "linear_warmup", "sequential", "warmup_cosine",
    }  # fmt: skip


# ------------------------------------------------- the documented region: cosine past T_max


@pytest.mark.torch
def test_cosine_past_T_max_continues_the_cosine_in_torch_too():
    """Neither definition stays at eta_min after T_max: both return to eta_0 at k = 2 T_max."""
    T, eta_min, lr = 10, 0.1, 1.0
    torch_values = torch_lrs(
        lambda lrs, opt: lrs.CosineAnnealingLR(opt, T_max=T, eta_min=eta_min), lr, 4 * T + 1
    )
    ours = S.cosine_annealing(lr, T, eta_min)(np.arange(4 * T + 1))
    for k, value in [(T, eta_min), (2 * T, lr), (3 * T, eta_min), (4 * T, lr)]:
        assert torch_values[k] == pytest.approx(value, rel=1e-13)
        assert ours[k] == pytest.approx(value, rel=1e-15)
    # halfway back up: (eta_0 + eta_min) / 2, far from eta_min
    assert torch_values[T + T // 2] == pytest.approx((lr + eta_min) / 2, rel=1e-13)
    # a schedule that *stays* at eta_min disagrees with torch exactly on k > T_max
    clamped = S.sequential([S.cosine_annealing(lr, T, eta_min), S.constant(eta_min)], [T])
    clamped_values = clamped(np.arange(4 * T + 1))
    np.testing.assert_allclose(clamped_values[: T + 1], torch_values[: T + 1], rtol=1e-15)
    assert np.all(clamped_values[T + 1 :] == eta_min)
    assert np.all(torch_values[T + 1 : 3 * T] > eta_min)


@pytest.mark.torch
def test_cosine_recursion_drift_far_past_T_max():
    """torch's recursive form only drifts from the closed form by accumulated round-off.

    Measured with torch 2.13 (T_max=10, eta_min=0, lr=1): relative difference <= 1e-15 on
    [0, T_max], <= 2.7e-14 up to k = 200, first above 1e-12 at k = 3411, max 3.0e-12 up to 10000.
    """
    T, eta_min, lr, steps = (COSINE_DRIFT[key] for key in ("T_max", "eta_min", "lr", "steps"))
    torch_values = torch_lrs(
        lambda lrs, opt: lrs.CosineAnnealingLR(opt, T_max=T, eta_min=eta_min), lr, steps
    )
    ours = S.cosine_annealing(lr, T, eta_min)(np.arange(steps))
    nonzero = ours > 0  # k = T_max, 3 T_max, ... are exactly 0 in both
    np.testing.assert_array_equal(torch_values[~nonzero], 0.0)
    rel = np.zeros(steps)
    rel[nonzero] = np.abs(torch_values[nonzero] - ours[nonzero]) / ours[nonzero]
    assert rel[: T + 1].max() <= 1e-15
    assert rel[:201].max() < 1e-13
    first_above = int(np.argmax(rel > 1e-12))
    assert 1000 < first_above < 10_000  # measured: 3411
    assert rel.max() < 1e-11  # measured: 3.0e-12
    assert torch_values[2 * T] != ours[2 * T]  # measured: 1.0000000000000042 vs 1.0


@pytest.mark.torch
def test_one_cycle_is_undefined_past_total_steps_like_torch():
    torch = pytest.importorskip("torch")
    p = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([p], lr=0.1)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=50, cycle_momentum=False)
    for _ in range(50):
        opt.step()
        sched.step()
    with pytest.raises(ValueError, match="Tried to step 51 times"):
        opt.step()
        sched.step()
    schedule = S.one_cycle(0.1, total_steps=50)
    schedule(50)  # defined, like torch
    with pytest.raises(ValueError, match=r"k must be <= total_steps \(50\), got 51"):
        schedule(51)
    with pytest.raises(ValueError, match="total_steps"):
        schedule(np.arange(60))


# ------------------------------------------------------------- values without torch


def test_book_formulas():
    k = np.arange(40)
    lam = 0.05
    np.testing.assert_allclose(S.exponential(0.3, math.exp(-lam))(k), 0.3 * np.exp(-lam * k), rtol=1e-13)
    t = k + 1  # update t uses schedule(t - 1)
    np.testing.assert_allclose(S.inverse_sqrt(0.3)(t - 1), 0.3 / np.sqrt(t), rtol=1e-15)
    s = S.one_cycle(1.0, total_steps=100, pct_start=0.3)
    assert s(0) == pytest.approx(1.0 / 25)
    assert s(29) == pytest.approx(1.0)  # end of phase 1: pct_start * total_steps - 1
    assert s(99) == pytest.approx(1.0 / 25 / 1e4)
    w = S.warmup_cosine(2.0, warmup_steps=4, total_steps=20, eta_min=0.5, start_factor=0.25)
    assert w(0) == 0.5 and w(4) == 2.0 and w(20) == 0.5
    assert S.linear_warmup(1.0, 4, start_factor=0.25)(np.arange(7)).tolist() == [
        0.25, 0.4375, 0.625, 0.8125, 1.0, 1.0, 1.0]  # fmt: skip


def test_repr_and_name():
    s = S.cosine_annealing(0.1, T_max=100, eta_min=0.001)
    assert s.name == "cosine_annealing"
    assert repr(s) == "cosine_annealing(lr=0.1, T_max=100, eta_min=0.001)"
    seq = S.sequential([S.constant(0.1), S.exponential(0.1, 0.9)], [5])
    assert repr(seq) == (
        "sequential(schedules=[constant(lr=0.1), exponential(lr=0.1, gamma=0.9)], milestones=[5])"
    )
    w = S.warmup_cosine(0.1, 10, 100)
    assert w.name == "warmup_cosine"
    assert repr(w).startswith("warmup_cosine(lr=0.1, warmup_steps=10, total_steps=100")
    with pytest.raises(AttributeError):
        s.name = "other"


def test_schedule_is_a_valid_optimizer_lr():
    from gdbook._validation import check_lr, lr_at

    s = S.step_decay(0.1, 2, 0.5)
    assert check_lr(s) is s
    assert lr_at(s, 2) == 0.05


# ------------------------------------------------------------------------------ errors


@pytest.mark.parametrize(
    "k, exc, match",
    [
        (-1, ValueError, "k must be >= 0"),
        (np.array([0, 3, -2]), ValueError, "k must be >= 0"),
        (1.0, TypeError, "k must be an integer"),
        (np.array([0.0, 1.0]), TypeError, "k must be an integer"),
        (True, TypeError, "k must be an integer"),
        ("3", TypeError, "k must be an integer"),
    ],
)
def test_bad_k(k, exc, match):
    with pytest.raises(exc, match=match):
        S.constant(0.1)(k)


def test_numpy_integer_k():
    assert S.constant(0.1)(np.int64(3)) == 0.1
    assert S.constant(0.1)(np.uint8(3)) == 0.1


BAD = [
    (S.constant, dict(lr=0.0), ValueError, "lr must be a positive finite number, got 0.0"),
    (S.constant, dict(lr=-0.1), ValueError, "lr must be a positive finite"),
    (S.constant, dict(lr=float("nan")), ValueError, "lr must be a positive finite"),
    (S.constant, dict(lr=[0.1, 0.2]), TypeError, "lr must be a single real number"),
    (S.constant, dict(lr="0.1"), TypeError, "lr"),
    (S.step_decay, dict(lr=0.1, step_size=0), ValueError, "step_size must be an integer >= 1"),
    (S.step_decay, dict(lr=0.1, step_size=2.0), TypeError, "step_size must be an integer"),
    (S.step_decay, dict(lr=0.1, step_size=2, gamma=1.5), ValueError, r"gamma must be in \(0, 1\]"),
    (S.step_decay, dict(lr=0.1, step_size=2, gamma=0.0), ValueError, "gamma must be a positive"),
    (S.exponential, dict(lr=0.1, gamma=1.01), ValueError, r"gamma must be in \(0, 1\], got 1.01"),
    (S.exponential, dict(lr=0.1, gamma=-0.5), ValueError, "gamma"),
    (S.inverse_sqrt, dict(lr=float("inf")), ValueError, "lr must be a positive finite"),
    (S.cosine_annealing, dict(lr=0.1, T_max=0), ValueError, "T_max must be an integer >= 1, got 0"),
    (S.cosine_annealing, dict(lr=0.1, T_max=-5), ValueError, "T_max"),
    (S.cosine_annealing, dict(lr=0.1, T_max=10.5), TypeError, "T_max must be an integer"),
    (S.cosine_annealing, dict(lr=0.1, T_max=10, eta_min=-1e-3), ValueError, "eta_min must be a non-negative"),
    (S.cosine_annealing, dict(lr=0.1, T_max=10, eta_min=0.2), ValueError, r"eta_min must be <= lr"),
    (S.one_cycle, dict(max_lr=0.0, total_steps=100), ValueError, "max_lr must be a positive"),
    (S.one_cycle, dict(max_lr=0.1, total_steps=0), ValueError, "total_steps must be an integer >= 1"),
    (S.one_cycle, dict(max_lr=0.1, total_steps=100, pct_start=0.0), ValueError, r"pct_start must be in \(0, 1\)"),
    (S.one_cycle, dict(max_lr=0.1, total_steps=100, pct_start=1.0), ValueError, r"pct_start must be in \(0, 1\)"),
    (S.one_cycle, dict(max_lr=0.1, total_steps=100, pct_start=1.3), ValueError, "pct_start"),
    (S.one_cycle, dict(max_lr=0.1, total_steps=10, pct_start=0.1), ValueError, r"pct_start \* total_steps must be > 1"),
    (S.one_cycle, dict(max_lr=0.1, total_steps=100, pct_start=0.6, three_phase=True), ValueError, "pct_start must satisfy"),
    (S.one_cycle, dict(max_lr=0.1, total_steps=100, anneal_strategy="exp"), ValueError, "anneal_strategy must be 'cos' or 'linear'"),
    (S.one_cycle, dict(max_lr=0.1, total_steps=100, div_factor=0), ValueError, "div_factor must be a positive"),
    (S.one_cycle, dict(max_lr=0.1, total_steps=100, final_div_factor=-1.0), ValueError, "final_div_factor"),
    (S.one_cycle, dict(max_lr=0.1, total_steps=100, three_phase="yes"), TypeError, "three_phase must be a bool"),
    (S.linear_warmup, dict(lr=0.1, warmup_steps=0), ValueError, "warmup_steps must be an integer >= 1"),
    (S.linear_warmup, dict(lr=0.1, warmup_steps=5, start_factor=0.0), ValueError, "start_factor must be a positive"),
    (S.linear_warmup, dict(lr=0.1, warmup_steps=5, start_factor=1.5), ValueError, r"start_factor must be in \(0, 1\]"),
    (S.warmup_cosine, dict(lr=0.1, warmup_steps=10, total_steps=10), ValueError, r"total_steps must be > warmup_steps \(10\)"),
    (S.warmup_cosine, dict(lr=-0.1, warmup_steps=10, total_steps=100), ValueError, "lr must be a positive"),
    (S.warmup_cosine, dict(lr=0.1, warmup_steps=10, total_steps=100, eta_min=0.5), ValueError, "eta_min must be <= lr"),
    (S.warmup_cosine, dict(lr=0.1, warmup_steps=10, total_steps=100, start_factor=2.0), ValueError, "start_factor"),
]  # fmt: skip


@pytest.mark.parametrize("factory, kwargs, exc, match", BAD, ids=[f"{f.__name__}-{i}" for i, (f, *_) in enumerate(BAD)])
def test_invalid_parameters(factory, kwargs, exc, match):
    with pytest.raises(exc, match=match):
        factory(**kwargs)


@pytest.mark.parametrize(
    "schedules, milestones, exc, match",
    [
        ([], [], ValueError, "schedules must contain at least one"),
        ([S.constant(0.1), 0.1], [5], TypeError, r"schedules\[1\] must be a Schedule"),
        ([S.constant(0.1), S.constant(0.2)], [], ValueError, "milestones must have len"),
        ([S.constant(0.1), S.constant(0.2)], [3, 6], ValueError, "milestones must have len"),
        ([S.constant(0.1)] * 3, [6, 3], ValueError, r"milestones must be strictly increasing, got \[6, 3\]"),
        ([S.constant(0.1)] * 3, [3, 3], ValueError, "strictly increasing"),
        ([S.constant(0.1)] * 2, [0], ValueError, r"milestones\[0\] must be an integer >= 1"),
        ([S.constant(0.1)] * 2, [2.5], TypeError, r"milestones\[0\] must be an integer"),
    ],
)
def test_sequential_errors(schedules, milestones, exc, match):
    with pytest.raises(exc, match=match):
        S.sequential(schedules, milestones)


def test_sequential_restarts_each_schedule_at_zero():
    s = S.sequential([S.constant(1.0), S.step_decay(0.8, 2, 0.5), S.exponential(0.4, 0.5)], [3, 7])
    assert s(np.arange(10)).tolist() == [1.0, 1.0, 1.0, 0.8, 0.8, 0.4, 0.4, 0.4, 0.2, 0.1]
