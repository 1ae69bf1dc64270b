"""Short runs of the crash and tamper benchmarks (benchmarks/crash_trials.py and
benchmarks/tamper_trials.py run the full sets and print the tables)."""

from __future__ import annotations

import pytest

from benchmarks import crash_trials, tamper_trials


def test_every_tampering_is_caught_and_named(tmp_path):
    outcomes, _facts = tamper_trials.run_trials(tmp_path)
    failed = [(o.name, o.tokens, o.first_problem) for o in outcomes if not o.ok]
    assert failed == []
    expected = [o for o in outcomes if o.expected]
    assert len(expected) >= 75 and all(o.detected and o.named for o in expected)
    # the two limits SECURITY.md states: a consistent rewrite of the whole chain, and cutting
    # off a last entry that recorded no rows, are not visible from the case folder alone
    assert sorted(o.name.split(" (")[0] for o in outcomes if not o.expected) == [
        "last audit entry removed when it recorded no rows",
        "whole audit chain rewritten consistently after editing a transaction",
    ]
    assert {o.target for o in expected} == {"case", "bundle"}


def _check(trials):
    bad = [
        (t.kind, t.n, t.half_written, t.problems, t.lost, t.duplicates) for t in trials if not t.ok
    ]
    assert bad == []
    assert sum(t.lost for t in trials) == 0


@pytest.mark.slow
def test_sigkill_during_import_and_export(tmp_path):
    trials = crash_trials.run_trials(tmp_path, {"import": 3, "export": 1}, seed=7, n_images=3)
    _check(trials)
    assert len(trials) == 4
    assert sum(t.killed for t in trials) >= 3  # most kills landed mid-work


@pytest.mark.slow
def test_sigkill_during_ocr(tmp_path):
    trials = crash_trials.run_trials(tmp_path, {"ocr": 1}, seed=11, n_images=2)
    _check(trials)
    assert [t.kind for t in trials] == ["ocr"]
