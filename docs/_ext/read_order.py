"""Order the documents of a parallel read so that the executed pages are spread over the workers.

With ``-j N`` Sphinx reads the out-of-date documents in chunks (``sphinx.util.parallel.make_chunks``:
for the book's 77 documents and 2 processes, four chunks of 19 and one of 1) of the sorted list of
names, and hands the chunks to N worker processes in order. Sorted by name, the executed pages
(``appendix/``, ``chapter/``, ``exercises/``) fall into one or two chunks, so one worker executed
nearly the whole book one page after another while the other read API pages.

Sphinx lets an extension reorder the list in place (the ``env-before-read-docs`` event). Here the
executed pages are spread over the chunks by longest-processing-time-first, each page weighted by
its measured execution time (``gdbook_execution_seconds`` in conf.py: seconds in a cold build, from
myst-nb's execution report; a page that has no entry counts ``gdbook_execution_default``); the
heaviest pages go into the first chunks, which start first. The order changes only which process
reads a page, never what the page contains; a serial build (no ``-j``) is left alone.
"""

from __future__ import annotations

from sphinx.errors import ExtensionError
from sphinx.util import logging
from sphinx.util.parallel import make_chunks

logger = logging.getLogger(__name__)

LIGHT = 0.05  # seconds: reading a page that executes nothing


def _is_notebook(env, docname: str) -> bool:
    """A MyST notebook page: its front matter has a kernelspec (myst-nb executes it)."""
    try:
        head = env.doc2path(docname).read_text(encoding="utf-8")[:2000]
    except (OSError, UnicodeDecodeError):
        return False
    return head.startswith("---") and "kernelspec:" in head.split("\n---", 1)[0]


def balanced_order(docnames: list[str], weights: dict[str, float], nproc: int,
                   last: tuple[str, ...] = ()) -> list[str]:
    """The docnames reordered so that ``make_chunks(order, nproc)`` gives chunks whose total
    weights are balanced, the heaviest pages in the first chunks; the docnames in ``last``
    (counted as light) end the last chunk.

    >>> order = balanced_order([f"d{i}" for i in range(12)], {"d0": 9, "d1": 8, "d2": 1}, 2)
    >>> sorted(order) == sorted(f"d{i}" for i in range(12))
    True
    >>> [c for c in make_chunks(order, 2) if {"d0", "d1"} <= set(c)]
    []
    """
    chunks = make_chunks(docnames, nproc)
    sizes = [len(c) for c in chunks]
    heavy = sorted((d for d in docnames if weights.get(d, 0.0) > LIGHT and d not in last),
                   key=lambda d: -weights[d])
    # light pages fill the chunks in order, so the ones in `last` end the last chunk
    light = [d for d in docnames if weights.get(d, 0.0) <= LIGHT and d not in last]
    light += [d for d in docnames if d in last]
    if len(heavy) > sum(sizes) - len(last):  # pragma: no cover - nothing light to fill with
        return list(docnames)
    # longest processing time first, each page into the least loaded chunk that has room (ties:
    # the earlier chunk, so the first chunks, which start first, take the heaviest pages)
    room = list(sizes)
    room[-1] = max(0, room[-1] - len(last))  # the places the pages in `last` keep
    bins: list[list[str]] = [[] for _ in sizes]
    load = [0.0] * len(sizes)
    for d in heavy:
        i = min((j for j in range(len(sizes)) if len(bins[j]) < room[j]), key=lambda j: (load[j], j))
        bins[i].append(d)
        load[i] += weights[d]
    out: list[str] = []
    rest = iter(light)
    for group, size in zip(bins, sizes):
        group = list(group)
        while len(group) < size:
            group.append(next(rest))
        out.extend(group)
    out.extend(rest)
    if sorted(out) != sorted(docnames):  # pragma: no cover - defensive
        return list(docnames)
    return out


def reorder(app, env, docnames: list[str]) -> None:
    nproc = app.parallel
    if nproc <= 1 or len(docnames) < 2:
        return
    hints = app.config.gdbook_execution_seconds
    default = app.config.gdbook_execution_default
    # docs/_ext/prefetch.py: pages already executed in the background are light (myst-nb finds
    # them in its cache); the page still executing there goes last
    prefetch = getattr(app, "gdbook_prefetch", None)
    done = prefetch.done if prefetch is not None else set()
    busy = tuple(sorted(prefetch.busy)) if prefetch is not None else ()
    weights = {}
    for d in docnames:
        if _is_notebook(env, d):
            weights[d] = LIGHT if d in done or d in busy else float(hints.get(d, default))
    if not weights:
        return
    order = balanced_order(list(docnames), weights, nproc, last=busy)
    docnames[:] = order
    chunks = make_chunks(order, nproc)
    loads = [round(sum(weights.get(d, 0.0) for d in c)) for c in chunks]
    logger.info("read order: %d notebook pages (%d executed in the background, %d still executing "
                "there), estimated seconds per chunk %s", len(weights), len(done), len(busy), loads)


def setup(app):
    try:  # shared with the other of read_order.py / prefetch.py
        app.add_config_value("gdbook_execution_seconds", {}, "", types=[dict])
    except ExtensionError:
        pass
    app.add_config_value("gdbook_execution_default", 5.0, "", types=[float, int])
    app.connect("env-before-read-docs", reorder)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
