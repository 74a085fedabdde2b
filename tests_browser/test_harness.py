"""The harness itself can fail: a request to another host is caught, bad alt text is named."""

from __future__ import annotations

import pytest

from test_pages import alt_problem


def test_other_hosts_are_aborted_and_recorded(context, server):
    origin, base = server
    tab = context.new_page()
    try:
        before = len(context.blocked)
        tab.goto(base + "index.html")
        outcome = tab.evaluate(
            "() => fetch('https://cdn.example.com/lib.js').then(() => 'loaded', () => 'aborted')")
        assert outcome == "aborted"
        assert any("https://cdn.example.com/lib.js" in what for _, what in context.blocked[before:])
    finally:
        tab.close()


@pytest.mark.parametrize(("alt", "src", "problem"), [
    (None, "../_images/a.png", "no alt attribute"),
    ("  ", "../_images/a.png", "empty alt"),
    ("../_images/73f2c16f.png", "../_images/73f2c16f.png", "alt is a file name"),
    ("plot 02 lr sweep stability", "../_images/sphx_glr_plot_02_lr_sweep_stability_001.png",
     "alt is the file name in words"),
    (r"$\eta = 0.1$, $\eta = 0.3$", "../_images/sphx_glr_plot_01_001.png", "alt holds raw TeX"),
    ("그림", "x.png", "generic alt"),
    ("학습률 0.1에서 0.9까지의 궤적: 0.9에서 발산", "../_images/sphx_glr_plot_01_001.png", None),
])
def test_alt_problem(alt, src, problem):
    got = alt_problem({"alt": alt, "src": src, "srcAttr": src})
    assert (got is None) if problem is None else (got or "").startswith(problem), got
