r"""테스트 함수(목적 함수): 값, 그래디언트, 헤시안, 최소점, 최솟값, 상수 :math:`L` 과 :math:`m`.

모든 목적 함수는 :class:`Objective` 를 상속하고, 점 ``x`` 의 모양이 ``(..., d)`` 이면
값은 ``(...)``, 그래디언트는 ``(..., d)``, 헤시안은 ``(..., d, d)`` 모양으로 돌려줍니다.
앞쪽 축은 서로 독립인 실행(또는 등고선 격자)이므로 파이썬 반복문 없이 한 번에 계산됩니다.

상수의 뜻은 책과 같습니다. :math:`L` 은 그래디언트의 립시츠 상수
(:math:`\|\nabla f(x) - \nabla f(y)\| \le L \|x - y\|`, 이차 함수에서는 헤시안 고윳값의
절댓값 중 최댓값), :math:`m` 은 강볼록 상수(:math:`\nabla^2 f \succeq m I`, 볼록이지만
강볼록이 아니면 0), :math:`\kappa = L / m` 은 조건수입니다. 전역 상수가 없는 함수
(로젠브록, 빌)는 ``None`` 입니다.

유한하지 않은 점(발산한 실행의 ``nan``/``inf``)은 오류 없이 유한하지 않은 값을 돌려줍니다.
실행 루프(:func:`gdbook.run`)가 발산을 기록할 수 있도록 하기 위해서입니다.

Examples
--------
>>> import numpy as np
>>> from gdbook.functions import note_quadratic, Rosenbrock
>>> f = note_quadratic()
>>> f.L, f.m, f.kappa
(4.0, 2.0, 2.0)
>>> f(np.array([[1.0, 2.0], [0.0, 0.0]]))
array([0., 9.])
>>> Rosenbrock().grad([0.0, 0.0])
array([-2.,  0.])
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from gdbook._validation import (
    check_finite_array,
    check_int,
    check_positive,
    check_scalar,
)

__all__ = [
    "Objective",
    "Quadratic",
    "note_quadratic",
    "random_quadratic",
    "sharp_flat_pair",
    "Rosenbrock",
    "Beale",
    "Saddle",
    "LeastSquares",
]


def _as_points(x, dim: int, name: str = "x") -> np.ndarray:
    """``x`` as a float64 array of shape ``(..., dim)``; non-finite entries are allowed."""
    if x is None or isinstance(x, (str, bytes, bool, np.bool_)):
        raise TypeError(f"{name} must be an array of real numbers, got {x!r}")
    try:
        arr = np.asarray(x)
    except Exception as exc:  # ragged nested sequences
        raise TypeError(f"{name} must be an array of real numbers, got {x!r}") from exc
    if arr.dtype.kind not in "iuf":
        raise TypeError(f"{name} must be an array of real numbers, got dtype {arr.dtype}")
    if arr.ndim == 0 or arr.shape[-1] != dim:
        raise ValueError(
            f"{name} must have shape (..., {dim}) (last axis = the {dim} parameters), "
            f"got shape {arr.shape}"
        )
    return arr.astype(np.float64, copy=False)


def _eig_snap(eigenvalues: np.ndarray) -> np.ndarray:
    """Set eigenvalues that are zero up to rounding (numpy's matrix_rank tolerance) to exactly 0."""
    scale = np.max(np.abs(eigenvalues)) if eigenvalues.size else 0.0
    tol = scale * eigenvalues.size * np.finfo(np.float64).eps
    return np.where(np.abs(eigenvalues) <= tol, 0.0, eigenvalues)


def _constants_from_eigenvalues(eigenvalues: np.ndarray) -> tuple[float, float | None]:
    """``(L, m)`` of a quadratic from the (snapped) eigenvalues of its Hessian."""
    L = float(np.max(np.abs(eigenvalues)))
    lam_min = float(np.min(eigenvalues))
    m = lam_min if lam_min >= 0 else None
    return L, m


class Objective:
    r"""목적 함수의 기반 클래스.

    하위 클래스는 ``_value``, ``_grad`` (있으면 ``_hessian``)를 모양 ``(..., d)`` 의 검사된
    float64 배열에 대해 구현합니다. 공개 메서드(``__call__``, :meth:`grad`, :meth:`hessian`)는
    입력을 검사한 뒤 이들을 부릅니다.

    Attributes
    ----------
    name : str
        영문 식별자(예: ``"rosenbrock"``).
    label : str
        그림에 쓰는 한국어 이름(예: ``"로젠브록 함수"``).
    dim : int
        파라미터 차원 :math:`d`.
    minimizers : numpy.ndarray
        최소점 :math:`x^*` 들, 모양 ``(k, d)``. 최소점이 없으면 ``k = 0``.
        최소점이 하나가 아닌 볼록 이차 함수(특이 헤시안)에서는 노름이 가장 작은 최소점
        하나를 담고, 최소점 전체는 그 점을 지나는 헤시안의 영공간 방향 아핀 부분공간입니다
        (:meth:`distance_to_minimizers` 가 이를 고려합니다).
    minimum : float
        최솟값 :math:`f^*` (아래로 유계가 아니면 ``-inf``).
    L : float or None
        그래디언트의 립시츠 상수(전역으로 존재하지 않으면 ``None``).
    m : float or None
        강볼록 상수. 볼록이지만 강볼록이 아니면 ``0.0``, 볼록이 아니거나 알 수 없으면 ``None``.

    Examples
    --------
    >>> from gdbook.functions import note_quadratic
    >>> f = note_quadratic()
    >>> isinstance(f, Objective), f.dim, f.minimizers
    (True, 2, array([[1., 2.]]))
    """

    name: str = "objective"
    label: str = "목적 함수"

    def __init__(self, dim, *, minimizers, minimum, L=None, m=None, name=None, label=None):
        self.dim = check_int("dim", dim, minimum=1)
        mins = np.asarray(minimizers, dtype=np.float64).reshape(-1, self.dim)
        mins.setflags(write=False)
        self.minimizers = mins
        self.minimum = float(minimum)
        self.L = None if L is None else float(L)
        self.m = None if m is None else float(m)
        if name is not None:
            self.name = str(name)
        if label is not None:
            self.label = str(label)
        self._null_basis = None  # orthonormal basis of the minimizer subspace directions, if any

    # --- the three evaluations -------------------------------------------------------------
    def __call__(self, x) -> np.ndarray:
        """값 :math:`f(x)`, 모양 ``x.shape[:-1]``."""
        return self._value(_as_points(x, self.dim))

    def grad(self, x) -> np.ndarray:
        r"""그래디언트 :math:`\nabla f(x)`, 모양 ``x.shape``.

        Examples
        --------
        >>> from gdbook.functions import note_quadratic
        >>> note_quadratic().grad([0.0, 0.0])
        array([-2., -8.])
        """
        return self._grad(_as_points(x, self.dim))

    def hessian(self, x) -> np.ndarray:
        r"""헤시안 :math:`\nabla^2 f(x)`, 모양 ``x.shape + (d,)``.

        Examples
        --------
        >>> from gdbook.functions import note_quadratic
        >>> note_quadratic().hessian([0.0, 0.0])
        array([[2., 0.],
               [0., 4.]])
        """
        return self._hessian(_as_points(x, self.dim))

    def _value(self, x):
        raise NotImplementedError

    def _grad(self, x):
        raise NotImplementedError

    def _hessian(self, x):
        raise NotImplementedError(f"{type(self).__name__} does not implement hessian")

    # --- derived quantities ------------------------------------------------------------------
    @property
    def kappa(self) -> float | None:
        r"""조건수 :math:`\kappa = L/m`. :math:`m = 0` 이면 ``inf``, :math:`L` 또는 :math:`m` 이 없으면 ``None``.

        Examples
        --------
        >>> from gdbook.functions import random_quadratic, Rosenbrock
        >>> random_quadratic(dim=5, kappa=100.0).kappa
        100.0
        >>> Rosenbrock().kappa is None
        True
        """
        if self.L is None or self.m is None:
            return None
        if self.m == 0:
            return float("inf")
        return self.L / self.m

    def local_L(self, x) -> np.ndarray:
        r"""점 ``x`` 에서의 국소 곡률 :math:`\|\nabla^2 f(x)\|_2` (헤시안 고윳값 절댓값의 최댓값).

        전역 :math:`L` 이 없는 함수(로젠브록 등)에서 그 점 근처의 안정성 한계
        :math:`2/\|\nabla^2 f(x)\|_2` 를 어림할 때 씁니다.

        Parameters
        ----------
        x : array_like, shape (..., d)
            점.

        Returns
        -------
        numpy.ndarray, shape (...)

        Examples
        --------
        >>> from gdbook.functions import Rosenbrock
        >>> print(f"{float(Rosenbrock().local_L([1.0, 1.0])):.2f}")
        1001.60
        """
        H = self.hessian(x)
        return np.max(np.abs(np.linalg.eigvalsh(H)), axis=-1)

    def distance_to_minimizers(self, x) -> np.ndarray:
        r"""점 ``x`` 에서 최소점 집합까지의 거리 :math:`\min_{x^*} \|x - x^*\|`.

        특이 헤시안을 가진 볼록 이차 함수에서는 최소점 집합(아핀 부분공간)까지의 거리입니다.
        볼록 수렴 정리의 :math:`\|x_0 - x^*\|` 에는 이 값(가장 가까운 최소점)을 넣으면 됩니다.

        Parameters
        ----------
        x : array_like, shape (..., d)
            점.

        Returns
        -------
        numpy.ndarray, shape (...)

        Raises
        ------
        ValueError
            최소점이 없는 함수일 때.

        Examples
        --------
        >>> from gdbook.functions import note_quadratic, Quadratic
        >>> float(note_quadratic().distance_to_minimizers([4.0, 6.0]))
        5.0
        >>> f = Quadratic([[1.0, 0.0], [0.0, 0.0]])   # 최소점: y축 전체
        >>> float(f.distance_to_minimizers([3.0, 7.0]))
        3.0
        """
        x = _as_points(x, self.dim)
        if self.minimizers.shape[0] == 0:
            raise ValueError(f"{self.name} has no minimizers")
        diff = x[..., None, :] - self.minimizers  # (..., k, d)
        if self._null_basis is not None:
            N = self._null_basis
            diff = diff - (diff @ N) @ N.T
        return np.min(np.linalg.norm(diff, axis=-1), axis=-1)

    def grid(self, xlim, ylim, n=200):
        """2차원 등고선 그림용 격자 ``(X, Y, Z)``; ``Z = f(X, Y)`` 를 한 번에(벡터화) 계산합니다.

        Parameters
        ----------
        xlim, ylim : tuple of float
            :math:`x`, :math:`y` 축 범위 ``(하한, 상한)``.
        n : int, optional
            각 축의 격자점 수(2 이상).

        Returns
        -------
        X, Y, Z : numpy.ndarray, shape (n, n)
            ``numpy.meshgrid`` 의 격자와 그 위의 함숫값.

        Examples
        --------
        >>> from gdbook.functions import note_quadratic
        >>> X, Y, Z = note_quadratic().grid((-3, 3), (-2, 4), n=5)
        >>> Z.shape, float(Z[2, 2])
        ((5, 5), 3.0)
        """
        if self.dim != 2:
            raise ValueError(f"grid needs a 2-D objective, but {self.name} has dim {self.dim}")
        n = check_int("n", n, minimum=2)
        axes = []
        for lim_name, lim in (("xlim", xlim), ("ylim", ylim)):
            lim = check_finite_array(lim_name, lim)
            if lim.shape != (2,) or not lim[0] < lim[1]:
                raise ValueError(f"{lim_name} must be a pair (low, high) with low < high, got {lim.tolist()}")
            axes.append(np.linspace(lim[0], lim[1], n))
        X, Y = np.meshgrid(*axes)
        Z = self(np.stack([X, Y], axis=-1))
        return X, Y, Z

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r} dim={self.dim} L={self.L} m={self.m}>"


