"""The Nu HTML Checker (vnu.jar) over every page, in one Java run started at session start.

The controller process (or the only process without pytest-xdist) starts the checker in the
background as soon as pytest is configured, so it runs while the browser visits pages; the test
in tests_browser/test_html.py (in whichever worker) waits for its JSON output.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import threading
import time
from pathlib import Path

import booksite

OUT_DIR = booksite.ROOT / "test-artifacts" / "vnu"
RESULT = OUT_DIR / "vnu.json"
STARTED = OUT_DIR / "started"
INSTALLER = booksite.ROOT / "scripts" / "install-vnu.sh"


def jar_path() -> Path:
    """$GDBOOK_VNU_JAR, or where scripts/install-vnu.sh puts the pinned version."""
    if os.environ.get("GDBOOK_VNU_JAR"):
        return Path(os.environ["GDBOOK_VNU_JAR"])
    m = re.search(r'^VNU_VERSION="([^"]+)"', INSTALLER.read_text(encoding="utf-8"), re.M)
    return booksite.ROOT / ".cache" / "vnu" / (m.group(1) if m else "missing") / "vnu.jar"


def problem() -> str | None:
    """Why the checker cannot run here, or None."""
    if not shutil.which("java"):
        return "no java on PATH: run `bash scripts/install-system-deps.sh`"
    if not jar_path().is_file():
        return f"no {jar_path()}: run `bash scripts/install-vnu.sh`"
    if not booksite.pages():
        return f"no built site at {booksite.site_dir()}"
    return None


def command() -> list[str]:
    files = [str(booksite.site_dir() / p) for p in booksite.pages()]
    return ["java", "-Xss8m", "-jar", str(jar_path()), "--format", "json", "--stdout",
            "--errors-only", *files]


def start_background() -> subprocess.Popen | None:
    """Start the checker; a thread writes RESULT when it ends (atomically)."""
    if OUT_DIR.exists():
        shutil.rmtree(OUT_DIR)
    if problem():
        return None
    OUT_DIR.mkdir(parents=True)
    proc = subprocess.Popen(command(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    STARTED.write_text(str(proc.pid))

    def finish() -> None:
        out, err = proc.communicate()
        tmp = RESULT.with_suffix(".part")
        tmp.write_text(json.dumps({"returncode": proc.returncode, "stdout": out.decode("utf-8", "replace"),
                                   "stderr": err.decode("utf-8", "replace")}))
        tmp.rename(RESULT)

    threading.Thread(target=finish, name="vnu", daemon=True).start()
    return proc


def result(timeout: float = 600) -> dict:
    """The checker's messages: wait for the background run, or run it here if none was started."""
    if STARTED.exists():
        deadline = time.monotonic() + timeout
        while not RESULT.exists():
            if time.monotonic() > deadline:
                raise TimeoutError(f"vnu did not finish within {timeout} s")
            time.sleep(0.5)
        raw = json.loads(RESULT.read_text())
    else:
        proc = subprocess.run(command(), capture_output=True, timeout=timeout)
        raw = {"returncode": proc.returncode, "stdout": proc.stdout.decode("utf-8", "replace"),
               "stderr": proc.stderr.decode("utf-8", "replace")}
    try:
        return json.loads(raw["stdout"])
    except json.JSONDecodeError as exc:
        raise RuntimeError(f"vnu output is not JSON (exit {raw['returncode']}): "
                           f"{raw['stdout'][:500]} {raw['stderr'][:2000]}") from exc
