"""Real outside checkers used by the tests: the Nu HTML checker and headless Chromium.

Outside CI a missing tool skips the tests that need it; in CI (``CI`` set) it fails them, so a
green run always means the checks really ran.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import NoReturn

import pytest

ROOT = Path(__file__).resolve().parents[1]
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",  # root cannot run Chromium's sandbox
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def require(condition: bool, what: str) -> None:
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing; CI must install it (see .ci/run)")
    pytest.skip(f"{what} is not installed")


def validate_html(documents: dict[str, str], workdir: Path) -> list[dict]:
    """Run the Nu checker once over all documents; returns its error messages."""
    require(shutil.which("java") is not None, "Java")
    require(VNU_JAR.exists(), "the Nu HTML checker (npm ci --ignore-scripts)")
    files = []
    for index, (name, html) in enumerate(documents.items()):
        path = workdir / f"{index:03d}.html"
        path.write_text(html, encoding="utf-8")
        files.append((name, path))
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--stdout"]
        + [str(path) for _, path in files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = _reported_messages(result)
    names = {path.name: name for name, path in files}
    for message in messages:
        file_name = Path(message.get("url", "").removeprefix("file:")).name
        message["page"] = names.get(file_name, message.get("url"))
    return [m for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]


def _reported_messages(result: subprocess.CompletedProcess) -> list[dict]:
    """The checker's messages. A run that did not check (Java or the checker crashed, printed
    nothing or something other than its report) fails the test: it must never read as valid."""
    # 0 means no errors, 1 means errors found; any other code is a crash.
    if result.returncode not in (0, 1):
        _checker_failed(result, f"exited with {result.returncode}")
    try:
        report = json.loads(result.stdout)
    except ValueError:
        _checker_failed(result, "printed no JSON report")
    if not isinstance(report, dict) or not isinstance(report.get("messages"), list):
        _checker_failed(result, "gave a report with no list of messages")
    return report["messages"]


def _checker_failed(result: subprocess.CompletedProcess, problem: str) -> NoReturn:
    pytest.fail(
        f"The Nu HTML checker {problem}.\n"
        f"stdout: {result.stdout[:2000]}\nstderr: {result.stderr[:4000]}",
        pytrace=False,
    )
