"""Step-by-step float64 parity of gdbook.optimizers with torch.optim, from the table in cases.py.

For every case: a batched x of shape (3, 5) (one tensor for torch: the rules are elementwise),
gradients of a seeded quadratic with coupled coordinates plus seeded noise, each side at its own
current iterate, 30 steps. After every step the parameters and every state field that torch keeps
are compared (rtol 1e-12); the step count is compared exactly.
"""

from __future__ import annotations

import numpy as np
import pytest

from cases import CASES, STATE_FIELDS
from gdbook import optimizers

STEPS = 30
SHAPE = (3, 5)
RTOL = 1e-12
ATOL = 1e-14


class Problem:
    """g(x, k) = (x - c) A + s * noise_k, A symmetric positive definite; all seeded."""

    def __init__(self, seed=0, steps=STEPS, shape=SHAPE, noise=0.5):
        rng = np.random.default_rng(seed)
        d = shape[-1]
        q, _ = np.linalg.qr(rng.standard_normal((d, d)))
        self.A = q @ np.diag(np.linspace(0.5, 3.0, d)) @ q.T
        self.c = rng.standard_normal(shape)
        self.noise = noise * rng.standard_normal((steps, *shape))
        self.x0 = rng.standard_normal(shape)

    def grad(self, x, k):
        return (x - self.c) @ self.A + self.noise[k]


@pytest.fixture
def torch64():
    torch = pytest.importorskip("torch")
    old = torch.get_default_dtype()
    # NAdam's mu_product and every optimizer's step counter are created in the default dtype
    # (float32 otherwise), whatever the parameter's dtype.
    torch.set_default_dtype(torch.float64)
    yield torch
    torch.set_default_dtype(old)


def gdbook_optimizer(case):
    kwargs = dict(case.kwargs)
    if case.lr_lambda is not None:
        base, f = kwargs["lr"], case.lr_lambda
        kwargs["lr"] = lambda k: base * f(k)
    return case.factory(**kwargs)


def torch_optimizer(torch, case, p):
    params = p if isinstance(p, list) else [p]
    opt = getattr(torch.optim, case.torch_class)(params, foreach=False, **case.torch_params)
    sched = None if case.lr_lambda is None else torch.optim.lr_scheduler.LambdaLR(opt, case.lr_lambda)
    return opt, sched


def assert_state_matches(case, state, tstate, k):
    fields = STATE_FIELDS[case.torch_class]
    unmapped = set(tstate) - set(fields.values())
    assert not unmapped, f"torch state keys with no gdbook field: {unmapped}"
    for field, key in fields.items():
        if key not in tstate:
            continue
        ours, theirs = getattr(state, field), tstate[key]
        if key == "step":
            assert ours == k + 1 and float(theirs) == k + 1
        else:
            np.testing.assert_allclose(
                ours, theirs.detach().numpy(), rtol=RTOL, atol=ATOL,
                err_msg=f"{case.id}: state.{field} vs torch {key!r} after step {k + 1}",
            )
    return {f for f, key in fields.items() if key in tstate}


@pytest.mark.torch
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_parity_with_torch(case, torch64):
    torch = torch64
    problem = Problem(seed=CASES.index(case))
    opt = gdbook_optimizer(case)
    x = problem.x0.copy()
    state = opt.init(x)
    p = torch.tensor(problem.x0.copy(), dtype=torch.float64, requires_grad=True)
    topt, sched = torch_optimizer(torch, case, p)
    compared = set()
    for k in range(STEPS):
        x, state = opt.step(x, problem.grad(opt.eval_point(x, state), k), state)
        p.grad = torch.from_numpy(problem.grad(p.detach().numpy().copy(), k))
        topt.step()
        if sched is not None:
            sched.step()
        np.testing.assert_allclose(
            x, p.detach().numpy(), rtol=RTOL, atol=ATOL, err_msg=f"{case.id}: x after step {k + 1}"
        )
        assert state.t == k + 1
        compared |= assert_state_matches(case, state, topt.state[p], k)
    # The comparison really covered the state torch keeps for the options of this case.
    expected = {f for f in STATE_FIELDS[case.torch_class] if f != "t"}
    kw = case.kwargs
    if case.torch_class == "SGD" and kw.get("momentum", 0) == 0:
        expected.discard("v")
    if case.torch_class == "RMSprop":
        if not kw.get("centered", False):
            expected.discard("g_avg")
        if kw.get("momentum", 0) == 0:
            expected.discard("b")
    if case.torch_class in ("Adam", "AdamW") and not kw.get("amsgrad", False):
        expected.discard("v_max")
    assert expected <= compared, f"{case.id}: fields never compared: {expected - compared}"


