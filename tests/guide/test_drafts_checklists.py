"""Drafts from case data (never inventing facts) and evidence checklists."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from click.testing import CliRunner

from victimkit.cli import main
from victimkit.guide import checklists, drafts, steps


def _loss(store):
    store.insert(
        "transactions",
        [
            {
                "occurred_at": datetime(2026, 1, 2, 3, 4, tzinfo=UTC).isoformat(),
                "amount": "-5000.00",
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


@pytest.mark.parametrize("kind", drafts.DRAFT_KINDS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_empty_case_drafts_are_placeholders_not_inventions(store, kind, lang):
    body = drafts.draft(store, kind, lang=lang)
    assert store.info().id in body or kind in ("ftc",)
    assert drafts.placeholders_left(body) >= 3
    assert "6222" not in body and "李四" not in body


def test_police_statement_uses_the_case_facts(store):
    store.update_case(victim_name="张三", victim_contact="13800000000")
    _loss(store)
    steps.confirm_scam_type(store, "cn.task_rebate")
    steps.log_action(
        store, "police_report", ref="JJ-1", occurred_at=datetime(2026, 1, 2, 5, 0, tzinfo=UTC)
    )
    body = drafts.draft(store, "police", lang="zh")
    assert "报案人：张三" in body
    assert "6222020200112233445" in body and "工商银行" in body
    assert "5000.00 CNY" in body
    assert "刷单返利类诈骗" in body
    assert "JJ-1" in body and "报案" in body
    assert "[请填写：" in body  # the narrative stays the person's to write
    en = drafts.draft(store, "ic3", lang="en")
    assert "Task / order-brushing rebate scam" in en and "Total: 5000.00 CNY" in en


def test_suggested_type_stays_a_placeholder_until_confirmed(store):
    body = drafts.draft(store, "platform", lang="en", suggested_types=["cn.impersonate_authority"])
    assert "[fill in: victimkit suggests: Impersonating police" in body


def test_unknown_draft_kind(store):
    with pytest.raises(drafts.DraftError):
        drafts.draft(store, "letter")


def test_checklist_marks_what_is_present_and_missing(store):
    items = {
        i.id: i
        for i in checklists.evidence_checklist(store, suggested_types=["cn.fake_ecommerce_cs"])
    }
    assert items["id_document"].status == checklists.IN_PERSON
    assert items["payee_accounts"].status == checklists.MISSING
    assert "call_log" in items and "remote_app" in items
    _loss(store)
    items = {
        i.id: i
        for i in checklists.evidence_checklist(store, suggested_types=["cn.fake_ecommerce_cs"])
    }
    assert items["payee_accounts"].status == checklists.PRESENT
    assert items["transfer_details"].status == checklists.PRESENT
    assert items["call_log"].status == checklists.MISSING


def test_confirmed_types_take_precedence(store):
    steps.confirm_scam_type(store, "douyin.scratch_card")
    items = {
        i.id for i in checklists.evidence_checklist(store, suggested_types=["cn.fake_ecommerce_cs"])
    }
    assert "physical_item" in items and "remote_app" not in items


def test_cli_draft_and_checklist(case_dir, store):
    _loss(store)
    store.close()
    runner = CliRunner()
    result = runner.invoke(main, ["draft", str(case_dir), "police", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "6222020200112233445" in result.output
    result = runner.invoke(main, ["checklist", str(case_dir)])
    assert result.exit_code == 0 and "[x]" in result.output


@pytest.mark.parametrize("kind", ["ic3", "ftc", "reportfraud"])
def test_english_forms_get_english_blocks_in_a_chinese_case(store, kind):
    """IC3, FTC and Report Fraud are English-language forms: for a Chinese-language case the
    blocks to paste are English (type names, labels, placeholders); the person's own facts
    (a payee's name) stay as written, and a short Chinese note comes first."""
    from victimkit.i18n import current_language, set_language

    store.update_case(victim_name="张三", victim_contact="13800000000")
    _loss(store)
    steps.confirm_scam_type(store, "cn.task_rebate")
    steps.log_action(
        store, "police_report", ref="JJ-1", occurred_at=datetime(2026, 1, 2, 5, 0, tzinfo=UTC)
    )
    before = current_language()
    set_language("zh")
    try:
        body = drafts.draft(store, kind, lang="zh")
        assert current_language() == "zh"  # the UI language is left as it was
    finally:
        set_language(before)
    note, _sep, blocks = body.partition("\n\n")
    assert "英文" in note  # the note to the person is in their language
    if kind != "reportfraud":
        assert "Task / order-brushing rebate scam" in blocks
    assert "刷单返利类诈骗" not in blocks and "请填写" not in blocks
    assert "[fill in:" in blocks
    if kind != "ftc":
        assert "李四" in blocks and "6222020200112233445" in blocks  # their own facts, as they are
        assert "reported to the police" in blocks and "报案" not in blocks
        assert "ref. JJ-1" in blocks
    if kind == "ftc":
        assert "Did you pay: yes" in blocks
