"""Every convergence theorem the book states, checked numerically on seeded random instances.

The runs go through the public front door ``gdbook.run`` with the optimizers of
``gdbook.optimizers``; the bounds come from ``gdbook.theory``. Random instances are drawn by
hypothesis with ``derandomize=True`` (the same examples on every run) or by seeded loops.
Each test compares against an independent quantity (a closed-form bound or a spectral radius
computed from the iteration matrices), never only "the loss went down".
"""

import numpy as np
import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from gdbook import functions as F
from gdbook import optimizers as O
from gdbook import theory as T
from gdbook.runner import run  # = gdbook.run

# Fixed examples on every run; no shrinking (a failure prints its example at once).
SETTINGS = settings(max_examples=10, derandomize=True, deadline=None, database=None,
                    phases=(Phase.explicit, Phase.generate))
REL = 1e-9  # relative slack for rounding in the "at every step" comparisons


# --- test-only objectives: beyond quadratics ------------------------------------------------


class HuberNorm(F.Objective):
    r"""Drori & Teboulle's worst case for GD with lr = 1/L: a Huber function of the norm.

    f(x) = L delta ||x|| - L delta^2 / 2 for ||x|| >= delta, (L/2)||x||^2 otherwise: convex,
    L-smooth, minimizer 0, f* = 0. From ||x0|| = R with delta = R/(2t+1), GD stays in the linear
    part for t steps and f(x_t) = L R^2 / (2(2t+1)): the bound L R^2/(2t) is off by t/(2t+1) only.
    """

    name, label = "huber_norm", "후버 함수"

    def __init__(self, L, delta, dim):
        super().__init__(dim, minimizers=np.zeros((1, dim)), minimum=0.0, L=L, m=0.0)
        self.delta = delta

    def _value(self, x):
        r = np.linalg.norm(x, axis=-1)
        return np.where(r >= self.delta, self.L * self.delta * r - self.L * self.delta**2 / 2, self.L / 2 * r**2)

    def _grad(self, x):
        r = np.linalg.norm(x, axis=-1, keepdims=True)
        return np.where(r >= self.delta, self.L * self.delta * x / np.maximum(r, self.delta), self.L * x)


class RegularizedLogistic(F.Objective):
    r"""f(w) = mean_i log(1 + exp(-y_i x_i^T w)) + (mu/2)||w||^2: smooth, mu-strongly convex, not quadratic.

    L = lambda_max(X^T X)/(4n) + mu, m = mu. The minimizer is found by Newton's method.
    """

    name, label = "logistic", "로지스틱 회귀"

    def __init__(self, n, d, mu, seed):
        rng = np.random.default_rng(seed)
        X = rng.standard_normal((n, d)) * rng.uniform(0.3, 3.0, d)
        y = np.sign(X @ rng.standard_normal(d) + 0.5 * rng.standard_normal(n))
        self.Z, self.mu = y[:, None] * X, mu  # rows z_i = y_i x_i
        L = np.linalg.eigvalsh(X.T @ X / n).max() / 4 + mu
        w = np.zeros(d)
        for _ in range(50):  # Newton
            s = 1 / (1 + np.exp(self.Z @ w))  # sigma(-z^T w)
            H = (self.Z.T * (s * (1 - s))) @ self.Z / n + mu * np.eye(d)
            w = w - np.linalg.solve(H, self._grad(w))
        assert np.linalg.norm(self._grad(w)) < 1e-14
        super().__init__(d, minimizers=w[None], minimum=self._value(w), L=L, m=mu)

    def _value(self, w):
        return np.mean(np.logaddexp(0.0, -(w @ self.Z.T)), axis=-1) + self.mu / 2 * np.sum(w * w, -1)

    def _grad(self, w):
        s = 1 / (1 + np.exp(w @ self.Z.T))  # (..., n)
        return -(s @ self.Z) / self.Z.shape[0] + self.mu * w


# --- instance generators ----------------------------------------------------------------------


