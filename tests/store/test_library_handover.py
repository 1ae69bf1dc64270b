"""Hand-over: recorded in the case's audit chain (which still verifies); a failed hand-over
undoes "handed over"; erase_case then removes the case when given its ID."""

from __future__ import annotations

import pytest

from victimkit.errors import CaseError
from victimkit.store import library
from victimkit.store.case import CaseStore
from victimkit.store.verify import verify_case


def test_handover_is_an_audit_entry_and_the_chain_verifies(store, case_dir, tmp_path):
    assert not library.handed_over(case_dir)
    entry = library.record_handover(store, tmp_path / "out" / "VK-1.zip", "Officer Li, desk 3")
    assert entry["action"] == "case_handed_over"
    row = store.db.execute("SELECT details FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    assert "Officer Li, desk 3" in row[0] and "VK-1.zip" in row[0]
    assert str(tmp_path) not in row[0]  # the file name only, not where it was saved
    store.close()
    assert library.handed_over(case_dir)
    assert verify_case(case_dir).ok


def test_a_failed_handover_counts_as_not_handed_over(store, case_dir, tmp_path):
    library.record_handover(store, tmp_path / "a.zip", "desk")
    library.record_handover(store, tmp_path / "a.zip", "desk", failed="disk full")
    assert not library.handed_over(case_dir)
    library.record_handover(store, tmp_path / "b.zip", "desk")
    assert library.handed_over(case_dir)
    store.close()
    assert verify_case(case_dir).ok


def test_erase_after_handover_needs_the_case_id(store, case_dir, tmp_path):
    case_id = store.info().id
    library.record_handover(store, tmp_path / "a.zip", "")
    store.close()
    with pytest.raises(CaseError):
        library.erase_case(case_dir, confirm_id="VK-WRONG")
    assert case_dir.is_dir()
    report = library.erase_case(case_dir, confirm_id=case_id)
    assert report.case_id == case_id
    assert not case_dir.exists()
    assert not library.handed_over(case_dir)  # nothing left to read


def test_handed_over_of_a_read_only_store(store, case_dir, tmp_path):
    library.record_handover(store, tmp_path / "a.zip", "")
    store.close()
    with CaseStore.open(case_dir, read_only=True):
        assert library.handed_over(case_dir)
