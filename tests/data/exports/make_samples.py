"""Write the sample exports in this folder, byte for byte as the real exporters write them.

Run from the repository root: ``python tests/data/exports/make_samples.py``. The files are
committed; this script documents exactly how each was made (encoding, BOM, line endings,
padding). See README.md for where each layout comes from.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
LRM = "\u200e"
NNBSP = "\u202f"


def write(name: str, text: str, encoding: str = "utf-8", newline: str = "\n") -> None:
    data = text.replace("\n", newline).encode(encoding)
    (HERE / name).write_bytes(data)


# ---------------------------------------------------------------------- WhatsApp
def whatsapp() -> None:
    write(
        "whatsapp_android_en.txt",
        "12/01/24, 09:15 - Messages and calls are end-to-end encrypted. No one outside of this chat, "
        "not even WhatsApp, can read or listen to them. Tap to learn more.\n"
        '12/01/24, 09:15 - Li Wei created group "Crypto Profit 💰 VIP"\n'
        "12/01/24, 09:16 - Li Wei added you\n"
        "12/01/24, 09:17 - Li Wei: Welcome! Our mentor makes 30% a week.\n"
        "12/01/24, 09:18 - Anna Schmidt: How do I start?\n"
        "13/01/24, 21:40 - Li Wei: Step 1: download the app\n"
        "Step 2: deposit 500 USDT\n"
        "Step 3: wait for profit\n"
        "13/01/24, 21:41 - Li Wei: <Media omitted>\n"
        "13/01/24, 21:42 - Li Wei: IMG-20240113-WA0007.jpg (file attached)\n"
        "Screenshot of my profit\n"
        "14/01/24, 08:00 - +44 7700 900123: Great results 🚀🚀\n"
        "14/01/24, 08:05 - Anna Schmidt: I sent 500 USDT to TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE\n"
        "14/01/24, 08:06 - Li Wei: This message was deleted\n"
        "14/01/24, 08:07 - Li Wei left\n",
    )
    write(
        "whatsapp_ios_en.txt",
        f"{LRM}[1/15/24, 9:05:12{NNBSP}PM] Investment Group: {LRM}Messages and calls are end-to-end encrypted. "
        "No one outside of this chat, not even WhatsApp, can read or listen to them.\n"
        f"[1/15/24, 9:05:40{NNBSP}PM] Kevin: Hi dear, did you see the new platform?\n"
        f"[1/15/24, 9:06:02{NNBSP}PM] Mary Jones: Not yet\n"
        f"{LRM}[1/15/24, 9:06:30{NNBSP}PM] Kevin: {LRM}image omitted\n"
        f"{LRM}[1/15/24, 9:07:00{NNBSP}PM] Kevin: {LRM}<attached: 00000012-PHOTO-2024-01-15-21-07-00.jpg>\n"
        f"[1/16/24, 12:01:09{NNBSP}AM] Kevin: Send the fee today,\nor your account is frozen.\n"
        f"[1/16/24, 12:30:00{NNBSP}PM] Mary Jones: OK 👍\n",
    )
    write(
        "whatsapp_android_de.txt",
        "03.02.24, 14:00 - Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt. Niemand außerhalb "
        "dieses Chats kann sie lesen oder anhören, nicht einmal WhatsApp. Tippe, um mehr zu erfahren.\n"
        "03.02.24, 14:01 - Thomas Müller: Hallo, hier ist der Kundendienst.\n"
        "03.02.24, 14:02 - Erika Mustermann: Worum geht es?\n"
        "03.02.24, 14:03 - Thomas Müller: <Medien ausgelassen>\n"
        "25.02.24, 09:30 - Thomas Müller: Bitte überweisen Sie 1.200,00 €\n",
    )
    write(
        "whatsapp_android_fr.txt",
        "05/03/2024 à 18:20 - Les messages et les appels sont chiffrés de bout en bout. Aucun tiers, "
        "pas même WhatsApp, ne peut les lire ou les écouter.\n"
        "05/03/2024 à 18:21 - Julien: Bonjour, colis en attente de paiement.\n"
        "05/03/2024 à 18:25 - Claire: Combien ?\n"
        "05/03/2024 à 18:26 - Julien: <Médias omis>\n",
    )
    write(
        "whatsapp_android_es.txt",
        "7/4/24, 9:05 p. m. - Los mensajes y las llamadas están cifrados de extremo a extremo. Nadie "
        "fuera de este chat, ni siquiera WhatsApp, puede leerlos ni escucharlos.\n"
        "7/4/24, 9:06 p. m. - Carlos: Hola, ¿recibiste el premio?\n"
        "7/4/24, 9:10 p. m. - Lucía: ¿Qué premio?\n"
        "8/4/24, 12:15 a. m. - Carlos: <Multimedia omitido>\n"
        "8/4/24, 12:20 p. m. - Carlos: Paga la tasa de 50 €\n"
        "y te lo enviamos.\n"
        "20/4/24, 10:00 a. m. - Lucía: No.\n",
    )
    write(
        "whatsapp_android_ja.txt",
        "2024/05/01 10:00 - メッセージと通話はエンドツーエンド暗号化されています。このチャットの外部の人は、"
        "WhatsAppであっても、読んだり聞いたりすることはできません。\n"
        "2024/05/01 10:01 - 佐藤: こんにちは\n"
        "2024/05/01 10:02 - 田中: <メディアなし>\n"
        "2024/05/02 23:59 - 佐藤: 明日送金してください\n",
    )
    write(
        "whatsapp_android_zh.txt",
        "2024/6/1 上午9:00 - 消息和通话已进行端到端加密。对话之外的任何人，包括 WhatsApp，都无法读取或收听。\n"
        "2024/6/1 上午9:01 - 王客服: 您好，您的快递丢失了，可以理赔\n"
        "2024/6/1 下午1:30 - 李明: 怎么理赔？\n"
        "2024/6/1 下午12:05 - 王客服: 请下载会议软件\n"
        "共享屏幕\n",
    )
    write(
        "whatsapp_ios_fi.txt",
        "[1.7.2024 klo 8.05.00] Matti: Hei, olen pankista.\n"
        "[1.7.2024 klo 8.06.10] Liisa: Mitä asia koskee?\n"
        "[2.7.2024 klo 21.30.45] Matti: Anna tunnuslukusi.\n",
    )
    digits = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
    rlm = "\u200f"

    def ar(d, mo, y, h, mi, ampm):
        return f"{str(d).translate(digits)}{rlm}/{str(mo).translate(digits)}{rlm}/{str(y).translate(digits)} {str(h).translate(digits)}:{mi.translate(digits)} {ampm}"

    write(
        "whatsapp_android_ar.txt",
        f"{ar(15, 8, 2024, 9, '05', 'ص')} - الرسائل والمكالمات مشفرة تماما بين الطرفين. لا أحد خارج هذه الدردشة يمكنه قراءتها.\n"
        f"{ar(15, 8, 2024, 9, '06', 'ص')} - أحمد: مرحبا، لقد ربحت جائزة\n"
        f"{ar(15, 8, 2024, 7, '30', 'م')} - سارة: كيف؟\n",
    )
    write(
        "whatsapp_android_us.txt",
        "1/5/24, 9:05 PM - Bob: hello\n"
        "1/13/24, 10:00 AM - Alice: hi\n"
        "2/1/24, 12:00 PM - Bob: noon\n",
        newline="\r\n",
    )


# ---------------------------------------------------------------------- Telegram
def telegram() -> None:
    single = {
        "name": "Support Team",
        "type": "personal_chat",
        "id": 5123456789,
        "messages": [
            {
                "id": 1, "type": "service", "date": "2024-02-01T10:00:00", "date_unixtime": "1706752800",
                "actor": "Support Team", "actor_id": "user5123456789", "action": "phone_call",
                "duration_seconds": 65, "text": "", "text_entities": [],
            },
            {
                "id": 2, "type": "message", "date": "2024-02-01T10:01:00", "date_unixtime": "1706752860",
                "from": "Support Team", "from_id": "user5123456789",
                "text": "Your account is blocked. Verify here: ",
                "text_entities": [{"type": "plain", "text": "Your account is blocked. Verify here: "}],
            },
            {
                "id": 3, "type": "message", "date": "2024-02-01T10:02:00", "date_unixtime": "1706752920",
                "from": "Support Team", "from_id": "user5123456789",
                "text": [
                    {"type": "bold", "text": "Link:"}, " ",
                    {"type": "link", "text": "https://verify-acc0unt.example"},
                    " within ", {"type": "mention", "text": "@support_bot"},
                ],
                "text_entities": [],
            },
            {
                "id": 4, "type": "message", "date": "2024-02-01T10:05:00", "date_unixtime": "1706753100",
                "from": "Wang Fang", "from_id": "user777000111", "text": "已经转了 ¥5000",
                "text_entities": [{"type": "plain", "text": "已经转了 ¥5000"}],
            },
            {
                "id": 5, "type": "message", "date": "2024-02-01T10:06:00", "date_unixtime": "1706753160",
                "from": "Wang Fang", "from_id": "user777000111",
                "photo": "(File not included. Change data exporting settings to download.)",
                "width": 1080, "height": 2400, "text": "", "text_entities": [],
            },
            {
                "id": 6, "type": "message", "date": "2024-02-01T10:07:00", "date_unixtime": "1706753220",
                "from": "Support Team", "from_id": "user5123456789", "forwarded_from": "Crypto Signals",
                "file": "(File not included. Change data exporting settings to download.)",
                "file_name": "contract.pdf",
                "mime_type": "application/pdf", "text": "Sign the contract", "text_entities": [],
            },
            {
                "id": 7, "type": "message", "date": "2024-02-01T10:08:00", "date_unixtime": "1706753280",
                "from": "Support Team", "from_id": "user5123456789",
                "file": "voice_messages/audio_1@01-02-2024_10-08-00.ogg", "media_type": "voice_message",
                "mime_type": "audio/ogg", "duration_seconds": 12, "text": "", "text_entities": [],
            },
        ],
    }  # fmt: skip
    (HERE / "telegram_single.json").write_text(
        json.dumps(single, ensure_ascii=False, indent=1) + "\n", "utf-8"
    )
    full = {
        "about": "Here is the data you requested.",
        "personal_information": {
            "user_id": 777000111, "first_name": "Wang", "last_name": "Fang", "phone_number": "+86 138 0000 0000",
            "username": "@wangfang", "bio": "",
        },
        "chats": {
            "about": "This page lists all chats from this export.",
            "list": [
                {"name": "Support Team", "type": "personal_chat", "id": 5123456789, "messages": single["messages"][1:4]},
                {
                    "name": "USDT Traders", "type": "private_group", "id": 4000000001,
                    "messages": [
                        {
                            "id": 10, "type": "service", "date": "2024-01-30T20:00:00", "date_unixtime": "1706616000",
                            "actor": "Kevin", "actor_id": "user123", "action": "invite_members",
                            "members": ["Wang Fang"], "text": "", "text_entities": [],
                        },
                        {
                            "id": 11, "type": "message", "date": "2024-01-30T20:01:00", "date_unixtime": "1706616060",
                            "from": "Kevin", "from_id": "user123", "text": "Deposit today, double tomorrow",
                            "text_entities": [],
                        },
                        {
                            "id": 12, "type": "message", "date": "2024-01-30T20:02:00", "date_unixtime": "1706616120",
                            "from": "Wang Fang", "from_id": "user777000111", "text": "ok", "text_entities": [],
                        },
                    ],
                },
            ],
        },
    }  # fmt: skip
    (HERE / "telegram_full.json").write_text(
        json.dumps(full, ensure_ascii=False, indent=1) + "\n", "utf-8"
    )
    (HERE / "telegram_truncated.json").write_text(
        json.dumps(single, ensure_ascii=False, indent=1)[:700], "utf-8"
    )


# ------------------------------------------------------------------------ WeChat
TRANSFER_XML = (
    '<msg>\n<appmsg appid="" sdkver="">\n<title><![CDATA[微信转账]]></title>\n<des><![CDATA[收到转账5000.00元。如需收钱，请点此升级至最新版本]]></des>\n'
    "<type>2000</type>\n<wcpayinfo>\n<paysubtype>1</paysubtype>\n<feedesc><![CDATA[￥5000.00]]></feedesc>\n"
    "<transcationid><![CDATA[1000050001202401150123456789]]></transcationid>\n<pay_memo><![CDATA[保证金]]></pay_memo>\n"
    "</wcpayinfo>\n</appmsg>\n</msg>"
)
LINK_XML = '<?xml version="1.0"?>\n<msg>\n<appmsg appid="" sdkver="0">\n<title>投资平台注册</title>\n<des>点击领取新人礼包</des>\n<type>5</type>\n<url>https://tz-invest.example/reg?code=8848</url>\n</appmsg>\n</msg>'


def wechat() -> None:
    header = ["localId", "TalkerId", "Type", "SubType", "IsSender", "CreateTime", "Status", "StrContent", "StrTime", "Remark", "NickName", "Sender"]  # fmt: skip
    rows = [
        [
            1,
            12,
            10000,
            0,
            0,
            1705280400,
            4,
            "你已添加了投资导师小林，现在可以开始聊天了。",
            "2024-01-15 09:00:00",
        ],
        [2, 12, 1, 0, 0, 1705280460, 3, "你好，我是小林，带你稳赚", "2024-01-15 09:01:00"],
        [3, 12, 1, 0, 1, 1705280520, 2, "怎么赚？\n我没经验", "2024-01-15 09:02:00"],
        [4, 12, 49, 5, 0, 1705280580, 3, LINK_XML, "2024-01-15 09:03:00"],
        [
            5,
            12,
            3,
            0,
            0,
            1705280640,
            3,
            '<?xml version="1.0"?><msg><img aeskey="abc" length="2048" /></msg>',
            "2024-01-15 09:04:00",
        ],
        [6, 12, 49, 2000, 1, 1705284000, 2, TRANSFER_XML, "2024-01-15 10:00:00"],
        [
            7,
            12,
            34,
            0,
            0,
            1705284060,
            3,
            '<msg><voicemsg endflag="1" length="5000" voicelength="3000" /></msg>',
            "2024-01-15 10:01:00",
        ],
        [8, 12, 10000, 0, 0, 1705284120, 4, '"小林" 撤回了一条消息', "2024-01-15 10:02:00"],
    ]
    buf = io.StringIO(newline="")
    w = csv.writer(buf)  # MemoTrace: csv.writer, encoding utf-8-sig -> CRLF rows
    w.writerow(header)
    for r in rows:
        w.writerow(r)  # one-to-one chat: Remark, NickName, Sender are not written
    (HERE / "wechat_memotrace.csv").write_bytes(buf.getvalue().encode("utf-8-sig"))

    group = [
        [
            1,
            30,
            1,
            0,
            0,
            1705370400,
            3,
            "今天的收益截图大家看看",
            "2024-01-16 10:00:00",
            "",
            "导师Amy",
            "wxid_amy123",
        ],
        [2, 30, 1, 0, 1, 1705370460, 2, "我也想加入", "2024-01-16 10:01:00", "", "", ""],
        [
            3,
            30,
            47,
            0,
            0,
            1705370520,
            3,
            '<msg><emoji md5="x" /></msg>',
            "2024-01-16 10:02:00",
            "老王",
            "王五",
            "wxid_wang5",
        ],
    ]
    buf = io.StringIO(newline="")
    w = csv.writer(buf)
    w.writerow(header)
    for r in group:
        w.writerow(r)
    (HERE / "wechat_memotrace_group.csv").write_bytes(buf.getvalue().encode("utf-8-sig"))

    # TXT: exporter_txt.py writes f"{str_time} {name}\n{content}\n\n", system notices f"{str_time} {content}\n\n"
    txt = (
        "2024-01-15 09:00:00 你已添加了投资导师小林，现在可以开始聊天了。\n\n"
        "2024-01-15 09:01:00 小林\n你好，我是小林，带你稳赚\n\n"
        "2024-01-15 09:02:00 张三\n怎么赚？\n我没经验\n\n"
        "2024-01-15 09:04:00 小林\n[图片]\n\n"
        "2024-01-15 09:05:00 张三\n好的\n引用:小林:你好，我是小林，带你稳赚\n\n"
        "2024-01-15 10:01:00 小林\n[语音]\n\n"
    )
    (HERE / "wechat_memotrace.txt").write_bytes(txt.encode("utf-8"))

    def js(s: str) -> str:
        import html as h

        return (
            h.escape(s, quote=False)
            .replace("\\", "\\\\")
            .replace("'", r"\'")
            .replace('"', r"\"")
            .replace("\n", r"\n")
        )

    t1 = js("你好，我是小林，带你稳赚")
    t2 = js("怎么赚？\n我没经验 <不懂> 'test'")
    t3 = js('"小林" 撤回了一条消息')
    records = [
        "{ type:0, text: '2024-01-15 09:01:00',is_send:0,avatar_path:'',timestamp:1705280460},",
        f"{{ type:1, text: '{t1}',is_send:0,avatar_path:'./avatar/wxid_lin.png',timestamp:1705280460,is_chatroom:0,displayname:'小林'}},",
        f"{{ type:1, text: '{t2}',is_send:1,avatar_path:'./avatar/me.png',timestamp:1705280520,is_chatroom:0,displayname:'张三'}},",
        "{ type:3, text: './image/2024-01/abc.jpg',is_send:0,avatar_path:'./avatar/wxid_lin.png',timestamp:1705280640,is_chatroom:0,displayname:'小林'},",
        f"{{ type:0, text: '{t3}',is_send:0,avatar_path:'',timestamp:1705284120,is_chatroom:0,displayname:''}},",
        "{ type:49, text: './file/合同.pdf',is_send:0,avatar_path:'./avatar/wxid_lin.png',timestamp:1705284200\n"
        "                            ,is_chatroom:0,displayname:'小林',icon_path: './icon/pdf.png'\n"
        "                            ,sub_type:6,file_name: '合同.pdf',file_size: '20480'\n"
        "                            ,app_name: ''},",
    ]
    page = (
        '<!DOCTYPE html>\n<html lang="zh">\n<head>\n<meta charset="UTF-8">\n<title>小林</title>\n<style>\nbody{margin:0}\n</style>\n</head>\n'
        '<body>\n<div class="container"><p id="title">小林</p><div id="chat-container"></div></div>\n<script>\n'
        "const chatMessages = [\n"
        + "".join(records)
        + "\n];\n</script>\n<script>\nfunction renderMessages(messages){}\n</script>\n</body>\n</html>\n"
    )
    (HERE / "wechat_memotrace.html").write_bytes(page.encode("utf-8"))


# ---------------------------------------------------------------------------- QQ
def qq() -> None:
    body = (
        "消息记录（此消息记录为文本格式，不支持重新导入）\n\n"
        "================================================================\n"
        "消息分组:我的好友\n"
        "================================================================\n"
        "消息对象:刷单客服\n"
        "================================================================\n\n"
        "2024-03-01 9:15:02 刷单客服(2850012345)\n"
        "你好，兼职刷单，日结佣金\n\n"
        "2024-03-01 9:16:40 小明(10001)\n"
        "怎么做？\n\n"
        "2024-03-01 9:20:11 刷单客服(2850012345)\n"
        "[图片]\n\n"
        "2024-03-01 10:05:00 【管理员】刷单客服(2850012345)\n"
        "先垫付 300 元\n"
        "完成后返还本金和佣金\n\n"
        "2024-03-01 10:06:00 小明<xiaoming@example.com>\n"
        "好[表情]\n\n"
    )
    write("qq_utf8bom.txt", body, "utf-8-sig", "\r\n")
    write(
        "qq_utf16le.txt", body, "utf-16", "\r\n"
    )  # 'utf-16' writes the FF FE mark, as old clients did
    write("qq_gbk.txt", body.replace("【管理员】", ""), "gbk", "\r\n")


# -------------------------------------------------------------------- LINE, Signal
def line_signal_meta() -> None:
    write(
        "line_en.txt",
        "[LINE] Chat history with Ken\nSaved on: 2024/01/20 22:10\n\n"
        "2024/01/19(Fri)\n"
        "21:00\tKen\tHello, I am a trader in Singapore\n"
        "21:02\tYuki\tHi\n"
        '21:05\tKen\t"Join my platform.\nMinimum deposit 1,000 USD.\nGuaranteed ""profit"""\n'
        "21:06\tKen\t[Photo]\n"
        "21:07\t\tKen unsent a message.\n\n"
        "2024/01/20(Sat)\n"
        "09:00\tYuki\tI transferred the money\n",
        "utf-8-sig",
        "\r\n",
    )
    write(
        "line_ja.txt",
        "[LINE] 健とのトーク履歴\n保存日時：2024/01/20 22:10\n\n"
        "2024/01/19(金)\n"
        "午後9:00\t健\tこんばんは\n"
        "午後9:02\tゆき\tこんばんは\n"
        "2024/01/20(土)\n"
        "午前0:30\t健\t[スタンプ]\n",
    )
    write(
        "signal.txt",
        "[2024-02-10, 14:00] Oliver: Hi, I'm from the exchange support.\n"
        "[2024-02-10, 14:01] Emma: Hello\n"
        "[2024-02-10, 14:03] Oliver: Please confirm your seed phrase\n"
        "so we can secure the wallet.\n",
    )

    def moj(s: str) -> str:
        return s.encode("utf-8").decode("latin-1")

    insta = {
        "participants": [{"name": moj("Jürgen Kraus")}, {"name": "Sophie"}],
        "messages": [
            {"sender_name": "Sophie", "timestamp_ms": 1709290800000, "content": moj("Ok, ich überweise 😊"), "is_geoblocked_for_viewer": False},
            {"sender_name": moj("Jürgen Kraus"), "timestamp_ms": 1709290740000, "photos": [{"uri": "your_instagram_activity/messages/inbox/juergen_123/photos/1.jpg", "creation_timestamp": 1709290740}], "is_geoblocked_for_viewer": False},
            {"sender_name": moj("Jürgen Kraus"), "timestamp_ms": 1709290680000, "content": moj("Schatz, ich brauche 2.000 € für den Zoll"), "is_geoblocked_for_viewer": False},
        ],
        "title": moj("Jürgen Kraus"),
        "is_still_participant": True,
        "thread_path": "inbox/juergen_123",
        "magic_words": [],
    }  # fmt: skip
    (HERE / "instagram_message_1.json").write_text(json.dumps(insta, indent=2), "ascii")