# --------------------------------------------------------------------------------------------
# Quadratics
# --------------------------------------------------------------------------------------------


class Quadratic(Objective):
    r"""이차 함수 :math:`f(x) = \tfrac12 x^\top A x - b^\top x + c` (:math:`A` 는 대칭).

    .. math::

        \nabla f(x) = A x - b, \qquad \nabla^2 f(x) = A .

    :math:`A` 의 고윳값을 :math:`\lambda_1 \le \dots \le \lambda_d` 라 하면
    :math:`L = \max_i |\lambda_i|` 이고, :math:`\lambda_1 \ge 0` 이면 볼록이며
    :math:`m = \lambda_1` (:math:`\lambda_1 = 0` 이면 볼록이지만 강볼록이 아님),
    :math:`\lambda_1 < 0` 이면 볼록이 아니므로 :math:`m` 은 ``None`` 이고 최소점이 없습니다.
    반올림 수준(``numpy.linalg.matrix_rank`` 와 같은 허용 오차)의 고윳값은 정확히 0으로 봅니다.

    최소점은 :math:`A x^* = b` 의 해입니다. :math:`A` 가 특이이면 :math:`b` 가 :math:`A` 의
    치역에 있을 때만 최소점이 있고(없으면 아래로 유계가 아님), 그 집합은 아핀 부분공간이므로
    ``minimizers`` 에는 노름이 가장 작은 해(유사역행렬 해) 하나를 담습니다.
    최솟값은 :math:`f^* = c - \tfrac12 b^\top x^*` 입니다.

    Parameters
    ----------
    A : array_like, shape (d, d)
        대칭 행렬(헤시안).
    b : array_like, shape (d,), optional
        일차항. 기본값 0.
    c : float, optional
        상수항.
    label : str, optional
        그림에 쓸 이름(기본값 ``"이차 함수"``).

    Attributes
    ----------
    A, b, c
        위 식의 계수(읽기 전용 배열).
    eigenvalues : numpy.ndarray
        :math:`A` 의 고윳값(오름차순).

    Examples
    --------
    >>> f = Quadratic([[2.0, 0.0], [0.0, 4.0]], b=[2.0, 8.0], c=9.0)
    >>> f.L, f.m, f.minimizers, f.minimum
    (4.0, 2.0, array([[1., 2.]]), 0.0)
    >>> f([[1.0, 2.0], [0.0, 0.0]])
    array([0., 9.])
    """

    name = "quadratic"
    label = "이차 함수"

    def __init__(self, A, b=None, c=0.0, *, label=None):
        A = check_finite_array("A", A)
        if A.ndim != 2 or A.shape[0] != A.shape[1]:
            raise ValueError(f"A must be a square matrix, got shape {A.shape}")
        if not np.allclose(A, A.T, rtol=1e-10, atol=1e-12 * max(np.max(np.abs(A)), 1e-300)):
            raise ValueError("A must be symmetric, got a matrix with A != A.T")
        A = (A + A.T) / 2
        eigenvalues, V = np.linalg.eigh(A)
        self._setup(A, b, c, eigenvalues, V, label)

    @classmethod
    def _from_eigh(cls, eigenvalues, V, b=None, c=0.0, label=None):
        """Build ``Q diag(eigenvalues) Q^T`` keeping the exact eigenvalues (no eigh round-off)."""
        obj = cls.__new__(cls)
        A = (V * eigenvalues) @ V.T
        A = (A + A.T) / 2
        Quadratic._setup(obj, A, b, c, np.asarray(eigenvalues, dtype=np.float64), V, label)
        return obj

    def _setup(self, A, b, c, eigenvalues, V, label):
        d = A.shape[0]
        if b is None:
            b = np.zeros(d)
        b = check_finite_array("b", b)
        if b.shape != (d,):
            raise ValueError(f"b has shape {b.shape} but A has shape {A.shape}")
        c = check_scalar("c", c)
        if not np.isfinite(c):
            raise ValueError(f"c must be a finite number, got {c!r}")
        order = np.argsort(eigenvalues)
        eigenvalues, V = _eig_snap(np.asarray(eigenvalues)[order]), V[:, order]
        L, m = _constants_from_eigenvalues(eigenvalues)
        null = eigenvalues == 0
        if m is None:  # not convex: unbounded below
            minimizers, minimum, null_basis = np.empty((0, d)), -np.inf, None
        else:
            coeff = V.T @ b
            if np.linalg.norm(coeff[null]) > 1e-10 * np.linalg.norm(b):
                minimizers, minimum, null_basis = np.empty((0, d)), -np.inf, None
            else:
                inv = np.zeros_like(eigenvalues)
                inv[~null] = 1.0 / eigenvalues[~null]
                x_star = V @ (inv * coeff)
                minimizers, minimum = x_star[None, :], c - 0.5 * float(b @ x_star)
                null_basis = V[:, null] if null.any() else None
        super().__init__(d, minimizers=minimizers, minimum=minimum, L=L, m=m, label=label)
        self._null_basis = null_basis
        for arr in (A, b, eigenvalues):
            arr.setflags(write=False)
        self.A, self.b, self.c, self.eigenvalues = A, b, c, eigenvalues

    def _value(self, x):
        if self.minimizers.shape[0]:
            # f(x) = f* + 1/2 e^T A e with e = x - x*: the same function, but f - f* keeps full
            # relative precision near x* (the expanded form cancels to ~1e-15 absolute).
            e = x - self.minimizers[0]
            return 0.5 * np.add.reduce((e @ self.A) * e, axis=-1) + self.minimum  # = np.sum, cheaper call
        return 0.5 * np.add.reduce((x @ self.A) * x, axis=-1) - x @ self.b + self.c

    def _grad(self, x):
        if self.minimizers.shape[0]:
            return (x - self.minimizers[0]) @ self.A  # = A x - b, since A x* = b
        return x @ self.A - self.b  # A is symmetric: (A x)^T = x^T A

    def _hessian(self, x):
        return np.broadcast_to(self.A, x.shape + (self.dim,)).copy()


