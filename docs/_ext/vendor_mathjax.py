"""Vendor the few MathJax 3 files the book needs into ``docs/_static/mathjax/``.

Run by ``nox -s vendor-mathjax`` (needs ``npm``; the npm registry is the only source).
The result is committed, so building the book needs neither npm nor any network.

What is copied (about 1.7 MB in all, from the ``mathjax`` npm package):

- ``tex-chtml-full.js``: TeX input with every TeX extension built in (no autoloading of
  ``[tex]/*.js`` files at page time) and the CommonHTML output;
- ``output/chtml/fonts/woff-v2/*.woff``: the 23 MathJax TeX fonts that CommonHTML loads,
  from a path relative to the script;
- ``LICENSE`` (Apache-2.0).

The accessibility explorer and the speech rule engine (``a11y/``, ``sre/``, about 4 MB) are not
copied: MathJax loads them only if a reader turns them on in the right-click menu, and then the
request stays on the book's own server (a 404), never a CDN.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

VERSION = "3.2.2"
DEST = Path(__file__).resolve().parents[1] / "_static" / "mathjax"
FILES = ["es5/tex-chtml-full.js", "LICENSE"]
FONT_DIR = "es5/output/chtml/fonts/woff-v2"


def vendor(version: str = VERSION, dest: Path = DEST) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["npm", "pack", f"mathjax@{version}", "--silent"], cwd=tmp, check=True,
            stdout=subprocess.DEVNULL,
        )
        (tarball,) = Path(tmp).glob("mathjax-*.tgz")
        with tarfile.open(tarball) as tar:
            tar.extractall(tmp, filter="data")
        pkg = Path(tmp) / "package"
        if dest.exists():
            shutil.rmtree(dest)
        dest.mkdir(parents=True)
        for name in FILES:
            shutil.copy2(pkg / name, dest / Path(name).name)
        fonts = dest / "output" / "chtml" / "fonts" / "woff-v2"
        shutil.copytree(pkg / FONT_DIR, fonts)
        (dest / "VERSION").write_text(f"mathjax {version} (npm)\n", encoding="utf-8")
    total = sum(p.stat().st_size for p in dest.rglob("*") if p.is_file())
    print(f"vendored MathJax {version} into {dest} ({total / 1e6:.2f} MB)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", default=VERSION)
    args = parser.parse_args()
    vendor(args.version)