# ------------------------------------------------------------------------- Bills
def alipay() -> None:
    # Padded cells, a TAB after order numbers, a comma after the last cell: as Alipay writes them.
    def row(cells, widths):
        return ",".join(c.ljust(w) if w else c for c, w in zip(cells, widths, strict=True)) + ",\n"

    widths = [20, 24, 24, 24, 24, 22, 20, 24, 24, 0, 0, 20]
    header = ["交易时间", "交易分类", "交易对方", "对方账号", "商品说明", "收/支", "金额", "收/付款方式", "交易状态", "交易订单号", "商家订单号", "备注"]  # fmt: skip
    data = [
        ["2024-01-15 10:20:31", "转账红包", "刘**", "liu***@163.com", "转账", "支出", "5000.00", "招商银行储蓄卡(1234)", "交易成功", "20240115200040011100820012345678\t", "\t", ""],
        ["2024-01-15 11:02:05", "投资理财", "某某科技有限公司", "/", "平台充值", "支出", "12000.00", "余额宝", "交易成功", "2024011522001400011234567890\t", "T202401150001\t", ""],
        ["2024-01-16 09:00:00", "退款", "某网店", "shop***@qq.com", "退款-商品", "不计收支", "88.00", "余额", "退款成功", "2024011622001400019999999999_2024011622001\t", "M100\t", ""],
        ["2024-01-16 12:00:00", "日用百货", "某网店", "shop***@qq.com", "商品", "支出", "88.00", "余额", "交易关闭", "2024011622001400019999999999\t", "M100\t", ""],
        ["2024-01-17 08:30:00", "转账红包", "张三", "138****0000", "转账", "收入", "200.00", "余额", "交易成功", "2024011720004001110082009999\t", "\t", ""],
        ["2024-01-17 09:00:00", "日用百货", "某商城", "/", "订单", "支出", "1,299.00", "花呗", "等待确认收货", "2024011722001400018888888888\t", "\t", ""],
    ]  # fmt: skip
    text = (
        "------------------------------------------------------------------------------------\n"
        "导出信息：\n姓名：张三\n支付宝账户：138****0000\n"
        "起始时间：[2024-01-01 00:00:00]    终止时间：[2024-01-31 23:59:59]\n"
        "导出交易类型：[全部]\n导出时间：[2024-02-01 09:12:52]\n共6笔记录\n"
        "收入：1笔 200.00元\n支出：4笔 18387.00元\n不计收支：1笔 88.00元\n\n"
        "特别提示：\n"
        "1.本回单内容可表明支付宝受理了相应支付交易申请，因系统原因或通讯故障等偶发因素导致本回单与实际交易结果不符时，以实际交易情况为准；\n"
        "2.请勿将本回单作为收款方发货的凭据使用，请查证账户实际到账情况后再进行发货操作；\n"
        "3.支付宝快捷支付等非余额支付方式可能既产生支付宝交易也同步产生银行交易，因此请勿使用本回单进行重复记账；\n"
        "4.本回单如经任何涂改、编造，均立即失去效力；\n"
        "5.部分账单如：充值提现、账户转存或者个人设置收支等不计入为收入或者支出，记为不计收支类；\n"
        "6.因统计逻辑不同，明细金额直接累加后，可能会和下方统计金额不一致，请以实际交易金额为准；\n"
        "7.禁止将本回单用于非法用途；\n"
        "8.本明细仅展示当前账单中的交易，不包括已删除的记录；\n"
        "9.本明细仅供个人对账使用。\n\n"
        "------------------------支付宝（中国）网络技术有限公司  电子客户回单------------------------\n"
    )
    text += row(header, widths)
    for d in data:
        text += row([f'"{c}"' if "," in c else c for c in d], widths)
    write("alipay.csv", text, "gbk")


