"""Desktop integration files: they validate with the freedesktop tools, and every one of them
(and the installers) names the application by the same reverse-DNS id as the GUI."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
APP_ID = "io.github.victimkit.Victimkit"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
FLATPAK = LINUX / f"{APP_ID}.yml"
ICONS = LINUX / "icons" / "hicolor"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def gui_app_id() -> str:
    """APP_ID as written in victimkit/gui/app.py (read as source: no Qt import needed)."""
    tree = ast.parse((ROOT / "victimkit" / "gui" / "app.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "APP_ID" for t in node.targets
        ):
            return ast.literal_eval(node.value)
    raise AssertionError("APP_ID not found in victimkit/gui/app.py")


def tool(name: str) -> str:
    path = shutil.which(name)
    assert path, f"{name} is missing: run `make sysdeps` (Debian: desktop-file-utils, appstream)"
    return path


def test_the_gui_uses_the_packaging_id():
    assert gui_app_id() == APP_ID


def test_desktop_file_validates():
    result = subprocess.run(
        [tool("desktop-file-validate"), str(DESKTOP)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # Not even a hint: errors, warnings and hints all name the file.
    assert result.stdout.strip() == "", result.stdout


def test_desktop_file_launches_the_app_with_our_icon():
    entries = dict(
        line.split("=", 1)
        for line in DESKTOP.read_text(encoding="utf-8").splitlines()
        if "=" in line and not line.startswith("#")
    )
    assert entries["Icon"] == APP_ID
    assert entries["Exec"].split()[0] == "victimkit"
    assert entries["Terminal"] == "false"
    assert entries["GenericName[zh_CN]"] and entries["Comment[zh_CN]"]


def test_metainfo_validates():
    result = subprocess.run(
        [tool("appstreamcli"), "validate", "--no-net", "--pedantic", str(METAINFO)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # Allowed: the pedantic note that the id has capitals (the id is fixed by STYLE.md), and
    # older appstream not knowing <developer> (Flathub requires it). Nothing else.
    problems = [
        line
        for line in result.stdout.splitlines()
        if re.match(r"^[EWIP]:", line)
        and "cid-contains-uppercase-letter" not in line
        and "unknown-tag developer" not in line
    ]
    assert problems == []


def test_metainfo_names_the_same_id_launchable_icon_and_binary():
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.find("launchable").text == f"{APP_ID}.desktop"
    assert root.find("icon").text == APP_ID
    assert root.find("provides/binary").text == "victimkit"
    langs = {el.get("{http://www.w3.org/XML/1998/namespace}lang") for el in root.iter("summary")}
    assert {None, "zh-CN"} <= langs


def test_icons_svg_and_every_png_size():
    svg = ICONS / "scalable" / "apps" / f"{APP_ID}.svg"
    ET.parse(svg)  # well-formed
    for size in PNG_SIZES:
        png = ICONS / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        with Image.open(png) as im:
            assert im.size == (size, size)
            assert im.mode == "RGBA"
            alpha = im.getchannel("A")
            # transparent corners, opaque middle: a shape, not a filled square
            assert alpha.getpixel((0, 0)) == 0
            assert alpha.getpixel((size // 2, size // 2)) == 255
    # the app's window icon is the same drawing (render_icons.py copies it)
    assert (ROOT / "resources" / "icons" / svg.name).read_bytes() == svg.read_bytes()
    with Image.open(ROOT / "packaging" / "windows" / "victimkit.ico") as ico:
        assert (256, 256) in ico.info["sizes"] and (16, 16) in ico.info["sizes"]
    assert (ROOT / "packaging" / "macos" / "victimkit.icns").read_bytes()[:4] == b"icns"


def test_metainfo_screenshot_is_in_the_repository():
    """The screenshot URL points into this repository (raw.githubusercontent.com/.../main/...)."""
    root = ET.parse(METAINFO).getroot()
    for image in root.iter("image"):
        rel = image.text.split("/main/", 1)[1]
        with Image.open(ROOT / rel) as im:
            assert im.width >= 1000


def test_flatpak_manifest_installs_our_files_under_the_id():
    manifest = yaml.safe_load(FLATPAK.read_text(encoding="utf-8"))
    assert manifest["app-id"] == APP_ID
    assert manifest["command"] == "victimkit"
    assert "--share=network" not in manifest["finish-args"]  # victimkit never uses the network
    commands = "\n".join(c for m in manifest["modules"] for c in m.get("build-commands", []))
    for path in (DESKTOP, METAINFO):
        assert str(path.relative_to(ROOT)) in commands


def _names(requirements) -> set[str]:
    return {re.split(r"[<>=!~ \[]", r.strip("'"), maxsplit=1)[0].lower() for r in requirements}


def test_flatpak_installs_every_dependency_but_pyside():
    """The manifest lists pyproject's dependencies by hand (PySide6 comes from the BaseApp):
    the two lists must not drift apart."""
    wanted = _names(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"])
    wanted = {n for n in wanted if not n.startswith("pyside6")}
    manifest = yaml.safe_load(FLATPAK.read_text(encoding="utf-8"))
    deps = next(m for m in manifest["modules"] if m["name"] == "python3-dependencies")
    listed = _names(re.findall(r"'([^']+)'", " ".join(deps["build-commands"])))
    assert wanted == listed


def test_installers_use_the_same_id():
    iss = (ROOT / "packaging" / "windows" / "victimkit.iss").read_text(encoding="utf-8")
    assert re.search(rf"^AppId={re.escape(APP_ID)}$", iss, re.M)
    spec = (ROOT / "packaging" / "pyinstaller" / "victimkit.spec").read_text(encoding="utf-8")
    assert f'APP_ID = "{APP_ID}"' in spec


@pytest.mark.parametrize("workflow", ["windows.yml", "macos.yml"])
def test_ci_workflows_run_the_build_scripts(workflow):
    text = (ROOT / ".github" / "workflows" / workflow).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    steps = data["jobs"]["build"]["steps"]
    runs = " ".join(s.get("run", "") for s in steps)
    script = (
        "packaging/windows/build.ps1" if workflow == "windows.yml" else "packaging/macos/build.sh"
    )
    assert script in runs
    assert (ROOT / script).is_file()
