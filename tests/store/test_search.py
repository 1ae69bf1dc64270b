"""Full-text search: Chinese of any length, numbers by any part, Latin words by prefix."""

from __future__ import annotations

import random

import pytest

from victimkit.store.search import fts_query, rebuild_index, search, tokenise


def add_lines(store, texts, evidence_id=None):
    from victimkit.store.audit import iso, utc_now

    if evidence_id is None:
        evidence_id = store.insert(
            "evidence",
            [
                {
                    "sha256": f"{random.getrandbits(256):064x}",
                    "kind": "image",
                    "original_name": "x.png",
                    "source_path": "/x.png",
                    "size": 1,
                    "media_type": "image/png",
                    "ext": "png",
                    "imported_at": iso(utc_now()),
                }
            ],
            action="test",
        )[0]
    (rid,) = store.insert(
        "ocr_results",
        [
            {
                "evidence_id": evidence_id,
                "engine": "rapidocr",
                "engine_version": "t",
                "model": "m",
                "settings": "{}",
                "created_at": "",
                "text": "",
                "layout": "page",
            }
        ],
        action="test",
    )
    return store.insert(
        "ocr_lines",
        [
            {
                "ocr_result_id": rid,
                "evidence_id": evidence_id,
                "line_no": i,
                "text": t,
                "x0": 0,
                "y0": 0,
                "x1": 1,
                "y1": 1,
                "confidence": 1.0,
            }
            for i, t in enumerate(texts)
        ],
        action="test",
    )


TEXTS = [
    "您好，我是抖音官方客服，您的账户存在异常",
    "账户：6228480012345678，户名：刘建国，开户行：中国农业银行",
    "请把钱转到安全账户",
    "Visit https://secure-117.top to verify your identity",
    "我刚才转了5,000元，截图发你了",
]


def test_tokenise_separates_cjk_and_digits():
    assert tokenise("请转账5000元 OK") == "请 转 账 5 0 0 0 元 ok"
    assert fts_query("转账 vip") == '"转 账" AND "vip" *'


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("钱", [2]),  # one character
        ("账户", [0, 1, 2]),  # two characters
        ("刘", [1]),
        ("农业银行", [1]),
        ("12345678", [1]),  # the end of an account number
        ("5,000", [4]),
        ("secure", [3]),
        ("SECU", [3]),  # case-insensitive prefix
        ("客服 异常", [0]),  # every word must match
        ("不存在的词", []),
    ],
)
def test_queries(store, query, expected):
    ids = add_lines(store, TEXTS)
    got = sorted(ids.index(h.row_id) for h in search(store, query))
    assert got == expected


def test_snippet_marks_the_match(store):
    add_lines(store, TEXTS)
    (hit,) = search(store, "户名")
    assert "[户名]" in hit.snippet and hit.evidence_id == 1 and hit.kind == "ocr_line"


def test_messages_are_searched_too(store):
    store.insert(
        "messages",
        [
            {
                "evidence_id": None,
                "seq": 0,
                "sender": "李经理",
                "text": "保证金交了才能解冻",
                "direction": "incoming",
                "origin": "export",
            }
        ],
        action="test",
    )
    (hit,) = search(store, "解冻")
    assert hit.kind == "message"


def test_a_correction_is_found_and_the_machine_reading_no_longer(store):
    ids = add_lines(store, ["请转账到安金账户"])
    assert search(store, "安金")
    store.correct("ocr_lines", ids[0], "text", "请转账到安全账户")
    assert not search(store, "安金")
    assert [h.row_id for h in search(store, "安全")] == ids


def test_rebuild_gives_the_same_hits(store):
    add_lines(store, TEXTS)
    before = [h.row_id for h in search(store, "账")]
    rebuild_index(store)
    assert [h.row_id for h in search(store, "账")] == before


def test_every_substring_of_chinese_text_is_found(store):
    """Measured recall: random 1-, 2-, 3- and 5-character pieces of every line are all found."""
    ids = add_lines(store, TEXTS)
    rng = random.Random(3)
    for i, text in enumerate(TEXTS):
        chinese = [c for c in text if "\u4e00" <= c <= "\u9fff"]
        runs = "".join(c if "\u4e00" <= c <= "\u9fff" else " " for c in text).split()
        for n in (1, 2, 3, 5):
            candidates = [r for r in runs if len(r) >= n]
            if not candidates or not chinese:
                continue
            run = rng.choice(candidates)
            start = rng.randrange(len(run) - n + 1)
            piece = run[start : start + n]
            assert ids[i] in [h.row_id for h in search(store, piece)], piece
