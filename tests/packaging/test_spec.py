"""The PyInstaller spec parses, names files that exist, and the OCR models reach the bundle."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYI = ROOT / "packaging" / "pyinstaller"
SPEC = PYI / "victimkit.spec"


def test_spec_is_valid_python():
    compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec")


def test_spec_inputs_exist():
    spec = SPEC.read_text(encoding="utf-8")
    tree = ast.parse(spec)
    strings = {
        n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    }
    for name in ("entry_cli.py", "entry_gui.py", "rthook_victimkit.py"):
        assert name in spec and any(PYI.rglob(name)), name
    for sub in ("knowledge", "fonts", "locale", "demo", "icons"):
        assert sub in strings
        assert (ROOT / "resources" / sub).is_dir(), sub
    assert (ROOT / "packaging" / "windows" / "version_info.txt").is_file()
    for hook in (PYI / "hooks").glob("*.py"):
        compile(hook.read_text(encoding="utf-8"), str(hook), "exec")


def test_resources_resolve_inside_a_frozen_build(tmp_path):
    """paths.RESOURCES follows sys._MEIPASS when frozen (a subprocess: RESOURCES is computed
    at import)."""
    import subprocess
    import sys

    code = (
        "import sys; sys.frozen = True; sys._MEIPASS = sys.argv[1];"
        "import victimkit.paths as p, victimkit.i18n as i; print(p.RESOURCES); print(i.LOCALE_DIR)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, check=True
    ).stdout.split("\n")
    assert Path(out[0]) == tmp_path / "resources"
    assert Path(out[1]) == tmp_path / "resources" / "locale"


def test_the_ocr_models_are_collected():
    """The hooks hand PyInstaller the ONNX models of whichever RapidOCR package is installed."""
    hooks = pytest.importorskip(
        "PyInstaller.utils.hooks",
        reason="PyInstaller is in the `dist` extra: `make dist` installs it",
    )
    found = []
    for package in ("rapidocr_onnxruntime", "rapidocr"):
        if not hooks.can_import_module(package):
            continue
        hook = (PYI / "hooks" / f"hook-{package}.py").read_text(encoding="utf-8")
        assert "collect_data_files" in hook
        found += [src for src, _dest in hooks.collect_data_files(package) if src.endswith(".onnx")]
    assert any(re.search(r"det", Path(f).name) for f in found), found
    assert any(re.search(r"rec", Path(f).name) for f in found), found