def note_quadratic() -> Quadratic:
    r"""강의 노트의 예제 :math:`f(x, y) = (x-1)^2 + 2(y-2)^2`.

    :math:`A = \operatorname{diag}(2, 4)`, :math:`b = (2, 8)`, :math:`c = 9` 인 :class:`Quadratic`
    이므로 :math:`L = 4`, :math:`m = 2`, :math:`\kappa = 2`, 최소점 :math:`x^* = (1, 2)`,
    최솟값 :math:`f^* = 0` 입니다.

    Returns
    -------
    Quadratic

    Examples
    --------
    >>> f = note_quadratic()
    >>> f.minimizers, f.minimum, f.L, f.m
    (array([[1., 2.]]), 0.0, 4.0, 2.0)
    >>> float(f([-2.0, -1.0]))
    27.0
    """
    f = Quadratic(np.diag([2.0, 4.0]), b=[2.0, 8.0], c=9.0)
    f.name = "note_quadratic"
    return f


def _haar_orthogonal(dim: int, rng: np.random.Generator) -> np.ndarray:
    """A Haar-distributed random orthogonal matrix: QR of a Gaussian matrix with the sign fix."""
    Q, R = np.linalg.qr(rng.standard_normal((dim, dim)))
    return Q * np.where(np.diag(R) < 0, -1.0, 1.0)