def convex_quadratic(seed, dim, n_zero):
    """Random convex quadratic, ``n_zero`` zero eigenvalues, L in [1, 10], minimizer set off 0."""
    rng = np.random.default_rng(seed)
    L = rng.uniform(1.0, 10.0)
    lam = rng.permutation(np.concatenate([np.zeros(n_zero), L * rng.uniform(0, 1, dim - n_zero - 1) ** 2, [L]]))
    A = F.random_quadratic(lam, seed=seed).A
    return F.random_quadratic(lam, seed=seed, b=A @ rng.standard_normal(dim))  # b in the range of A


def starts(f, seed, n=6, scale=3.0):
    """``n`` random starting points around the (first) minimizer."""
    rng = np.random.default_rng(seed + 1)
    center = f.minimizers[0] if f.minimizers.shape[0] else np.zeros(f.dim)
    return center + scale * rng.standard_normal((n, f.dim))


def gap(f, res):
    return res.loss - f.minimum


instances = st.tuples(st.integers(0, 2**31 - 1), st.integers(2, 12), st.integers(0, 11))


# --- a) convex: f(x_t) - f* <= L ||x0 - x*||^2 / (2t) --------------------------------------------


@SETTINGS
@given(instances)
def test_gd_convex_bound_random_quadratics(params):
    seed, dim, n_zero = params
    f = convex_quadratic(seed, dim, min(n_zero, dim - 1))
    assert f.m is not None and f.minimizers.shape[0] == 1
    x0 = starts(f, seed)
    res = run(O.sgd(lr=1.0 / f.L), f, x0, steps=120)
    t = np.arange(1, 121)[:, None]
    bound = T.gd_convex_bound(t, f.L, f.distance_to_minimizers(x0) ** 2)
    assert np.all(gap(f, res)[1:] <= bound * (1 + REL) + 1e-13)


@SETTINGS
@given(st.integers(0, 2**31 - 1), st.integers(2, 40), st.integers(2, 12))
def test_gd_convex_bound_least_squares(seed, n_samples, n_features):
    f = F.LeastSquares(n_samples=n_samples, n_features=n_features, noise=0.5, seed=seed % 10_000)
    x0 = starts(f, seed, scale=2.0)
    res = run(O.sgd(lr=1.0 / f.L), f, x0, steps=100)
    t = np.arange(1, 101)[:, None]
    bound = T.gd_convex_bound(t, f.L, f.distance_to_minimizers(x0) ** 2)
    assert np.all(gap(f, res)[1:] <= bound * (1 + REL) + 1e-13)


def test_gd_convex_bound_is_tight_within_a_constant():
    """Measured/bound on worst-case instances.

    Quadratic with eigenvalues {L/(2t+1), L}, start on the small one: the ratio at step t is
    (t/(2t+1)) (1 - 1/(2t+1))^{2t} -> 1/(2e) = 0.184 (the worst quadratic). Huber function of the
    norm (Drori-Teboulle): the ratio is exactly t/(2t+1) -> 1/2.
    """
    for t_star in (1, 10, 100):
        lam = np.array([1.0 / (2 * t_star + 1), 1.0])
        f = F.random_quadratic(lam, seed=t_star)
        x0 = np.linalg.eigh(f.A)[1][:, 0]  # unit eigenvector of the small eigenvalue
        res = run(O.sgd(lr=1.0), f, x0, steps=t_star)
        ratio = gap(f, res)[-1] / T.gd_convex_bound(t_star, f.L, 1.0)
        k = 2 * t_star + 1
        assert ratio == pytest.approx((t_star / k) * (1 - 1 / k) ** (2 * t_star), rel=1e-9)
        assert ratio > 0.14
    assert ratio > 0.18  # t = 100: 0.1835, approaching 1/(2e)

    for t_star in (1, 10, 100):
        R, L = 2.0, 3.0
        f = HuberNorm(L=L, delta=R / (2 * t_star + 1), dim=3)
        x0 = R * np.array([0.6, 0.0, 0.8])
        res = run(O.sgd(lr=1.0 / L), f, x0, steps=t_star)
        ratio = gap(f, res)[-1] / T.gd_convex_bound(t_star, L, R**2)
        assert ratio == pytest.approx(t_star / (2 * t_star + 1), rel=1e-9)
    assert ratio > 0.49  # t = 100: 0.4975


