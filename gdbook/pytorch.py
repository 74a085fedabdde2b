r"""PyTorch 연결부: gdbook의 업데이트 규칙으로 torch 매개변수를 학습시키는 얇은 감싸개.

torch에 익숙한 독자가 책의 규칙(:mod:`gdbook.optimizers`)을 ``torch.nn`` 모델에 그대로
써 볼 수 있게 합니다. 규칙은 하나도 새로 쓰지 않습니다. 매개변수와 그래디언트를 float64
numpy 배열로 바꿔 ``step`` 에 넘기고, 결과를 다시 매개변수에 씁니다.
gdbook에서 torch를 불러오는 모듈은 이것 하나뿐이고, ``import gdbook`` 은 이 모듈을 불러오지 않습니다.

Examples
--------
>>> import torch
>>> from gdbook import optimizers
>>> from gdbook.pytorch import GdbookOptimizer
>>> w = torch.tensor([1.0, -2.0], dtype=torch.float64, requires_grad=True)
>>> opt = GdbookOptimizer([w], optimizers.sgd(lr=0.25))
>>> for _ in range(2):
...     opt.zero_grad()
...     (w**2).sum().backward()   # 그래디언트 2w
...     opt.step()
>>> w.detach().numpy()
array([ 0.25, -0.5 ])
"""

from __future__ import annotations

import numpy as np
import torch

from gdbook.optimizers import Optimizer

__all__ = ["GdbookOptimizer"]


class GdbookOptimizer(torch.optim.Optimizer):
    r"""gdbook의 :class:`~gdbook.optimizers.Optimizer` 를 ``torch.optim.Optimizer`` 로 감쌉니다.

    매개변수 텐서마다 gdbook 상태와 점 :math:`x_t` (float64)를 ``self.state[p]`` 에 두고,
    ``step()`` 이 업데이트 한 번을 한 뒤 매개변수에 ``eval_point(x_t, state)`` 를 씁니다.
    그래서 다음 ``backward()`` 는 규칙이 요구하는 점에서 그래디언트를 계산합니다.
    :func:`~gdbook.optimizers.nesterov_lookahead` 이면 매개변수는 미리 본 점
    :math:`x_t - \eta \beta v_t` 이고(torch의 ``nesterov=True`` 가 들고 다니는 바로 그 점),
    나머지 규칙에서는 :math:`x_t` 그 자체입니다.

    Parameters
    ----------
    params : iterable of torch.Tensor or dict
        학습할 매개변수(``torch.optim`` 과 같음).
    optimizer : gdbook.optimizers.Optimizer
        업데이트 규칙. 학습률도 여기에 있습니다. 학습률 스케줄은 gdbook 스케줄을 ``lr`` 로
        넘기세요. ``torch.optim.lr_scheduler`` 가 바꾸는 ``param_groups`` 의 ``lr`` 은 쓰지 않습니다.

    Notes
    -----
    매개변수의 dtype이 float32이면 매개변수에는 반올림된 값이 들어가지만, 규칙은
    ``self.state[p]["x"]`` 에 둔 float64 점으로 계속 계산합니다. 매개변수를 바깥에서 바꾸면
    그 변경은 무시됩니다.

    Examples
    --------
    >>> import torch
    >>> from gdbook import optimizers
    >>> _ = torch.manual_seed(0)
    >>> model = torch.nn.Linear(2, 1).double()
    >>> opt = GdbookOptimizer(model.parameters(), optimizers.adam(lr=0.1))
    >>> X, y = torch.randn(8, 2, dtype=torch.float64), torch.randn(8, 1, dtype=torch.float64)
    >>> for _ in range(3):
    ...     opt.zero_grad()
    ...     loss = ((model(X) - y) ** 2).mean()
    ...     loss.backward()
    ...     opt.step()
    >>> opt.state[model.weight]["state"].t
    3
    """

    def __init__(self, params, optimizer: Optimizer):
        if not isinstance(optimizer, Optimizer):
            raise TypeError(
                f"optimizer must be a gdbook.optimizers.Optimizer (e.g. optimizers.adam()), "
                f"got {type(optimizer).__name__}"
            )
        self.rule = optimizer
        super().__init__(params, {})

    @torch.no_grad()
    def step(self, closure=None):
        """업데이트 한 번: 그래디언트가 있는 매개변수마다 ``rule.step`` 을 부릅니다.

        Parameters
        ----------
        closure : callable, optional
            손실을 다시 계산해 돌려주는 함수(``torch.optim`` 과 같음).

        Returns
        -------
        float or None
            ``closure`` 가 돌려준 손실.

        Examples
        --------
        >>> import torch
        >>> from gdbook import optimizers
        >>> w = torch.tensor([3.0], dtype=torch.float64, requires_grad=True)
        >>> opt = GdbookOptimizer([w], optimizers.adamw(lr=0.1, weight_decay=0.5))
        >>> def closure():
        ...     opt.zero_grad()
        ...     loss = (w**2).sum()
        ...     loss.backward()
        ...     return loss
        >>> print(f"{opt.step(closure).item():.1f}, {w.item():.4f}")
        9.0, 2.7500
        """
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                s = self.state[p]
                if not s:
                    s["x"] = p.detach().cpu().numpy().astype(np.float64)
                    s["state"] = self.rule.init(s["x"])
                grad = p.grad.detach().cpu().numpy().astype(np.float64)
                s["x"], s["state"] = self.rule.step(s["x"], grad, s["state"])
                p.copy_(torch.from_numpy(self.rule.eval_point(s["x"], s["state"])))
        return loss
