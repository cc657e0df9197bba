"""The HTML validity wrapper fails a test when the Nu checker did not really check.

A fake ``java`` on the PATH plays the checker, so these run (and are never skipped) whether or
not Java is installed.
"""

from __future__ import annotations

import shutil

import pytest

from tests import checkers

PAGE = {"home": "<!DOCTYPE html><html lang=en><title>t</title></html>"}


@pytest.fixture
def fake_java(tmp_path, monkeypatch):
    """Installs a ``java`` that prints ``stdout``, ``stderr`` and exits with ``code``."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    jar = tmp_path / "vnu.jar"
    jar.write_bytes(b"")
    monkeypatch.setattr(checkers, "VNU_JAR", jar)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")

    def install(stdout: str = "", stderr: str = "", code: int = 0) -> None:
        (bin_dir / "stdout").write_text(stdout)
        (bin_dir / "stderr").write_text(stderr)
        java = bin_dir / "java"
        java.write_text(
            f'#!/bin/sh\ncat "{bin_dir}/stdout"\ncat "{bin_dir}/stderr" >&2\nexit {code}\n'
        )
        java.chmod(0o755)

    return install


@pytest.mark.parametrize(
    ("stdout", "stderr", "code", "reason"),
    [
        ("", "Exception in thread main: java.lang.OutOfMemoryError", 134, "exited with 134"),
        ("", "Error: Invalid or corrupt jarfile", 1, "printed no JSON report"),
        ("", "", 0, "printed no JSON report"),
        ("Usage: java -jar vnu.jar [--errors-only] FILES", "", 1, "printed no JSON report"),
        ("{}", "", 0, "no list of messages"),
        ('{"messages": null}', "", 0, "no list of messages"),
        ("[]", "", 0, "no list of messages"),
    ],
)
def test_a_checker_that_did_not_check_fails_the_test(
    fake_java, tmp_path, stdout, stderr, code, reason
):
    fake_java(stdout=stdout, stderr=stderr, code=code)
    with pytest.raises(pytest.fail.Exception, match=reason) as failure:
        checkers.validate_html(PAGE, tmp_path)
    assert stderr in str(failure.value)


def test_a_checker_report_gives_the_errors_with_their_page(fake_java, tmp_path):
    fake_java(
        stdout='{"messages": [{"type": "error", "url": "file:/x/000.html", "message": "Bad"},'
        ' {"type": "info", "url": "file:/x/000.html", "message": "Fine"}]}',
        code=1,
    )
    (error,) = checkers.validate_html(PAGE, tmp_path)
    assert (error["page"], error["message"]) == ("home", "Bad")


def test_a_clean_report_gives_no_errors(fake_java, tmp_path):
    fake_java(stdout='{"messages": []}')
    assert checkers.validate_html(PAGE, tmp_path) == []


def test_the_real_java_with_a_broken_jar_fails_the_test(tmp_path, monkeypatch):
    checkers.require(shutil.which("java") is not None, "Java")
    jar = tmp_path / "broken.jar"
    jar.write_text("not a jar")
    monkeypatch.setattr(checkers, "VNU_JAR", jar)
    with pytest.raises(pytest.fail.Exception, match="Nu HTML checker"):
        checkers.validate_html(PAGE, tmp_path)