# --- b) strongly convex: ||x_t - x*||^2 <= (1 - m/L)^t ||x0 - x*||^2 ------------------------------


@SETTINGS
@given(st.integers(0, 2**31 - 1), st.integers(2, 15), st.floats(1.0, 1e3), st.floats(0.05, 1.0))
def test_gd_strongly_convex_bound_quadratics(seed, dim, kappa, lr_fraction):
    """For every lr = c/L with 0 < c <= 1 (c = 1 is the book's statement)."""
    f = F.random_quadratic(dim=dim, kappa=kappa if dim > 1 else 1.0, m=0.5, seed=seed,
                           b=np.random.default_rng(seed).standard_normal(dim))
    x0 = starts(f, seed)
    for lr in (1.0 / f.L, lr_fraction / f.L):
        res = run(O.sgd(lr=lr), f, x0, steps=100)
        d2 = np.sum((res.x - f.minimizers[0]) ** 2, axis=-1)
        rho = T.gd_strongly_convex_factor(f.L, f.m, lr=lr)
        t = np.arange(101)[:, None]
        atol = 1e-26 * (d2[0] + f.minimizers[0] @ f.minimizers[0])  # rounding once x_t ~ x*
        assert np.all(d2 <= rho**t * d2[0] * (1 + REL) + atol)
        # the per-step statement too
        assert np.all(d2[1:] <= rho * d2[:-1] * (1 + REL) + atol)


@SETTINGS
@given(st.integers(0, 2**31 - 1), st.integers(10, 60), st.integers(2, 8))
def test_gd_strongly_convex_bound_non_quadratic(seed, n, d):
    f = RegularizedLogistic(n, d, mu=0.05, seed=seed % 10_000)
    x0 = starts(f, seed)
    res = run(O.sgd(lr=1.0 / f.L), f, x0, steps=100)
    d2 = np.sum((res.x - f.minimizers[0]) ** 2, axis=-1)
    t = np.arange(101)[:, None]
    rho = T.gd_strongly_convex_factor(f.L, f.m)
    assert np.all(d2 <= rho**t * d2[0] * (1 + REL) + 1e-26)


@pytest.mark.parametrize("kappa,dim", [(10.0, 5), (100.0, 10), (50.0, 3)])
@pytest.mark.parametrize("which", ["one_over_L", "two_over_L_plus_m", "between"])
def test_quadratic_gd_factor_is_the_asymptotic_rate(kappa, dim, which):
    f = F.random_quadratic(dim=dim, kappa=kappa, seed=int(kappa) + dim)
    th = T.step_size_thresholds(f.L, f.m)
    lr = {"one_over_L": th.one_over_L, "two_over_L_plus_m": th.two_over_L_plus_m,
          "between": 0.5 * (th.two_over_L_plus_m + th.two_over_L)}[which]
    steps = 1500 if which == "between" else 400  # the next |1 - lr lambda| is close for "between"
    res = run(O.sgd(lr=lr), f, starts(f, 0, n=4), steps=steps)  # x* = 0: no cancellation
    dist = np.linalg.norm(res.x, axis=-1)
    measured = dist[-1] / dist[-2]
    predicted = T.quadratic_gd_factor(f.eigenvalues, lr)
    np.testing.assert_allclose(measured, predicted, rtol=1e-6)
    assert np.all(dist[1:] <= predicted * dist[:-1] * (1 + REL))  # and it bounds every step