def wechatpay() -> None:
    banner = [
        "微信支付账单明细", "微信昵称：[张三]", "起始时间：[2024-01-01 00:00:00] 终止时间：[2024-01-31 23:59:59]",
        "导出类型：[全部]", "导出时间：[2024-02-01 10:05:22]", "", "共5笔记录", "收入：1笔 100.00元", "支出：3笔 8320.00元",
        "中性交易：1笔 500.00元", "注：", "1. 充值/提现/理财通购买/零钱通存取/信用卡还款等交易，将计入中性交易",
        "2. 本明细仅展示当前账单中的交易，不包括已删除的记录", "3. 本明细仅供个人对账使用", "",
        "----------------------微信支付账单明细列表--------------------",
    ]  # fmt: skip
    header = ["交易时间", "交易类型", "交易对方", "商品", "收/支", "金额(元)", "支付方式", "当前状态", "交易单号", "商户单号", "备注"]  # fmt: skip
    data = [
        ["2024-01-20 21:15:01", "转账", "客服小李", "转账备注:保证金", "支出", "¥8000.00", "零钱", "朋友已收钱", "1000050001202401200123456789\t", "1000050001202401200123456789\t", "/"],
        ["2024-01-21 10:10:11", "微信红包", "小李", "/", "收入", "¥100.00", "/", "已存入零钱", "10000320012024012100000000001\t", "1000039501202401210000000001\t", "/"],
        ["2024-01-22 08:00:00", "商户消费", "某商城", "订单-123", "支出", "¥300.00", "招商银行(1234)", "已全额退款", "4200002000202401220000000001\t", "M20240122\t", "/"],
        ["2024-01-23 09:30:00", "商户消费", "某外卖", "外卖", "支出", "¥20.00", "零钱", "已退款(￥5.00)", "4200002000202401230000000001\t", "M20240123\t", "/"],
        ["2024-01-24 14:00:00", "零钱提现", "招商银行(1234)", "/", "/", "¥500.00", "零钱", "提现已到账", "207240124100077148235523883175\t", "/\t", "服务费¥0.50"],
    ]  # fmt: skip
    width = len(header)
    out = io.StringIO(newline="")
    for line in banner:
        out.write(line + "," * (width - 1) + "\n")
    out.write(",".join(header) + "\n")
    for d in data:
        out.write(",".join(d) + "\n")
    (HERE / "wechatpay.csv").write_bytes(out.getvalue().encode("utf-8-sig"))

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "微信支付账单明细"
    for line in banner:
        ws.append([line] + [None] * (width - 1))
    ws.append(header)
    for d in data:
        ws.append(d)
    wb.save(HERE / "wechatpay.xlsx")