def random_quadratic(eigenvalues=None, *, dim=None, kappa=None, m=1.0, seed=0, b=None) -> Quadratic:
    r"""고윳값을 정한, 무작위로 회전한 이차 함수 :math:`f(x) = \tfrac12 x^\top Q \Lambda Q^\top x - b^\top x`.

    :math:`Q` 는 ``numpy.random.default_rng(seed)`` 로 만든 가우스 행렬의 QR 분해
    (:math:`R` 의 대각 부호를 맞춘, 균일 분포의 직교 행렬)입니다. 고윳값은 둘 중 하나로 정합니다.

    - ``eigenvalues`` 를 직접 주거나(0이 섞이면 볼록이지만 강볼록이 아닌 특이 이차 함수),
    - ``dim`` 과 ``kappa`` 를 주면 :math:`\lambda_i` 를 :math:`[m, \kappa m]` 에 균등 간격으로
      놓습니다(``numpy.linspace(m, kappa * m, dim)``). 이때 :math:`L = \kappa m`.

    ``b`` 가 없으면 최소점은 :math:`x^* = 0`, 최솟값은 0입니다. 고윳값은 주어진 값을
    그대로(반올림 오차 없이) ``eigenvalues``, ``L``, ``m`` 에 씁니다.

    Parameters
    ----------
    eigenvalues : array_like, shape (d,), optional
        헤시안의 고윳값.
    dim : int, optional
        차원 :math:`d` (``kappa`` 와 함께).
    kappa : float, optional
        조건수 :math:`\kappa \ge 1` (``dim`` 과 함께).
    m : float, optional
        가장 작은 고윳값(``dim``/``kappa`` 를 쓸 때).
    seed : int, optional
        회전 행렬의 난수 시드.
    b : array_like, shape (d,), optional
        일차항(최소점을 옮길 때).

    Returns
    -------
    Quadratic

    Examples
    --------
    >>> f = random_quadratic(dim=4, kappa=10.0, seed=1)
    >>> f.L, f.m, f.kappa
    (10.0, 1.0, 10.0)
    >>> np.round(np.linalg.eigvalsh(f.A), 6)
    array([ 1.,  4.,  7., 10.])
    >>> g = random_quadratic([0.0, 0.0, 2.0], seed=3)   # 특이: 볼록이지만 강볼록은 아님
    >>> g.L, g.m, g.kappa
    (2.0, 0.0, inf)
    """
    if eigenvalues is not None:
        if dim is not None or kappa is not None:
            raise ValueError("give either eigenvalues or (dim, kappa), not both")
        lam = check_finite_array("eigenvalues", eigenvalues)
        if lam.ndim != 1:
            raise ValueError(f"eigenvalues must be a 1-D array, got shape {lam.shape}")
    else:
        if dim is None or kappa is None:
            raise ValueError("give either eigenvalues or both dim and kappa")
        dim = check_int("dim", dim, minimum=1)
        kappa = check_positive("kappa", kappa)
        m = check_positive("m", m)
        if kappa < 1:
            raise ValueError(f"kappa must be >= 1, got {kappa!r}")
        if dim == 1 and kappa != 1:
            raise ValueError(f"kappa must be 1 when dim is 1, got {kappa!r}")
        lam = np.linspace(m, kappa * m, dim)
        lam[-1] = kappa * m  # exact L
    seed = check_int("seed", seed)
    Q = _haar_orthogonal(lam.size, np.random.default_rng(seed))
    f = Quadratic._from_eigh(lam, Q, b=b)
    f.name = "random_quadratic"
    return f