def test_squared_distance_contracts_like_the_square_on_quadratics():
    """Erratum 3: with lr = 1/L the squared distance contracts like (1 - m/L)^2, not (1 - m/L)."""
    f = F.random_quadratic(dim=10, kappa=20.0, seed=3)
    res = run(O.sgd(lr=1.0 / f.L), f, starts(f, 3, n=3), steps=300)
    d2 = np.sum(res.x**2, axis=-1)
    measured = (d2[-1] / d2[-101]) ** (1 / 100)
    np.testing.assert_allclose(measured, (1 - f.m / f.L) ** 2, rtol=1e-6)
    assert np.all(measured < 0.96 * T.gd_strongly_convex_factor(f.L, f.m))


# --- c) stability limit 2/L -------------------------------------------------------------------------


@SETTINGS
@given(st.integers(0, 2**31 - 1), st.integers(2, 12), st.floats(1.0, 100.0), st.sampled_from([0.05, 0.1, 0.5]))
def test_stability_threshold_two_over_L(seed, dim, kappa, delta):
    f = F.random_quadratic(dim=dim, kappa=kappa, seed=seed)
    x0 = starts(f, seed, n=3)
    steps = 200  # enough: with delta >= 0.05 the loss passes 1e12 within about 140 steps

    stable = run(O.sgd(lr=(2 / f.L) * (1 - delta)), f, x0, steps=steps)
    assert not np.any(stable.diverged)
    rho = T.quadratic_gd_factor(f.eigenvalues, (2 / f.L) * (1 - delta))
    assert rho < 1
    dist = np.linalg.norm(stable.x, axis=-1)
    assert np.all(dist[-1] <= rho**steps * dist[0] * (1 + 1e-6))

    lr = (2 / f.L) * (1 + delta)
    unstable = run(O.sgd(lr=lr), f, x0, steps=steps, divergence_threshold=1e12)
    assert np.all(unstable.diverged)
    # predicted first step whose loss exceeds the threshold, from the eigen-decomposition
    lam, V = np.linalg.eigh(f.A)
    c = x0 @ V  # coordinates in the eigenbasis, (runs, d)
    t = np.arange(steps + 1)[:, None, None]
    loss = 0.5 * np.sum(lam * (c * (1 - lr * lam) ** t) ** 2, axis=-1)
    predicted = np.argmax(loss > 1e12, axis=0)
    np.testing.assert_array_equal(unstable.diverged_at, predicted)
    for r, k in enumerate(unstable.diverged_at):
        assert np.all(np.isnan(unstable.x[k + 1 :, r]))


def test_note_learning_rates():
    """Erratum 1: on (x-1)^2 + 2(y-2)^2 (L = 4): lr 0.3 > 1/L converges, 0.5 = 2/L oscillates, 0.9 diverges."""
    f = F.note_quadratic()
    x0 = np.array([-2.0, -1.0])
    converging = run(O.sgd(lr=0.3), f, x0, steps=50)
    assert not converging.diverged and converging.loss[-1] < 1e-15
    at_limit = run(O.sgd(lr=0.5), f, x0, steps=50)
    assert not at_limit.diverged
    np.testing.assert_allclose(at_limit.x[1:, 0], 1.0)  # x converges in one step
    np.testing.assert_allclose(np.abs(at_limit.x[:, 1] - 2), 3.0)  # y oscillates +-3 forever
    np.testing.assert_allclose(at_limit.loss[1:], 18.0)
    diverging = run(O.sgd(lr=0.9), f, x0, steps=2000)
    assert diverging.diverged and diverging.diverged_at > 0


# --- d) momentum: heavy ball and Nesterov ---------------------------------------------------------


def _spectral_radius(lams, lr, momentum, nesterov):
    """Largest |root| of the per-eigenvalue 2x2 iteration matrices of torch-form SGD with momentum."""
    radii = []
    for lam in lams:
        a = 1 - lr * lam
        if nesterov:  # p_t = (1+b) a p_{t-1} - b a p_{t-2}
            M = [[(1 + momentum) * a, -momentum * a], [1, 0]]
        else:  # x_t = (1 + b - lr lam) x_{t-1} - b x_{t-2}
            M = [[1 + momentum - lr * lam, -momentum], [1, 0]]
        radii.append(np.max(np.abs(np.linalg.eigvals(np.array(M, dtype=float)))))
    return max(radii)


