"""Unit tests of gdbook.theory: closed forms against independent computations, vectorisation,
errors. The theorems themselves are checked on runs in tests/test_theorems.py."""

import math

import numpy as np
import pytest

from gdbook import theory as T


def test_condition_number():
    assert T.condition_number(100.0, 1.0) == 100.0
    assert T.condition_number(3.0, 3.0) == 1.0
    assert T.condition_number(2.0, 0.0) == math.inf


def test_step_size_thresholds_note_example():
    th = T.step_size_thresholds(4.0, 2.0)
    assert th == (0.25, 1 / 3, 0.5)
    assert th.one_over_L < th.two_over_L_plus_m <= th.two_over_L
    assert T.step_size_thresholds(4.0).two_over_L_plus_m == 0.5


def test_two_over_L_plus_m_minimises_the_quadratic_factor():
    """Brute force over a fine lr grid: the minimiser is 2/(L+m), the minimum (k-1)/(k+1)."""
    rng = np.random.default_rng(0)
    for _ in range(20):
        m, L = np.sort(rng.uniform(0.1, 50.0, 2))
        lam = np.concatenate([[m, L], rng.uniform(m, L, 5)])
        lrs = np.linspace(1e-4, 2.5 / L, 20001)
        rho = T.quadratic_gd_factor(lam, lrs)
        th = T.step_size_thresholds(L, m)
        assert lrs[np.argmin(rho)] == pytest.approx(th.two_over_L_plus_m, abs=2 * (lrs[1] - lrs[0]))
        kappa = L / m
        assert rho.min() == pytest.approx((kappa - 1) / (kappa + 1), abs=1e-3)
        assert T.quadratic_gd_factor(lam, th.two_over_L_plus_m) == pytest.approx((kappa - 1) / (kappa + 1))
        # stable iff lr < 2/L
        np.testing.assert_array_equal(rho < 1, lrs < th.two_over_L)


def test_quadratic_factor_is_the_spectral_norm_of_the_iteration_matrix():
    rng = np.random.default_rng(1)
    for _ in range(10):
        G = rng.standard_normal((5, 5))
        A = G @ G.T
        lr = rng.uniform(0.01, 3.0) / np.linalg.eigvalsh(A).max()
        expected = np.linalg.norm(np.eye(5) - lr * A, ord=2)
        assert T.quadratic_gd_factor(np.linalg.eigvalsh(A), lr) == pytest.approx(expected, rel=1e-12)


def test_quadratic_factor_vectorised_over_lr():
    lam = [1.0, 10.0]
    lrs = np.array([[0.1], [0.2]])
    out = T.quadratic_gd_factor(lam, lrs)
    assert out.shape == (2, 1)
    assert out[1, 0] == pytest.approx(1.0)  # |1 - 0.2 * 10| = 1


def test_gd_convex_bound():
    assert T.gd_convex_bound(1, 2.0, 3.0) == 3.0
    t = np.arange(1, 6)
    np.testing.assert_allclose(T.gd_convex_bound(t, 2.0, 3.0), 3.0 / t)
    assert T.gd_convex_bound(4, 2.0, 3.0, lr=0.25) == pytest.approx(3.0 / (2 * 0.25 * 4))
    assert T.gd_convex_bound(np.int64(2), 1.0, 1.0) == 0.25


def test_gd_strongly_convex_factor():
    assert T.gd_strongly_convex_factor(10.0, 1.0) == pytest.approx(0.9)
    assert T.gd_strongly_convex_factor(10.0, 1.0, lr=0.01) == pytest.approx(0.99)
    assert T.gd_strongly_convex_factor(5.0, 5.0) == 0.0
    assert T.gd_strongly_convex_factor(5.0, 0.0) == 1.0  # convex only: no contraction promised


def test_heavy_ball_optimal_closed_forms():
    for L, m in [(100.0, 1.0), (4.0, 2.0), (1.0, 1.0), (1e4, 3.0)]:
        p = T.heavy_ball_optimal(L, m)
        sk = math.sqrt(L / m)
        assert p.rate == pytest.approx((sk - 1) / (sk + 1))
        assert p.momentum == pytest.approx(p.rate**2)
        assert p.lr == pytest.approx(4 / (math.sqrt(L) + math.sqrt(m)) ** 2)
        # the defining property: the characteristic roots for lambda = m and lambda = L are double
        # roots of modulus sqrt(momentum) (discriminant (1 + beta - lr*lam)^2 - 4 beta = 0)
        for lam in (m, L):
            assert (1 + p.momentum - p.lr * lam) ** 2 - 4 * p.momentum == pytest.approx(0.0, abs=1e-12)
    assert T.heavy_ball_optimal(1.0, 1.0) == (1.0, 0.0, 0.0)


