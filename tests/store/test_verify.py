"""verify: an intact case passes; each kind of tampering is caught and named."""

from __future__ import annotations

import os
import sqlite3

from victimkit.intake.files import import_files
from victimkit.store.case import CaseStore
from victimkit.store.verify import verify_case


def _case_with_two(store, shot):
    ids = import_files(store, [shot(["第一张"]), shot(["第二张"])]).new_ids
    store.correct("evidence", ids[0], "original_name", "renamed.png", note="typo")
    return ids


def _raw(case_dir):
    return sqlite3.connect(case_dir / "case.sqlite", isolation_level=None)


def test_intact_case_verifies(store, shot, case_dir):
    _case_with_two(store, shot)
    store.close()
    report = verify_case(case_dir)
    assert report.ok, report.problems
    assert report.checked_files == 2 and report.checked_entries == 4


def test_one_byte_of_an_original_changed(store, shot, case_dir):
    ids = _case_with_two(store, shot)
    path = store.original_path(store.evidence(ids[1]))
    store.close()
    os.chmod(path, 0o600)
    data = bytearray(path.read_bytes())
    data[1000] ^= 0x01
    path.write_bytes(bytes(data))
    report = verify_case(case_dir)
    assert not report.ok
    assert any("E-002" in p and "was changed" in p for p in report.problems), report.problems


def test_original_deleted(store, shot, case_dir):
    ids = _case_with_two(store, shot)
    path = store.original_path(store.evidence(ids[0]))
    store.close()
    path.unlink()
    report = verify_case(case_dir)
    assert any("E-001" in p and "missing" in p for p in report.problems), report.problems


def test_audit_entry_removed(store, shot, case_dir):
    _case_with_two(store, shot)
    store.close()
    _raw(case_dir).execute("DELETE FROM audit WHERE seq = 2")
    report = verify_case(case_dir)
    assert any("entry 2 is missing" in p for p in report.problems), report.problems


def test_audit_entry_edited(store, shot, case_dir):
    _case_with_two(store, shot)
    store.close()
    _raw(case_dir).execute("UPDATE audit SET actor = 'someone else' WHERE seq = 3")
    report = verify_case(case_dir)
    assert any("entry 3" in p and "changed" in p for p in report.problems), report.problems


def test_last_audit_entry_removed_shows_its_rows_uncovered(store, shot, case_dir):
    _case_with_two(store, shot)
    store.close()
    _raw(case_dir).execute("DELETE FROM audit WHERE seq = (SELECT MAX(seq) FROM audit)")
    report = verify_case(case_dir)
    assert any("corrections" in p and "outside victimkit" in p for p in report.problems), (
        report.problems
    )


def test_evidence_row_edited(store, shot, case_dir):
    _case_with_two(store, shot)
    store.close()
    _raw(case_dir).execute("UPDATE evidence SET captured_at = '2020-01-01T00:00:00Z' WHERE id = 2")
    report = verify_case(case_dir)
    assert any(
        "evidence E-002" in p and "changed after it was written" in p for p in report.problems
    ), report.problems


def test_evidence_row_deleted(store, shot, case_dir):
    _case_with_two(store, shot)
    store.close()
    conn = _raw(case_dir)
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute("DELETE FROM evidence WHERE id = 1")
    report = verify_case(case_dir)
    assert any("evidence E-001" in p and "removed" in p for p in report.problems), report.problems
    assert any("has no evidence row" in p for p in report.problems), report.problems


def test_row_inserted_behind_the_chains_back(store, shot, case_dir):
    _case_with_two(store, shot)
    store.close()
    _raw(case_dir).execute(
        "INSERT INTO corrections (id, table_name, row_id, field, value, at, actor, note) "
        "VALUES (99, 'evidence', 1, 'original_name', '\"forged.png\"', 'x', 'x', '')"
    )
    report = verify_case(case_dir)
    assert any("corrections" in p and "99" in p for p in report.problems), report.problems


def test_case_details_edited(store, shot, case_dir):
    store.update_case(victim_name="李四")
    store.close()
    assert verify_case(case_dir).ok
    _raw(case_dir).execute("UPDATE case_info SET victim_name = '王五'")
    report = verify_case(case_dir)
    assert any("victim_name" in p for p in report.problems), report.problems


def test_corrections_keep_first_value(store, shot):
    ids = _case_with_two(store, shot)
    raw = store.db["evidence"].get(ids[0])
    assert raw["original_name"].startswith("Screenshot_")
    assert store.evidence(ids[0]).original_name == "renamed.png"


def test_verify_changes_nothing(store, shot, case_dir):
    _case_with_two(store, shot)
    store.close()

    def state():
        files = {
            p: (p.stat().st_mtime_ns, p.read_bytes())
            for p in case_dir.rglob("*")
            if p.is_file() and not p.name.endswith(("-wal", "-shm"))  # SQLite's own journal files
        }
        conn = sqlite3.connect(f"file:{case_dir / 'case.sqlite'}?mode=ro", uri=True)
        dump = list(conn.iterdump())
        conn.close()
        return files, dump

    before = state()
    verify_case(case_dir)
    assert state() == before


def test_leftover_of_interrupted_import_is_a_note_then_cleaned(store, shot, case_dir):
    _case_with_two(store, shot)
    orphan = store.originals_dir / "ab" / ("ab" + "0" * 62 + ".png")
    orphan.parent.mkdir(exist_ok=True)
    orphan.write_bytes(b"partial")
    store.close()
    report = verify_case(case_dir)
    assert report.ok and any("interrupted import" in n for n in report.notes)
    CaseStore.open(case_dir).close()
    assert not orphan.exists()
    assert verify_case(case_dir).ok


def test_no_clean_up_while_another_store_is_writing(store, shot, case_dir):
    """A second opening must not delete the half-finished copy of an import in progress."""
    _case_with_two(store, shot)
    in_flight = store.originals_dir / "cd" / ("cd" + "1" * 62 + ".png")
    in_flight.parent.mkdir(exist_ok=True)
    in_flight.write_bytes(b"renamed into place, row not yet committed")
    second = CaseStore.open(case_dir)  # `store` is still open for writing
    second.close()
    assert in_flight.exists()
    store.close()
    CaseStore.open(case_dir).close()  # now the sole writer: the leftover goes
    assert not in_flight.exists()