@pytest.mark.torch
@pytest.mark.parametrize("momentum", [0.5, 0.9])
def test_nesterov_lookahead_is_torch_nesterov_under_change_of_variables(momentum, torch64):
    """torch's SGD(nesterov=True) carries y_t = x_t - lr*beta*v_t of the book's form, same buffer v_t."""
    torch = torch64
    lr = 0.05
    problem = Problem(seed=11, noise=0.0)  # a deterministic quadratic: the gradient depends on x only
    opt = optimizers.nesterov_lookahead(lr=lr, momentum=momentum)
    x = problem.x0.copy()
    state = opt.init(x)
    p = torch.tensor(problem.x0.copy(), requires_grad=True)
    topt = torch.optim.SGD([p], lr=lr, momentum=momentum, nesterov=True, foreach=False)
    for k in range(STEPS):
        x, state = opt.step(x, problem.grad(opt.eval_point(x, state), k), state)
        p.grad = torch.from_numpy(problem.grad(p.detach().numpy().copy(), k))
        topt.step()
        y = x - lr * momentum * state.v
        np.testing.assert_allclose(y, p.detach().numpy(), rtol=1e-11, atol=1e-13)
        np.testing.assert_allclose(state.v, topt.state[p]["momentum_buffer"].numpy(), rtol=1e-11, atol=1e-13)
        np.testing.assert_allclose(opt.eval_point(x, state), y, rtol=1e-15)
    # ... and the two forms really carry different points.
    assert np.max(np.abs(x - p.detach().numpy())) > 1e-3


@pytest.mark.torch
def test_parity_dtype_fixture_matters(torch64):
    """Guard for the fixture: torch creates NAdam's mu_product in the default dtype."""
    torch = torch64
    p = torch.zeros(2, requires_grad=True)
    opt = torch.optim.NAdam([p], foreach=False)
    p.grad = torch.ones(2)
    opt.step()
    assert opt.state[p]["mu_product"].dtype == torch.float64


# ---------------------------------------------------------------------------------------------
# gdbook.pytorch.GdbookOptimizer drives a gdbook rule on torch parameters: same result as torch.optim.


@pytest.mark.torch
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_wrapper_matches_torch_on_linear_model(case, torch64):
    torch = torch64
    from gdbook.pytorch import GdbookOptimizer

    gen = torch.Generator().manual_seed(CASES.index(case))
    X = torch.randn(16, 3, generator=gen)
    y = torch.randn(16, 2, generator=gen)
    ours, theirs = torch.nn.Linear(3, 2), torch.nn.Linear(3, 2)
    theirs.load_state_dict(ours.state_dict())
    opt = GdbookOptimizer(ours.parameters(), gdbook_optimizer(case))
    topt, sched = torch_optimizer(torch, case, list(theirs.parameters()))
    for k in range(20):
        for model, o in ((ours, opt), (theirs, topt)):
            o.zero_grad()
            ((model(X) - y) ** 2).mean().backward()
            o.step()
        if sched is not None:
            sched.step()
        for a, b in zip(ours.parameters(), theirs.parameters()):
            np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=RTOL, atol=ATOL)
    assert opt.state[ours.weight]["state"].t == 20


@pytest.mark.torch
def test_wrapper_nesterov_lookahead_parameters_are_torch_nesterov_iterates(torch64):
    """With nesterov_lookahead the wrapper keeps the lookahead point in the parameter: torch's form."""
    torch = torch64
    from gdbook.pytorch import GdbookOptimizer

    gen = torch.Generator().manual_seed(5)
    X, y = torch.randn(16, 3, generator=gen), torch.randn(16, 2, generator=gen)
    ours, theirs = torch.nn.Linear(3, 2), torch.nn.Linear(3, 2)
    theirs.load_state_dict(ours.state_dict())
    opt = GdbookOptimizer(ours.parameters(), optimizers.nesterov_lookahead(lr=0.1, momentum=0.9))
    topt = torch.optim.SGD(theirs.parameters(), lr=0.1, momentum=0.9, nesterov=True, foreach=False)
    for _ in range(20):
        for model, o in ((ours, opt), (theirs, topt)):
            o.zero_grad()
            ((model(X) - y) ** 2).mean().backward()
            o.step()
        for a, b in zip(ours.parameters(), theirs.parameters()):
            np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=1e-11, atol=1e-13)


@pytest.mark.torch
def test_wrapper_rejects_non_gdbook_optimizer(torch64):
    from gdbook.pytorch import GdbookOptimizer

    with pytest.raises(TypeError, match=r"^optimizer must be a gdbook\.optimizers\.Optimizer"):
        GdbookOptimizer([torch64.zeros(2, requires_grad=True)], "adam")


@pytest.mark.torch
def test_wrapper_keeps_float64_point_for_float32_parameters():
    torch = pytest.importorskip("torch")
    from gdbook.pytorch import GdbookOptimizer

    w = torch.tensor([1.0, -2.0, 3.0], dtype=torch.float32, requires_grad=True)
    opt = GdbookOptimizer([w], optimizers.adam(lr=0.1))
    for _ in range(3):
        opt.zero_grad()
        (w**2).sum().backward()
        opt.step()
    x = opt.state[w]["x"]
    assert x.dtype == np.float64 and w.dtype == torch.float32
    np.testing.assert_array_equal(w.detach().numpy(), x.astype(np.float32))
