"""The one table of torch-parity cases for the update rules in :mod:`gdbook.optimizers`.

Each row drives both sides: ``factory(**kwargs)`` in gdbook and
``getattr(torch.optim, torch_class)(params, **torch_kwargs)`` in torch (``torch_kwargs`` defaults
to ``kwargs``: the hyperparameter names and meanings are torch's). With ``lr_lambda`` set, gdbook
gets the schedule ``lambda k: kwargs["lr"] * lr_lambda(k)`` and torch gets
``LambdaLR(optimizer, lr_lambda)`` stepped after each ``optimizer.step()``.

``STATE_FIELDS`` maps each gdbook state field to the key of ``optimizer.state[p]`` in torch.
This module must not import torch (the table is also used by the numpy-only tests).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from gdbook import optimizers as O


class Case(NamedTuple):
    id: str
    factory: Callable
    kwargs: dict
    torch_class: str
    torch_kwargs: dict | None = None  # None: the same dict as kwargs
    lr_lambda: Callable[[int], float] | None = None

    @property
    def torch_params(self) -> dict:
        return dict(self.kwargs if self.torch_kwargs is None else self.torch_kwargs)


def _decay(k):
    return 0.95**k


def _warmup_then_decay(k):
    return min(1.0, (k + 1) / 5) * 0.97**k


CASES: list[Case] = [
    # --- SGD: plain, L2 weight decay, heavy ball, dampening, Nesterov -------------------------
    Case("sgd", O.sgd, dict(lr=0.1), "SGD"),
    Case("sgd-weight_decay", O.sgd, dict(lr=0.1, weight_decay=0.2), "SGD"),
    Case("sgd-dampening_without_momentum", O.sgd, dict(lr=0.1, dampening=0.5), "SGD"),
    Case("sgd-momentum", O.sgd, dict(lr=0.05, momentum=0.9), "SGD"),
    Case("sgd-momentum-dampening", O.sgd, dict(lr=0.05, momentum=0.9, dampening=0.3), "SGD"),
    Case("sgd-momentum-dampening-weight_decay", O.sgd,
         dict(lr=0.05, momentum=0.8, dampening=0.5, weight_decay=0.1), "SGD"),
    Case("sgd-nesterov", O.sgd, dict(lr=0.05, momentum=0.9, nesterov=True), "SGD"),
    Case("sgd-nesterov-weight_decay", O.sgd,
         dict(lr=0.05, momentum=0.7, nesterov=True, weight_decay=0.2), "SGD"),
    Case("sgd-momentum-schedule", O.sgd, dict(lr=0.1, momentum=0.9), "SGD", lr_lambda=_decay),
    # --- Adagrad ----------------------------------------------------------------------------
    Case("adagrad", O.adagrad, dict(lr=0.3), "Adagrad"),
    Case("adagrad-lr_decay", O.adagrad, dict(lr=0.3, lr_decay=0.05), "Adagrad"),
    Case("adagrad-initial_accumulator_value", O.adagrad,
         dict(lr=0.3, initial_accumulator_value=0.5), "Adagrad"),
    Case("adagrad-weight_decay-eps", O.adagrad, dict(lr=0.3, weight_decay=0.2, eps=0.1), "Adagrad"),
    Case("adagrad-all", O.adagrad,
         dict(lr=0.3, lr_decay=0.1, weight_decay=0.1, initial_accumulator_value=0.2, eps=1e-3), "Adagrad"),
    Case("adagrad-lr_decay-schedule", O.adagrad, dict(lr=0.3, lr_decay=0.05), "Adagrad",
         lr_lambda=_warmup_then_decay),
    # --- RMSprop ----------------------------------------------------------------------------
    Case("rmsprop", O.rmsprop, dict(lr=0.01), "RMSprop"),
    Case("rmsprop-alpha-eps", O.rmsprop, dict(lr=0.02, alpha=0.8, eps=0.1), "RMSprop"),
    Case("rmsprop-weight_decay", O.rmsprop, dict(lr=0.02, weight_decay=0.3), "RMSprop"),
    Case("rmsprop-momentum", O.rmsprop, dict(lr=0.01, momentum=0.9), "RMSprop"),
    Case("rmsprop-centered", O.rmsprop, dict(lr=0.01, alpha=0.9, centered=True), "RMSprop"),
    Case("rmsprop-centered-momentum-weight_decay", O.rmsprop,
         dict(lr=0.01, alpha=0.9, centered=True, momentum=0.5, weight_decay=0.1, eps=1e-3), "RMSprop"),
    Case("rmsprop-momentum-schedule", O.rmsprop, dict(lr=0.02, momentum=0.5), "RMSprop",
         lr_lambda=_decay),
    # --- Adam (L2 weight decay), AMSGrad ------------------------------------------------------
    Case("adam", O.adam, dict(lr=0.05), "Adam"),
    Case("adam-betas", O.adam, dict(lr=0.05, betas=(0.5, 0.9)), "Adam"),
    Case("adam-beta1_zero", O.adam, dict(lr=0.05, betas=(0.0, 0.99)), "Adam"),
    Case("adam-eps", O.adam, dict(lr=0.05, eps=0.1), "Adam"),
    Case("adam-weight_decay", O.adam, dict(lr=0.05, weight_decay=0.3), "Adam"),
    Case("adam-amsgrad", O.adam, dict(lr=0.05, betas=(0.8, 0.9), amsgrad=True), "Adam"),
    Case("adam-amsgrad-weight_decay-eps", O.adam,
         dict(lr=0.05, betas=(0.8, 0.9), amsgrad=True, weight_decay=0.2, eps=1e-2), "Adam"),
    Case("adam-schedule", O.adam, dict(lr=0.05), "Adam", lr_lambda=_warmup_then_decay),
    # --- AdamW (decoupled weight decay) -------------------------------------------------------
    Case("adamw", O.adamw, dict(lr=0.05), "AdamW"),
    Case("adamw-weight_decay", O.adamw, dict(lr=0.05, weight_decay=0.5, betas=(0.8, 0.95)), "AdamW"),
    Case("adamw-amsgrad", O.adamw, dict(lr=0.05, weight_decay=0.3, betas=(0.8, 0.9), amsgrad=True), "AdamW"),
    Case("adamw-eps", O.adamw, dict(lr=0.05, eps=0.1), "AdamW"),
    Case("adamw-schedule", O.adamw, dict(lr=0.05, weight_decay=0.5), "AdamW", lr_lambda=_decay),
    # --- NAdam ------------------------------------------------------------------------------
    Case("nadam", O.nadam, dict(lr=0.05), "NAdam"),
    Case("nadam-betas-eps", O.nadam, dict(lr=0.05, betas=(0.8, 0.95), eps=0.1), "NAdam"),
    Case("nadam-momentum_decay", O.nadam, dict(lr=0.05, momentum_decay=0.2), "NAdam"),
    Case("nadam-momentum_decay_zero", O.nadam, dict(lr=0.05, momentum_decay=0.0), "NAdam"),
    Case("nadam-weight_decay", O.nadam, dict(lr=0.05, weight_decay=0.3), "NAdam"),
    Case("nadam-decoupled_weight_decay", O.nadam,
         dict(lr=0.05, weight_decay=0.3, decoupled_weight_decay=True), "NAdam"),
    Case("nadam-schedule", O.nadam, dict(lr=0.05, momentum_decay=0.1), "NAdam", lr_lambda=_warmup_then_decay),
    # --- Adadelta ---------------------------------------------------------------------------
    Case("adadelta", O.adadelta, dict(lr=1.0), "Adadelta"),
    Case("adadelta-rho-eps", O.adadelta, dict(lr=0.5, rho=0.5, eps=1e-2), "Adadelta"),
    Case("adadelta-weight_decay", O.adadelta, dict(lr=1.0, eps=1e-3, weight_decay=0.3), "Adadelta"),
    Case("adadelta-schedule", O.adadelta, dict(lr=2.0, eps=1e-3), "Adadelta", lr_lambda=_decay),
]

# gdbook state field -> key of torch's optimizer.state[p]. A gdbook field absent here (or absent
# from torch's state for a given case, e.g. v_max without amsgrad) has no torch counterpart.
STATE_FIELDS: dict[str, dict[str, str]] = {
    "SGD": {"v": "momentum_buffer"},  # torch's SGD keeps no step count
    "Adagrad": {"t": "step", "G": "sum"},
    "RMSprop": {"t": "step", "v": "square_avg", "g_avg": "grad_avg", "b": "momentum_buffer"},
    "Adam": {"t": "step", "m": "exp_avg", "v": "exp_avg_sq", "v_max": "max_exp_avg_sq"},
    "AdamW": {"t": "step", "m": "exp_avg", "v": "exp_avg_sq", "v_max": "max_exp_avg_sq"},
    "NAdam": {"t": "step", "m": "exp_avg", "v": "exp_avg_sq", "mu_product": "mu_product"},
    "Adadelta": {"t": "step", "v": "square_avg", "u": "acc_delta"},
}

# Cases in which an option is deliberately without effect, because torch ignores it there.
INERT_OPTIONS: dict[str, set[str]] = {
    "sgd-dampening_without_momentum": {"dampening"},
}