def test_heavy_ball_rate_is_the_spectral_radius():
    """Spectral radius of the 2x2 iteration matrices over lambda in [m, L] equals the rate."""
    L, m = 50.0, 2.0
    p = T.heavy_ball_optimal(L, m)
    radii = []
    for lam in np.linspace(m, L, 101):
        M = np.array([[1 + p.momentum - p.lr * lam, -p.momentum], [1.0, 0.0]])
        radii.append(np.max(np.abs(np.linalg.eigvals(M))))
    np.testing.assert_allclose(radii, p.rate, rtol=1e-6)


def test_heavy_ball_quadratic_bound():
    p = T.heavy_ball_optimal(9.0, 1.0)
    assert p.rate == 0.5
    np.testing.assert_allclose(T.heavy_ball_quadratic_bound(np.arange(4), 9.0, 1.0), [1.0, 1.25, 1.0, 0.6875])


def test_nesterov_optimal_and_bound():
    p = T.nesterov_optimal(100.0, 1.0)
    assert p == pytest.approx((0.01, 9 / 11, 0.9))
    assert T.nesterov_optimal(2.0, 2.0) == (0.5, 0.0, 0.0)
    np.testing.assert_allclose(T.nesterov_bound(np.arange(3), 100.0, 1.0, 2.0), [2.0, 1.8, 1.62])
    # heavy ball's rate on quadratics beats Nesterov's guaranteed rate for every kappa > 1
    for kappa in (1.5, 10.0, 100.0, 1e4):
        assert T.heavy_ball_optimal(kappa, 1.0).rate < T.nesterov_optimal(kappa, 1.0).rate


def test_adam_bias_correction():
    assert T.adam_bias_correction(0.9, 1) == pytest.approx(10.0)
    assert T.adam_bias_correction(0.0, 1) == 1.0
    t = np.arange(1, 4001)
    c = T.adam_bias_correction(0.999, t)
    np.testing.assert_allclose(c, 1 / (1 - 0.999**t))
    assert c[99] == pytest.approx(10.5, abs=0.01)  # the erratum's numbers: about 10.5 at t=100
    assert c[2999] == pytest.approx(1.052, abs=1e-3)  # and about 1.05 at t=3000
    assert np.all(np.diff(c) < 0) and np.all(c > 1)


@pytest.mark.parametrize(
    "call, exc, match",
    [
        (lambda: T.condition_number(-1.0, 0.5), ValueError, "L must be a positive"),
        (lambda: T.condition_number(1.0, 2.0), ValueError, "m must be <= L"),
        (lambda: T.condition_number(1.0, -0.1), ValueError, "m must be a non-negative"),
        (lambda: T.condition_number("1", 0.1), TypeError, "L must be a real"),
        (lambda: T.step_size_thresholds(0.0, 0.0), ValueError, "L must be"),
        (lambda: T.gd_convex_bound(0, 1.0, 1.0), ValueError, "t must be an integer >= 1"),
        (lambda: T.gd_convex_bound([0, 1], 1.0, 1.0), ValueError, "t must contain integers >= 1"),
        (lambda: T.gd_convex_bound(1.5, 1.0, 1.0), TypeError, "t must be an integer"),
        (lambda: T.gd_convex_bound([1.5], 1.0, 1.0), TypeError, "t must contain integers"),
        (lambda: T.gd_convex_bound(True, 1.0, 1.0), TypeError, "t must be"),
        (lambda: T.gd_convex_bound(1, 1.0, -1.0), ValueError, "dist0_sq must be"),
        (lambda: T.gd_convex_bound(1, 1.0, 1.0, lr=1.5), ValueError, r"lr must be <= 1/L"),
        (lambda: T.gd_strongly_convex_factor(1.0, 0.5, lr=1.01), ValueError, r"lr must be <= 1/L"),
        (lambda: T.gd_strongly_convex_factor(1.0, 0.5, lr=0.0), ValueError, "lr must be a positive"),
        (lambda: T.quadratic_gd_factor([[1.0, 2.0]], 0.1), ValueError, "eigenvalues must be a 1-D"),
        (lambda: T.quadratic_gd_factor([1.0, np.inf], 0.1), ValueError, "eigenvalues must contain only finite"),
        (lambda: T.quadratic_gd_factor([1.0], -0.1), ValueError, "lr must be a positive"),
        (lambda: T.heavy_ball_optimal(1.0, 0.0), ValueError, "m must be a positive"),
        (lambda: T.nesterov_optimal(1.0, 2.0), ValueError, "m must be <= L"),
        (lambda: T.nesterov_bound(-1, 1.0, 0.5, 1.0), ValueError, "t must be an integer >= 0"),
        (lambda: T.nesterov_bound(1, 1.0, 0.5, -1.0), ValueError, "initial_gap must be"),
        (lambda: T.adam_bias_correction(1.0, 1), ValueError, r"beta must be in \[0, 1\)"),
        (lambda: T.adam_bias_correction(0.9, 0), ValueError, "t must be an integer >= 1"),
    ],
)
def test_errors(call, exc, match):
    with pytest.raises(exc, match=match):
        call()