@SETTINGS
@given(st.integers(0, 2**31 - 1), st.integers(2, 20), st.floats(2.0, 1e3))
def test_heavy_ball_bound_on_quadratics(seed, dim, kappa):
    f = F.random_quadratic(dim=dim, kappa=kappa, seed=seed, b=np.random.default_rng(seed).standard_normal(dim))
    p = T.heavy_ball_optimal(f.L, f.m)
    x0 = starts(f, seed)
    res = run(O.sgd(lr=p.lr, momentum=p.momentum), f, x0, steps=200)
    dist = np.linalg.norm(res.x - f.minimizers[0], axis=-1)
    bound = T.heavy_ball_quadratic_bound(np.arange(201), f.L, f.m)[:, None] * dist[0]
    assert np.all(dist <= bound * (1 + 1e-7) + 1e-12)


def test_heavy_ball_bound_is_attained_on_the_top_eigenvector():
    f = F.random_quadratic(dim=6, kappa=100.0, seed=1)
    p = T.heavy_ball_optimal(f.L, f.m)
    x0 = np.linalg.eigh(f.A)[1][:, -1]
    res = run(O.sgd(lr=p.lr, momentum=p.momentum), f, x0, steps=100)
    np.testing.assert_allclose(np.linalg.norm(res.x, axis=-1), T.heavy_ball_quadratic_bound(np.arange(101), f.L, f.m), rtol=1e-9)


@pytest.mark.parametrize("kappa", [10.0, 100.0, 1000.0])
def test_heavy_ball_measured_rate(kappa):
    f = F.random_quadratic(dim=20, kappa=kappa, seed=int(kappa))
    p = T.heavy_ball_optimal(f.L, f.m)
    steps = int(40 * np.sqrt(kappa))
    res = run(O.sgd(lr=p.lr, momentum=p.momentum), f, starts(f, 5, n=4), steps=steps)
    dist = np.linalg.norm(res.x, axis=-1)
    a, b = steps // 2, steps
    measured = (dist[b] / dist[a]) ** (1 / (b - a))
    np.testing.assert_allclose(measured, p.rate, rtol=0.02)
    assert _spectral_radius(f.eigenvalues, p.lr, p.momentum, False) == pytest.approx(p.rate, rel=1e-6)


@SETTINGS
@given(st.integers(0, 2**31 - 1), st.integers(2, 20), st.floats(2.0, 1e3))
def test_nesterov_bound_on_quadratics(seed, dim, kappa):
    f = F.random_quadratic(dim=dim, kappa=kappa, seed=seed, b=np.random.default_rng(seed).standard_normal(dim))
    _check_nesterov_bound(f, seed, steps=150)


@SETTINGS
@given(st.integers(0, 2**31 - 1), st.integers(10, 60), st.integers(2, 8), st.floats(0.005, 0.5))
def test_nesterov_bound_non_quadratic(seed, n, d, mu):
    _check_nesterov_bound(RegularizedLogistic(n, d, mu=mu, seed=seed % 10_000), seed, steps=120)


