"""Where victimkit keeps its data and settings (platformdirs), overridable by VICTIMKIT_HOME."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "victimkit"


def _resources_dir() -> Path:
    """``resources/``: VICTIMKIT_RESOURCES if set (Flatpak, system packages); inside a frozen
    (PyInstaller) build, ``resources`` in its bundle folder (``sys._MEIPASS``, else next to the
    executable); otherwise the source tree's ``<repo>/resources``."""
    override = os.environ.get("VICTIMKIT_RESOURCES")
    if override:
        return Path(override)
    if getattr(sys, "frozen", False):
        bundle = getattr(sys, "_MEIPASS", None) or Path(sys.executable).resolve().parent
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


RESOURCES = _resources_dir()


def data_home() -> Path:
    override = os.environ.get("VICTIMKIT_HOME")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def cases_home() -> Path:
    """The default case library: one folder per case."""
    return data_home() / "cases"


def config_home() -> Path:
    override = os.environ.get("VICTIMKIT_HOME")
    if override:
        return Path(override) / "config"
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def resource(*parts: str) -> Path:
    return RESOURCES.joinpath(*parts)
