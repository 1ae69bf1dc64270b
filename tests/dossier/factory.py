"""Realistic scam cases built through the real code, for the dossier tests and benchmark.

Screenshots are rendered with Pillow in Noto Sans CJK (a chat with a fake "Douyin customer
service", transfer detail pages, a profile page) and imported with ``import_files``. OCR lines
are stored with the boxes the text was drawn at (what an engine would find), and the payments
and a chat export's messages are inserted through ``store.insert`` into the m002 tables, as
the OCR, analysis and export helpers will.
"""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from victimkit.intake.files import import_files
from victimkit.store.audit import iso
from victimkit.store.case import CaseStore

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"

PAYEES = [
    ("张伟", "6222021234567890123", "中国工商银行", "5000.00", "4200000123202410142340121234"),
    ("李娜", "6217001234567654321", "中国建设银行", "12800.00", "4200000123202410150102335678"),
    ("王芳", "wangfang_pay@163.com", "支付宝", "3600.50", "2024101522001456781234567890"),
]
CHAT = [
    ("other", "您好，我是抖音官方客服，工号 DY8823"),
    ("other", "系统显示您开通了直播会员，每月自动扣费 800 元"),
    ("self", "我没有开通过，怎么关闭？"),
    ("other", "需要验明资金，请下载腾讯会议，会议号 123 456 789"),
    ("other", "请加我微信 kefu_dy2024 处理"),
    ("self", "好的，已经加了"),
    ("other", "请转账到安全账户 6222021234567890123 户名 张伟"),
]


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(FONT, size)


