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


# ------------------------------------------------------------------ letter avatars
# Chat apps draw letter avatars: the demo's "客"/"我" squares (WeChat-like), Telegram's round
# initials ("JD"). The OCR reads the letters; they must stay OCR lines (tagged "avatar") and
# never become a message or anyone's text. Short messages ("好", "OK") stay messages.

LETTER_CHAT = [
    ("time", "10月14日 22:50"),
    ("other", "您好，我是官方客服，您的账户存在异常"),
    ("self", "好"),
    ("other", "请先下载QQ加我，我一步步教您操作"),
    ("self", "OK"),
    ("other", "收款人：李建明，账号 6222 0212 3456"),
    ("self", "已经转了5000，什么时候退回？"),
    ("other", "系统显示还差8000元才能解冻"),
    ("self", "我要报警了"),
]


def render_letter_chat(
    messages, *, style: str = "square", dark: bool = False, size=(720, 1480), letters=None
):
    """A chat screenshot with letter avatars beside the bubbles. ``style``: "square" (the demo's
    WeChat-like rounded squares with one character) or "round" (Telegram's circles with two
    initials). Returns (image, [(speaker, text)] of the messages drawn)."""
    from PIL import Image, ImageDraw

    from benchmarks.synth.common import font, wrap

    w, h = size
    bg = (24, 24, 24) if dark else (237, 237, 237)
    fg = (230, 230, 230) if dark else (20, 20, 20)
    other_bg = (44, 44, 44) if dark else (255, 255, 255)
    self_bg = (41, 130, 80) if dark else (149, 236, 105)
    letters = letters or ({"other": "客", "self": "我"} if style == "square" else {})
    letters = {"other": "JD", "self": "ME", **letters}
    im = Image.new("RGB", (w, h), bg)
    d = ImageDraw.Draw(im)
    d.text((28, 14), "22:51", font=font(26, bold=True), fill=fg)
    d.text((w - 130, 14), "5G  87%", font=font(24), fill=fg)
    d.rectangle((0, 60, w, 150), fill=(30, 30, 30) if dark else (247, 247, 247))
    d.text((w // 2, 105), "官方客服-小王", font=font(32, bold=True), fill=fg, anchor="mm")
    y, f, av, drawn = 190, font(30), 70, []
    for who, text in messages:
        if who == "time":
            d.text((w // 2, y), text, font=font(24), fill=(150, 150, 150), anchor="mm")
            drawn.append(("system", text))
            y += 60
            continue
        lines = wrap(text, f, 440)
        bw = int(max(f.getlength(line) for line in lines)) + 40
        bh = len(lines) * 44 + 24
        if y + max(bh, av) > h - 130:
            break
        ax0 = 30 if who == "other" else w - 30 - av
        box = (ax0, y, ax0 + av, y + av)
        colour = (92, 140, 214) if who == "other" else (214, 120, 92)
        if style == "square":
            d.rounded_rectangle(box, 8, fill=colour)
            af = font(30, bold=True)
        else:
            d.ellipse(box, fill=colour)
            af = font(26, bold=True)
        d.text((ax0 + av // 2, y + av // 2), letters[who], font=af, fill="white", anchor="mm")
        x0 = ax0 + av + 20 if who == "other" else ax0 - 20 - bw
        d.rounded_rectangle(
            (x0, y, x0 + bw, y + bh), 10, fill=self_bg if who == "self" else other_bg
        )
        for n, line in enumerate(lines):
            d.text((x0 + 20, y + 12 + n * 44), line, font=f, fill=fg)
        drawn.append((who, text))
        y += max(bh, av) + 34
    d.rectangle((0, h - 110, w, h), fill=(30, 30, 30) if dark else (247, 247, 247))
    return im, drawn


@pytest.mark.parametrize(
    ("style", "dark"), [("square", False), ("square", True), ("round", False), ("round", True)]
)
def test_letter_avatars_are_not_messages(rapid, style, dark):
    im, drawn = render_letter_chat(LETTER_CHAT, style=style, dark=dark)
    image = np.asarray(im)
    layout = analyse(image, rapid.recognise(image))
    assert layout.kind == "chat"
    avatars = [ln for ln in layout.lines if ln.tag == "avatar"]
    # the OCR record keeps every avatar's letters, as a line without speaker or message
    assert len(avatars) == len(drawn) - 1  # one avatar beside each bubble
    assert all(ln.speaker is None and ln.message_no is None for ln in avatars)
    assert {"".join(ln.text.split()).upper() for ln in avatars} <= (
        {"客", "我"} if style == "square" else {"JD", "ME"}
    )
    got = [(m.speaker, "".join(m.text.split())) for m in layout.messages]
    want = [(sp, "".join(t.split())) for sp, t in drawn]
    assert [sp for sp, _t in got] == [sp for sp, _t in want]
    assert ("self", "好") in got and ("self", "OK") in got  # short messages stay messages
    assert sum(g == t for g, t in zip(got, want, strict=True)) >= len(want) - 1


def test_a_short_reply_beside_a_letter_avatar_stays_a_message(rapid):
    # "好" and "OK" are as short as initials, in a square-ish bubble next to an avatar: messages
    im, _drawn = render_letter_chat(
        [("other", "您好"), ("self", "好"), ("other", "OK"), ("self", "嗯")], style="square"
    )
    image = np.asarray(im)
    layout = analyse(image, rapid.recognise(image))
    texts = [(m.speaker, m.text.strip()) for m in layout.messages]
    assert texts == [("other", "您好"), ("self", "好"), ("other", "OK"), ("self", "嗯")]
    assert [ln.text for ln in layout.lines if ln.tag == "avatar"] == ["客", "我", "客", "我"]


@pytest.mark.parametrize(
    ("name", "speakers"),
    [
        (
            "Screenshot_20241014-230215_Chat.png",
            ["system", "other", "self", "other", "other", "self"],
        ),
        (
            "Screenshot_20241014-234012_Chat.png",
            ["system", "other", "other", "self", "other", "self"],
        ),
    ],
)
def test_the_demo_chat_has_no_avatar_messages(rapid, name, speakers):
    from pathlib import Path

    from PIL import Image

    demo = Path(__file__).resolve().parents[2] / "resources" / "demo"
    image = np.asarray(Image.open(demo / name).convert("RGB"))
    layout = analyse(image, rapid.recognise(image))
    assert layout.kind == "chat"
    assert [m.speaker for m in layout.messages] == speakers
    assert all(len(m.text) > 2 for m in layout.messages)
    avatars = sorted(ln.text for ln in layout.lines if ln.tag == "avatar")
    assert avatars == ["客", "客", "客", "我", "我"]


@pytest.mark.parametrize(
    "name",
    [
        "Screenshot_20241014-233612_Alipay.png",  # a round "转" icon and label/value rows
        "Screenshot_20241014-230530_QQ.png",  # a profile: a big "客" avatar, one wide button
    ],
)
def test_demo_pages_with_a_letter_icon_are_not_chats(rapid, name):
    """An icon or avatar with a character in it is not a chat bubble: these pages were read as
    chats ("me: 李建明", "other party: 收款人") before."""
    from pathlib import Path

    from PIL import Image

    demo = Path(__file__).resolve().parents[2] / "resources" / "demo"
    image = np.asarray(Image.open(demo / name).convert("RGB"))
    layout = analyse(image, rapid.recognise(image))
    assert layout.kind == "page"
    assert layout.messages == [] and all(ln.speaker is None for ln in layout.lines)
