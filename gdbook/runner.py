r"""실행 루프 :func:`run` 과 그 결과 :class:`RunResult` (``gdbook.run``, ``gdbook.RunResult`` 로도 씁니다).

한 번의 실행은 옵티마이저 하나, 목적 함수 하나, 시작점 :math:`x_0` 에서 :math:`T` 스텝입니다.
시작점의 앞쪽 축은 독립인 실행이므로(모양 ``(..., d)``), 시작점 여러 개나 학습률 여러 개
(``lr`` 모양 ``(n, 1)``)를 파이썬 반복문 없이 한 번에 돌립니다. 업데이트 :math:`t` 는

.. math::

    p_t = \operatorname{eval\_point}(x_{t-1}),\quad
    g_t = \nabla f(p_t),\quad
    g_t \leftarrow \operatorname{clip}(g_t),\quad
    x_t = \operatorname{step}(x_{t-1}, g_t)

이고(모든 torch 형식 규칙에서 :math:`p_t = x_{t-1}`), 실행마다 :math:`x_t`,
:math:`f(x_t)`, 클리핑 전 :math:`\lVert g_t \rVert`, 업데이트에 쓴 학습률 :math:`\eta` 를
기록합니다.

Examples
--------
>>> import numpy as np
>>> from gdbook import functions, optimizers, run
>>> res = run(optimizers.sgd(lr=0.1), functions.note_quadratic(), [-2.0, -1.0], steps=50)
>>> res.x.shape, res.loss.shape, res.grad_norm.shape
((51, 2), (51,), (50,))
>>> print(res.summary())
발산 없음: 최종 손실 1.83e-09
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from gdbook import fast as _fast
from gdbook import functions as _functions
from gdbook import optimizers as _optimizers
from gdbook._validation import (
    check_bool,
    check_finite_array,
    check_int,
    check_positive,
    check_real_array,
    check_same_shape,
    check_scalar,
    lr_at,
)
from gdbook.clipping import clip_by_global_norm, clip_by_value

__all__ = ["run", "RunResult"]


def _readonly(a):
    a = np.asarray(a)
    a.setflags(write=False)
    return a


@dataclass(frozen=True, eq=False, repr=False)
class RunResult:
    r"""한 번(또는 한 묶음)의 실행 기록. :func:`run` 이 만듭니다. 배열은 읽기 전용입니다.

    ``R`` 을 실행 축의 모양 ``x0.shape[:-1]`` (실행 하나면 ``()``), :math:`T` 를 스텝 수라
    합니다. 실행이 스텝 :math:`t_\star` 에서 발산하면 그 스텝의 항목(``x[t*]``, ``loss[t*]``)은
    실제로 계산된 값(유한하지 않거나 임곗값을 넘은 값)이고, 그 뒤의 항목은 모두 ``nan`` 입니다.

    Attributes
    ----------
    x : numpy.ndarray, shape (T + 1, \*R, d)
        궤적 :math:`x_0, x_1, \dots, x_T`. ``run(..., record=False)`` 이면 모양 ``(2, *R, d)``
        로 :math:`x_0` 과 :math:`x_T` 만 담습니다.
    loss : numpy.ndarray, shape (T + 1, \*R)
        :math:`f(x_0), \dots, f(x_T)`.
    grad_norm : numpy.ndarray, shape (T, \*R)
        업데이트 :math:`t` 가 쓴 그래디언트의 클리핑 전 노름 :math:`\lVert g_t \rVert`
        (``grad_norm[t - 1]``). 멈춘 실행은 ``nan``.
    lr : numpy.ndarray, shape (T,) or (T, \*R)
        업데이트 :math:`t` 의 학습률 :math:`\eta` (스케줄이면 :math:`\eta(t-1)`). 학습률이
        실행마다 다르면(``lr`` 모양 ``(n, 1)`` 등) 모양 ``(T, *R)`` 이고 멈춘 실행은 ``nan``,
        매개변수 축을 따라서도 다르면 ``(T, *R, d)`` 입니다. 모든 실행이 발산해 일찍 멈추면
        남은 스텝은 ``nan`` 입니다.
    diverged : bool or numpy.ndarray of bool, shape R
        실행마다 발산 여부.
    diverged_at : int or numpy.ndarray of int, shape R
        처음으로 :math:`x_t` 나 :math:`f(x_t)` 가 유한하지 않거나 :math:`f(x_t)` 가
        ``divergence_threshold`` 를 넘은 스텝 :math:`t`. 발산하지 않았으면 -1.
    optimizer : str
        옵티마이저 이름(``optimizer.name``).
    objective : str
        목적 함수 이름(``objective.name``).
    divergence_threshold : float or None
        :func:`run` 에 준 손실 임곗값.

    Examples
    --------
    >>> import numpy as np
    >>> from gdbook import functions, optimizers, run
    >>> lr = np.array([[0.1], [0.6]])          # 두 번째 학습률은 2/L = 0.5 보다 큼
    >>> x0 = np.broadcast_to([-2.0, -1.0], (2, 2))
    >>> res = run(optimizers.sgd(lr=lr), functions.note_quadratic(), x0, steps=2000)
    >>> res.diverged, res.diverged_at
    (array([False,  True]), array([  -1, 1050]))
    >>> res
    RunResult(optimizer='sgd', objective='note_quadratic', steps=2000, runs=(2,), diverged=1/2)
    >>> print(res.summary())
    실행 0: 발산 없음: 최종 손실 1.48e-31
    실행 1: 발산: 스텝 1050에서 손실이 유한하지 않음
    """

    x: np.ndarray
    loss: np.ndarray
    grad_norm: np.ndarray
    lr: np.ndarray
    diverged: np.ndarray | bool
    diverged_at: np.ndarray | int
    optimizer: str
    objective: str
    divergence_threshold: float | None = None

    @property
    def steps(self) -> int:
        """스텝 수 :math:`T`.

        Examples
        --------
        >>> from gdbook import functions, optimizers, run
        >>> run(optimizers.sgd(lr=0.1), functions.note_quadratic(), [0.0, 0.0], 7).steps
        7
        """
        return int(self.grad_norm.shape[0])

    @property
    def x_final(self) -> np.ndarray:
        r"""마지막 항목 ``x[-1]`` (:math:`x_T`), 모양 ``(*R, d)``. 발산한 실행은 ``nan`` (스텝 :math:`T` 에서 발산했으면 그 값).

        Examples
        --------
        >>> from gdbook import functions, optimizers, run
        >>> res = run(optimizers.sgd(lr=0.25), functions.note_quadratic(), [0.0, 0.0], 100)
        >>> np.round(res.x_final, 6)
        array([1., 2.])
        """
        return self.x[-1]

    @property
    def loss_final(self):
        """마지막 항목 ``loss[-1]`` (:math:`f(x_T)`), 모양 ``R``. 발산한 실행은 ``nan`` (스텝 :math:`T` 에서 발산했으면 그 값).

        Examples
        --------
        >>> from gdbook import functions, optimizers, run
        >>> res = run(optimizers.sgd(lr=0.25), functions.note_quadratic(), [0.0, 0.0], 100)
        >>> float(res.loss_final)
        0.0
        """
        return self.loss[-1][()]

    def _reason(self, loss_at):
        if not np.isfinite(loss_at):
            return "손실이 유한하지 않음"
        if self.divergence_threshold is not None and loss_at > self.divergence_threshold:
            return f"손실이 임곗값을 넘음 ({loss_at:.3g} > {self.divergence_threshold:.3g})"
        return "점이 유한하지 않음"

    def summary(self) -> str:
        """실행마다 한 줄씩, 발산 여부와 최종 손실(발산했으면 스텝과 이유)을 한국어로 적은 문자열.

        Returns
        -------
        str

        Examples
        --------
        >>> from gdbook import functions, optimizers, run
        >>> f = functions.note_quadratic()
        >>> print(run(optimizers.sgd(lr=0.6), f, [0.0, 0.0], 100, divergence_threshold=1e3).summary())
        발산: 스텝 8에서 손실이 임곗값을 넘음 (1.74e+03 > 1e+03)
        """
        diverged = np.asarray(self.diverged)
        diverged_at = np.asarray(self.diverged_at)
        final = np.asarray(self.loss[-1])
        lines = []
        for idx in np.ndindex(diverged.shape):
            if diverged[idx]:
                t = int(diverged_at[idx])
                line = f"발산: 스텝 {t}에서 {self._reason(float(self.loss[(t, *idx)]))}"
            else:
                line = f"발산 없음: 최종 손실 {float(final[idx]):.3g}"
            if diverged.ndim:
                label = idx[0] if len(idx) == 1 else idx
                line = f"실행 {label}: {line}"
            lines.append(line)
        return "\n".join(lines)

    def __repr__(self) -> str:
        diverged = np.asarray(self.diverged)
        return (
            f"RunResult(optimizer={self.optimizer!r}, objective={self.objective!r}, "
            f"steps={self.steps}, runs={diverged.shape if diverged.ndim else 1}, "
            f"diverged={int(diverged.sum())}/{diverged.size})"
        )


def _lr_recorder(lr, x_shape):
    """(shape of one row of ``RunResult.lr``, ``row(k)``, per_run) for the optimizer's ``lr``.

    ``row(k)`` is the row of update k + 1 for runs that are alive; ``per_run`` says whether the row
    has the runs' axes (then a stopped run's entry is nan).
    """
    if lr is None:  # an optimizer without an 'lr' hyperparameter: the rows stay nan
        return (), None, False
    value = lr_at(lr, 0)
    if np.ndim(value) == 0:  # a number or a schedule: one lr for all runs
        return (), lambda k: lr_at(lr, k), False
    full = np.broadcast_to(value, x_shape)
    if np.all(full == full[..., :1]):  # one lr per run, e.g. shape (n, 1)
        return x_shape[:-1], lambda k: np.broadcast_to(lr_at(lr, k), x_shape)[..., 0], True
    return x_shape, lambda k: np.broadcast_to(lr_at(lr, k), x_shape), True  # one lr per coordinate


def _grad_norm(g):
    """Per-run norm ``np.sqrt(np.sum(g * g, axis=-1))``: the same numbers with fewer numpy calls.

    With two coordinates the sum has two terms, which add to the same number in any order; one
    run's norm is then computed on numpy scalars (IEEE operations, and ``math.sqrt`` rounds
    correctly like ``np.sqrt``).
    """
    if g.shape[-1] == 2:
        if g.ndim == 1:
            g0, g1 = g[0], g[1]
            return math.sqrt(g0 * g0 + g1 * g1)
        gg = g * g
        return np.sqrt(gg[..., 0] + gg[..., 1])
    return np.sqrt(np.add.reduce(g * g, axis=-1))  # = np.sum without its Python wrapper


def _clip(g, clip_norm, clip_value):
    """(clipped g, per-run norm of g before clipping): norm clipping first, then value clipping."""
    if clip_norm is None:
        norm = _grad_norm(g)
    else:
        g, norm = clip_by_global_norm(g, clip_norm)
    if clip_value is not None:
        g = clip_by_value(g, clip_value)
    return g, norm


def _evaluators(objective):
    """(value, grad) to call at every step.

    For a gdbook Objective that keeps the base class's ``__call__`` and ``grad``, these are its
    ``_value`` and ``_grad``: the public methods only check and convert the point, and the run
    loop's points are already float64 arrays of shape (..., dim) (x0 is checked once).
    """
    cls = type(objective)
    if (isinstance(objective, _functions.Objective) and cls.__call__ is _functions.Objective.__call__
            and cls.grad is _functions.Objective.grad and "grad" not in vars(objective)):
        return objective._value, objective._grad
    return objective, objective.grad


def _unchecked_step(optimizer, state, x0):
    """The optimizer's update rule without its per-step argument checks, or its ``step``.

    ``step`` of gdbook's optimizers checks that x is finite, that the gradient is a real array of
    x's shape and that the state is one of its own, at every call. In the run loop x is always
    finite (a run that diverges stops and waits at its finite x0), the state comes from ``init``
    (checked here, once) and the rule keeps its shapes; the gradient is checked in the loop.
    """
    parts = getattr(optimizer.step, "parts", None)
    if not isinstance(parts, _optimizers._StepParts) or not isinstance(state, parts.state_type):
        return optimizer.step
    if any(isinstance(v, np.ndarray) and v.shape != x0.shape for v in state):
        return optimizer.step  # its checks raise the error
    return parts.rule


def _all_fine(x_new, f_new, threshold):
    """True if no run needs a closer look: every x and loss finite and no loss above the threshold.

    A sum is finite only if every term is (an overflow gives a false alarm, never a miss), so two
    reductions replace the per-run checks in the usual case.
    """
    if x_new.ndim == 1:  # one run: Python floats
        f = float(f_new)
        total = f + float(x_new[0] + x_new[1] if x_new.shape[0] == 2 else np.add.reduce(x_new))
        return math.isfinite(total) and (threshold is None or f <= threshold)
    total = np.add.reduce(f_new, axis=None) + np.add.reduce(x_new, axis=None)
    if not np.isfinite(total):
        return False
    return threshold is None or not np.maximum.reduce(f_new, axis=None) > threshold


def _optional_positive(name, value):
    return None if value is None else check_positive(name, check_scalar(name, value))


def run(
    optimizer,
    objective,
    x0,
    steps,
    *,
    clip_norm=None,
    clip_value=None,
    batch_size=None,
    seed=0,
    divergence_threshold=None,
    record=True,
    fused=None,
) -> RunResult:
    r"""옵티마이저로 목적 함수를 :math:`T` 스텝 최소화하고 궤적을 기록합니다.

    :math:`t = 1, \dots, T` 마다

    .. math::

        p_t = \operatorname{eval\_point}(x_{t-1}),\quad g_t = \nabla f(p_t)
        \ \text{(또는 미니배치 그래디언트)},\quad
        g_t \leftarrow \operatorname{clip}(g_t),\quad x_t = \operatorname{step}(x_{t-1}, g_t)

    를 계산합니다. ``batch_size`` 를 주면 스텝마다 ``objective.sample_batch`` 로 미니배치
    :math:`B_t` 를 비복원으로 뽑아 ``objective.minibatch_grad(p_t, B_t)`` 를 쓰며, 난수는
    ``numpy.random.default_rng(seed)`` 하나에서 나오므로 같은 ``seed`` 면 결과가 같습니다
    (모든 실행이 같은 미니배치를 씁니다). 그래디언트 클리핑은 실행마다 따로 합니다: 먼저
    ``clip_norm`` 으로 노름 클리핑(:func:`gdbook.clipping.clip_by_global_norm`), 다음
    ``clip_value`` 로 값 클리핑(:func:`gdbook.clipping.clip_by_value`).

    **발산.** 모든 계산은 ``np.errstate(all="ignore")`` 안에서 하므로 오버플로 경고가 새지
    않습니다. :math:`x_t` 나 :math:`f(x_t)` 가 유한하지 않거나 :math:`f(x_t)` 가
    ``divergence_threshold`` 보다 크면 그 실행은 스텝 :math:`t` 에서 발산한 것으로
    ``diverged_at`` 에 기록되고 멈춥니다: 더는 업데이트되지 않고 이후 기록은 ``nan`` 이며,
    다른 실행은 그대로 계속됩니다. 모든 실행이 발산하면 일찍 끝냅니다.

    **두 가지 반복문.** 인자는 실행마다 한 번 검사하고, 스텝마다는 옵티마이저의 업데이트 규칙을
    검사 없이 부릅니다(실행 중의 점은 언제나 유한한 float64 배열이므로). 빌 함수나 로젠브록 함수를
    Adam이나 SGD로 많이 돌릴 때는 실행 전체를 컴파일된 커널 하나로 계산할 수 있습니다(numba가
    있을 때, :func:`gdbook.fast.run_engine`). 두 반복문의 결과는 비트 단위로 같습니다.

    Parameters
    ----------
    optimizer : gdbook.optimizers.Optimizer
        ``init``, ``step``, ``eval_point``, ``name``, ``hyperparams`` 를 가진 옵티마이저.
    objective : gdbook.functions.Objective
        목적 함수 :math:`f` (``__call__``, ``grad``, ``dim``, ``name``).
    x0 : array_like, shape (..., d)
        시작점. 앞쪽 축은 독립인 실행입니다. 유한해야 합니다.
    steps : int
        스텝 수 :math:`T \ge 0`.
    clip_norm : float, optional
        실행마다 노름 클리핑의 최대 노름 :math:`c > 0`.
    clip_value : float, optional
        값 클리핑의 한계 :math:`c > 0`.
    batch_size : int, optional
        미니배치 크기. 목적 함수에 ``minibatch_grad`` 와 ``sample_batch`` 가 있어야 하고
        표본 수 이하여야 합니다.
    seed : int, optional
        미니배치 난수의 시드.
    divergence_threshold : float, optional
        손실이 이 값보다 크면 발산으로 봅니다. :math:`f(x_0)` 이상이어야 합니다.
    record : bool, optional
        ``False`` 이면 궤적 ``x`` 에 :math:`x_0` 과 :math:`x_T` 만 남깁니다(메모리 절약).
        손실, 그래디언트 노름, 학습률은 언제나 모두 기록합니다.
    fused : bool, optional
        융합 커널(numba)을 쓸지. ``None`` (기본값)이면 쓸 수 있고 큰 실행일 때(처음 불러오는
        비용을 고려해서, :func:`gdbook.fast.run_engine`), ``True`` 이면 쓸 수 있을 때 언제나,
        ``False`` 이면 쓰지 않습니다. 결과는 같습니다. :func:`gdbook.fast.run_engine` 이 어느
        쪽을 쓸지 알려 줍니다.

    Returns
    -------
    RunResult

    Raises
    ------
    ValueError
        ``x0`` 가 유한하지 않거나 차원이 ``objective.dim`` 과 다를 때, ``steps`` 가 음수일 때,
        ``clip_norm``/``clip_value`` 가 양수가 아닐 때, 목적 함수가 미니배치를 지원하지 않거나
        ``batch_size`` 가 표본 수보다 클 때, :math:`f(x_0)` 가 유한하지 않거나
        ``divergence_threshold`` 를 넘을 때.
    TypeError
        ``steps``, ``batch_size``, ``seed`` 가 정수가 아닐 때 등.

    Examples
    --------
    >>> import numpy as np
    >>> from gdbook import functions, optimizers
    >>> f = functions.note_quadratic()
    >>> res = run(optimizers.sgd(lr=0.1), f, [-2.0, -1.0], steps=3)
    >>> np.round(res.x, 4)
    array([[-2.   , -1.   ],
           [-1.4  ,  0.2  ],
           [-0.92 ,  0.92 ],
           [-0.536,  1.352]])
    >>> np.round(res.grad_norm, 4)
    array([13.4164,  8.6533,  5.78  ])

    미니배치 확률적 경사 하강법(같은 ``seed`` 면 같은 결과):

    >>> ls = functions.LeastSquares(n_samples=100, n_features=3, seed=0)
    >>> a = run(optimizers.sgd(lr=0.05), ls, np.zeros(3), 20, batch_size=10, seed=1)
    >>> b = run(optimizers.sgd(lr=0.05), ls, np.zeros(3), 20, batch_size=10, seed=1)
    >>> bool(np.array_equal(a.x, b.x))
    True
    """
    for attr in ("init", "step", "eval_point", "name"):
        if not hasattr(optimizer, attr):
            raise TypeError(f"optimizer must be a gdbook Optimizer (missing {attr!r}), got {optimizer!r}")
    if not (callable(objective) and hasattr(objective, "grad")):
        raise TypeError(f"objective must be callable and have a grad method, got {objective!r}")
    x0 = check_finite_array("x0", x0)
    if x0.ndim == 0:
        raise ValueError(f"x0 must have shape (..., d), got a scalar {float(x0)!r}")
    dim = getattr(objective, "dim", None)
    if dim is not None and x0.shape[-1] != dim:
        raise ValueError(
            f"x0 has shape {x0.shape}, but objective {getattr(objective, 'name', objective)!r} "
            f"has dim {dim} (the last axis of x0 must be the {dim} parameters)"
        )
    steps = check_int("steps", steps, minimum=0)
    clip_norm = _optional_positive("clip_norm", clip_norm)
    clip_value = _optional_positive("clip_value", clip_value)
    seed = check_int("seed", seed, minimum=0)
    record = check_bool("record", record)
    if fused is not None:
        fused = check_bool("fused", fused)
    if divergence_threshold is not None:
        divergence_threshold = check_scalar("divergence_threshold", divergence_threshold)
        if not np.isfinite(divergence_threshold):
            raise ValueError(f"divergence_threshold must be finite, got {divergence_threshold!r}")
    obj_name = str(getattr(objective, "name", type(objective).__name__))
    if batch_size is not None:
        batch_size = check_int("batch_size", batch_size, minimum=1)
        if not (hasattr(objective, "minibatch_grad") and hasattr(objective, "sample_batch")):
            raise ValueError(
                f"batch_size={batch_size} needs an objective with minibatch_grad and sample_batch; "
                f"objective {obj_name!r} has none"
            )
        n_samples = getattr(objective, "n_samples", None)
        if n_samples is not None and batch_size > n_samples:
            raise ValueError(f"batch_size must be <= n_samples = {n_samples}, got {batch_size}")
        rng = np.random.default_rng(seed)

    runs = x0.shape[:-1]
    value, grad = _evaluators(objective)
    with np.errstate(all="ignore"):
        loss0 = np.broadcast_to(np.asarray(value(x0), dtype=np.float64), runs)
    if not np.all(np.isfinite(loss0)):
        raise ValueError(f"the objective is not finite at x0 (f(x0) = {loss0})")
    if divergence_threshold is not None and np.any(loss0 > divergence_threshold):
        raise ValueError(
            f"divergence_threshold must be >= f(x0) = {np.max(loss0)!r}, got {divergence_threshold!r}"
        )

    state = optimizer.init(x0)
    _, plan = _fast._choose_engine(optimizer, objective, x0.shape, steps, clip_norm=clip_norm,
                                   clip_value=clip_value, batch_size=batch_size, fused=fused, count=True)
    out = None
    if plan is not None:  # the whole loop in one compiled kernel: the same numbers (gdbook.fast)
        with np.errstate(all="ignore"):
            out = _fast._fused_run(plan, x0, loss0, steps, divergence_threshold, record)
    if out is None:
        out = _numpy_loop(optimizer, objective, value, grad, state, x0, loss0, steps, clip_norm, clip_value,
                          batch_size, rng if batch_size is not None else None, divergence_threshold, record)
    xs, losses, grad_norms, lrs, diverged_at = out

    diverged = diverged_at >= 0
    return RunResult(
        x=_readonly(xs),
        loss=_readonly(losses),
        grad_norm=_readonly(grad_norms),
        lr=_readonly(lrs),
        diverged=bool(diverged) if diverged.ndim == 0 else _readonly(diverged),
        diverged_at=int(diverged_at) if diverged_at.ndim == 0 else _readonly(diverged_at),
        optimizer=str(optimizer.name),
        objective=obj_name,
        divergence_threshold=divergence_threshold,
    )


def _batch_gradient(objective, rng, batch_size):
    """The minibatch gradient of one step: ``objective.minibatch_grad(p, objective.sample_batch(
    rng, batch_size))``.

    For :class:`~gdbook.functions.LeastSquares` (methods not overridden) the same operations
    without the argument checks of the two public methods (``run`` checked ``rng`` and
    ``batch_size`` once; the loop's points are float64 of the right shape): about half of a
    step's cost in a 20-dimensional problem, and bitwise the same numbers
    (``tests/test_runner.py``).
    """
    cls = type(objective)
    LS = _functions.LeastSquares
    if not (isinstance(objective, LS) and cls.sample_batch is LS.sample_batch
            and cls.minibatch_grad is LS.minibatch_grad):
        return lambda p: objective.minibatch_grad(p, objective.sample_batch(rng, batch_size))
    n, X, y = objective.n_samples, objective.X, objective.y

    def batch_grad(p):
        idx = rng.choice(n, size=batch_size, replace=False)
        Xb, yb = X[idx], y[idx]
        r = (Xb @ p[..., None])[..., 0] - yb
        return (r[..., None, :] @ Xb)[..., 0, :] / batch_size

    return batch_grad


def _numpy_loop(optimizer, objective, value, grad, state, x0, loss0, steps, clip_norm, clip_value, batch_size,
                rng, divergence_threshold, record):
    """The run loop in numpy (see :func:`run`): (xs, losses, grad_norms, lrs, diverged_at)."""
    runs = x0.shape[:-1]
    lr = getattr(optimizer, "hyperparams", {}).get("lr")
    lr_shape, lr_row, lr_per_run = _lr_recorder(lr, x0.shape) if steps else ((), None, False)
    lr_const = lr_row is not None and not lr_per_run and not callable(lr)  # recorded after the loop
    clipping = clip_norm is not None or clip_value is not None
    step = _unchecked_step(optimizer, state, x0)
    checked = step is optimizer.step
    eval_point = None if optimizer.eval_point is _optimizers._identity_eval_point else optimizer.eval_point
    # np.empty: every step writes its whole row (nan for stopped runs); rows after an early end
    # are set to nan below. Filling 10^8 entries with nan first would cost as much as the loop.
    xs = np.empty((steps + 1 if record else 2, *x0.shape))
    losses = np.empty((steps + 1, *runs))
    grad_norms = np.empty((steps, *runs))
    lrs = np.full((steps, *lr_shape), np.nan)
    xs[0], losses[0] = x0, loss0
    if steps == 0:
        xs[-1] = x0
    alive = np.ones(runs, dtype=bool)
    all_alive = True  # until a run stops, nothing needs masking
    diverged_at = np.full(runs, -1, dtype=np.int64)
    x = x0
    batch_grad = _batch_gradient(objective, rng, batch_size) if batch_size is not None else None
    with np.errstate(all="ignore"):  # overflow is detected below, never warned about
        for t in range(1, steps + 1):
            p = x if eval_point is None else eval_point(x, state)
            if batch_size is None:
                g = grad(p)
            else:
                g = batch_grad(p)
            if not checked and (type(g) is not np.ndarray or g.dtype != np.float64 or g.shape != x.shape):
                g = check_real_array("grad", g)  # the checks of optimizer.step, same messages
                check_same_shape("grad", g, "x", x)
            if clipping:
                g, norm = _clip(g, clip_norm, clip_value)
            else:
                norm = _grad_norm(g)
            if lr_row is not None and not lr_const:
                row = lr_row(t - 1)
                if not lr_per_run or all_alive:
                    lrs[t - 1] = row
                else:
                    lrs[t - 1] = np.where(alive if row.ndim == alive.ndim else alive[..., None], row, np.nan)
            x_new, state_new = step(x, g, state)
            if not checked and x_new.shape != x.shape:  # a schedule returning an ill-shaped array
                x_new, state_new = optimizer.step(x, g, state)  # raises, naming the shapes
            state = state_new
            f_new = np.asarray(value(x_new), dtype=np.float64)
            if all_alive:
                grad_norms[t - 1] = norm
                losses[t] = f_new
                if record or t == steps:
                    xs[t if record else 1] = x_new
            else:
                grad_norms[t - 1] = np.where(alive, norm, np.nan)
                losses[t] = np.where(alive, f_new, np.nan)
                if record or t == steps:
                    xs[t if record else 1] = np.where(alive[..., None], x_new, np.nan)
            if not _all_fine(x_new, f_new, divergence_threshold):
                bad = ~np.all(np.isfinite(x_new), axis=-1) | ~np.isfinite(f_new)
                if divergence_threshold is not None:
                    bad |= f_new > divergence_threshold
                diverged_at[alive & bad] = t
                alive &= ~bad
                if not alive.any():  # every run stopped: the remaining entries are nan
                    grad_norms[t:] = np.nan
                    losses[t + 1:] = np.nan
                    if record:
                        xs[t + 1:] = np.nan
                    elif t < steps:
                        xs[1] = np.nan
                    break
                all_alive = bool(alive.all())
            # stopped runs wait at x0 (finite, so that the optimizer's checks pass), masked out
            x = x_new if all_alive else np.where(alive[..., None], x_new, x0)
    if lr_const:  # one number: every update that ran used it
        lrs[:t] = lr_row(0)
    return xs, losses, grad_norms, lrs, diverged_at
