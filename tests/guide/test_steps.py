"""Steps, actions, deadlines and confirmed scam types, stored through the audited CaseStore."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner

from victimkit.cli import main
from victimkit.guide import steps
from victimkit.store.verify import verify_case


def _loss(store, when: datetime, amount="-5000"):
    store.insert(
        "transactions",
        [
            {
                "occurred_at": when.isoformat(),
                "amount": amount,
                "currency": "CNY",
                "direction": "out",
                "payee_name": "李四",
                "payee_account": "6222020200112233445",
                "payee_bank": "工商银行",
                "payment_method": "银行转账",
                "order_number": "2026010212345",
                "is_loss": 1,
            }
        ],
        action="test_transaction",
    )


def test_step_state_is_the_latest_row_and_history_is_kept(store):
    assert steps.step_states(store)[0].status == "todo"
    steps.set_step(store, "act_now", "doing")
    steps.set_step(store, "act_now", "done", note="110 called")
    state = {s.id: s for s in steps.step_states(store)}["act_now"]
    assert (state.status, state.note) == ("done", "110 called")
    assert state.updated_at is not None
    assert [r["status"] for r in steps.step_history(store, "act_now")] == ["doing", "done"]
    actions = [r[0] for r in store.db.execute("SELECT action FROM audit").fetchall()]
    assert actions.count("step_updated") == 2


def test_unknown_step_or_status_is_refused(store):
    with pytest.raises(steps.GuideError):
        steps.set_step(store, "no_such_step", "done")
    with pytest.raises(steps.GuideError):
        steps.set_step(store, "act_now", "finished")


def test_action_log_in_time_order(store):
    t1 = datetime(2026, 3, 1, 14, 30, tzinfo=UTC)
    steps.log_action(store, "police_report", ref="JJ-2026-001", occurred_at=t1 + timedelta(hours=2))
    steps.log_action(
        store,
        "called_bank",
        ref="",
        note="stop-payment asked",
        channel_id="cn.bank",
        occurred_at=t1,
    )
    rows = steps.actions(store)
    assert [r["kind"] for r in rows] == ["called_bank", "police_report"]
    assert rows[1]["ref"] == "JJ-2026-001"
    with pytest.raises(steps.GuideError):
        steps.log_action(store, "called_bank", channel_id="cn.nowhere")
    with pytest.raises(steps.GuideError):
        steps.log_action(store, "called_bank", occurred_at=datetime(2026, 1, 1))  # no zone


def test_stop_payment_deadline_counts_from_the_first_loss(store):
    first = datetime.now(UTC) - timedelta(hours=3)
    _loss(store, first + timedelta(hours=1))
    _loss(store, first)
    (d,) = [x for x in steps.deadlines(store) if x.id == "stop_payment"]
    assert (
        d.due_at == first.replace(microsecond=d.due_at.microsecond) + timedelta(hours=24)
        or abs((d.due_at - (first + timedelta(hours=24))).total_seconds()) < 1
    )
    left = d.time_left()
    assert timedelta(hours=20) < left < timedelta(hours=21, minutes=1)
    assert "h" in steps.format_time_left(left)


def test_a_platform_window_the_person_entered(store):
    due = datetime.now(UTC) + timedelta(days=5)
    steps.set_deadline(store, "platform_dispute", due, note="Douyin rules, section 4")
    (d,) = [x for x in steps.deadlines(store) if x.id == "platform_dispute"]
    assert d.note == "Douyin rules, section 4"
    assert "days left" in steps.format_time_left(d.time_left())


def test_confirmed_scam_types(store):
    steps.confirm_scam_type(store, "cn.task_rebate")
    steps.confirm_scam_type(store, "recovery_scam")
    steps.confirm_scam_type(store, "recovery_scam", confirmed=False)
    assert steps.confirmed_scam_types(store) == ["cn.task_rebate"]
    with pytest.raises(steps.GuideError):
        steps.confirm_scam_type(store, "no.such.type")


def test_guide_rows_are_covered_by_the_audit_chain(case_dir, store):
    steps.set_step(store, "act_now", "done")
    steps.log_action(store, "called_bank", ref="T-1")
    store.close()
    report = verify_case(case_dir)
    assert report.ok, report


def test_cli_step_action_deadline(case_dir, store):
    store.close()
    runner = CliRunner()
    result = runner.invoke(
        main, ["step", str(case_dir), "act_now", "--status", "done", "--note", "110"]
    )
    assert result.exit_code == 0, result.output
    assert "[x] act_now" in result.output
    result = runner.invoke(
        main, ["action", str(case_dir), "--kind", "called_bank", "--ref", "T-77"]
    )
    assert result.exit_code == 0 and "#T-77" in result.output
    result = runner.invoke(main, ["step", str(case_dir), "nope", "--status", "done"])
    assert result.exit_code == 2 and "Unknown step" in result.output
    result = runner.invoke(main, ["deadline", str(case_dir)])
    assert result.exit_code == 0