def render(
    lines: list[tuple[str | None, str]], *, size=(1080, 2340), title=""
) -> tuple[Image.Image, list[dict]]:
    """A phone screenshot; returns the image and the OCR lines (text, box, speaker) drawn."""
    im = Image.new("RGB", size, (237, 237, 237))
    draw = ImageDraw.Draw(im)
    small, body = _font(34), _font(42)
    drawn = []
    draw.text((40, 24), "23:35", font=small, fill=(20, 20, 20))
    drawn.append(
        {
            "text": "23:35",
            "box": draw.textbbox((40, 24), "23:35", font=small),
            "speaker": None,
            "tag": "status_bar",
        }
    )
    if title:
        draw.rectangle((0, 90, size[0], 190), fill=(250, 250, 250))
        draw.text((size[0] // 2 - 160, 115), title, font=body, fill=(0, 0, 0))
        drawn.append(
            {
                "text": title,
                "box": draw.textbbox((size[0] // 2 - 160, 115), title, font=body),
                "speaker": None,
                "tag": "title",
            }
        )
    y = 240
    for speaker, text in lines:
        if speaker == "self":
            w = draw.textlength(text, font=body)
            x = size[0] - 80 - int(w)
            draw.rounded_rectangle((x - 24, y - 16, size[0] - 56, y + 66), 14, fill=(149, 236, 105))
        elif speaker == "other":
            x = 80
            w = draw.textlength(text, font=body)
            draw.rounded_rectangle((56, y - 16, x + int(w) + 24, y + 66), 14, fill=(255, 255, 255))
        else:
            x = 60
        draw.text((x, y), text, font=body, fill=(20, 20, 20))
        drawn.append(
            {
                "text": text,
                "box": draw.textbbox((x, y), text, font=body),
                "speaker": speaker,
                "tag": None,
            }
        )
        y += 130
    return im, drawn


def payment_lines(payee) -> list[tuple[None, str]]:
    name, account, bank, amount, serial = payee
    return [
        (None, "转账成功"),
        (None, f"¥{float(amount):,.2f}"),
        (None, f"收款方  {name}"),
        (None, f"收款账号  {account}"),
        (None, f"收款银行  {bank}"),
        (None, "转账时间  2024-10-14 23:40:12"),
        (None, f"交易单号  {serial}"),
    ]


def make_case(
    root: Path,
    *,
    n_extra: int = 0,
    chat_messages: int = 40,
    work: Path | None = None,
    country: str = "CN",
    seed: int = 7,
) -> CaseStore:
    """A case with: a chat screenshot, three transfer pages, a profile page, ``n_extra`` more
    chat screenshots, a chat export with ``chat_messages`` messages, OCR and payments."""
    rnd = random.Random(seed)
    work = work or root.parent / (root.name + "-phone")
    work.mkdir(parents=True, exist_ok=True)
    store = CaseStore.create(
        root,
        title="冒充抖音客服关闭直播会员",
        victim_name="陈静",
        victim_contact="138 0013 8000",
        timezone="Asia/Shanghai",
        country=country,
    )
    shots: list[tuple[Path, list[dict]]] = []

    def save(name, img_lines, title=""):
        im, drawn = render(img_lines, title=title)
        path = work / name
        im.save(path, optimize=False, compress_level=1)
        shots.append((path, drawn))

    save("Screenshot_20241014-233512.png", CHAT, title="抖音官方客服")
    for i, p in enumerate(PAYEES):
        save(f"Screenshot_20241014-2340{10 + i:02d}.png", payment_lines(p), title="转账详情")
    save(
        "Screenshot_20241014-233000.png",
        [(None, "昵称  抖音官方客服"), (None, "微信号  kefu_dy2024"), (None, "地区  广东 深圳")],
        title="详细资料",
    )
    for i in range(n_extra):
        picks = [CHAT[rnd.randrange(len(CHAT))] for _ in range(6)]
        picks = [(s, f"{t}（{i + 1}）") for s, t in picks]
        t0 = datetime(2024, 10, 15, 0, 0) + timedelta(minutes=i)
        save(f"Screenshot_{t0:%Y%m%d-%H%M%S}_{i:04d}.png", picks, title="抖音官方客服")

    chat_path = work / "微信聊天记录_抖音官方客服.txt"
    base = datetime(2024, 10, 14, 15, 0, tzinfo=UTC)
    msgs = []
    with open(chat_path, "w", encoding="utf-8") as f:
        for n in range(chat_messages):
            who, text = CHAT[n % len(CHAT)]
            sender = "陈静" if who == "self" else "抖音官方客服"
            at = base + timedelta(seconds=37 * n)
            f.write(f"{at.astimezone():%Y-%m-%d %H:%M:%S} {sender}\n{text}\n\n")
            msgs.append((n, sender, at, text, who))

    report = import_files(store, [p for p, _ in shots] + [chat_path])
    assert report.ok, [e.message for e in report.rejected][:3]
    ids = {Path(i.path).name: i.evidence_id for i in report.items}

    # OCR results, as the OCR helper stores them
    now = iso(datetime.now(UTC))
    for path, drawn in shots:
        ev = ids[path.name]
        (rid,) = store.insert(
            "ocr_results",
            [
                {
                    "evidence_id": ev,
                    "engine": "rapidocr",
                    "engine_version": "1.4.4",
                    "model": "PP-OCRv4",
                    "settings": "{}",
                    "created_at": now,
                    "text": "\n".join(d["text"] for d in drawn),
                    "layout": "chat",
                }
            ],
            action="ocr_recorded",
            details={"evidence_id": ev},
        )
        store.insert(
            "ocr_lines",
            [
                {
                    "ocr_result_id": rid,
                    "evidence_id": ev,
                    "line_no": n,
                    "text": d["text"],
                    "x0": d["box"][0],
                    "y0": d["box"][1],
                    "x1": d["box"][2],
                    "y1": d["box"][3],
                    "confidence": 0.97,
                    "speaker": d["speaker"],
                    "tag": d["tag"],
                    "message_no": None,
                }
                for n, d in enumerate(drawn)
            ],
            action="ocr_lines_recorded",
            details={"evidence_id": ev},
        )

    # payments read from the transfer pages
    tx = []
    for i, (name, account, bank, amount, serial) in enumerate(PAYEES):
        tx.append(
            {
                "evidence_id": ids[f"Screenshot_20241014-2340{10 + i:02d}.png"],
                "occurred_at": iso(
                    datetime(2024, 10, 14, 15, 40, 12, tzinfo=UTC) + timedelta(hours=i * 2)
                ),
                "amount": f"-{amount}",
                "currency": "CNY",
                "direction": "out",
                "status": "success",
                "counterparty": name,
                "payee_name": name,
                "payee_account": account,
                "payee_bank": bank,
                "payment_method": "支付宝" if "@" in account else "银行转账",
                "order_number": serial,
                "merchant_order_number": "",
                "description": "解冻费",
                "category": "",
                "source_ref": "ocr",
                "is_loss": 1,
                "fields": json.dumps({}),
                "origin": "ocr",
            }
        )
    store.insert("transactions", tx, action="transactions_recorded", details={})

    # the chat export's messages, unless the export parser already read them
    chat_id = ids[chat_path.name]
    parsed = store.db.execute(
        "SELECT COUNT(*) FROM messages WHERE evidence_id = ?", [chat_id]
    ).fetchone()[0]
    if parsed:
        return store
    store.insert(
        "messages",
        [
            {
                "evidence_id": chat_id,
                "seq": n,
                "sender": sender,
                "sent_at": iso(at),
                "timezone": "Asia/Shanghai",
                "text": text,
                "direction": "outgoing" if who == "self" else "incoming",
                "is_system": 0,
                "attachment": None,
                "source_ref": f"line {3 * n + 1}",
                "forwarded_from": None,
                "origin": "export",
            }
            for n, sender, at, text, who in msgs
        ],
        action="messages_recorded",
        details={"evidence_id": chat_id},
    )
    return store
