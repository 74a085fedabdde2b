"""The lecture note's way of running Adam on Beale: a class, a Python loop, a numpy 2-vector.

This is the baseline of the batched benchmark, not library code. It is the note's §5.4 code as
a reader would type it (class ``Adam`` with ``update(x, grad)``, ``beale_gradient(x, y)`` on the
two coordinates, a Python loop over the steps that records the trajectory), one starting point
at a time. gdbook runs the same algorithm on all starting points at once as one array.
"""

from __future__ import annotations

import numpy as np


class Optimizer:
    def __init__(self, learning_rate):
        self.lr = learning_rate


class Adam(Optimizer):
    def __init__(self, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
        super().__init__(learning_rate)
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.m = None
        self.v = None
        self.t = 0

    def update(self, x, grad):
        if self.m is None:
            self.m = np.zeros_like(x)
            self.v = np.zeros_like(x)
        self.t += 1
        self.m = self.beta1 * self.m + (1 - self.beta1) * grad
        self.v = self.beta2 * self.v + (1 - self.beta2) * grad ** 2
        m_hat = self.m / (1 - self.beta1 ** self.t)
        v_hat = self.v / (1 - self.beta2 ** self.t)
        return x - self.lr * m_hat / (np.sqrt(v_hat) + self.epsilon)


def beale_gradient(x, y):
    df_dx = 2*(1.5 - x + x*y)*(-1 + y) + 2*(2.25 - x + x*y**2)*(-1 + y**2) + \
        2*(2.625 - x + x*y**3)*(-1 + y**3)
    df_dy = 2*(1.5 - x + x*y)*x + 2*(2.25 - x + x*y**2)*(2*x*y) + \
        2*(2.625 - x + x*y**3)*(3*x*y**2)
    return np.array([df_dx, df_dy])


def run_one(x0, n_iterations=500, lr=0.01):
    """One trajectory, as in the note: ``traj`` of shape (n_iterations + 1, 2)."""
    opt = Adam(lr, beta1=0.9, beta2=0.999)
    x = np.array(x0, dtype=float)
    traj = [x.copy()]
    for _ in range(n_iterations):
        grad = beale_gradient(x[0], x[1])
        x = opt.update(x, grad)
        traj.append(x.copy())
    return np.array(traj)


def run_many(x0s, n_iterations=500, lr=0.01):
    """The note's way for many starting points: one run after another."""
    return [run_one(x0, n_iterations, lr) for x0 in x0s]


def python_float_gd(x0, y0, lr, steps):
    """Gradient descent on the note's quadratic (x-1)^2 + 2(y-2)^2 with Python floats, recording
    the trajectory and the loss at every step (what gdbook.run records)."""
    x, y = x0, y0
    xs, losses = [(x, y)], [(x - 1) ** 2 + 2 * (y - 2) ** 2]
    for _ in range(steps):
        gx, gy = 2 * (x - 1), 4 * (y - 2)
        x, y = x - lr * gx, y - lr * gy
        xs.append((x, y))
        losses.append((x - 1) ** 2 + 2 * (y - 2) ** 2)
    return xs, losses


def python_float_gd_bare(x0, y0, lr, steps):
    """The same loop with nothing recorded: the floor of a Python loop."""
    x, y = x0, y0
    for _ in range(steps):
        x, y = x - lr * 2 * (x - 1), y - lr * 4 * (y - 2)
    return x, y


def numpy_vector_gd(x0, lr, steps):
    """The note's §1 style: a numpy 2-vector and a gradient function, recording the trajectory."""
    def grad(p):
        return np.array([2 * (p[0] - 1), 4 * (p[1] - 2)])
    x = np.array(x0, dtype=float)
    traj = [x.copy()]
    for _ in range(steps):
        x = x - lr * grad(x)
        traj.append(x.copy())
    return np.array(traj)
