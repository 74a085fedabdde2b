"""Shared helpers of the benchmark suite: side-by-side timing, machine description, load."""

from __future__ import annotations

import gc
import importlib
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def interleaved(funcs: dict[str, Callable[[], object]], *, repeats: int = 7, number: int = 1,
                warmup: bool = True) -> dict[str, dict]:
    """Time several functions side by side: ``repeats`` rounds, each round runs every function once.

    The machine is shared and noisy. Interleaving puts every candidate under the same load drift,
    and the minimum over the rounds is the least disturbed run of each. Returns, per name, the
    minimum and the median of the per-call time in seconds and every round's time.
    """
    if warmup:
        for f in funcs.values():
            f()
    times: dict[str, list[float]] = {name: [] for name in funcs}
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(repeats):
            for name, f in funcs.items():
                t0 = time.perf_counter()
                for _ in range(number):
                    f()
                times[name].append((time.perf_counter() - t0) / number)
    finally:
        if gc_was_enabled:
            gc.enable()
    out = {}
    for name, ts in times.items():
        s = sorted(ts)
        out[name] = {"min_s": s[0], "median_s": s[len(s) // 2], "rounds_s": ts}
    return out


def loadavg() -> list[float] | None:
    try:
        return [round(v, 2) for v in os.getloadavg()]
    except OSError:  # pragma: no cover - not on Linux
        return None


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _caches() -> dict[str, str]:
    out = {}
    base = Path("/sys/devices/system/cpu/cpu0/cache")
    for idx in sorted(base.glob("index*")):
        try:
            level = (idx / "level").read_text().strip()
            kind = (idx / "type").read_text().strip()
            size = (idx / "size").read_text().strip()
        except OSError:
            continue
        if kind == "Instruction":
            continue
        out[f"L{level}"] = size + (" per core" if level in ("1", "2") else "")
    return out


def _mem_total_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    return None


def _version(module: str) -> str | None:
    try:
        mod = importlib.import_module(module)
    except Exception:  # noqa: BLE001 - an optional package that is missing or broken
        return None
    return str(getattr(mod, "__version__", "?"))


def _hypervisor() -> str | None:
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    for line in out.splitlines():
        if line.startswith("Hypervisor vendor"):
            return line.split(":", 1)[1].strip()
    return None


def machine() -> dict:
    """What the numbers were measured on (the benchmark page prints this)."""
    return {
        "cpu_model": _cpu_model(),
        "logical_cpus": os.cpu_count(),
        "caches": _caches(),
        "memory_gib": _mem_total_gib(),
        "hypervisor": _hypervisor(),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "numpy": _version("numpy"),
        "torch": _version("torch"),
        "numexpr": _version("numexpr"),
        "numba": _version("numba"),
        "sphinx": _version("sphinx"),
        "myst_nb": _version("myst_nb"),
        "sphinx_gallery": _version("sphinx_gallery"),
        "env": {k: v for k, v in os.environ.items() if k.startswith(("OPENBLAS_", "OMP_", "MKL_", "MALLOC_"))},
        "loadavg_at_start": loadavg(),
    }


def log(msg: str) -> None:
    print(msg, flush=True)


def fmt_s(seconds: float | None) -> str:
    """1.23 s / 45.6 ms / 7.8 us."""
    if seconds is None:
        return "-"
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds * 1e6:.1f} us"


def python_cmd() -> list[str]:
    return [sys.executable]
