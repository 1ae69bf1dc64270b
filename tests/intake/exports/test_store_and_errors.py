"""Through the real case store: rows point at the export file; bad files are kept with a reason."""

from __future__ import annotations

import contextlib
import json
import shutil
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.intake.exports.conftest import DATA
from victimkit.errors import EvidenceFileError
from victimkit.intake import exports
from victimkit.intake.files import import_files


def test_import_chat_and_bill_through_the_store(store, tmp_path):
    report = import_files(
        store, [DATA / "whatsapp_android_en.txt", DATA / "alipay.csv"], me="Anna Schmidt"
    )
    assert report.ok, report.rejected
    chat, bill = report.items
    assert (chat.kind, bill.kind) == ("chat_export", "bill_export")
    msgs = list(
        store.db["messages"].rows_where("evidence_id = ?", [chat.evidence_id], order_by="seq")
    )
    assert len(msgs) == 12
    assert msgs[3]["sender"] == "Li Wei" and msgs[3]["origin"] == "export"
    assert (
        msgs[5]["sent_at"] == "2024-01-13T13:40:00.000000Z"
        and msgs[5]["timezone"] == "Asia/Shanghai"
    )
    assert msgs[5]["source_ref"] == "line 6"
    assert [m["direction"] for m in msgs if m["sender"] == "Anna Schmidt"] == [
        "outgoing",
        "outgoing",
    ]
    txs = list(
        store.db["transactions"].rows_where("evidence_id = ?", [bill.evidence_id], order_by="id")
    )
    assert len(txs) == 6
    assert (
        txs[0]["amount"] == "-5000.00"
        and txs[0]["is_loss"] == 1
        and txs[0]["source_ref"] == "row 26"
    )
    assert txs[0]["occurred_at"] == "2024-01-15T02:20:31.000000Z"
    assert txs[2]["is_loss"] == 0
    audit = [
        json.loads(r["details"])
        for r in store.db["audit"].rows_where("action = ?", ["export_parsed"])
    ]
    assert {(a["table"], a["format"], a["count"]) for a in audit} == {
        ("messages", "whatsapp_txt", 12),
        ("transactions", "alipay_csv", 6),
    }
    # the export file itself is the evidence, byte for byte
    ev = store.evidence(chat.evidence_id)
    assert store.original_path(ev).read_bytes() == (DATA / "whatsapp_android_en.txt").read_bytes()


def test_store_parsed_returns_counts(store):
    parsed = exports.parse(DATA / "qq_utf8bom.txt", "qq_txt", me="小明")
    (eid,) = store.insert(
        "evidence",
        [
            {
                "sha256": "0" * 64,
                "kind": "chat_export",
                "original_name": "qq.txt",
                "source_path": "/x",
                "size": 1,
                "media_type": "text/plain",
                "ext": "txt",
                "imported_at": "2024-01-01T00:00:00Z",
                "problems": "[]",
                "meta": "{}",
            }
        ],
        action="evidence_added",
    )
    assert exports.store_parsed(store, eid, parsed) == {"messages": 5, "transactions": 0}


def test_malformed_export_is_kept_with_a_reason(store):
    report = import_files(store, [DATA / "telegram_truncated.json"])
    assert report.ok  # kept as evidence ...
    item = report.items[0]
    assert item.kind == "chat_export"
    assert any("damaged or cut short" in p for p in item.problems)  # ... with the reason
    assert store.db["messages"].count == 0


@pytest.mark.parametrize(
    ("content", "fmt", "words"),
    [
        (b'{"messages": [', "telegram_json", "damaged or cut short"),
        (b"PK\x03\x04garbage that is not a zip", "wechatpay_xlsx", "spreadsheet cannot be opened"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1broken", "ccb_xls", "spreadsheet cannot be opened"),
        ("交易时间,交易类型\n2024,x\n".encode(), "wechatpay_csv", "header row"),
        (b"\x00\x01\x02\x03" * 100, "whatsapp_txt", "encoding could not be recognised"),
        (b"hello there\n", "whatsapp_txt", "no messages or transactions"),
        (b"localId,TalkerId\n1,2\n", "wechat_memotrace_csv", "columns missing"),
    ],
)
def test_malformed_files_name_the_file_and_the_reason(tmp_path, content, fmt, words):
    path = tmp_path / "broken.bin"
    path.write_bytes(content)
    with pytest.raises(EvidenceFileError) as info:
        exports.parse(path, fmt)
    assert words in info.value.reason
    assert "broken.bin" in str(info.value)


def test_every_sample_is_recognised_from_content_not_name(tmp_path):
    """Renamed to a meaningless name, each sample is still recognised (except by-suffix XLS text)."""
    for sample in DATA.iterdir():
        if sample.suffix == ".py" or sample.name in (
            "plain_notes.txt",
            "not_a_bill.csv",
            "README.md",
        ):
            continue
        fmt = exports.sniff(sample, sample.read_bytes()[:65536])
        assert fmt, sample.name
        copy = tmp_path / ("x" + sample.suffix)
        shutil.copy(sample, copy)
        assert exports.sniff(copy, copy.read_bytes()[:65536]) == fmt
        assert exports.kind_of(fmt) in ("chat_export", "bill_export")


# ------------------------------------------------------------------- fuzz: no crash
TEXT_SAMPLES = [p for p in sorted(DATA.iterdir()) if p.suffix in (".txt", ".csv", ".json", ".html")]
FORMATS = sorted(exports.CHAT_FORMATS | exports.BILL_FORMATS)


def _mutate(data: bytes, cuts: list[int], junk: bytes) -> bytes:
    out = bytearray(data)
    for c in cuts:
        if out:
            pos = c % len(out)
            out[pos : pos + len(junk)] = junk
    return bytes(out)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    sample=st.sampled_from(TEXT_SAMPLES),
    cuts=st.lists(st.integers(min_value=0, max_value=10_000), max_size=4),
    junk=st.binary(max_size=12)
    | st.text(alphabet=string.printable + "，：\t\"'\n/-[]{}", max_size=12).map(str.encode),
    truncate=st.integers(min_value=0, max_value=10_000),
)
def test_fuzz_mutated_samples_never_crash(tmp_path, sample, cuts, junk, truncate):
    data = _mutate(sample.read_bytes(), cuts, junk)
    if truncate:
        data = data[: truncate % (len(data) + 1)]
    path = tmp_path / "fuzz.bin"
    path.write_bytes(data)
    fmt = exports.sniff(path, data[:65536])
    for f in filter(None, {fmt, exports.sniff(sample, sample.read_bytes()[:65536])}):
        with contextlib.suppress(EvidenceFileError):
            exports.parse(path, f, me="x")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=2000), fmt=st.sampled_from(FORMATS))
def test_fuzz_random_bytes_for_every_format(tmp_path, data, fmt):
    path = tmp_path / "random.bin"
    path.write_bytes(data)
    exports.sniff(path, data)
    with contextlib.suppress(EvidenceFileError):
        exports.parse(path, fmt)


def test_readme_names_a_source_for_every_sample():
    readme = (DATA / "README.md").read_text("utf-8")
    for sample in DATA.iterdir():
        if sample.suffix != ".py" and sample.name != "README.md":
            assert sample.name in readme, sample.name


def _unused(_: Path) -> None:  # keep Path imported for type hints in helpers
    return None
