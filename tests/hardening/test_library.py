"""The case library: listing, the recent-cases list, and erasing a case with every trace."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from victimkit.cli import main
from victimkit.errors import CaseError
from victimkit.intake.files import import_files
from victimkit.store import library
from victimkit.store.case import CaseStore


def _case(path: Path, shot, n=2, **kw) -> str:
    with CaseStore.create(path, victim_name="张三", title="冒充客服", **kw) as store:
        import_files(store, [shot([f"{path.name} 第{i}张"], size=(360, 640)) for i in range(n)])
        return store.info().id


def _all_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and not p.name.endswith(("-shm", "-wal"))]


def test_list_cases_reads_every_case_and_shows_damaged_ones(home, tmp_path, shot):
    lib = tmp_path / "lib"
    a = _case(lib / "a", shot, n=1)
    b = _case(lib / "b", shot, n=2)
    (lib / "broken").mkdir()
    (lib / "broken" / "case.sqlite").write_bytes(b"not a database at all" * 100)
    (lib / "notes").mkdir()  # not a case: not listed
    (lib / ".erasing-1234").mkdir()  # half-way through an erase: not listed
    (lib / "old.vkcase").write_bytes(b"VKLOCK")
    found = {c.path.name: c for c in library.list_cases(lib)}
    assert set(found) == {"a", "b", "broken", "old.vkcase"}
    assert found["a"].id == a and found["a"].evidence_count == 1
    assert found["b"].id == b and found["b"].evidence_count == 2
    assert found["b"].victim_name == "张三"
    assert found["broken"].problem and "database" in found["broken"].problem
    assert found["old.vkcase"].locked
    assert library.list_cases(tmp_path / "missing") == []


def test_list_cases_defaults_to_the_case_library(home, shot):
    case_id = _case(home / "cases" / "x", shot, n=1)
    assert [c.id for c in library.list_cases()] == [case_id]


def test_recent_cases_keep_no_names_and_drop_missing(home, tmp_path, shot):
    a, b = tmp_path / "a", tmp_path / "b"
    a_id = _case(a, shot, n=1)
    _case(b, shot, n=1)
    library.remember_case(a)
    library.remember_case(b)
    library.remember_case(a)  # back to the top, not twice
    assert library.recent_cases() == [a.absolute(), b.absolute()]
    stored = (home / "config" / library.RECENT_FILE).read_text(encoding="utf-8")
    assert "张三" not in stored and "冒充客服" not in stored  # paths and IDs only
    assert a_id in stored
    library.remove_tree(b)
    assert library.recent_cases() == [a.absolute()]
    assert library.forget_case(a) == 1
    assert library.recent_cases() == []


def test_recent_cases_survive_a_damaged_list(home):
    (home / "config").mkdir(parents=True)
    (home / "config" / library.RECENT_FILE).write_text("{not json", encoding="utf-8")
    assert library.recent_cases() == []
    (home / "config" / library.RECENT_FILE).write_text('[1, {"path": 3}, "x"]', encoding="utf-8")
    assert library.recent_cases() == []


def test_erase_needs_the_right_case_id_and_changes_nothing_otherwise(home, tmp_path, shot):
    case = tmp_path / "case"
    case_id = _case(case, shot)
    before = sorted(_all_files(case))
    with pytest.raises(CaseError, match="nothing was erased"):
        library.erase_case(case, confirm_id="VK-00000000-000000")
    with pytest.raises(CaseError, match="not a victimkit case"):
        library.erase_case(tmp_path, confirm_id=case_id)
    assert sorted(_all_files(case)) == before


def test_erase_refuses_a_symbolic_link(home, tmp_path, shot):
    case = tmp_path / "case"
    case_id = _case(case, shot, n=1)
    link = tmp_path / "link"
    link.symlink_to(case)
    with pytest.raises(CaseError, match="symbolic link"):
        library.erase_case(link, confirm_id=case_id)
    assert (case / "case.sqlite").exists()


def test_erase_removes_every_file_and_every_trace(home, tmp_path, shot, monkeypatch):
    lib = tmp_path / "lib"
    case = lib / "case"
    other = lib / "other"
    case_id = _case(case, shot, n=3)
    other_id = _case(other, shot, n=1)
    with CaseStore.open(case) as store:
        hashes = [ev.sha256 for ev in store.list_evidence()]
        originals = [store.original_path(ev) for ev in store.list_evidence()]
        thumbs = [store.thumbnail_path(h) for h in hashes if store.thumbnail_path(h).exists()]
    assert originals and all(not os.access(p, os.W_OK) or os.geteuid() == 0 for p in originals)
    assert all(stat.S_IMODE(p.stat().st_mode) & 0o222 == 0 for p in originals)  # read-only
    assert thumbs
    # traces outside the folder: the recent-cases list, the GUI's settings, a capture
    library.remember_case(other)
    library.remember_case(case)
    (home / "config").mkdir(parents=True, exist_ok=True)
    (home / "config" / library.GUI_SETTINGS).write_text(
        "[General]\n"
        f"last_case={case.absolute()}\n"
        "window\\geometry=@ByteArray(xyz)\n"
        "[last_page]\n"
        f"{case_id}=collect\n"
        f"{other_id}=timeline\n",
        encoding="utf-8",
    )
    captures = tmp_path / "tmp" / library.CAPTURES_DIR
    captures.mkdir(parents=True)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    taken = captures / "Clipboard_20241014-233500.png"
    taken.write_bytes(originals[0].read_bytes())
    unrelated = captures / "Screen_20241015-101010.png"
    unrelated.write_bytes(b"another picture")

    report = library.erase_case(case, confirm_id=case_id)

    assert not case.exists()
    assert not any(p.name.startswith(".erasing-") for p in lib.iterdir())
    assert report.files_removed >= len(originals) + len(thumbs) + 1
    assert report.case_id == case_id
    # nothing in the library, the recent list or the settings names the case any more
    assert [c.id for c in library.list_cases(lib)] == [other_id]
    assert library.recent_cases() == [other.absolute()]
    for p in (home / "config").rglob("*"):
        if p.is_file():
            text = p.read_text(encoding="utf-8")
            assert case_id not in text and str(case.absolute()) not in text, p
    assert other_id in (home / "config" / library.GUI_SETTINGS).read_text(encoding="utf-8")
    assert not taken.exists() and unrelated.exists()
    # no file anywhere under the test's folders still holds an original's bytes
    for p in tmp_path.rglob("*"):
        if p.is_file() and p.stat().st_size < 50_000_000:
            assert hashlib.sha256(p.read_bytes()).hexdigest() not in hashes or "phone" in p.parts


def test_a_locked_file_keeps_its_case_id_in_the_recent_list(home, tmp_path, shot):
    from victimkit.store.crypto import lock_case

    from .conftest import FAST_SCRYPT

    case = tmp_path / "case"
    case_id = _case(case, shot, n=1)
    locked = lock_case(case, "a long passphrase", scrypt_n=FAST_SCRYPT).locked_file
    library.remember_case(locked)  # as the GUI does after locking: the ID is not lost
    entry = json.loads((home / "config" / library.RECENT_FILE).read_text(encoding="utf-8"))[0]
    assert entry == {"path": str(locked), "id": case_id}


def test_erase_removes_locked_copies_of_the_case(home, tmp_path, shot):
    from victimkit.store.crypto import lock_case, unlock_case

    from .conftest import FAST_SCRYPT

    case = tmp_path / "case"
    case_id = _case(case, shot, n=1)
    locked = lock_case(case, "a long passphrase", scrypt_n=FAST_SCRYPT).locked_file
    unlock_case(locked, "a long passphrase", case)
    report = library.erase_case(case, confirm_id=case_id)
    assert not locked.exists() and not case.exists()
    assert any("locked copy" in t for t in report.traces_removed)
    assert library.recent_cases() == []


def test_an_interrupted_erase_is_finished_later(home, tmp_path, shot):
    lib = tmp_path / "lib"
    case = lib / "case"
    _case(case, shot, n=1)
    doomed = lib / ".erasing-deadbeef"
    os.replace(case, doomed)  # as if the erase stopped right after its first step
    assert library.list_cases(lib) == []
    assert library.finish_interrupted_erasures(lib) == 1
    assert list(lib.iterdir()) == []


def test_cli_cases_and_erase(home, tmp_path, shot):
    lib = tmp_path / "lib"
    case = lib / "case"
    case_id = _case(case, shot, n=2)
    r = CliRunner().invoke(main, ["cases", str(lib)])
    assert r.exit_code == 0, r.output
    assert case_id in r.output and "冒充客服" in r.output
    r = CliRunner().invoke(main, ["erase", str(case), "--confirm", case_id])
    assert r.exit_code == 2 and "never handed over" in r.output  # evidence not yet given
    assert case.exists()
    with CaseStore.open(case) as store:
        library.record_handover(store, tmp_path / "bundle.zip", "officer")
    r = CliRunner().invoke(main, ["erase", str(case), "--confirm", "VK-WRONG"])
    assert r.exit_code == 2 and "nothing was erased" in r.output
    assert case.exists()
    r = CliRunner().invoke(main, ["erase", str(case), "--confirm", case_id])
    assert r.exit_code == 0, r.output
    assert "erased" in r.output and not case.exists()
    r = CliRunner().invoke(main, ["cases", str(lib)])
    assert case_id not in r.output


def test_recent_list_is_written_atomically(home, tmp_path, shot):
    case = tmp_path / "c"
    _case(case, shot, n=1)
    for _ in range(3):
        library.remember_case(case)
    folder = home / "config"
    assert [p.name for p in folder.iterdir()] == [library.RECENT_FILE]  # no temporary files
    assert json.loads((folder / library.RECENT_FILE).read_text(encoding="utf-8"))[0]["path"] == str(
        case.absolute()
    )
