"""Where victimkit keeps its data and settings (platformdirs), overridable by VICTIMKIT_HOME."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "victimkit"
RESOURCES = Path(__file__).resolve().parent.parent / "resources"


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
