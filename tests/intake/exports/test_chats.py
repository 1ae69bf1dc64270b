"""Chat exports: counts, senders, directions, times (with their zone), media and system lines."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.intake.exports.conftest import read


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


# ------------------------------------------------------------------------ WhatsApp
def test_whatsapp_android_en_group_with_system_lines_media_and_multiline():
    p = read("whatsapp_android_en.txt", me="Anna Schmidt", expect="whatsapp_txt")
    assert len(p.messages) == 12
    system = [m for m in p.messages if m.is_system]
    assert [m.text for m in system][1:] == [
        'Li Wei created group "Crypto Profit 💰 VIP"',
        "Li Wei added you",
        "Li Wei left",
    ]
    assert "end-to-end encrypted" in system[0].text
    assert all(m.direction == "system" and m.sender == "" for m in system)
    step = p.messages[5]
    assert (
        step.text == "Step 1: download the app\nStep 2: deposit 500 USDT\nStep 3: wait for profit"
    )
    assert step.source_ref == "line 6"
    assert step.sent_at == utc(2024, 1, 13, 13, 40)  # 21:40 in Asia/Shanghai
    assert step.timezone == "Asia/Shanghai"
    assert p.messages[6].attachment == "<Media omitted>" and p.messages[6].text == ""
    assert p.messages[7].attachment == "IMG-20240113-WA0007.jpg"
    assert p.messages[7].text == "Screenshot of my profit"
    assert p.messages[8].sender == "+44 7700 900123"
    anna = [m for m in p.messages if m.sender == "Anna Schmidt"]
    assert anna and all(m.direction == "outgoing" for m in anna)
    assert all(m.direction == "incoming" for m in p.messages if m.sender == "Li Wei")
    assert p.participants == ["Li Wei", "Anna Schmidt", "+44 7700 900123"]
    assert p.problems == []


def test_whatsapp_without_me_marks_everything_received_and_asks():
    p = read("whatsapp_android_en.txt")
    assert {m.direction for m in p.messages} == {"incoming", "system"}
    assert any("--me" in problem for problem in p.problems)


def test_whatsapp_ios_12h_with_invisible_marks():
    p = read("whatsapp_ios_en.txt", me="Mary Jones", timezone="America/New_York")
    assert len(p.messages) == 7
    assert p.messages[0].is_system and p.messages[0].sender == ""
    assert p.messages[1].sender == "Kevin"
    assert p.messages[1].sent_at == utc(2024, 1, 16, 2, 5, 40)  # 9:05:40 PM EST
    assert p.messages[3].attachment == "image omitted"
    assert p.messages[4].attachment == "00000012-PHOTO-2024-01-15-21-07-00.jpg"
    assert p.messages[5].sent_at == utc(2024, 1, 16, 5, 1, 9)  # 12:01:09 AM is just after midnight
    assert p.messages[5].text == "Send the fee today,\nor your account is frozen."
    assert p.messages[6].direction == "outgoing"
    assert p.messages[5].timezone == "America/New_York"


@pytest.mark.parametrize(
    ("name", "count", "first_sender", "first_utc", "media"),
    [
        (
            "whatsapp_android_de.txt",
            5,
            "Thomas Müller",
            utc(2024, 2, 3, 6, 1),
            "<Medien ausgelassen>",
        ),
        ("whatsapp_android_fr.txt", 4, "Julien", utc(2024, 3, 5, 10, 21), "<Médias omis>"),
        ("whatsapp_android_es.txt", 6, "Carlos", utc(2024, 4, 7, 13, 6), "<Multimedia omitido>"),
        ("whatsapp_android_ja.txt", 4, "佐藤", utc(2024, 5, 1, 2, 1), "<メディアなし>"),
        ("whatsapp_android_zh.txt", 4, "王客服", utc(2024, 6, 1, 1, 1), None),
        ("whatsapp_ios_fi.txt", 3, "Matti", utc(2024, 7, 1, 0, 5), None),
        ("whatsapp_android_ar.txt", 3, "أحمد", utc(2024, 8, 15, 1, 6), None),
    ],
)
def test_whatsapp_locales(name, count, first_sender, first_utc, media):
    p = read(name, expect="whatsapp_txt")
    assert len(p.messages) == count
    first = next(m for m in p.messages if not m.is_system)
    assert first.sender == first_sender
    assert first.sent_at == first_utc
    if media:
        assert any(m.attachment == media for m in p.messages)
    if name != "whatsapp_ios_fi.txt":
        assert p.messages[0].is_system  # the encryption notice, in its language


def test_whatsapp_12h_markers_in_chinese_spanish_arabic():
    zh = read("whatsapp_android_zh.txt")
    assert zh.messages[2].sent_at == utc(2024, 6, 1, 5, 30)  # 下午1:30
    assert zh.messages[3].sent_at == utc(2024, 6, 1, 4, 5)  # 下午12:05 is noon
    es = read("whatsapp_android_es.txt")
    assert es.messages[3].sent_at == utc(2024, 4, 7, 16, 15)  # 12:15 a. m. is just after midnight
    ar = read("whatsapp_android_ar.txt")
    assert ar.messages[2].sent_at == utc(2024, 8, 15, 11, 30)  # ٧:٣٠ م


def test_whatsapp_month_first_decided_from_the_whole_file():
    p = read("whatsapp_android_us.txt")  # 1/13/24 can only be month/day
    assert [m.sent_at.astimezone(UTC).date().isoformat() for m in p.messages] == [
        "2024-01-05",
        "2024-01-13",
        "2024-02-01",
    ]
    es = read("whatsapp_android_es.txt")  # 20/4/24 can only be day/month
    assert es.messages[1].sent_at.date().isoformat() == "2024-04-07"
    fr = read("whatsapp_android_fr.txt")  # never beyond 12: said so
    assert any("day" in problem for problem in fr.problems)


# ------------------------------------------------------------------------ Telegram
def test_telegram_single_chat():
    p = read("telegram_single.json", me="Wang Fang", expect="telegram_json")
    assert len(p.messages) == 7
    call = p.messages[0]
    assert call.is_system and "phone call" in call.text
    assert p.messages[1].sent_at == utc(2024, 2, 1, 2, 1)
    assert p.messages[1].timezone == "UTC+08:00"  # recovered from date vs date_unixtime
    assert p.messages[2].text == "Link: https://verify-acc0unt.example within @support_bot"
    assert p.messages[3].direction == "outgoing" and p.messages[3].text == "已经转了 ¥5000"
    assert p.messages[4].attachment == "photo (not included in the export)"
    assert p.messages[5].forwarded_from == "Crypto Signals"
    assert p.messages[5].attachment == "file: contract.pdf (not included in the export)"
    assert p.messages[6].attachment.startswith("voice_message: voice_messages/")
    assert p.messages[2].source_ref == "record 3"


def test_telegram_full_export_knows_the_owner():
    p = read("telegram_full.json", expect="telegram_json")  # no --me needed
    assert len(p.messages) == 6
    assert p.problems == []
    mine = [m for m in p.messages if m.direction == "outgoing"]
    assert [m.text for m in mine] == ["已经转了 ¥5000", "ok"]
    assert p.messages[3].is_system and "Wang Fang" in p.messages[3].text
    assert p.messages[4].source_ref == "chat 2 (USDT Traders) record 2"


# -------------------------------------------------------------------------- WeChat
def test_wechat_memotrace_csv_one_to_one():
    p = read("wechat_memotrace.csv", me="张三", expect="wechat_memotrace_csv")
    assert len(p.messages) == 8
    assert p.encoding == "utf-8-sig"
    assert [m.direction for m in p.messages] == [
        "system",
        "incoming",
        "outgoing",
        "incoming",
        "incoming",
        "outgoing",
        "incoming",
        "system",
    ]
    assert p.messages[2].sender == "张三" and p.messages[2].text == "怎么赚？\n我没经验"
    assert p.messages[1].sent_at == utc(2024, 1, 15, 1, 1) and p.messages[1].timezone == "UTC+08:00"
    assert p.messages[3].text == "投资平台注册 https://tz-invest.example/reg?code=8848"
    assert p.messages[4].attachment == "[图片]"
    transfer = p.messages[5]
    assert (
        transfer.attachment == "[转账]"
        and "￥5000.00" in transfer.text
        and "保证金" in transfer.text
    )
    assert p.messages[6].attachment == "[语音]"
    assert p.messages[7].text == '"小林" 撤回了一条消息'
    # the XML cell spans several physical lines: refs are the lines where records start
    assert [m.source_ref for m in p.messages[3:6]] == ["line 6", "line 15", "line 16"]


def test_wechat_memotrace_csv_group_names_senders():
    p = read("wechat_memotrace_group.csv")
    assert [m.sender for m in p.messages] == ["导师Amy", "我", "老王"]
    assert [m.direction for m in p.messages] == ["incoming", "outgoing", "incoming"]
    assert p.messages[2].attachment == "[表情包]"


def test_wechat_memotrace_txt():
    p = read("wechat_memotrace.txt", me="张三", expect="wechat_memotrace_txt")
    assert len(p.messages) == 6
    assert p.messages[0].is_system
    assert p.messages[2].sender == "张三" and p.messages[2].direction == "outgoing"
    assert p.messages[2].text == "怎么赚？\n我没经验"
    assert p.messages[3].attachment == "[图片]"
    assert "引用:小林:" in p.messages[4].text
    assert p.messages[1].sent_at == utc(2024, 1, 15, 1, 1)


def test_wechat_memotrace_html():
    p = read("wechat_memotrace.html", expect="wechat_memotrace_html")
    assert len(p.messages) == 5  # the five-minute time dividers are not messages
    assert p.messages[1].text == "怎么赚？\n我没经验 <不懂> 'test'"  # HTML and JS escapes undone
    assert p.messages[1].direction == "outgoing" and p.messages[0].direction == "incoming"
    assert p.messages[2].attachment.startswith("[图片]")
    assert p.messages[3].is_system
    assert p.messages[4].attachment == "[文件] 合同.pdf"
    assert p.messages[0].sent_at == utc(2024, 1, 15, 1, 1)


# ------------------------------------------------------------------------------ QQ
@pytest.mark.parametrize(
    ("name", "encoding"),
    [("qq_utf8bom.txt", "utf-8-sig"), ("qq_utf16le.txt", "utf-16-le"), ("qq_gbk.txt", "gb18030")],
)
def test_qq_in_each_encoding(name, encoding):
    p = read(name, me="小明", expect="qq_txt")
    assert p.encoding == encoding
    assert len(p.messages) == 5
    assert p.messages[0].sender == "刷单客服(2850012345)"
    assert p.messages[0].sent_at == utc(2024, 3, 1, 1, 15, 2)
    assert p.messages[2].attachment == "[图片]"
    assert p.messages[3].text == "先垫付 300 元\n完成后返还本金和佣金"
    assert (
        p.messages[3].sender == "刷单客服(2850012345)"
    )  # the 【管理员】 badge is not part of the name
    assert [m.direction for m in p.messages] == [
        "incoming",
        "outgoing",
        "incoming",
        "incoming",
        "outgoing",
    ]
    assert p.messages[4].source_ref == "line 22"


# ---------------------------------------------------------------- LINE, Signal, Meta
def test_line_english_quoted_multiline_and_notice():
    p = read("line_en.txt", me="Yuki", expect="line_txt")
    assert len(p.messages) == 6
    assert (
        p.messages[2].text == 'Join my platform.\nMinimum deposit 1,000 USD.\nGuaranteed "profit"'
    )
    assert p.messages[3].attachment == "[Photo]"
    assert p.messages[4].is_system and p.messages[4].text == "Ken unsent a message."
    assert p.messages[5].direction == "outgoing"
    assert p.messages[5].sent_at == utc(2024, 1, 20, 1, 0)


def test_line_japanese_12h():
    p = read("line_ja.txt", timezone="Asia/Tokyo")
    assert [m.sent_at for m in p.messages] == [
        utc(2024, 1, 19, 12, 0),
        utc(2024, 1, 19, 12, 2),
        utc(2024, 1, 19, 15, 30),
    ]
    assert p.messages[2].attachment == "[スタンプ]"


def test_signal():
    p = read("signal.txt", me="Emma", expect="signal_txt")
    assert len(p.messages) == 3
    assert p.messages[2].text == "Please confirm your seed phrase\nso we can secure the wallet."
    assert p.messages[1].direction == "outgoing"


def test_instagram_mojibake_decoded_and_sorted():
    p = read("instagram_message_1.json", me="Sophie", expect="meta_json")
    assert p.participants == ["Jürgen Kraus", "Sophie"]
    assert [m.sender for m in p.messages] == ["Jürgen Kraus", "Jürgen Kraus", "Sophie"]
    assert p.messages[0].text == "Schatz, ich brauche 2.000 € für den Zoll"
    assert p.messages[2].text == "Ok, ich überweise 😊" and p.messages[2].direction == "outgoing"
    assert p.messages[1].attachment.startswith("photos: ")
    assert p.messages[0].sent_at == utc(2024, 3, 1, 10, 58)


# ------------------------------------------------------------- not an export at all
@pytest.mark.parametrize("name", ["plain_notes.txt", "not_a_bill.csv"])
def test_other_text_is_not_an_export(data_dir, name):
    from victimkit.intake import exports

    path = data_dir / name
    assert exports.sniff(path, path.read_bytes()) is None