def sharp_flat_pair(sharp=2.0, flat=0.2, dim=2) -> tuple[Quadratic, Quadratic]:
    r"""날카로운 최소점과 평탄한 최소점의 두 이차 함수 :math:`\tfrac{a}{2}\|x\|^2` (§7.2 그림용).

    두 함수의 최소점은 모두 :math:`x^* = 0` 이고 헤시안은 :math:`a I` 입니다. 기본값은 강의 노트의
    :math:`x^2 + y^2` (:math:`a = 2`)와 :math:`0.1(x^2 + y^2)` (:math:`a = 0.2`)입니다.
    날카로움(헤시안의 고윳값)은 파라미터를 다시 매개화하면 바뀌므로 그것만으로 일반화를
    판단할 수는 없습니다(Dinh et al., 2017).

    Parameters
    ----------
    sharp, flat : float, optional
        두 최소점의 곡률 :math:`a` (``sharp > flat > 0``).
    dim : int, optional
        차원.

    Returns
    -------
    (Quadratic, Quadratic)
        라벨이 ``"날카로운 최소점"``, ``"평탄한 최소점"`` 인 두 함수.

    Examples
    --------
    >>> s, f = sharp_flat_pair()
    >>> s.label, s.L, f.label, f.L
    ('날카로운 최소점', 2.0, '평탄한 최소점', 0.2)
    >>> float(s([1.0, 1.0])), float(f([1.0, 1.0]))
    (2.0, 0.2)
    """
    sharp = check_positive("sharp", sharp)
    flat = check_positive("flat", flat)
    if not sharp > flat:
        raise ValueError(f"sharp must be larger than flat, got sharp={sharp!r}, flat={flat!r}")
    dim = check_int("dim", dim, minimum=1)
    pair = []
    for a, name, label in ((sharp, "sharp_minimum", "날카로운 최소점"), (flat, "flat_minimum", "평탄한 최소점")):
        q = Quadratic(a * np.eye(dim), label=label)
        q.name = name
        pair.append(q)
    return pair[0], pair[1]


class Saddle(Quadratic):
    r"""안장점이 있는 이차 함수 :math:`f(x) = \tfrac12 \sum_i a_i x_i^2` (기본 :math:`\tfrac12(x^2 - y^2)`).

    곡률 :math:`a_i` 에 양수와 음수가 모두 있어야 합니다. 원점은 그래디언트가 0인 안장점이고,
    함수는 아래로 유계가 아니므로 최소점이 없습니다(``minimizers`` 는 비어 있고
    ``minimum`` 은 ``-inf``, ``m`` 은 ``None``). :math:`L = \max_i |a_i|`.

    Parameters
    ----------
    curvatures : array_like, shape (d,), optional
        각 좌표축 방향의 곡률 :math:`a_i` (헤시안의 고윳값).

    Attributes
    ----------
    saddle_point : numpy.ndarray, shape (d,)
        안장점(원점).

    Examples
    --------
    >>> f = Saddle()
    >>> float(f([1.0, 1.0])), f.saddle_point, f.minimizers.shape, f.m
    (0.0, array([0., 0.]), (0, 2), None)
    >>> f.grad([1.0, 1.0])
    array([ 1., -1.])
    """

    name = "saddle"
    label = "안장점 함수"

    def __init__(self, curvatures=(1.0, -1.0)):
        a = check_finite_array("curvatures", curvatures)
        if a.ndim != 1:
            raise ValueError(f"curvatures must be a 1-D array, got shape {a.shape}")
        if not (np.any(a > 0) and np.any(a < 0)):
            raise ValueError(
                f"curvatures must contain a positive and a negative value, got {a.tolist()}"
            )
        super().__init__(np.diag(a))
        self.curvatures = a
        self.saddle_point = np.zeros(a.size)


# --------------------------------------------------------------------------------------------
# Non-convex test functions
# --------------------------------------------------------------------------------------------


