"""analyse_case on a real case: transactions, identifier index, timeline, show --json, CLI."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from benchmarks.synth.payment import render_payment_page
from victimkit.analysis.analyse import analyse_case, case_transactions, confirm_transaction
from victimkit.analysis.identifiers import identifier_index
from victimkit.analysis.summary import case_summary
from victimkit.analysis.timeline import add_event, build_timeline
from victimkit.cli import main
from victimkit.errors import VictimkitError
from victimkit.intake.files import import_files
from victimkit.store.case import CaseStore
from victimkit.store.verify import verify_case


def put_ocr(store: CaseStore, evidence_id: int, lines, speakers=None, message_nos=None) -> int:
    """Store OCR lines for an image as the OCR stage does (here: the renderer's exact lines)."""
    [rid] = store.insert(
        "ocr_results",
        [
            {
                "evidence_id": evidence_id,
                "engine": "ground-truth",
                "engine_version": "0",
                "model": "",
                "settings": "{}",
                "created_at": "2024-10-16T04:00:00Z",
                "text": "\n".join(t for t, _b in lines),
                "layout": "page",
            }
        ],
        action="ocr_done",
    )
    store.insert(
        "ocr_lines",
        [
            {
                "ocr_result_id": rid,
                "evidence_id": evidence_id,
                "line_no": i,
                "text": text,
                "x0": box[0],
                "y0": box[1],
                "x1": box[2],
                "y1": box[3],
                "confidence": 0.98,
                "speaker": (speakers or {}).get(i),
                "tag": None,
                "message_no": (message_nos or {}).get(i),
            }
            for i, (text, box) in enumerate(lines)
        ],
        action="ocr_done",
    )
    return rid


def add_page(store: CaseStore, tmp_path: Path, kind: str, seed: int):
    image, truth, lines = render_payment_page(kind, seed)
    path = tmp_path / "phone" / f"{kind}_{seed}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path)
    [eid] = import_files(store, [path]).new_ids
    put_ocr(store, eid, lines)
    return eid, truth


@pytest.fixture
def library(tmp_path):
    root = tmp_path / "cases"
    stores = []

    def make(name: str, **kw) -> CaseStore:
        s = CaseStore.create(root / name, title=name, timezone="Asia/Shanghai", **kw)
        stores.append(s)
        return s

    yield make
    for s in stores:
        s.close()


def test_transactions_from_screenshots_are_stored_with_their_boxes(library, tmp_path):
    store = library("a")
    eid, truth = add_page(store, tmp_path, "bank_receipt", 1)
    report = analyse_case(store)
    assert report.analysed == [eid] and len(report.transactions) == 1
    [tx] = case_transactions(store)
    assert tx["origin"] == "ocr" and tx["evidence_id"] == eid
    assert tx["amount"] == truth["amount"]
    assert tx["payee_account"] == truth["payee_account"]
    fields = json.loads(tx["fields"])
    assert fields["payee_account"]["line_ids"] and len(fields["payee_account"]["box"]) == 4
    # a second run finds nothing new, and nothing is duplicated
    assert analyse_case(store).analysed == []
    assert len(case_transactions(store)) == 1
    assert verify_case(store.root).ok


def test_show_json_keys_and_export_rows(library, tmp_path):
    store = library("a")
    eid, truth = add_page(store, tmp_path, "alipay_transfer", 2)
    analyse_case(store)
    # a row from a bill export (written by the export parsers) is listed too
    store.insert(
        "transactions",
        [{"evidence_id": eid, "occurred_at": "2024-10-14T15:35:05Z", "amount": "-1130", "currency": "CNY", "direction": "out", "status": "success", "payee_name": "张三", "payee_account": "6222021234567890128", "payment_method": "余额", "order_number": "X1", "origin": "export", "fields": "{}", "is_loss": 1}],
        action="bill_imported",
    )  # fmt: skip
    summary = case_summary(store)
    txs = summary["transactions"]
    assert {t["origin"] for t in txs} == {"ocr", "export"}
    for t in txs:
        assert set(t) >= {
            "id",
            "evidence_id",
            "occurred_at",
            "amount",
            "currency",
            "direction",
            "status",
            "payee_name",
            "payee_account",
            "payment_method",
            "order_number",
            "confirmed",
        }
        assert t["confirmed"] is False
    assert [t["amount"] for t in txs if t["origin"] == "export"] == ["-1130.00"]
    ids = {(i["kind"], i["value"]): i for i in summary["identifiers"]}
    assert ids[("bank_card", "6222021234567890128")]["role"] == "payee"
    assert ids[("payee_name", truth["payee_name"])]["role"] == "payee"
    assert all(set(i) >= {"kind", "value", "role", "evidence_ids"} for i in summary["identifiers"])
    assert all(
        set(e) >= {"occurred_at", "time_source", "description", "evidence_id"}
        for e in summary["events"]
    )
    assert json.dumps(summary, ensure_ascii=False)


def test_victim_card_apart_from_payee(library, tmp_path):
    store = library("a")
    _eid, truth = add_page(store, tmp_path, "bank_receipt", 1)
    analyse_case(store)
    roles = {(e.kind, e.value): e.role for e in identifier_index(store)}
    assert roles[("card_tail", truth["card_tail"])] == "victim"
    assert roles[("bank_card", truth["payee_account"])] == "payee"


def test_chat_lines_of_the_other_party_are_suspect_identifiers(library, tmp_path, shot):
    store = library("a", victim_contact="13900001111")
    [eid] = import_files(store, [shot(["x"])]).new_ids
    lines = [
        ("加我微信 kefu_8899，或打 17612345678", (40, 300, 800, 340)),
        ("我的电话 13900001111", (300, 400, 1000, 440)),
        ("身份证 11010519491231002X", (40, 500, 800, 540)),
    ]
    put_ocr(store, eid, lines, speakers={0: "other", 1: "self", 2: "other"})
    analyse_case(store)
    index = {(e.kind, e.value): e for e in identifier_index(store)}
    assert index[("wechat_id", "kefu_8899")].role == "suspect"
    assert index[("phone", "+8617612345678")].role == "suspect"
    assert index[("phone", "+8613900001111")].role == "victim"
    rid = index[("resident_id", "11010519491231002X")]
    assert rid.sensitive and rid.json()["masked"] == "110105********002X"
    assert rid.evidence_ids == [eid]


def test_messages_from_exports_are_analysed(library, tmp_path, shot):
    store = library("a")
    [eid] = import_files(store, [shot(["chat"])]).new_ids
    store.insert(
        "messages",
        [
            {"evidence_id": eid, "seq": 1, "sender": "客服小王", "sent_at": "2024-10-14T12:00:00Z", "text": "您好，我是客服", "direction": "incoming", "is_system": 0, "origin": "export"},
            {"evidence_id": eid, "seq": 2, "sender": "客服小王", "sent_at": "2024-10-14T12:05:00Z", "text": "请转账到 6222021234567890128，共5000元", "direction": "incoming", "is_system": 0, "origin": "export"},
            {"evidence_id": eid, "seq": 3, "sender": "我", "sent_at": "2024-10-14T12:06:00Z", "text": "好的", "direction": "outgoing", "is_system": 0, "origin": "export"},
            {"evidence_id": eid, "seq": 4, "sender": "我", "sent_at": "2024-10-14T12:30:00Z", "text": "转好了", "direction": "outgoing", "is_system": 0, "origin": "export"},
        ],
        action="chat_imported",
    )  # fmt: skip
    analyse_case(store)
    card = next(e for e in identifier_index(store) if e.kind == "bank_card")
    assert card.role == "suspect" and card.first_seen == "2024-10-14T12:05:00Z"
    events = [e for e in build_timeline(store) if e.kind == "message"]
    assert [e.occurred_at for e in events] == [
        "2024-10-14T12:00:00Z",
        "2024-10-14T12:05:00Z",
        "2024-10-14T12:30:00Z",
    ]
    assert {e.time_source for e in events} == {"chat_export"}
    # a new message later is analysed without redoing the earlier ones
    store.insert("messages", [{"evidence_id": eid, "seq": 5, "sender": "客服小王", "sent_at": "2024-10-14T13:00:00Z", "text": "加QQ 123456789", "direction": "incoming", "is_system": 0, "origin": "export"}], action="chat_imported")  # fmt: skip
    assert analyse_case(store).entities == 1


def test_timeline_in_order_with_time_sources(library, tmp_path):
    store = library("a")
    eid, _truth = add_page(store, tmp_path, "wechat_bill", 3)
    analyse_case(store)
    add_event(store, datetime(2020, 1, 2, 9, 30), "第一次接到“客服”电话", evidence_id=eid)
    events = build_timeline(store)
    assert [e.occurred_at for e in events] == sorted(e.occurred_at for e in events)
    assert events[0].time_source == "person" and events[0].occurred_at == "2020-01-02T01:30:00Z"
    sources = {e.kind: e.time_source for e in events}
    assert sources["transaction"] == "receipt"
    assert sources["capture"] in ("file_metadata", "in_image")
    with pytest.raises(VictimkitError):
        add_event(store, datetime(2020, 1, 2), "  ")


def test_confirm_and_correct_keeps_the_first_reading(library, tmp_path):
    store = library("a")
    add_page(store, tmp_path, "wechat_transfer", 1)
    analyse_case(store)
    [tx] = case_transactions(store)
    confirm_transaction(store, tx["id"], field="amount", value="-1,200")
    [now] = case_transactions(store)
    assert now["amount"] == "-1200.00" and now["confirmed"] is True and now["direction"] == "out"
    assert store.db["transactions"].get(tx["id"])["amount"] == tx["amount"]  # first value stays
    with pytest.raises(VictimkitError):
        confirm_transaction(store, tx["id"], field="amount", value="lots")
    with pytest.raises(VictimkitError):
        confirm_transaction(store, 999)
    assert verify_case(store.root).ok


def test_identifier_in_a_sibling_case_is_linked(library, tmp_path):
    a = library("a")
    b = library("b")
    library("c")  # a third case without the identifier
    _e, truth = add_page(a, tmp_path, "bank_receipt", 5)
    add_page(b, tmp_path / "other", "bank_receipt", 5)
    analyse_case(a)
    analyse_case(b)
    card = next(
        e
        for e in identifier_index(a)
        if e.kind == "bank_card" and e.value == truth["payee_account"]
    )
    assert [c["title"] for c in card.linked_cases] == ["b"]
    assert card.linked_cases[0]["case_id"] == b.info().id


def test_newer_ocr_result_supersedes_older_facts(library, tmp_path):
    store = library("a")
    eid, _truth = add_page(store, tmp_path, "alipay_bill", 6)
    analyse_case(store)
    _image, _truth, lines = render_payment_page("alipay_bill", 6)
    put_ocr(store, eid, lines)  # re-OCR (another engine, say)
    assert analyse_case(store).analysed == [eid]
    assert len(case_transactions(store)) == 1
    assert store.db["transactions"].count == 2  # the first reading stays in the table


def test_cli_analyse_confirm_event_and_show(library, tmp_path):
    store = library("a")
    add_page(store, tmp_path, "taobao_order", 1)
    root = str(store.root)
    store.close()
    runner = CliRunner()
    r = runner.invoke(main, ["analyse", root])
    assert r.exit_code == 0, r.output
    assert "1 new transaction(s)" in r.output
    shown = json.loads(runner.invoke(main, ["show", "--json", root]).output)
    tid = shown["transactions"][0]["id"]
    assert (
        runner.invoke(
            main,
            [
                "confirm",
                root,
                "transaction",
                str(tid),
                "--field",
                "payee_name",
                "--value",
                "某某店",
            ],
        ).exit_code
        == 0
    )
    assert (
        runner.invoke(
            main, ["event", root, "--at", "2024-10-14T15:20", "--text", "报警 110"]
        ).exit_code
        == 0
    )
    shown = json.loads(runner.invoke(main, ["show", "--json", root]).output)
    assert (
        shown["transactions"][0]["confirmed"] is True
        and shown["transactions"][0]["payee_name"] == "某某店"
    )
    assert any(
        e["time_source"] == "person" and e["description"] == "报警 110" for e in shown["events"]
    )
    bad = runner.invoke(main, ["confirm", root, "transaction", "99"])
    assert bad.exit_code != 0 and "no transaction 99" in bad.output


def test_wrapped_chat_message_is_read_as_one_text(library, shot):
    store = library("a")
    [eid] = import_files(store, [shot(["x"])]).new_ids
    put_ocr(
        store,
        eid,
        [
            ("账户：62220212345678", (40, 300, 700, 340)),
            ("90128，户名：刘建国", (40, 350, 500, 390)),
            ("好的", (800, 450, 900, 490)),
        ],
        speakers={0: "other", 1: "other", 2: "self"},
        message_nos={0: 0, 1: 0, 2: 1},  # the OCR's chat layout: both lines are one bubble
    )
    analyse_case(store)
    ents = [e for e in store.current_rows("entities") if e["kind"] == "bank_card"]
    assert [e["value"] for e in ents] == ["6222021234567890128"]
    assert ents[0]["role"] == "suspect"
    # the box covers both lines
    assert ents[0]["y0"] == 300 and ents[0]["y1"] == 390
    assert verify_case(store.root).ok


def test_the_same_payment_from_an_export_and_a_screenshot_is_marked_duplicate(library, tmp_path):
    store = library("a")
    eid, truth = add_page(store, tmp_path, "wechat_bill", 5)
    analyse_case(store)
    [ocr_tx] = case_transactions(store)
    store.insert(
        "transactions",
        [{"evidence_id": eid, "occurred_at": ocr_tx["occurred_at"], "amount": truth["amount"], "currency": "CNY", "direction": "out", "order_number": truth["order_number"], "origin": "export", "fields": "{}", "is_loss": 1}],
        action="bill_imported",
    )  # fmt: skip
    rows = {t["origin"]: t for t in case_summary(store)["transactions"]}
    assert rows["export"]["duplicate_of"] is None
    assert rows["ocr"]["duplicate_of"] == rows["export"]["id"]


def test_times_shown_in_a_chat_screenshot_are_resolved_and_on_the_timeline(library, shot):
    store = library("a")
    # captured Wednesday 16 October 2024 (the file name gives the capture time)
    [eid] = import_files(store, [shot(["x"], name="Screenshot_20241016-120000.png")]).new_ids
    put_ocr(
        store,
        eid,
        [
            ("昨天 14:20", (450, 200, 630, 240)),
            ("您好，我是客服", (40, 300, 600, 340)),
            ("星期一 09:10", (430, 400, 650, 440)),
        ],
        speakers={0: "system", 1: "other", 2: "system"},
    )
    analyse_case(store)
    times = sorted(
        (e["text"], json.loads(e["extra"])["local"], json.loads(e["extra"])["time_source"])
        for e in store.current_rows("entities")
        if e["kind"] == "time"
    )
    assert store.evidence(eid).captured_at_source == "filename"
    assert times == [
        ("星期一 09:10", "2024-10-14T09:10:00+08:00", "in_image"),
        ("昨天 14:20", "2024-10-15T14:20:00+08:00", "in_image"),
    ]
    events = [e for e in build_timeline(store) if e.kind == "screenshot_times"]
    assert len(events) == 1 and events[0].time_source == "in_image" and events[0].evidence_id == eid


@pytest.mark.slow
@pytest.mark.ocr
def test_real_screenshots_through_the_real_ocr(library, tmp_path):
    """Rendered payment pages through victimkit's OCR, then analysis: the fields come out right."""
    from victimkit.ocr.run import ocr_evidence

    store = library("a")
    truths = {}
    for kind, seed in (("alipay_bill", 21), ("bank_receipt", 22), ("jd_order", 23)):
        image, truth, _lines = render_payment_page(kind, seed)
        path = tmp_path / "phone" / f"{kind}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        image.save(path)
        [eid] = import_files(store, [path]).new_ids
        truths[eid] = truth
    list(ocr_evidence(store, list(truths), engine="rapidocr") or [])
    analyse_case(store)
    txs = {t["evidence_id"]: t for t in case_summary(store)["transactions"]}
    assert set(txs) == set(truths)
    for eid, truth in truths.items():
        t = txs[eid]
        assert (t["amount"], t["order_number"], t["payee_name"]) == (
            truth["amount"],
            truth["order_number"],
            truth["payee_name"],
        ), truth["kind"]
        assert t["occurred_at"] is not None and t["confirmed"] is False


def test_joining_wrapped_lines():
    from victimkit.analysis.analyse import join_block

    assert (
        join_block(["Visit https://secure-172.top", "to verify"])[0]
        == "Visit https://secure-172.top to verify"
    )
    assert join_block(["https://secure-", "172.top/login"])[0] == "https://secure-172.top/login"
    assert (
        join_block(["账户：62220212345678", "90128，户名"])[0] == "账户：6222021234567890128，户名"
    )
    text, spans = join_block(["I paid 500", "dollars"])
    assert text == "I paid 500 dollars" and [text[a:b] for a, b in spans] == [
        "I paid 500",
        "dollars",
    ]
