"""Chat layout: speakers, messages, status bar, merging overlapping screenshots."""

from __future__ import annotations

import numpy as np
import pytest

from victimkit.ocr.layout import analyse, merge_messages, reading_order

pytestmark = pytest.mark.ocr


def speaker_accuracy(sample, layout) -> float:
    right = total = 0
    for truth in sample.lines:
        if truth.speaker is None:
            continue
        total += 1
        cx, cy = (truth.box[0] + truth.box[2]) / 2, (truth.box[1] + truth.box[3]) / 2
        found = [
            ln
            for ln in layout.lines
            if ln.box[0] <= cx <= ln.box[2] and ln.box[1] <= cy <= ln.box[3]
        ]
        right += bool(found) and found[0].speaker == truth.speaker
    return right / total


@pytest.mark.parametrize(
    ("app", "dark"),
    [("wechat", False), ("wechat", True), ("qq", False), ("whatsapp", True), ("telegram", False)],
)
def test_speakers_in_each_app(rapid, app, dark):
    from benchmarks.synth.chat import render_chat

    sample = render_chat(31, app=app, dark=dark, shots=1, size=(720, 1600))[0]
    image = np.asarray(sample.image)
    layout = analyse(image, rapid.recognise(image))
    assert layout.kind == "chat"
    assert speaker_accuracy(sample, layout) >= 0.95
    assert layout.clock is not None and any(ln.tag == "status_bar" for ln in layout.lines)


def test_messages_match_the_truth(rapid, chat_shots):
    sample = chat_shots[-1]
    image = np.asarray(sample.image)
    layout = analyse(image, rapid.recognise(image))
    got = [(m.speaker, m.text.replace(" ", "")) for m in layout.messages]
    want = [(m["speaker"], m["text"].replace(" ", "")) for m in sample.messages]
    assert got == want
    assert layout.title == next(t.text for t in sample.lines if t.tag == "header")


def test_a_payment_page_is_not_a_chat(rapid):
    from benchmarks.synth.chat import render_simple_payment

    sample = render_simple_payment(3)
    image = np.asarray(sample.image)
    layout = analyse(image, rapid.recognise(image))
    assert layout.kind == "page"
    assert all(ln.speaker is None for ln in layout.lines)


def test_merge_drops_the_overlap_only():
    a = [("other", "你好"), ("self", "我要报警了"), ("other", "请不要告诉任何人")]
    b = [("self", "我要报警了"), ("other", "请不要告诉任何人"), ("self", "好的")]
    c = [("other", "请不要告诉任何人"), ("self", "好的"), ("other", "新的一条消息")]
    assert merge_messages([a, b, c]) == [[0, 1, 2], [2], [2]]


def test_merge_keeps_a_repeated_short_reply_that_is_not_an_overlap():
    a = [("other", "转账了吗"), ("self", "好的")]
    b = [("self", "好的"), ("other", "完全不同的内容")]
    # one short message in common is too little evidence of an overlap
    assert merge_messages([a, b]) == [[0, 1], [0, 1]]


def test_merge_a_message_cut_by_the_top_of_the_screen():
    a = [("other", "您的提现失败了，需要缴纳保证金"), ("self", "为什么还要交钱？")]
    b = [("other", "需要缴纳保证金"), ("self", "为什么还要交钱？"), ("other", "最后一步")]
    assert merge_messages([a, b]) == [[0, 1], [2]]


def test_reading_order_rows_left_to_right():
    class L:
        def __init__(self, text, box):
            self.text, self.box = text, box

    lines = [L("b", (500, 10, 600, 50)), L("c", (0, 100, 100, 140)), L("a", (10, 12, 100, 48))]
    assert [ln.text for ln in reading_order(lines)] == ["a", "b", "c"]
