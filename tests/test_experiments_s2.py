"""The claims that §3 (SGD), §4 (momentum) and exercises 2 and 4 quote, checked against
independent references (exact enumeration, hand-written recursions, explicit iteration matrices,
finite differences) wherever one exists. Each experiment runs once per module (fixtures)."""

from __future__ import annotations

import gzip
import itertools
import math
import struct

import numpy as np
import pytest

from gdbook import functions as F
from gdbook import optimizers as O
from gdbook import theory as T
from gdbook.experiments import momentum as M
from gdbook.experiments import sgd as S

# ------------------------------------------------------------------------------ fixtures


@pytest.fixture(scope="module")
def batch_size():
    return S.batch_size_experiment()


@pytest.fixture(scope="module")
def variance():
    return S.gradient_variance_experiment()


@pytest.fixture(scope="module")
def noise_floor():
    return S.noise_floor_experiment()


@pytest.fixture(scope="module")
def decay():
    return S.decay_schedule_experiment()


@pytest.fixture(scope="module")
def ex2():
    return S.exercise2_experiment()


@pytest.fixture(scope="module")
def rosenbrock():
    return M.rosenbrock_experiment()


@pytest.fixture(scope="module")
def accel():
    return M.quadratic_acceleration_experiment()


@pytest.fixture(scope="module")
def ex4():
    return M.exercise4_experiment()


# ------------------------------------------------------------------------------ §3.1, §3.4 variance


