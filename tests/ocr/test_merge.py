"""Overlapping screenshots of one scrolling chat become one conversation, each message once.

Real rendered screenshots (benchmarks/synth) through the real OCR and ``ocr_evidence``. These
conversations each broke the merge once: QQ's sender names above bubbles (read as messages of
their own, differently in each shot), two bubbles of one sender read as one message in one shot
and as two in the next, WhatsApp's in-bubble times, and a message cut by the bottom of one shot
and shown whole in the next.
"""

from __future__ import annotations

import pytest

from victimkit.intake.files import import_files
from victimkit.ocr.layout import merge_messages
from victimkit.ocr.run import messages_json, ocr_evidence

pytestmark = pytest.mark.ocr

CONVERSATIONS = [
    (1010, "qq", False),  # 3 shots, sender names
    (1017, "wechat", True),  # 2 shots, two bubbles of one sender one after the other
    (1005, "whatsapp", True),  # 2 shots, in-bubble times
    (1009, "wechat", True),  # 3 shots, a message cut by the bottom of the first
]


def truth_messages(shots) -> list[tuple[str, str]]:
    seen: dict[int, tuple[str, str]] = {}
    for shot in shots:
        for m in shot.messages:
            direction = {"self": "outgoing", "other": "incoming"}.get(m["speaker"], "system")
            seen.setdefault(m["message_no"], (direction, "".join(m["text"].split())))
    return list(seen.values())


@pytest.fixture(scope="module")
def conversations(tmp_path_factory):
    from benchmarks.synth.chat import render_chat

    return [render_chat(seed, app=app, dark=dark) for seed, app, dark in CONVERSATIONS]


def test_overlapping_screenshots_are_stored_once_each(store, conversations, tmp_path):
    paths = []
    for shots in conversations:
        assert len(shots) >= 2
        paths += [s.save(tmp_path / "phone") for s in shots]
    assert len(import_files(store, paths).new_ids) == len(paths)
    ocr_evidence(store, jobs=1)
    got = messages_json(store)
    want = [m for shots in conversations for m in truth_messages(shots)]
    assert len(want) == 74  # 21 + 14 + 16 + 23 distinct messages
    assert len(got) == 74
    assert [m["direction"] for m in got] == [d for d, _t in want]
    # texts: the same messages, in the conversation's order (an OCR slip aside)
    same = sum(
        "".join(g["text"].split()).lower() == t.lower()
        for g, (_d, t) in zip(got, want, strict=True)
    )
    assert same >= 0.85 * len(want)


def test_merge_replaces_a_message_cut_by_the_bottom_with_the_whole_one():
    a = [("other", "你好"), ("self", "我要报警了"), ("other", "验证完成后资金会在")]
    b = [("self", "我要报警了"), ("other", "验证完成后资金会在24小时内原路退回"), ("self", "好")]
    c = [("other", "验证完成后资金会在24小时内原路退回"), ("self", "好"), ("other", "新的")]
    assert merge_messages([a, b, c]) == [[0, 1], [1, 2], [2]]
    # unless the first shot's messages are stored already: then the cut one stays
    assert merge_messages([a, b, c], stored=[True, False, False]) == [[0, 1, 2], [2], [2]]


def test_merge_a_bubble_read_as_two_messages_in_one_shot_and_one_in_the_next():
    a = [("other", "你好"), ("other", "账户：6226"), ("other", "户名：刘建国"), ("self", "收到")]
    b = [("other", "账户：6226户名：刘建国"), ("self", "收到"), ("other", "新的一条消息")]
    assert merge_messages([a, b]) == [[0, 1, 2, 3], [2]]
    assert merge_messages([b[:2], [*a[1:], ("other", "新的一条消息")]]) == [[0, 1], [3]]


def test_merge_a_stray_line_read_as_a_message_in_one_shot_only():
    a = [("other", "陈先生"), ("other", "请不要告诉任何人"), ("other", "明天上午十点前")]
    b = [
        ("other", "请不要告诉任何人"),
        ("other", "陈先生"),
        ("other", "明天上午十点前"),
        ("self", "好"),
    ]
    assert merge_messages([a, b]) == [[0, 1, 2], [3]]


def test_letter_avatars_stay_ocr_lines_and_never_become_messages(store, tmp_path):
    """Two overlapping screenshots of a chat with the demo's letter avatars ("客"/"我"), through
    the real OCR and ``ocr_evidence``: the messages are stored once each, none is an avatar's
    letter, and every letter is kept in the OCR record, tagged, without speaker or message."""
    from tests.ocr.test_layout import LETTER_CHAT, render_letter_chat
    from victimkit.ocr.run import ocr_json

    paths = []
    for k, part in enumerate((LETTER_CHAT[:6], LETTER_CHAT[3:])):
        im, drawn = render_letter_chat(part, style="square")
        assert len(drawn) == len(part)
        paths.append(tmp_path / f"Screenshot_20241014-2250{k}0_Chat.png")
        im.save(paths[-1])
    ids = import_files(store, paths).new_ids
    ocr_evidence(store, jobs=1)
    got = [(m["direction"], "".join(m["text"].split())) for m in messages_json(store)]
    directions = {"self": "outgoing", "other": "incoming", "time": "system"}
    want = [(directions[who], "".join(t.split())) for who, t in LETTER_CHAT]
    assert [d for d, _t in got] == [d for d, _t in want]
    assert not [t for _d, t in got if t in ("客", "我")]
    for ev_id in ids:
        lines = ocr_json(store, ev_id)["lines"]
        avatars = [ln for ln in lines if ln["text"] in ("客", "我")]
        assert len(avatars) >= 4
        assert all(ln["speaker"] is None for ln in avatars)
