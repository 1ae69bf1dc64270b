"""The schema check is done once per content: remembered by the SHA-256 of the exact bytes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from victimkit.guide import knowledge as K
from victimkit.guide.knowledge import KNOWLEDGE_DIR, KnowledgeError, load_knowledge


@pytest.fixture
def home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("VICTIMKIT_HOME", str(home))
    K._cache.clear()
    yield home
    K._cache.clear()


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, folder)
    return folder


def _valid(home: Path) -> list[str]:
    return json.loads((home / "cache" / "knowledge-valid.json").read_text())["valid"]


def _break_schema(folder: Path) -> None:
    """A change the schema refuses (the references stay sound)."""
    data = yaml.safe_load((folder / "scam_types.yaml").read_text(encoding="utf-8"))
    del data["types"][0]["advice"]["zh"]
    (folder / "scam_types.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True), encoding="utf-8"
    )


def test_a_valid_content_is_remembered_and_gives_the_same_data(home, tmp_path):
    folder = _copy(tmp_path)
    first = load_knowledge(folder)
    assert len(_valid(home)) == 1
    K._cache.clear()
    again = load_knowledge(folder)  # the schema check skipped: same bytes
    assert again is not first
    assert again.data == first.data
    assert _valid(home) == [K._content_digest(_files(folder))]


def _files(folder: Path) -> list[tuple[str, bytes]]:
    files = [(p.name, p.read_bytes()) for p in sorted(folder.glob("*.yaml"))]
    return [*files, ("schema.json", (folder / "schema.json").read_bytes())]


def test_a_changed_file_is_checked_again(home, tmp_path):
    folder = _copy(tmp_path)
    load_knowledge(folder)
    _break_schema(folder)
    K._cache.clear()
    with pytest.raises(KnowledgeError, match="'zh' is a required property"):
        load_knowledge(folder)
    assert len(_valid(home)) == 1  # the broken content is not remembered


def test_a_changed_schema_is_checked_again(home, tmp_path):
    folder = _copy(tmp_path)
    load_knowledge(folder)
    schema = json.loads((folder / "schema.json").read_text(encoding="utf-8"))
    schema["required"] = [*schema.get("required", []), "no_such_file"]
    (folder / "schema.json").write_text(json.dumps(schema), encoding="utf-8")
    K._cache.clear()
    with pytest.raises(KnowledgeError, match="no_such_file"):
        load_knowledge(folder)


def test_the_references_are_checked_even_for_a_remembered_content(home, tmp_path):
    """Only the schema's verdict is remembered: the reference check always runs."""
    folder = _copy(tmp_path)
    data = yaml.safe_load((folder / "scam_types.yaml").read_text(encoding="utf-8"))
    data["types"][0]["evidence"].append("no_such_item")
    (folder / "scam_types.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True), encoding="utf-8"
    )
    (home / "cache").mkdir(parents=True)
    (home / "cache" / "knowledge-valid.json").write_text(
        json.dumps({"valid": [K._content_digest(_files(folder))]})
    )
    with pytest.raises(KnowledgeError, match="no_such_item"):
        load_knowledge(folder)


def test_a_damaged_or_unwritable_cache_only_means_checking_again(home, tmp_path):
    folder = _copy(tmp_path)
    (home / "cache").mkdir(parents=True)
    (home / "cache" / "knowledge-valid.json").write_text("{not json")
    assert load_knowledge(folder).scam_types
    assert len(_valid(home)) == 1
    K._cache.clear()
    (home / "cache" / "knowledge-valid.json").unlink()
    (home / "cache").chmod(0o500)
    try:
        _break_schema(folder)
        with pytest.raises(KnowledgeError):
            load_knowledge(folder)
    finally:
        (home / "cache").chmod(0o700)


def test_a_remembered_content_loads_without_jsonschema(home, tmp_path):
    """The point of it: a process that finds its content remembered does not import the
    validator (~0.2 s holding the interpreter lock in the GUI process)."""
    folder = _copy(tmp_path)
    load_knowledge(folder)
    code = (
        "import sys; from victimkit.guide.knowledge import load_knowledge; "
        f"k = load_knowledge({str(folder)!r}); "
        "print(len(k.scam_types), 'jsonschema' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "VICTIMKIT_HOME": str(home)},
    )
    count, imported = out.stdout.split()
    assert int(count) > 0
    assert imported == "False"