def banks() -> None:
    icbc = (
        '明细查询文件下载\n\n卡号: 6222****1234,"卡别名: "\n\n子账户序号: 00000,子账户类别: 活期,"子账户别名: "\n\n'
        "交易日期,摘要,交易场所,交易国家或地区简称,钞/汇,交易金额(收入),交易金额(支出),交易币种,记账金额(收入),记账金额(支出),记账币种,余额,对方户名\n"
        '2024-01-18     \t,"跨行汇款            \t","手机银行                                                    \t","CHN                 \t",钞        \t,"-                   \t","-                   \t",-              \t,"                    \t","20,000.00           \t",人民币         \t,"1,234.56            \t","陈某某                                                                      \t",\n'
        '2024-01-19     \t,"他行汇入            \t","                                                            \t","CHN                 \t",钞        \t,"-                   \t","-                   \t",-              \t,"1,500.00            \t","                    \t",人民币         \t,"2,734.56            \t","李四                                                                        \t",\n'
        '人民币合计,,,,,,,,"1,500.00\t","20,000.00\t",,,,\n'
    )
    write("icbc_debit.csv", icbc)
    write(
        "cmb_debit.csv",
        "记账日期,货币,交易金额,联机余额,交易摘要,对手信息,客户摘要\n"
        '2024-02-01,CNY,"-30,000.00","1,271.66",转账汇款,赵某 6217000011112222,投资款\n'
        "2024-02-02,CNY,200.00,1471.66,转账汇款,钱某 6217000033334444,返利\n",
    )
    write(
        "boc_debit.csv",
        "中国银行交易流水明细单\n"
        "记账日期,记账时间,币别,金额,余额,交易名称,渠道,网点名称,附言,对方账户名,对方卡号/账号,对方开户行,借记卡号\n"
        '2024-03-01,10:11:12,人民币,"-9,999.00","3,240.28",网上快捷支付,银企对接,-------------------,充值,某支付公司,Z200******010N,-------------------,3167\n'
        "2024-03-02,08:00:00,人民币,50.00,3290.28,网上快捷退款,银企对接,-------------------,退款,某支付公司,8000******1303,-------------------,3167\n",
    )
    write(
        "bocom_debit.csv",
        "序号,交易日期,交易时间,交易类型,借贷,交易金额,余额,对方账号,对方户名,交易地点,摘要\n"
        "1,2024-04-01,09:00:00,网上转账,借 Dr,6000.00,1334.63,6222020000000001,孙某,网上银行,投资\n"
        "2,2024-04-02,10:00:00,存款利息,贷 Cr,1.23,1335.86,1323132313211331313,应付个人活期储蓄存款利息,批处理,\n",
    )
    write(
        "abc_debit.csv",
        "交易日期,交易时间,交易摘要,交易金额,本次余额,对手信息,日 志 号,交易渠道,交易附言\n"
        "20240501,213045,转账,-2000.00,1000.00,周某,369396693,网上银行,刷单垫付\n"
        "20240502,,结息,+0.01,1000.01,--,0000000000,,个人活期结息\n",
        "gbk",
        "\r\n",
    )
    write(
        "cgb_credit.csv",
        "交易日期,入账日期,交易摘要,交易金额,交易货币,入账金额,入账货币\n"
        "2024/06/05,2024/06/06,（消费）某游戏充值,3000.00,人民币,3000.00,人民币\n"
        "2024/06/07,2024/06/07,（退款）某游戏充值,-3000.00,人民币,-3000.00,人民币\n",
    )
    # CCB XLSX with banner rows and a note below, like the XLS the bank sends
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["China Construction Bank"])
    ws.append(["开户机构：", "某支行"])
    ws.append(["币\u3000\u3000种：", "人民币"])
    ws.append(["账\u3000\u3000号：", "6217*********1234"])
    ws.append([])
    ws.append(["记账日          ", "交易日期          ", "交易时间                ", "支出                ", "收入                ", "账户余额          ", "币种          ", "摘要            ", "对方账号          ", "对方户名          ", "交易地点                "])  # fmt: skip
    ws.append(
        [
            "20240701",
            "20240701",
            "18:53:19",
            15000,
            0,
            2176.91,
            "人民币",
            "转账支取",
            "6228480000000001",
            "吴某",
            "手机银行",
        ]
    )
    ws.append(
        [
            "20240702",
            "20240702",
            "09:00:00",
            0,
            88.5,
            2265.41,
            "人民币",
            "转账存入",
            "6228480000000002",
            "郑某",
            "手机银行",
        ]
    )
    ws.append(["以上数据仅供参考|具体内容请以柜台为准"])
    wb.save(HERE / "ccb_debit.xlsx")
    # A bank "XLS" that is really GBK tab-separated text (what several banks' web portals send)
    write(
        "citic_debit_text.xls",
        "中信银行个人账户交易明细\n账号\t6217680000001234\n"
        "交易日期\t交易时间\t摘要\t收入金额\t支出金额\t账户余额\t对方户名\t对方账号\n"
        "20240801\t10:00:00\t转账\t\t7777.00\t100.00\t冯某\t6222000000009999\n"
        "合计\t\t\t0.00\t7777.00\t\t\t\n",
        "gbk",
        "\r\n",
    )