def test_per_sample_gradients_match_the_closed_form():
    f = F.LeastSquares(n_samples=30, n_features=4, seed=3)
    w = np.linspace(-1, 1, 4)
    G = S.per_sample_gradients(f, w)
    expected = f.X * (f.X @ w - f.y)[:, None]       # x_i (x_i^T w - y_i)
    np.testing.assert_allclose(G, expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("n, b", [(5, 1), (5, 2), (6, 3), (7, 7)])
def test_minibatch_variance_formula_by_exact_enumeration(n, b):
    """E||g_B - grad f||^2 over ALL b-subsets equals sigma^2/b (n-b)/(n-1): an exact reference."""
    f = F.LeastSquares(n_samples=n, n_features=3, seed=n + b)
    w = np.array([0.3, -0.2, 0.5])
    G = S.per_sample_gradients(f, w)
    full = f.grad(w)
    devs = [np.sum((G[list(B)].mean(axis=0) - full) ** 2) for B in itertools.combinations(range(n), b)]
    sigma2 = S.gradient_variance(f, w)
    assert np.mean(devs) == pytest.approx(sigma2 / b * (n - b) / (n - 1), rel=1e-10, abs=1e-14)
    # with replacement: all n^b ordered draws
    devs_wr = [np.sum((G[list(B)].mean(axis=0) - full) ** 2) for B in itertools.product(range(n), repeat=min(b, 3))]
    assert np.mean(devs_wr) == pytest.approx(sigma2 / min(b, 3), rel=1e-10)


def test_measured_minibatch_variance_matches_the_formulas(variance):
    ratio_wo = variance.without_replacement / variance.predicted_without
    ratio_wr = variance.with_replacement / variance.predicted_with
    assert np.all(np.abs(ratio_wo - 1) < 0.05)
    assert np.all(np.abs(ratio_wr - 1) < 0.05)
    # the finite-population factor is visible at b = 500: (n-b)/(n-1) = 0.5005
    j = variance.batch_sizes.index(500)
    assert np.all(np.abs(variance.without_replacement[:, j] / variance.with_replacement[:, j] - 0.5005) < 0.05)


def test_variance_depends_on_the_point(variance):
    assert variance.sigma2[0] > 1000 * variance.sigma2[1]


def test_minibatch_mean_is_unbiased_within_monte_carlo_error(variance):
    se = np.sqrt(variance.predicted_without / variance.n_draws)
    ratio = np.linalg.norm(variance.mean_error, axis=-1) / se
    assert np.all(ratio < 3.0)


# ------------------------------------------------------------------------------ §3.2 stability


def test_same_lr_is_stable_for_batch_gd_and_diverges_for_batch_size_one():
    st = S.stability_experiment()
    lrs = list(st.lrs)
    b1, bn = st.batch_sizes.index(1), st.batch_sizes.index(1000)
    assert st.diverged_at[b1, lrs.index(0.05)] == -1
    assert np.all(st.diverged_at[b1, lrs.index(0.1):] > 0)
    assert np.all(st.diverged_at[bn] == -1)
    assert np.all(st.lrs < st.two_over_L)          # every lr is below batch GD's stability limit
    assert st.mean_square_limit[b1] == pytest.approx(2 / 22)


# ------------------------------------------------------------------------------ §3.3 batch size


def test_per_epoch_large_batches_are_slower_with_the_same_lr(batch_size):
    final = [batch_size.epoch_gap[b][-1] for b in (50, 200, 1000)]
    assert final[0] < final[1] < final[2]
    assert batch_size.epoch_gap[1000][-1] > 1000 * batch_size.epoch_gap[1][-1]
    assert batch_size.epoch_gap[1][1] < 1e-3 < batch_size.epoch_gap[1000][1]


def test_per_update_the_batch_sizes_share_one_curve_until_the_noise_floor(batch_size):
    gaps = {b: r.loss - batch_size.objective.minimum for b, r in batch_size.results.items()}
    at20 = {b: gaps[b][20] for b in gaps}                    # 20 = the last update of b = 1000
    assert all(abs(at20[b] / at20[1000] - 1) < 0.1 for b in (10, 50, 200))
    assert at20[1000] < at20[1] < 1.2 * at20[1000]          # b = 1: same curve plus its noise
    late = {b: np.mean(gaps[b][1000:2001]) for b in (1, 10)}
    assert 5 < late[1] / late[10] < 20                        # floor ~ 1/b


def test_noise_floors_are_near_the_first_order_prediction(batch_size):
    for b in (1, 10):
        assert 1.0 < batch_size.floor[b] / batch_size.predicted_floor[b] < 1.4


def test_tuned_full_batch_reaches_rounding_level(batch_size):
    assert batch_size.tuned_full_batch.loss[-1] - batch_size.objective.minimum < 1e-12


# ------------------------------------------------------------------------------ §3.4 floor and decay


def test_noise_floor_is_proportional_to_lr(noise_floor):
    assert 0.95 < noise_floor.slope < 1.2
    ratio = noise_floor.floor / noise_floor.predicted
    assert np.all((ratio > 1.0) & (ratio < 1.4))
    assert ratio[-1] > ratio[0]                                # higher-order terms grow with lr


def test_inverse_time_schedule_values_and_robbins_monro():
    s = S.inverse_time(0.05, 40.0)
    k = np.arange(10**6)
    np.testing.assert_allclose(s(k[:3]), 0.05 * 40 / (40 + k[:3]))
    eta = s(k)
    # sum eta grows like log (diverges), sum eta^2 converges to eta0^2 t0^2 * psi'(t0)
    assert np.sum(eta[: 10**6]) - np.sum(eta[: 10**5]) > 0.05 * 40 * math.log(10) * 0.99
    assert np.sum(eta**2) < (0.05 * 40) ** 2 / 39
    with pytest.raises(ValueError, match="t0"):
        S.inverse_time(0.1, 0.0)


def test_decaying_schedules_beat_the_constant_floor_and_track_it(decay):
    g = decay.final_gap
    assert g["constant"] > 100 * g["inverse_sqrt"]
    assert g["inverse_time"] < g["inverse_sqrt"]
    for name in ("inverse_sqrt", "inverse_time"):
        assert 0.5 < g[name] / decay.tracking[name][-1] < 2.0
    assert decay.t0 == pytest.approx(2 / (decay.objective.m * 0.05))


# ------------------------------------------------------------------------------ exercise 2


def test_two_layer_net_gradient_matches_finite_differences():
    net = S.TwoLayerNet(5, 4, 3)
    rng = np.random.default_rng(0)
    theta = net.init_params(seed=1) + 0.1 * rng.standard_normal(net.size)
    X, y = rng.standard_normal((7, 5)), rng.integers(0, 3, 7)
    _, grad = net.loss_and_grad(theta, X, y)
    h = 1e-6
    num = np.array([(net.loss(theta + h * e, X, y) - net.loss(theta - h * e, X, y)) / (2 * h)
                    for e in np.eye(net.size)])
    np.testing.assert_allclose(grad, num, atol=1e-8)


def test_two_layer_net_loss_against_a_direct_softmax():
    net = S.TwoLayerNet(3, 2, 4)
    theta = np.random.default_rng(2).standard_normal(net.size)
    X, y = np.random.default_rng(3).standard_normal((6, 3)), np.array([0, 1, 2, 3, 0, 1])
    W1, b1, W2, b2 = net.unpack(theta)
    s = np.maximum(X @ W1 + b1, 0) @ W2 + b2
    p = np.exp(s) / np.exp(s).sum(axis=1, keepdims=True)
    assert net.loss(theta, X, y) == pytest.approx(-np.mean(np.log(p[np.arange(6), y])), rel=1e-12)


def _write_idx(path, arr):
    arr = np.asarray(arr, dtype=np.uint8)
    header = struct.pack(">HBB", 0, 0x08, arr.ndim) + struct.pack(">" + "I" * arr.ndim, *arr.shape)
    with gzip.open(path, "wb") as fh:
        fh.write(header + arr.tobytes())


@pytest.mark.parametrize(("test_size", "seed"), [(0.2, 0), (0.25, 3)])
def test_digits_split_is_scikit_learns(test_size, seed):
    # the default split is read from the package without importing scikit-learn; every split
    # must be the one train_test_split(stratify=labels, random_state=seed) gives
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    digits = load_digits()
    X_train, X_test, y_train, y_test = train_test_split(
        digits.data / 16.0, digits.target, test_size=test_size, stratify=digits.target, random_state=seed)
    data = S.load_digits_data(test_size=test_size, seed=seed)
    np.testing.assert_array_equal(data.X_train, X_train)
    np.testing.assert_array_equal(data.X_test, X_test)
    np.testing.assert_array_equal(data.y_train, y_train)
    np.testing.assert_array_equal(data.y_test, y_test)
    assert data.X_train.dtype == np.float64 and data.y_train.dtype == np.int64


def test_default_digits_do_not_import_scikit_learn():
    import subprocess
    import sys

    code = ("import sys; from gdbook.experiments import sgd; sgd.load_digits_data(); "
            "print(sorted(m for m in ('sklearn', 'scipy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_load_mnist_reads_idx_gz_and_npz(tmp_path):
    rng = np.random.default_rng(0)
    imgs = rng.integers(0, 256, (4, 28, 28), dtype=np.uint8)
    _write_idx(tmp_path / "train-images-idx3-ubyte.gz", imgs)
    _write_idx(tmp_path / "train-labels-idx1-ubyte.gz", [3, 1, 4, 1])
    _write_idx(tmp_path / "t10k-images-idx3-ubyte.gz", imgs[:2])
    _write_idx(tmp_path / "t10k-labels-idx1-ubyte.gz", [5, 9])
    data = S.load_mnist(tmp_path)
    assert data.X_train.shape == (4, 784) and data.X_test.shape == (2, 784)
    np.testing.assert_allclose(data.X_train[1], imgs[1].ravel() / 255.0)
    assert data.y_train.tolist() == [3, 1, 4, 1] and data.y_test.tolist() == [5, 9]
    np.savez(tmp_path / "mnist.npz", x_train=imgs, y_train=[3, 1, 4, 1], x_test=imgs[:2], y_test=[5, 9])
    data2 = S.load_mnist(tmp_path / "mnist.npz")
    np.testing.assert_array_equal(data2.X_train, data.X_train)
    with pytest.raises(FileNotFoundError):
        S.load_mnist(tmp_path / "missing")
    (tmp_path / "t10k-labels-idx1-ubyte.gz").unlink()
    with pytest.raises(FileNotFoundError, match="t10k-labels"):
        S.load_mnist(tmp_path)


def test_exercise2_claims(ex2):
    n = len(ex2.data.y_train)
    rec = ex2.records
    final = [rec[b].train_loss[-1] for b in (1, 32, 128, 512, n)]
    assert all(a < b for a, b in zip(final, final[1:]))                  # per epoch: smaller is faster
    assert [int(rec[b].updates[-1]) for b in (n, 512, 128, 32, 1)] == [10, 30, 120, 450, 14370]
    assert rec[1].test_accuracy[-1] > 0.9 > 0.5 > rec[n].test_accuracy[-1]
    # per update: after a similar number of updates the losses are close (one curve)
    assert abs(rec[n].train_loss[-1] - rec[512].train_loss[3]) < 0.1      # 10 vs 9 updates
    assert np.all(np.isfinite(rec[1].wall_time)) and np.all(np.diff(rec[1].wall_time) > 0)


# ------------------------------------------------------------------------------ §4.1, §4.2 forms


def test_forms_are_the_same_iterations():
    fm = M.forms_experiment()
    assert fm.polyak_residual < 1e-12
    assert fm.nesterov_change_of_variables < 1e-12
    assert fm.first_step_ratio == pytest.approx(10.0)
    assert fm.ema_vs_plain > 0.1 and fm.nesterov_iterates_differ > 0.1


def test_note_nesterov_evaluates_at_x_minus_beta_v():
    opt = M.note_nesterov(0.001, 0.9)
    state = O.SGDState(3, np.array([2.0, -4.0]))
    np.testing.assert_allclose(opt.eval_point(np.zeros(2), state), [-1.8, 3.6])
    # ... and its update rule is the library's look-ahead rule
    x, s = opt.step(np.ones(2), np.array([1.0, 1.0]), state)
    x2, s2 = O.nesterov_lookahead(0.001, 0.9).step(np.ones(2), np.array([1.0, 1.0]), state)
    np.testing.assert_array_equal(x, x2)


def test_rosenbrock_claims(rosenbrock):
    rb = rosenbrock
    assert rb.diverged_at["note_nesterov"] == 4
    assert all(rb.diverged_at[k] == -1 for k in ("gd", "momentum", "nesterov", "nesterov_torch"))
    assert rb.final_loss["momentum"] < rb.final_loss["nesterov"] < rb.final_loss["gd"]
    assert rb.distance["momentum"] < 0.5 and rb.distance["gd"] > 1.5
    assert rb.loss_increases["nesterov"] * 5 < rb.loss_increases["momentum"]
    assert rb.nonconvex_points["gd"] > 150
    # the note's look-ahead offset is 1/lr times the correct one (same v_1 = g_1)
    f, x0 = rb.objective, np.array([-1.0, 0.5])
    x1 = x0 - 0.001 * f.grad(x0)
    np.testing.assert_allclose(rb.first_lookahead["note_nesterov"] - x1,
                               (rb.first_lookahead["nesterov"] - x1) / 0.001, rtol=1e-12)


# ------------------------------------------------------------------------------ §4.3, §4.4 theorems


def _iteration_matrix_radius(A, lr, beta, nesterov):
    """Spectral radius of the 2d x 2d linear map (x_t, x_{t-1}) -> (x_{t+1}, x_t), built explicitly."""
    d = A.shape[0]
    I = np.eye(d)
    if nesterov:   # x_{t+1} = (I - lr A)((1+beta) x_t - beta x_{t-1})
        top = np.hstack([(1 + beta) * (I - lr * A), -beta * (I - lr * A)])
    else:          # x_{t+1} = x_t - lr A x_t + beta (x_t - x_{t-1})
        top = np.hstack([(1 + beta) * I - lr * A, -beta * I])
    Mx = np.vstack([top, np.hstack([I, np.zeros((d, d))])])
    return float(np.max(np.abs(np.linalg.eigvals(Mx))))


@pytest.mark.parametrize("nesterov", [False, True])
@pytest.mark.parametrize("lr, beta", [(0.01, 0.9), (0.03, 0.5), (0.0331, 0.6694), (0.01, 0.8182)])
def test_spectral_radius_helper_against_the_explicit_matrix(nesterov, lr, beta):
    f = F.random_quadratic(dim=6, kappa=100.0, seed=4)
    got = M.momentum_spectral_radius(f.eigenvalues, lr, beta, nesterov=nesterov)
    assert got == pytest.approx(_iteration_matrix_radius(f.A, lr, beta, nesterov), abs=2e-6)


def test_acceleration_claims(accel):
    a = accel
    assert np.all(a.distance["heavy_ball"] <= a.heavy_ball_bound * (1 + 1e-12))
    assert np.all(a.gap["nesterov"] <= a.nesterov_bound)
    assert abs(a.distance_rate["heavy_ball"] - a.params["heavy_ball"].rate) < 0.01
    assert abs(a.distance_rate["nesterov"] - 0.9) < 0.01
    assert abs(a.gap_rate["nesterov"] - 0.81) < 0.015
    assert abs(a.gap_rate["heavy_ball"] - a.params["heavy_ball"].rate ** 2) < 0.015
    assert abs(a.distance_rate["gd"] - 99 / 101) < 1e-6
    assert a.distance_rate["heavy_ball"] < a.distance_rate["nesterov"] < a.distance_rate["gd"]


def test_lessard_cycle_is_a_fixed_cycle_of_the_heavy_ball_recursion():
    ls = M.lessard_experiment()
    p = T.heavy_ball_optimal(25.0, 1.0)
    assert (p.lr, p.momentum) == pytest.approx((1 / 9, 4 / 9))
    f = ls.objective
    c = ls.cycle
    for k in range(3):   # x_{t+1} = x_t - lr f'(x_t) + beta (x_t - x_{t-1}), indices mod 3
        prev, cur, nxt = c[(k - 1) % 3], c[k], c[(k + 1) % 3]
        assert nxt == pytest.approx(cur - p.lr * f.grad([cur])[0] + p.momentum * (cur - prev), abs=1e-9)
    assert ls.final_gap["heavy_ball"] > 10 and ls.final_gap["nesterov"] < 1e-20


def test_lessard_function_is_strongly_convex_and_smooth():
    f = M.LessardFunction()
    x = np.linspace(-3, 4, 2001)[:, None]
    g = f.grad(x)[:, 0]
    slopes = np.diff(g) / np.diff(x[:, 0])
    assert slopes.min() >= 1 - 1e-9 and slopes.max() <= 25 + 1e-9
    np.testing.assert_allclose(np.gradient(f(x), x[:, 0])[1:-1], g[1:-1], rtol=2e-3, atol=2e-3)


# ------------------------------------------------------------------------------ exercise 4


def test_exercise4_claims(ex4):
    for k in ("momentum", "nesterov"):
        assert abs(ex4.same_rate[k] - ex4.same_rate_theory[k]) < 0.01
        assert np.max(np.abs(ex4.sweep_rate[k] - ex4.sweep_theory[k])) < 0.01
        i = int(np.argmin(ex4.theory_fine[k]))
        assert ex4.theory_fine[k][i] == pytest.approx(0.9, abs=1e-6)
    assert ex4.same_rate_theory["momentum"] == pytest.approx(math.sqrt(0.9))
    assert ex4.same_rate_theory["nesterov"] == pytest.approx(math.sqrt(0.9 * 0.99))
    assert abs(ex4.top_mode["nesterov"][20]) < 1e-12 < 0.05 < abs(ex4.top_mode["momentum"][20])