class Rosenbrock(Objective):
    r"""로젠브록 함수 :math:`f(x, y) = (a - x)^2 + b (y - x^2)^2`.

    .. math::

        \nabla f = \begin{pmatrix} -2(a - x) - 4 b x (y - x^2) \\ 2 b (y - x^2) \end{pmatrix},
        \qquad
        \nabla^2 f = \begin{pmatrix} 2 - 4 b y + 12 b x^2 & -4 b x \\ -4 b x & 2 b \end{pmatrix}.

    최소점은 :math:`(a, a^2)`, 최솟값은 0입니다. 볼록이 아니고 헤시안이 유계가 아니므로
    전역 :math:`L`, :math:`m` 은 없습니다(``None``); 국소 곡률은 :meth:`local_L` 로 구합니다.
    :math:`a = 1, b = 100` 이면 ``scipy.optimize.rosen`` 의 2차원 경우와 같습니다.

    Parameters
    ----------
    a : float, optional
        최소점의 :math:`x` 좌표.
    b : float, optional
        골짜기의 가파름(양수).

    Examples
    --------
    >>> f = Rosenbrock()
    >>> f.minimizers, f.minimum, f.L
    (array([[1., 1.]]), 0.0, None)
    >>> f([[-1.0, 0.5], [1.0, 1.0]])
    array([29.,  0.])
    """

    name = "rosenbrock"
    label = "로젠브록 함수"

    def __init__(self, a=1.0, b=100.0):
        a = check_scalar("a", a)
        if not np.isfinite(a):
            raise ValueError(f"a must be a finite number, got {a!r}")
        self.a, self.b = a, check_positive("b", b)
        super().__init__(2, minimizers=[[a, a * a]], minimum=0.0)

    def _value(self, x):
        u, v = x[..., 0], x[..., 1]
        return (self.a - u) ** 2 + self.b * (v - u**2) ** 2

    def _grad(self, x):
        u, v = x[..., 0], x[..., 1]
        return np.stack(
            [-2 * (self.a - u) - 4 * self.b * u * (v - u**2), 2 * self.b * (v - u**2)], axis=-1
        )

    def _hessian(self, x):
        u, v = x[..., 0], x[..., 1]
        h_uu = 2 - 4 * self.b * v + 12 * self.b * u**2
        h_uv = -4 * self.b * u
        h_vv = np.full_like(u, 2 * self.b)
        return np.stack([np.stack([h_uu, h_uv], -1), np.stack([h_uv, h_vv], -1)], -2)


class Beale(Objective):
    r"""빌 함수 :math:`f(x, y) = \sum_{i=1}^{3} r_i^2`, :math:`r_i = c_i - x + x y^i`, :math:`c = (1.5,\ 2.25,\ 2.625)`.

    .. math::

        \nabla f = 2 \sum_i r_i \begin{pmatrix} y^i - 1 \\ i\, x\, y^{i-1} \end{pmatrix},
        \qquad
        \nabla^2 f = 2 \sum_i \left( \nabla r_i \nabla r_i^\top + r_i \nabla^2 r_i \right),
        \quad
        \nabla^2 r_i = \begin{pmatrix} 0 & i y^{i-1} \\ i y^{i-1} & i (i-1) x y^{i-2} \end{pmatrix}.

    유일한 최소점은 :math:`(3, 0.5)`, 최솟값은 0입니다. 볼록이 아니므로 :math:`L`, :math:`m`
    은 ``None`` 입니다.

    Examples
    --------
    >>> f = Beale()
    >>> f.minimizers, f.minimum
    (array([[3. , 0.5]]), 0.0)
    >>> print(f"{float(f([3.0, 3.0])):.1f}")
    7245.7
    """

    name = "beale"
    label = "빌 함수"
    _C = np.array([1.5, 2.25, 2.625])

    def __init__(self):
        super().__init__(2, minimizers=[[3.0, 0.5]], minimum=0.0)

    def _residuals(self, x):
        """``r`` (..., 3), ``dr`` (..., 3, 2) and the terms of ``d2r`` for i = 1, 2, 3."""
        u, v = x[..., 0, None], x[..., 1, None]
        i = np.arange(1, 4)
        r = self._C - u + u * v**i
        dr = np.stack([v**i - 1, i * u * v ** (i - 1)], axis=-1)
        return r, dr, u, v, i

    # Value and gradient in closed form, with multiplications only (what the note's beale_gradient
    # computes): v**i with an integer array i calls libm pow per element, and (..., 3) residual
    # arrays give numpy inner loops of length 3. gdbook.fast's fused kernel evaluates these same
    # expressions in the same order, so its numbers are these numbers.
    def _value(self, x):
        u, v = x[..., 0], x[..., 1]
        v2 = v * v
        r1 = 1.5 - u + u * v
        r2 = 2.25 - u + u * v2
        r3 = 2.625 - u + u * (v2 * v)
        return r1 * r1 + r2 * r2 + r3 * r3

    def _grad(self, x):
        u, v = x[..., 0], x[..., 1]
        v2 = v * v
        v3 = v2 * v
        r1 = 1.5 - u + u * v
        r2 = 2.25 - u + u * v2
        r3 = 2.625 - u + u * v3
        g = np.empty(x.shape)
        g[..., 0] = 2 * (r1 * (v - 1) + r2 * (v2 - 1) + r3 * (v3 - 1))
        g[..., 1] = 2 * u * (r1 + 2 * v * r2 + 3 * v2 * r3)
        return g

    def _hessian(self, x):
        r, dr, u, v, i = self._residuals(x)
        gauss_newton = np.einsum("...ij,...ik->...jk", dr, dr)
        r_uv = np.sum(r * i * v ** (i - 1), axis=-1)
        r_vv = np.sum(r * i * (i - 1) * u * v ** np.maximum(i - 2, 0), axis=-1)
        second = np.stack(
            [np.stack([np.zeros_like(r_uv), r_uv], -1), np.stack([r_uv, r_vv], -1)], -2
        )
        return 2 * (gauss_newton + second)