def _check_nesterov_bound(f, seed, steps):
    p = T.nesterov_optimal(f.L, f.m)
    x0 = starts(f, seed)
    x_star = f.minimizers[0]
    initial_gap = f(x0) - f.minimum + f.m / 2 * np.sum((x0 - x_star) ** 2, -1)
    bound = T.nesterov_bound(np.arange(steps + 1)[:, None], f.L, f.m, 1.0) * initial_gap
    # torch form: iterates p_t = y_t; the theorem's x_t = p_{t-1} - lr grad f(p_{t-1})
    torch_form = run(O.sgd(lr=p.lr, momentum=p.momentum, nesterov=True), f, x0, steps=steps)
    y = torch_form.x[:-1]
    x_t = np.concatenate([x0[None], y - p.lr * f.grad(y)])
    assert np.all(f(x_t) - f.minimum <= bound * (1 + 1e-7) + 1e-13)
    # book / Sutskever form: the iterates are the theorem's x_t themselves
    lookahead = run(O.nesterov_lookahead(lr=p.lr, momentum=p.momentum), f, x0, steps=steps)
    np.testing.assert_allclose(lookahead.x, x_t, rtol=1e-9, atol=1e-9 * np.abs(x0).max())
    assert np.all(gap(f, lookahead) <= bound * (1 + 1e-7) + 1e-13)


@pytest.mark.parametrize("kappa", [10.0, 100.0, 1000.0])
def test_nesterov_measured_rate(kappa):
    """The distance rate equals the spectral radius of the iteration; f's rate is its square,
    which is well inside the bound's 1 - 1/sqrt(kappa) on quadratics."""
    f = F.random_quadratic(dim=20, kappa=kappa, seed=int(kappa) + 1)
    p = T.nesterov_optimal(f.L, f.m)
    steps = int(40 * np.sqrt(kappa))
    res = run(O.sgd(lr=p.lr, momentum=p.momentum, nesterov=True), f, starts(f, 6, n=4), steps=steps)
    dist = np.linalg.norm(res.x, axis=-1)
    a, b = steps // 2, steps
    measured = (dist[b] / dist[a]) ** (1 / (b - a))
    predicted = _spectral_radius(f.eigenvalues, p.lr, p.momentum, True)
    np.testing.assert_allclose(measured, predicted, rtol=0.02)
    assert predicted**2 < p.rate


@pytest.mark.parametrize("kappa", [100.0, 1000.0])
def test_momentum_methods_beat_tuned_gd(kappa):
    f = F.random_quadratic(dim=20, kappa=kappa, seed=7)
    x0, steps = starts(f, 7, n=5), int(15 * np.sqrt(kappa))
    hb, nag = T.heavy_ball_optimal(f.L, f.m), T.nesterov_optimal(f.L, f.m)
    runs = {
        "gd": run(O.sgd(lr=2 / (f.L + f.m)), f, x0, steps=steps),
        "heavy_ball": run(O.sgd(lr=hb.lr, momentum=hb.momentum), f, x0, steps=steps),
        "nesterov": run(O.sgd(lr=nag.lr, momentum=nag.momentum, nesterov=True), f, x0, steps=steps),
    }
    final = {k: np.linalg.norm(r.x[-1], axis=-1) for k, r in runs.items()}
    assert np.all(final["heavy_ball"] < 1e-4 * final["gd"])
    assert np.all(final["nesterov"] < 1e-2 * final["gd"])


# --- e) descent lemma ---------------------------------------------------------------------------


@SETTINGS
@given(st.integers(0, 2**31 - 1), st.sampled_from(["convex", "indefinite", "least_squares", "saddle"]))
def test_descent_lemma(seed, kind):
    r"""f(x - lr g) <= f(x) - lr (1 - L lr / 2) ||g||^2 for every L-smooth f and lr > 0."""
    rng = np.random.default_rng(seed)
    if kind == "convex":
        f = convex_quadratic(seed, int(rng.integers(2, 10)), int(rng.integers(0, 2)))
    elif kind == "indefinite":
        f = F.random_quadratic(rng.uniform(-5, 5, int(rng.integers(2, 10))), seed=seed)
    elif kind == "least_squares":
        f = F.LeastSquares(int(rng.integers(5, 50)), int(rng.integers(2, 10)), seed=seed % 1000)
    else:
        f = F.Saddle(np.concatenate([rng.uniform(0.1, 3, 2), -rng.uniform(0.1, 3, 2)]))
    x = 3 * rng.standard_normal((50, f.dim))
    lr = rng.uniform(0, 2.5 / f.L, (50, 1))
    g = f.grad(x)
    lhs = f(x - lr * g)
    rhs = f(x) - lr[:, 0] * (1 - f.L * lr[:, 0] / 2) * np.sum(g * g, -1)
    scale = np.abs(f(x)) + lr[:, 0] * np.sum(g * g, -1) + 1
    assert np.all(lhs <= rhs + 1e-12 * scale)