def paypal() -> None:
    write(
        "paypal_activity_en.csv",
        '"Date","Time","TimeZone","Name","Type","Status","Currency","Gross","Fee","Net","From Email Address","To Email Address","Transaction ID","Item Title","Balance"\n'
        '"15/03/2024","14:22:05","GMT","Crypto Wallet Ltd","Express Checkout Payment","Completed","USD","-1,250.00","0.00","-1,250.00","me@example.com","pay@cw-ltd.example","7XK12345AB678901C","Wallet top-up","-1,250.00"\n'
        '"16/03/2024","09:00:00","GMT","Friend","General Payment","Pending","USD","-300.00","0.00","-300.00","me@example.com","friend@example.com","8XK12345AB678901D","","-1,550.00"\n'
        '"17/03/2024","10:00:00","GMT","Shop","Payment Refund","Completed","USD","45.00","0.00","45.00","shop@example.com","me@example.com","9XK12345AB678901E","","-1,505.00"\n',
    )
    write(
        "paypal_activity_es.csv",
        '"Fecha","Hora","Zona horaria","Nombre","Tipo","Estado","Divisa","Bruto","Comisión","Neto","De la dirección de correo electrónico","A la dirección de correo electrónico","Id. de transacción"\n'
        '"02/04/2024","18:30:00","CET","Inversiones SL","Pago general","Completado","EUR","-4.626,81","0,00","-4.626,81","yo@example.com","inv@example.com","1AB23456CD789012E"\n'
        '"03/04/2024","08:00:00","CET","Amigo","Pago general","Completado","EUR","10,00","0,00","10,00","amigo@example.com","yo@example.com","2AB23456CD789012F"\n',
        "utf-8-sig",
    )
    write(
        "paypal_statement_us.csv",
        "Date,Time,Time Zone,Description,Currency,Gross,Fee,Net,Balance,Transaction ID,From Email Address,Name,Bank Name,Bank Account\n"
        "4/20/2024,13:05:00,America/Los_Angeles,Express Checkout Payment,USD,-99.99,0.00,-99.99,0.01,3CD45678EF901234G,me@example.com,Gift Card Store,,\n"
        "4/21/2024,09:10:00,America/Los_Angeles,Bank Deposit to PP Account,USD,100.00,0.00,100.00,100.01,4CD45678EF901234H,me@example.com,,Chase,x1234\n",
    )


def generic() -> None:
    write(
        "generic_bill.csv",
        "日期,收款人,账号,金额,用途\n"
        "2024-09-01 10:00,某投资公司,6222333344445555,-8000.00,入金\n"
        "2024-09-02 11:30,某投资公司,6222333344445555,-12000.00,解冻费\n",
    )
    write("not_a_bill.csv", "name,colour,size\napple,red,3\npear,green,2\n")
    write(
        "plain_notes.txt",
        "Things to tell the police:\n- the man said he was from the bank\n- 12/01/24 he called again\n",
    )


if __name__ == "__main__":
    whatsapp()
    telegram()
    wechat()
    qq()
    line_signal_meta()
    alipay()
    wechatpay()
    banks()
    paypal()
    generic()