# --------------------------------------------------------------------------------------------
# Least squares (the note's linear regression), with minibatch gradients
# --------------------------------------------------------------------------------------------


class LeastSquares(Objective):
    r"""최소제곱 선형 회귀 :math:`f(w) = \frac{1}{2n} \|X w - y\|^2 = \frac1n \sum_{i=1}^n f_i(w)`.

    :math:`f_i(w) = \tfrac12 (x_i^\top w - y_i)^2` 이므로

    .. math::

        \nabla f(w) = \frac1n X^\top (X w - y), \qquad \nabla^2 f = H = \frac1n X^\top X,

    :math:`L`, :math:`m` 은 :math:`H` 의 가장 큰/작은 고윳값(:math:`n < d` 이면 :math:`m = 0`)이고,
    최소점은 ``numpy.linalg.lstsq`` 의 해(:math:`n < d` 이면 노름이 가장 작은 해)입니다.
    미니배치 :math:`B` 의 그래디언트는 :math:`\frac{1}{|B|} \sum_{i \in B} \nabla f_i(w)` 이고,
    :math:`B` 를 (비복원) 균일 추출하면 :math:`\nabla f(w)` 의 불편 추정량입니다.

    데이터는 강의 노트와 같은 방식으로 만듭니다: ``rng = numpy.random.default_rng(seed)``,
    :math:`X_{ij} \sim N(0, 1)`, :math:`w_{\text{true}} \sim N(0, I)`,
    :math:`y = X w_{\text{true}} + \sigma \varepsilon`. 주어진 데이터로 만들려면 :meth:`from_data`.

    Parameters
    ----------
    n_samples : int, optional
        표본 수 :math:`n`.
    n_features : int, optional
        특성 수(파라미터 차원) :math:`d`.
    noise : float, optional
        잡음의 표준편차 :math:`\sigma \ge 0`.
    seed : int, optional
        난수 시드.

    Attributes
    ----------
    X : numpy.ndarray, shape (n, d)
    y : numpy.ndarray, shape (n,)
    w_true : numpy.ndarray or None
        데이터를 만든 참 계수(:meth:`from_data` 이면 ``None``).
    n_samples : int
    eigenvalues : numpy.ndarray
        :math:`H` 의 고윳값(오름차순).

    Examples
    --------
    >>> f = LeastSquares(n_samples=200, n_features=5, seed=0)
    >>> w_star = f.minimizers[0]
    >>> bool(np.allclose(f.grad(w_star), 0.0, atol=1e-12))
    True
    >>> idx = np.arange(200)
    >>> bool(np.allclose(f.minibatch_grad(np.zeros(5), idx), f.grad(np.zeros(5))))
    True
    """

    name = "least_squares"
    label = "최소제곱 선형 회귀"

    def __init__(self, n_samples=1000, n_features=20, noise=0.1, seed=0):
        n = check_int("n_samples", n_samples, minimum=1)
        d = check_int("n_features", n_features, minimum=1)
        noise = check_positive("noise", noise, allow_zero=True)
        rng = np.random.default_rng(check_int("seed", seed))
        X = rng.standard_normal((n, d))
        w_true = rng.standard_normal(d)
        y = X @ w_true + noise * rng.standard_normal(n)
        self._setup(X, y)
        self.w_true = w_true
        self.noise = noise

    @classmethod
    def from_data(cls, X, y, *, label=None):
        r"""주어진 데이터 :math:`(X, y)` 로 최소제곱 목적 함수를 만듭니다.

        Parameters
        ----------
        X : array_like, shape (n, d)
            설계 행렬.
        y : array_like, shape (n,)
            목표값.
        label : str, optional
            그림에 쓸 이름.

        Returns
        -------
        LeastSquares

        Examples
        --------
        >>> f = LeastSquares.from_data([[1.0, 0.0], [0.0, 2.0]], [1.0, 2.0])
        >>> f.minimizers, f.L, f.m
        (array([[1., 1.]]), 2.0, 0.5)
        """
        X = check_finite_array("X", X)
        y = check_finite_array("y", y)
        if X.ndim != 2:
            raise ValueError(f"X must be a 2-D array (n_samples, n_features), got shape {X.shape}")
        if y.shape != (X.shape[0],):
            raise ValueError(f"y has shape {y.shape} but X has shape {X.shape}")
        obj = cls.__new__(cls)
        obj._setup(X, y, label=label)
        obj.w_true, obj.noise = None, None
        return obj

    def _setup(self, X, y, label=None):
        n, d = X.shape
        H = X.T @ X / n
        eigenvalues, V = np.linalg.eigh((H + H.T) / 2)
        eigenvalues = _eig_snap(eigenvalues)
        L, m = _constants_from_eigenvalues(eigenvalues)
        w_star = np.linalg.lstsq(X, y, rcond=None)[0]
        r = X @ w_star - y
        super().__init__(d, minimizers=w_star[None, :], minimum=0.5 * np.mean(r**2), L=L, m=m, label=label)
        null = eigenvalues == 0
        self._null_basis = V[:, null] if null.any() else None
        for arr in (X, y, H, eigenvalues):
            arr.setflags(write=False)
        self.X, self.y, self.H, self.eigenvalues = X, y, H, eigenvalues
        self.n_samples = n

    def _value(self, w):
        r = w @ self.X.T - self.y
        return 0.5 * np.mean(r**2, axis=-1)

    def _grad(self, w):
        r = w @ self.X.T - self.y
        return r @ self.X / self.n_samples

    def _hessian(self, w):
        return np.broadcast_to(self.H, w.shape + (self.dim,)).copy()

    def _check_idx(self, idx) -> np.ndarray:
        idx = np.asarray(idx)
        if idx.dtype.kind not in "iu":
            raise TypeError(f"idx must be an array of integer row indices, got dtype {idx.dtype}")
        if idx.ndim == 0 or idx.shape[-1] == 0:
            raise ValueError(f"idx must be a non-empty array of row indices, got shape {idx.shape}")
        if idx.min() < 0 or idx.max() >= self.n_samples:
            raise ValueError(
                f"idx must contain row indices in [0, {self.n_samples}), got values in "
                f"[{idx.min()}, {idx.max()}]"
            )
        return idx

    def minibatch_grad(self, w, idx) -> np.ndarray:
        r"""미니배치 그래디언트 :math:`\frac{1}{|B|} \sum_{i \in B} x_i (x_i^\top w - y_i)`.

        Parameters
        ----------
        w : array_like, shape (..., d)
            점(앞쪽 축은 독립인 실행).
        idx : array_like of int, shape (B,) or (..., B)
            미니배치의 행 번호. 모양이 ``(B,)`` 이면 모든 실행이 같은 미니배치를 쓰고,
            ``w.shape[:-1] + (B,)`` 이면 실행마다 다른 미니배치를 씁니다.

        Returns
        -------
        numpy.ndarray, shape (..., d)

        Examples
        --------
        >>> f = LeastSquares.from_data([[1.0, 0.0], [0.0, 2.0]], [1.0, 2.0])
        >>> f.minibatch_grad([0.0, 0.0], [1])
        array([ 0., -4.])
        >>> f.minibatch_grad([[0.0, 0.0], [1.0, 1.0]], [[0], [1]])
        array([[-1.,  0.],
               [ 0.,  0.]])
        """
        w = _as_points(w, self.dim, "w")
        idx = self._check_idx(idx)
        Xb, yb = self.X[idx], self.y[idx]  # (..., B, d), (..., B)
        r = (Xb @ w[..., None])[..., 0] - yb  # (..., B)
        return (r[..., None, :] @ Xb)[..., 0, :] / idx.shape[-1]

    def sample_batch(self, rng, batch_size) -> np.ndarray:
        """한 스텝의 미니배치: ``batch_size`` 개의 서로 다른 행 번호를 균일하게(비복원) 뽑습니다.

        Parameters
        ----------
        rng : numpy.random.Generator
            난수 생성기(예: ``numpy.random.default_rng(seed)``).
        batch_size : int
            배치 크기(1 이상 :math:`n` 이하).

        Returns
        -------
        numpy.ndarray of int, shape (batch_size,)

        Examples
        --------
        >>> f = LeastSquares(n_samples=10, n_features=2)
        >>> idx = f.sample_batch(np.random.default_rng(0), 4)
        >>> idx.shape, len(set(idx.tolist()))
        ((4,), 4)
        """
        rng = self._check_rng(rng)
        batch_size = self._check_batch_size(batch_size)
        return rng.choice(self.n_samples, size=batch_size, replace=False)

    def epoch_batches(self, rng, batch_size) -> Iterator[np.ndarray]:
        """한 에포크의 미니배치들: 행 번호를 섞은 뒤 앞에서부터 ``batch_size`` 개씩 자릅니다.

        강의 노트의 코드와 같은 방식이며, 마지막 미니배치는 더 작을 수 있습니다.
        모든 미니배치를 합치면 :math:`\\{0, \\dots, n-1\\}` 의 분할이 됩니다.

        Parameters
        ----------
        rng : numpy.random.Generator
            난수 생성기.
        batch_size : int
            배치 크기.

        Yields
        ------
        numpy.ndarray of int

        Examples
        --------
        >>> f = LeastSquares(n_samples=10, n_features=2)
        >>> [b.size for b in f.epoch_batches(np.random.default_rng(0), 4)]
        [4, 4, 2]
        """
        rng = self._check_rng(rng)
        batch_size = self._check_batch_size(batch_size)
        perm = rng.permutation(self.n_samples)
        for start in range(0, self.n_samples, batch_size):
            yield perm[start : start + batch_size]

    @staticmethod
    def _check_rng(rng) -> np.random.Generator:
        if not isinstance(rng, np.random.Generator):
            raise TypeError(
                f"rng must be a numpy.random.Generator (numpy.random.default_rng(seed)), got {rng!r}"
            )
        return rng

    def _check_batch_size(self, batch_size) -> int:
        batch_size = check_int("batch_size", batch_size, minimum=1)
        if batch_size > self.n_samples:
            raise ValueError(
                f"batch_size must be <= n_samples = {self.n_samples}, got {batch_size}"
            )
        return batch_size