def test_descent_lemma_is_tight_along_the_top_eigenvector():
    f = F.random_quadratic(dim=5, kappa=10.0, seed=2)
    v = np.linalg.eigh(f.A)[1][:, -1]
    x = 2.0 * v  # gradient L x is along the top eigenvector
    g = f.grad(x)
    for lr in (0.1 / f.L, 1 / f.L, 1.7 / f.L):
        assert float(f(x - lr * g)) == pytest.approx(float(f(x) - lr * (1 - f.L * lr / 2) * g @ g), rel=1e-12)


# --- f) Adam's bias correction --------------------------------------------------------------------


def test_adam_moments_for_a_constant_gradient():
    """m_t = (1 - beta1^t) g and v_t = (1 - beta2^t) g^2 exactly; corrected m_hat = g."""
    beta1, beta2 = 0.9, 0.999
    opt = O.adam(lr=1e-3, betas=(beta1, beta2))
    g = np.array([0.5, -2.0, 3.0])
    x, state = np.zeros(3), opt.init(np.zeros(3))
    for t in range(1, 61):
        x, state = opt.step(x, g, state)
        np.testing.assert_allclose(state.m, (1 - beta1**t) * g, rtol=1e-13)
        np.testing.assert_allclose(state.v, (1 - beta2**t) * g**2, rtol=1e-12)
        np.testing.assert_allclose(state.m * T.adam_bias_correction(beta1, t), g, rtol=1e-12)
        np.testing.assert_allclose(state.v * T.adam_bias_correction(beta2, t), g**2, rtol=1e-10)
    # with bias correction every step is lr * sign(g) (up to eps): x_60 = -60 lr sign(g)
    np.testing.assert_allclose(x, -60 * 1e-3 * np.sign(g), rtol=1e-6)


def test_adam_first_moment_is_biased_in_expectation():
    """E[m_t] = (1 - beta1^t) E[g] for noisy gradients with a stationary mean (many runs at once)."""
    beta1 = 0.8
    opt = O.adam(lr=1e-3, betas=(beta1, 0.99))
    runs, g_mean = 20_000, np.array([1.0, -0.5])
    rng = np.random.default_rng(0)
    x = np.zeros((runs, 2))
    state = opt.init(x)
    for t in range(1, 11):
        g = g_mean + rng.standard_normal((runs, 2))
        x, state = opt.step(x, g, state)
        mean, se = state.m.mean(axis=0), state.m.std(axis=0, ddof=1) / np.sqrt(runs)
        assert np.all(np.abs(mean - (1 - beta1**t) * g_mean) < 5 * se)
        # the bias is real: the uncorrected mean is many standard errors away from E[g]
        assert np.all(np.abs(mean - g_mean) > 20 * se)
        # and the corrected one is not
        assert np.all(np.abs(mean * T.adam_bias_correction(beta1, t) - g_mean) < 5 * se * T.adam_bias_correction(beta1, t))


def test_adam_bias_correction_first_step():
    """Erratum 11: without correction the first step is (1-beta1)/sqrt(1-beta2) ~ 3.16 times larger."""
    g = np.array([0.7, -1.3])
    with_c = O.adam(lr=1e-3)
    without = O.adam(lr=1e-3, bias_correction=False)
    x1, _ = with_c.step(np.zeros(2), g, with_c.init(np.zeros(2)))
    x1n, _ = without.step(np.zeros(2), g, without.init(np.zeros(2)))
    np.testing.assert_allclose(x1n / x1, 0.1 / np.sqrt(0.001), rtol=1e-6)
