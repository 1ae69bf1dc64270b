"""The BUILT program (dist/victimkit, from `make dist`) does the whole job headless:
create a case, add a rendered screenshot, OCR it, export the PDF and the bundle, verify; and its
desktop app starts.

`make test` does not build the app (it takes minutes): without dist/victimkit these tests skip,
saying so. VICTIMKIT_TEST_DIST=1 makes a missing build a failure instead.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import screenshot

ROOT = Path(__file__).resolve().parents[2]
APP_DIR = ROOT / "dist" / "victimkit"
EXE = APP_DIR / ("victimkit.exe" if sys.platform == "win32" else "victimkit")
ACCOUNT = "6222021001123456789"

REQUIRED = os.environ.get("VICTIMKIT_TEST_DIST") == "1"
if not EXE.exists() and not REQUIRED:
    pytest.skip(
        f"no built app at {EXE.relative_to(ROOT)}: run `make dist` first "
        "(or set VICTIMKIT_TEST_DIST=1 to make this a failure)",
        allow_module_level=True,
    )

pytestmark = pytest.mark.slow


@pytest.fixture
def env(tmp_path):
    e = os.environ.copy()
    e["VICTIMKIT_HOME"] = str(tmp_path / "home")  # never the user's case library
    e["VICTIMKIT_LANG"] = "en"
    e.pop("VICTIMKIT_RESOURCES", None)  # the build must find its own resources
    e.pop("PYTHONPATH", None)
    return e


def run(env, *args, check=True, timeout=600):
    assert EXE.exists(), f"{EXE} missing (VICTIMKIT_TEST_DIST=1): run `make dist`"
    result = subprocess.run(
        [str(EXE), *map(str, args)], capture_output=True, text=True, env=env, timeout=timeout
    )
    if check:
        assert result.returncode == 0, (
            f"{args}: {result.returncode}\n{result.stdout}\n{result.stderr}"
        )
    assert "Traceback" not in result.stderr, result.stderr
    return result


def pdf_text(pdf: Path) -> str:
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext is missing: run `make sysdeps` (poppler-utils)"
    return subprocess.run(
        [tool, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_built_program_reports_its_version(env):
    from victimkit import __version__

    assert run(env, "--version").stdout.strip().endswith(__version__)


def test_built_program_case_screenshot_ocr_pdf(env, tmp_path):
    shot = tmp_path / "Screenshot_20241014-233612_Alipay.png"
    screenshot(
        [
            "转账成功",
            "付款金额 ¥5,000.00",
            "收款人 张伟",
            f"收款账户 {ACCOUNT}",
            "转账时间 2024-10-14 23:36:12",
        ]
    ).save(shot)
    case = tmp_path / "case"
    run(env, "case", "new", case, "--title", "built-app test", "--victim", "李四")
    run(env, "add", case, shot)  # OCRs by default, with the bundled RapidOCR models

    summary = json.loads(run(env, "show", case, "--json").stdout)
    [ev] = summary["evidence"]
    assert ev["kind"] == "image" and ev["sha256"]
    stored = (
        case / ev["stored_path"]
        if not Path(ev["stored_path"]).is_absolute()
        else Path(ev["stored_path"])
    )
    assert stored.read_bytes() == shot.read_bytes()

    pdf, bundle = tmp_path / "dossier.pdf", tmp_path / "bundle.zip"
    run(env, "export", case, "--pdf", pdf, "--bundle", bundle)
    assert pdf.read_bytes()[:5] == b"%PDF-" and bundle.stat().st_size > 0
    text = "".join(pdf_text(pdf).split())
    # The payee account can only be in the PDF if the built program's OCR read the screenshot.
    assert ACCOUNT in text
    assert "转账成功" in text  # Chinese read by OCR and written with the bundled CJK font

    run(env, "verify", case)
    run(env, "verify", bundle)


def test_built_desktop_app_starts(env, tmp_path):
    """The app's window comes up (offscreen Qt platform) and stays up until it is closed."""
    env = dict(env, QT_QPA_PLATFORM="offscreen")
    case = tmp_path / "case"
    run(env, "case", "new", case, "--title", "gui start")
    proc = subprocess.Popen(
        [str(EXE), "gui", str(case)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # Wait (not a timing assertion): a crash at start-up ends the process within this time.
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.5)
        alive = proc.poll() is None
    finally:
        proc.terminate()
        try:
            _out, err = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            _out, err = proc.communicate()
    assert alive, f"the app exited at start-up with {proc.returncode}:\n{err}"
    assert "Traceback" not in err, err
