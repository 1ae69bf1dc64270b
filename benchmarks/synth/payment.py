"""Synthetic payment pages: Alipay / WeChat Pay bill and transfer details, bank transfer receipts,
Taobao / JD / Douyin order pages, rendered as phone screenshots with exact ground truth.

``render_payment_page(kind, seed) -> (image, truth, lines)``:
  image  a PIL image (phone screenshot, light or dark, with a status bar)
  truth  the transaction as a person would read it off the page:
         {"kind", "amount" (signed decimal string), "currency", "direction", "occurred_at"
         (local ISO time, no zone), "status", "payment_method", "card_tail", "payee_name",
         "payee_account", "order_number", "merchant_order_number", "lang", "dark"}
         (a field the page does not show is "")
  lines  [(text, (x0, y0, x1, y1))] for every text line drawn, in drawing order

The layouts follow the real apps: label at the left, value at the right (Alipay) or in a
second column (WeChat), labels above values (some bank receipts), long numbers wrapping onto a
second line, "复制" buttons beside order numbers, and a large amount in the header.
Deterministic for a given (kind, seed).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from PIL import Image, ImageDraw

from benchmarks.synth.common import Sample, TruthLine, draw_avatar, draw_status_bar, font

KINDS = (
    "alipay_bill",
    "alipay_transfer",
    "wechat_bill",
    "wechat_transfer",
    "bank_receipt",
    "taobao_order",
    "jd_order",
    "douyin_order",
    "alipay_bill_en",
    "bank_receipt_en",
)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红晓东海燕雪梅俊"
BANKS = [
    "招商银行",
    "中国工商银行",
    "中国建设银行",
    "中国农业银行",
    "中国银行",
    "交通银行",
    "中国邮政储蓄银行",
    "平安银行",
    "浦发银行",
    "兴业银行",
]
MERCHANT_CORES = [
    "恒信",
    "聚财",
    "鑫源",
    "天河",
    "易购",
    "华腾",
    "博远",
    "盛世",
    "宏达",
    "云帆",
    "金穗",
    "晨星",
]
MERCHANT_TAILS = [
    "网络科技有限公司",
    "电子商务有限公司",
    "信息技术有限公司",
    "商贸有限公司",
    "文化传媒有限公司",
]
CITIES = ["上海", "深圳", "杭州", "广州", "北京", "成都", "武汉", "南京", "厦门", "海南"]
ITEMS = [
    "游戏充值",
    "会员服务费",
    "保证金",
    "刷单任务垫付",
    "解冻手续费",
    "投资理财课程",
    "数码配件",
    "美妆护肤套装",
    "演唱会门票",
    "二手手机",
    "账户激活费",
]
SHOP_TAILS = ["旗舰店", "专营店", "专卖店", "官方旗舰店", "小店", "的店"]
EN_NAMES = [
    "CHAN TAI MAN",
    "WONG SIU MING",
    "LEE KA YAN",
    "JOHN SMITH",
    "GLOBAL TRADE LTD",
    "ASIA ASSET MGMT LTD",
]


def _digits(rng: random.Random, n: int) -> str:
    return "".join(str(rng.randrange(10)) for _ in range(n))


def _alnum(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(n))


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2])))


def _masked_name(name: str, rng: random.Random) -> str:
    if len(name) == 2:
        return "*" + name[1]
    return rng.choice(["*" + name[1:], name[0] + "*" + name[2:]])


def _merchant(rng: random.Random) -> str:
    return rng.choice(CITIES) + rng.choice(MERCHANT_CORES) + rng.choice(MERCHANT_TAILS)


def _phone(rng: random.Random) -> str:
    return "1" + rng.choice("3456789") + _digits(rng, 9)


def _card(rng: random.Random) -> str:
    """A 16 or 19 digit card number with a valid Luhn digit."""
    body = rng.choice(["6222", "6214", "6217", "6228", "6225", "6212"]) + _digits(
        rng, rng.choice([11, 14])
    )
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return body + str((10 - total % 10) % 10)


def _amount(rng: random.Random) -> int:
    """Cents."""
    r = rng.random()
    if r < 0.35:
        return rng.randrange(1, 1000) * 100
    if r < 0.7:
        return rng.randrange(100, 500000)
    return rng.randrange(100000, 20000000)


def _fmt(cents: int, comma: bool) -> str:
    v = cents / 100
    return f"{v:,.2f}" if comma else f"{v:.2f}"


def _when(rng: random.Random) -> datetime:
    base = datetime(2023, 1, 1)
    return base + timedelta(seconds=rng.randrange(0, 2 * 365 * 86400))


class Page:
    """A phone page with a y cursor; every text drawn is recorded with its box."""

    def __init__(self, rng: random.Random, *, dark: bool, width: int, accent=(22, 119, 255)):
        self.rng = rng
        self.dark = dark
        self.w = width
        self.s = width / 1080
        self.h = int(width * rng.choice([2340, 2400, 2532]) / 1080 * (1170 / 1170))
        self.bg = (25, 25, 25) if dark else (255, 255, 255)
        self.page_bg = (17, 17, 17) if dark else (245, 245, 245)
        self.fg = (225, 225, 225) if dark else (25, 25, 25)
        self.muted = (140, 140, 140) if dark else (128, 128, 128)
        self.accent = accent
        self.family = rng.randrange(3)
        self.im = Image.new("RGB", (self.w, self.h), self.page_bg)
        self.draw = ImageDraw.Draw(self.im)
        self.lines: list[TruthLine] = []
        self.y = 0
        self.margin = int(48 * self.s)

    def px(self, v: float) -> int:
        return round(v * self.s)

    def font(self, size: float, bold: bool = False):
        return font(self.px(size), self.family, bold=bold)

    def text(self, x, y, text, size=42, fill=None, bold=False, anchor="l", tag=None) -> tuple:
        fnt = self.font(size, bold)
        width = fnt.getlength(text)
        if anchor == "r":
            x = x - width
        elif anchor == "c":
            x = x - width / 2
        self.draw.text((x, y), text, font=fnt, fill=fill or self.fg)
        x0, y0, x1, y1 = self.draw.textbbox((x, y), text, font=fnt)
        box = (int(x0), int(y0), int(x1), int(y1))
        self.lines.append(TruthLine(text, box, None, tag))
        return box

    def status_bar(self) -> None:
        hour, minute = self.rng.randrange(24), self.rng.randrange(60)
        clock = f"{hour}:{minute:02d}" if self.rng.random() < 0.5 else f"{hour:02d}:{minute:02d}"
        lines = draw_status_bar(
            self.im,
            self.rng,
            height=self.px(90),
            bg=self.bg,
            fg=self.fg,
            clock=clock,
            battery=self.rng.randrange(8, 100),
            style=self.rng.choice(["android", "ios"]),
            family=self.family,
        )
        self.lines.extend(lines)
        self.y = self.px(90)

    def nav(self, title: str) -> None:
        h = self.px(120)
        self.draw.rectangle((0, self.y, self.w, self.y + h), fill=self.bg)
        # back chevron drawn as a shape
        cx, cy = self.margin + self.px(10), self.y + h // 2
        self.draw.line(
            [(cx + self.px(18), cy - self.px(22)), (cx, cy), (cx + self.px(18), cy + self.px(22))],
            fill=self.fg,
            width=max(2, self.px(5)),
        )
        fnt = self.font(46, bold=True)
        bb = self.draw.textbbox((0, 0), title, font=fnt)
        self.text(
            self.w / 2, cy - (bb[1] + bb[3]) / 2, title, 46, bold=True, anchor="c", tag="header"
        )
        self.y += h

    def card(self, height: int) -> tuple[int, int]:
        top = self.y + self.px(24)
        self.draw.rectangle((0, top, self.w, top + height), fill=self.bg)
        return top, top + height

    def wrap_chars(self, text: str, size: float, max_w: float) -> list[str]:
        fnt = self.font(size)
        out, cur = [], ""
        for ch in text:
            if cur and fnt.getlength(cur + ch) > max_w:
                out.append(cur)
                cur = ""
            cur += ch
        if cur:
            out.append(cur)
        return out

    def row(
        self,
        label: str,
        value: str,
        style: str,
        *,
        size=40,
        value_x=None,
        extra: str | None = None,
        gap=44,
    ) -> None:
        """One label/value row. style: split (value right-aligned), column, stacked."""
        s = self.px
        y = self.y
        fnt = self.font(size)
        asc = self.draw.textbbox((0, 0), "国", font=fnt)
        line_h = (asc[3] - asc[1]) + s(18)
        right = self.w - self.margin
        if extra:  # a "复制" button at the right edge
            ebox = self.text(right, y, extra, size - 4, fill=self.accent, anchor="r")
            right = ebox[0] - s(30)
        self.text(self.margin, y, label, size, fill=self.muted)
        if style == "stacked":
            y += line_h
            for part in self.wrap_chars(value, size, right - self.margin):
                self.text(self.margin, y, part, size + 2)
                y += line_h
        else:
            vx = value_x if value_x is not None else s(300)
            if style == "split":
                vx = max(vx, self.margin + fnt.getlength(label) + s(60))
            parts = self.wrap_chars(value, size, right - vx)
            for part in parts:
                if style == "split":
                    self.text(right, y, part, size, anchor="r")
                else:
                    self.text(vx, y, part, size)
                y += line_h
        self.y = y + s(gap) - s(18)


def _status_text(rng: random.Random, app: str, refund: bool) -> tuple[str, str]:
    if refund:
        return {"alipay": ("退款成功", "refunded"), "wechat": ("已全额退款", "refunded")}[app]
    return {
        "alipay": rng.choice(
            [
                ("交易成功", "success"),
                ("交易成功", "success"),
                ("等待付款", "pending"),
                ("交易关闭", "closed"),
            ]
        ),
        "wechat": rng.choice(
            [("支付成功", "success"), ("支付成功", "success"), ("对方已收款", "success")]
        ),
    }[app]


def _truth(kind: str, **kw) -> dict:
    base = {
        "kind": kind,
        "amount": "",
        "currency": "CNY",
        "direction": "out",
        "occurred_at": "",
        "status": "",
        "payment_method": "",
        "card_tail": "",
        "payee_name": "",
        "payee_account": "",
        "order_number": "",
        "merchant_order_number": "",
        "lang": "zh",
    }
    base.update(kw)
    return base


def _pay_method(rng: random.Random, app: str) -> tuple[str, str]:
    if rng.random() < 0.55:
        tail = _digits(rng, 4)
        kind = rng.choice(["储蓄卡", "储蓄卡", "信用卡"])
        return f"{rng.choice(BANKS)}{kind}({tail})", tail
    if app == "alipay":
        return rng.choice(["余额", "余额宝", "花呗", "账户余额"]), ""
    return rng.choice(["零钱", "零钱通"]), ""


def _header_amount(p: Page, text: str, size=88) -> None:
    p.text(p.w / 2, p.y, text, size, bold=True, anchor="c", tag="amount")
    p.y += p.px(size * 1.35)


# ------------------------------------------------------------------ pages
def _alipay_bill(p: Page, rng: random.Random, en: bool) -> dict:
    merchant = _merchant(rng)
    refund = rng.random() < 0.1
    cents = _amount(rng)
    sign = "+" if refund else "-"
    when = _when(rng)
    method, tail = _pay_method(rng, "alipay")
    order = when.strftime("%Y%m%d") + "2200" + _digits(rng, 4) + _digits(rng, 12)
    morder = rng.choice(
        [
            "",
            "T200P" + _digits(rng, 19),
            when.strftime("%Y%m%d") + _digits(rng, 10),
            _alnum(rng, 24),
        ]
    )
    status_text, status = _status_text(rng, "alipay", refund)
    account = rng.choice(["", "", _phone(rng)[:3] + "******" + _phone(rng)[-2:], "zh***@163.com"])
    if en:
        status_text = {
            "success": "Completed",
            "refunded": "Refunded",
            "pending": "Awaiting payment",
            "closed": "Closed",
        }[status]
        method = {
            "余额": "Balance",
            "余额宝": "Yu'e Bao",
            "花呗": "Huabei",
            "账户余额": "Balance",
        }.get(method, method)
    p.nav("Bill Details" if en else "账单详情")
    top, _ = p.card(p.px(1500))
    p.y = top + p.px(60)
    draw_avatar(
        p.im, (p.w // 2 - p.px(60), p.y, p.w // 2 + p.px(60), p.y + p.px(120)), rng, radius=p.px(60)
    )
    p.y += p.px(150)
    short = merchant[2:6]
    p.text(p.w / 2, p.y, short, 42, anchor="c")
    p.y += p.px(90)
    _header_amount(p, f"{sign}{_fmt(cents, rng.random() < 0.3)}")
    p.text(p.w / 2, p.y, status_text, 40, fill=p.muted, anchor="c", tag="status")
    p.y += p.px(120)
    rows = []
    if en:
        rows.append(("Payment Time", when.strftime("%Y-%m-%d %H:%M:%S")))
        rows.append(("Payment Method", method))
        rows.append(
            (
                "Product Info",
                rng.choice(["Game top-up", "Membership fee", "Deposit", "Service fee"]),
            )
        )
        rows.append(("Payee Full Name", merchant))
        if account:
            rows.append(("Payee Account", account))
        rows.append(("Order No.", order))
        if morder:
            rows.append(("Merchant Order No.", morder))
    else:
        rows.append(("支付时间", when.strftime("%Y-%m-%d %H:%M:%S")))
        rows.append(("付款方式", method))
        rows.append(("商品说明", rng.choice(ITEMS)))
        rows.append(("收款方全称", merchant))
        if account:
            rows.append(("对方账户", account))
        rows.append(
            (
                "创建时间",
                (when - timedelta(seconds=rng.randrange(2, 90))).strftime("%Y-%m-%d %H:%M:%S"),
            )
        )
        rows.append(("订单号", order))
        if morder:
            rows.append(("商家订单号", morder))
    for label, value in rows:
        p.row(label, value, "split", value_x=p.px(330))
    if not en:
        p.y += p.px(30)
        p.text(p.margin, p.y, "账单分类", 40, fill=p.muted)
        p.text(
            p.w - p.margin,
            p.y,
            rng.choice(["日用百货", "充值缴费", "转账红包", "其他"]),
            40,
            anchor="r",
        )
    return _truth(
        "alipay_bill_en" if en else "alipay_bill",
        amount=f"{sign}{cents / 100:.2f}",
        direction="in" if refund else "out",
        occurred_at=when.isoformat(),
        status=status,
        payment_method=method,
        card_tail=tail,
        payee_name=merchant,
        payee_account=account,
        order_number=order,
        merchant_order_number=morder,
        lang="en" if en else "zh",
    )


def _alipay_transfer(p: Page, rng: random.Random) -> dict:
    name = _name(rng)
    shown = _masked_name(name, rng) if rng.random() < 0.5 else name
    cents = _amount(rng)
    when = _when(rng)
    method, tail = _pay_method(rng, "alipay")
    account = rng.choice(
        [
            _phone(rng)[:3] + "******" + _phone(rng)[-2:],
            _phone(rng),
            "zh***@qq.com",
            "l" + _digits(rng, 3) + "***@126.com",
        ]
    )
    order = when.strftime("%Y%m%d") + "2000" + _digits(rng, 4) + _digits(rng, 12)
    p.nav("转账详情" if rng.random() < 0.5 else "账单详情")
    top, _ = p.card(p.px(1400))
    p.y = top + p.px(60)
    draw_avatar(
        p.im, (p.w // 2 - p.px(60), p.y, p.w // 2 + p.px(60), p.y + p.px(120)), rng, radius=p.px(60)
    )
    p.y += p.px(150)
    p.text(p.w / 2, p.y, f"转账-转给{shown}", 42, anchor="c")
    p.y += p.px(90)
    _header_amount(p, f"-{_fmt(cents, False)}")
    p.text(p.w / 2, p.y, "交易成功", 40, fill=p.muted, anchor="c", tag="status")
    p.y += p.px(120)
    rows = [
        ("转账时间", when.strftime("%Y-%m-%d %H:%M:%S")),
        ("付款方式", method),
        ("收款方", shown),
        ("对方账户", account),
        ("转账说明", rng.choice(["转账", "货款", "保证金", "解冻费"])),
        ("订单号", order),
    ]
    for label, value in rows:
        p.row(label, value, "split", value_x=p.px(330))
    return _truth(
        "alipay_transfer",
        amount=f"-{cents / 100:.2f}",
        occurred_at=when.isoformat(),
        status="success",
        payment_method=method,
        card_tail=tail,
        payee_name=shown,
        payee_account=account,
        order_number=order,
    )


def _wechat_bill(p: Page, rng: random.Random) -> dict:
    merchant = _merchant(rng)
    refund = rng.random() < 0.1
    cents = _amount(rng)
    when = _when(rng)
    method, tail = _pay_method(rng, "wechat")
    order = "4200" + _digits(rng, 6) + when.strftime("%Y%m%d") + _digits(rng, 10)
    morder = rng.choice(["", _alnum(rng, 32), when.strftime("%Y%m%d%H%M%S") + _digits(rng, 6)])
    p.nav("")
    top, _ = p.card(p.px(1500))
    p.y = top + p.px(60)
    draw_avatar(
        p.im, (p.w // 2 - p.px(55), p.y, p.w // 2 + p.px(55), p.y + p.px(110)), rng, radius=p.px(10)
    )
    p.y += p.px(140)
    p.text(p.w / 2, p.y, merchant[2:8], 42, anchor="c")
    p.y += p.px(90)
    _header_amount(p, f"{'+' if refund else '-'}{_fmt(cents, False)}", 96)
    status_text, status = ("已全额退款", "refunded") if refund else ("支付成功", "success")
    p.y += p.px(20)
    vx = p.px(320)
    p.row("当前状态", status_text, "column", value_x=vx)
    rows = [
        ("支付时间", when.strftime("%Y年%m月%d日 %H:%M:%S")),
        ("商品", rng.choice(ITEMS)),
        ("商户全称", merchant),
        ("支付方式", method),
        ("交易单号", order),
    ]
    if morder:
        rows.append(("商户单号", morder))
    if rng.random() < 0.5:  # rows the reader has no label for must not disturb it
        rows.insert(4, ("收单机构", "财付通支付科技有限公司"))
    if rng.random() < 0.3:
        rows.insert(2, ("交易类型", rng.choice(["扫码支付", "商户消费", "二维码收款"])))
    for label, value in rows:
        p.row(label, value, "column", value_x=vx)
    p.y += p.px(40)
    p.text(p.margin, p.y, "对订单有疑惑", 40, fill=p.accent)
    return _truth(
        "wechat_bill",
        amount=f"{'+' if refund else '-'}{cents / 100:.2f}",
        direction="in" if refund else "out",
        occurred_at=when.isoformat(),
        status=status,
        payment_method=method,
        card_tail=tail,
        payee_name=merchant,
        order_number=order,
        merchant_order_number=morder,
    )


def _wechat_transfer(p: Page, rng: random.Random) -> dict:
    name = _name(rng)
    cents = _amount(rng) % 20000000 or 100
    when = _when(rng)
    got = rng.random() < 0.7
    order = "1000050001" + when.strftime("%Y%m%d") + _digits(rng, 14)
    p.nav("")
    top, _ = p.card(p.px(1200))
    p.y = top + p.px(120)
    # a green tick drawn as a shape
    cx, r = p.w // 2, p.px(70)
    p.draw.ellipse((cx - r, p.y, cx + r, p.y + 2 * r), fill=(7, 193, 96) if got else (250, 157, 59))
    p.y += 2 * r + p.px(50)
    head = f"{name}已收款" if got else f"待{name}确认收款"
    p.text(p.w / 2, p.y, head, 44, anchor="c", tag="status")
    p.y += p.px(100)
    _header_amount(p, f"¥{_fmt(cents, False)}", 96)
    p.y += p.px(60)
    vx = p.px(300)
    p.row("转账时间", when.strftime("%Y年%m月%d日 %H:%M:%S"), "column", value_x=vx)
    if got:
        p.row(
            "收款时间",
            (when + timedelta(seconds=rng.randrange(5, 3600))).strftime("%Y年%m月%d日 %H:%M:%S"),
            "column",
            value_x=vx,
        )
    p.row("转账单号", order, "column", value_x=vx)
    method = "零钱" if rng.random() < 0.5 else ""
    if method:
        p.row("支付方式", method, "column", value_x=vx)
    return _truth(
        "wechat_transfer",
        amount=f"-{cents / 100:.2f}",
        occurred_at=when.isoformat(),
        status="success" if got else "pending",
        payment_method=method,
        payee_name=name,
        order_number=order,
    )


def _upper_amount(cents: int) -> str:
    """人民币壹仟壹佰叁拾元整, as bank receipts write the amount in words."""
    digits = "零壹贰叁肆伍陆柒捌玖"
    units = ["", "拾", "佰", "仟"]
    yuan, fen = divmod(cents, 100)

    def four(n: int) -> str:
        out, zero = "", False
        for i in range(3, -1, -1):
            d = n // 10**i % 10
            if d:
                out += ("零" if zero and out else "") + digits[d] + units[i]
                zero = False
            else:
                zero = True
        return out

    parts = []
    for size, name in ((10**8, "亿"), (10**4, "万"), (1, "")):
        chunk = yuan // size % 10**4
        if size == 10**8:
            chunk = yuan // size
        if chunk:
            parts.append(("零" if parts and chunk < 1000 else "") + four(chunk) + name)
    text = "".join(parts) or "零"
    text += "元"
    jiao, f = divmod(fen, 10)
    if not fen:
        return "人民币" + text + "整"
    return (
        "人民币" + text + (digits[jiao] + "角" if jiao else "零") + (digits[f] + "分" if f else "")
    )


def _spaced(card: str) -> str:
    return " ".join(card[i : i + 4] for i in range(0, len(card), 4))


def _bank_receipt(p: Page, rng: random.Random) -> dict:
    payee = _name(rng) if rng.random() < 0.7 else _merchant(rng)
    bank = rng.choice(BANKS)
    card = _card(rng)
    shown_card = _spaced(card) if rng.random() < 0.5 else card
    my_bank = rng.choice(BANKS)
    my_card = _card(rng)
    my_shown = (
        my_card[:4] + " **** **** " + my_card[-4:]
        if rng.random() < 0.5
        else f"{my_bank}储蓄卡(尾号{my_card[-4:]})"
    )
    cents = _amount(rng)
    when = _when(rng)
    serial = rng.choice(
        [_alnum(rng, 20), when.strftime("%Y%m%d") + _digits(rng, 12), "HQ" + _digits(rng, 18)]
    )
    p.accent = (200, 30, 40)
    p.nav(rng.choice(["转账详情", "交易详情", "电子回单"]))
    top, _ = p.card(p.px(1700))
    p.y = top + p.px(60)
    p.text(
        p.w / 2, p.y, rng.choice(["转账成功", "交易成功"]), 48, bold=True, anchor="c", tag="status"
    )
    p.y += p.px(110)
    comma = rng.random() < 0.7
    amount_text = rng.choice(
        [f"¥{_fmt(cents, comma)}", f"{_fmt(cents, comma)}元", f"人民币 {_fmt(cents, comma)}"]
    )
    _header_amount(p, amount_text, 80)
    style = rng.choice(["split", "stacked"])
    rows = [
        ("收款人" if rng.random() < 0.5 else "收款户名", payee),
        ("收款账号" if rng.random() < 0.5 else "收款卡号", shown_card),
        ("收款银行", bank),
        ("付款账户", my_shown),
        (
            "交易时间" if rng.random() < 0.5 else "转账时间",
            when.strftime(
                rng.choice(["%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M:%S", "%Y.%m.%d %H:%M:%S"])
            ),
        ),
        ("交易流水号" if rng.random() < 0.5 else "流水号", serial),
        ("附言", rng.choice(["货款", "借款", "投资款", "转账"])),
    ]
    if rng.random() < 0.4:
        rows.insert(0, ("大写金额", _upper_amount(cents)))
    if rng.random() < 0.3:
        rows.insert(5, ("手续费", "0.00元"))
    for label, value in rows:
        p.row(label, value, style, value_x=p.px(330), gap=40 if style == "split" else 30)
    return _truth(
        "bank_receipt",
        amount=f"-{cents / 100:.2f}",
        occurred_at=when.isoformat(),
        status="success",
        payment_method=my_shown,
        card_tail=my_card[-4:],
        payee_name=payee,
        payee_account=card,
        payee_bank=bank,
        order_number=serial,
    )


def _bank_receipt_en(p: Page, rng: random.Random) -> dict:
    payee = rng.choice(EN_NAMES)
    acct = f"{_digits(rng, 3)}-{_digits(rng, 6)}-{_digits(rng, 3)}"
    mine = f"Savings {_digits(rng, 3)}-******-{_digits(rng, 3)}"
    cents = _amount(rng)
    cur = rng.choice(["HKD", "HKD", "USD"])
    when = _when(rng)
    ref = "FT" + _digits(rng, 5) + _alnum(rng, 7)
    p.accent = (219, 0, 17)
    p.nav("Transfer Details")
    top, _ = p.card(p.px(1500))
    p.y = top + p.px(60)
    p.text(p.w / 2, p.y, "Transfer Successful", 48, bold=True, anchor="c", tag="status")
    p.y += p.px(110)
    _header_amount(p, f"{cur} {_fmt(cents, True)}", 80)
    rows = [
        ("Payee Name", payee),
        ("Payee Account No.", acct),
        ("From Account", mine),
        ("Transaction Date", when.strftime("%d %b %Y %H:%M:%S")),
        ("Reference No.", ref),
        ("Remarks", rng.choice(["Investment", "Deposit", "Loan repayment"])),
    ]
    for label, value in rows:
        p.row(label, value, "split", value_x=p.px(420))
    return _truth(
        "bank_receipt_en",
        amount=f"-{cents / 100:.2f}",
        currency=cur,
        occurred_at=when.isoformat(),
        status="success",
        payment_method=mine,
        card_tail="",
        payee_name=payee,
        payee_account=acct,
        order_number=ref,
        lang="en",
    )


def _shop(rng: random.Random) -> str:
    return (
        rng.choice(CITIES[:6])
        + rng.choice(MERCHANT_CORES)
        + rng.choice(["数码", "美妆", "服饰", "潮玩", "家居"])
        + rng.choice(SHOP_TAILS)
    )


def _order_page(p: Page, rng: random.Random, app: str) -> dict:
    shop = _shop(rng) if app != "jd" or rng.random() < 0.6 else "京东自营"
    item = rng.choice(ITEMS)
    cents = _amount(rng) % 5000000 or 990
    when = _when(rng)
    paid = when + timedelta(seconds=rng.randrange(3, 300))
    p.accent = {"taobao": (255, 80, 0), "jd": (226, 35, 26), "douyin": (254, 44, 85)}[app]
    p.nav("订单详情")
    top, _ = p.card(p.px(260))
    p.y = top + p.px(50)
    status_text = rng.choice(
        ["交易成功", "卖家已发货", "待收货"] if app != "jd" else ["已完成", "等待收货"]
    )
    p.text(p.margin, p.y, status_text, 50, bold=True, tag="status")
    p.y += p.px(90)
    p.text(p.margin, p.y, f"{_name(rng)} {_phone(rng)[:3]}****{_phone(rng)[-4:]}", 36, fill=p.muted)
    p.y += p.px(130)
    top, _ = p.card(p.px(560))
    p.y = top + p.px(40)
    p.text(p.margin, p.y, shop, 40, bold=True)
    p.y += p.px(90)
    draw_avatar(p.im, (p.margin, p.y, p.margin + p.px(180), p.y + p.px(180)), rng, radius=p.px(12))
    p.text(p.margin + p.px(210), p.y, item + rng.choice(["【正品保障】", " 限时特惠", ""]), 38)
    price = _fmt(cents, False)
    p.text(p.w - p.margin, p.y, f"¥{price}", 38, anchor="r")
    p.y += p.px(240)
    p.row("商品总价", f"¥{price}", "split")
    p.row("运费", "¥0.00", "split")
    label = {"taobao": "实付款", "jd": "实付款", "douyin": "实付"}[app]
    p.row(label, f"¥{price}", "split", size=42)
    top, _ = p.card(p.px(620))
    p.y = top + p.px(40)
    order = {"taobao": _digits(rng, 19), "jd": _digits(rng, 12), "douyin": "69" + _digits(rng, 17)}[
        app
    ]
    method = {
        "taobao": "",
        "jd": rng.choice(["在线支付", "微信支付", "京东白条"]),
        "douyin": rng.choice(["抖音支付", "微信支付", "支付宝"]),
    }[app]
    vx = p.px(290)
    p.row("订单编号" if app != "jd" else "订单号", order, "column", value_x=vx, extra="复制")
    if app == "taobao":
        p.row(
            "支付宝交易号",
            when.strftime("%Y%m%d") + "22001" + _digits(rng, 19),
            "column",
            value_x=p.px(330),
        )
    if method:
        p.row("支付方式", method, "column", value_x=vx)
    p.row(
        "创建时间" if app != "jd" else "下单时间",
        when.strftime("%Y-%m-%d %H:%M:%S"),
        "column",
        value_x=vx,
    )
    p.row(
        "付款时间" if app != "douyin" else "支付时间",
        paid.strftime("%Y-%m-%d %H:%M:%S"),
        "column",
        value_x=vx,
    )
    return _truth(
        f"{app}_order",
        amount=f"-{cents / 100:.2f}",
        occurred_at=paid.isoformat(),
        status="success",
        payment_method=method,
        payee_name=shop,
        order_number=order,
    )


def _render(kind: str, seed: int) -> tuple[Image.Image, dict, list[TruthLine]]:
    if kind not in KINDS:
        raise ValueError(f"unknown payment page kind {kind!r}; one of {KINDS}")
    rng = random.Random(f"{kind}:{seed}")
    dark = rng.random() < 0.3
    width = rng.choice([1080, 1080, 1170, 828, 720])
    p = Page(rng, dark=dark, width=width)
    p.status_bar()
    if kind in ("alipay_bill", "alipay_bill_en"):
        truth = _alipay_bill(p, rng, kind.endswith("_en"))
    elif kind == "alipay_transfer":
        truth = _alipay_transfer(p, rng)
    elif kind == "wechat_bill":
        truth = _wechat_bill(p, rng)
    elif kind == "wechat_transfer":
        truth = _wechat_transfer(p, rng)
    elif kind == "bank_receipt":
        truth = _bank_receipt(p, rng)
    elif kind == "bank_receipt_en":
        truth = _bank_receipt_en(p, rng)
    else:
        truth = _order_page(p, rng, kind.split("_")[0])
    truth["dark"] = dark
    truth.setdefault("payee_bank", "")
    return p.im, truth, [t for t in p.lines if t.text.strip()]


def render_payment_page(
    kind: str, seed: int
) -> tuple[Image.Image, dict, list[tuple[str, tuple[int, int, int, int]]]]:
    """Render one page of ``kind`` (see KINDS). Same (kind, seed), same pixels and truth."""
    image, truth, lines = _render(kind, seed)
    return image, truth, [(t.text, t.box) for t in lines]


def payment_sample(kind: str, seed: int) -> Sample:
    """The same page as a ``Sample`` (for the OCR corpus): lines keep their tags."""
    image, truth, lines = _render(kind, seed)
    return Sample(
        name=f"payment_{kind}_{seed:03d}",
        kind="payment",
        image=image,
        lines=lines,
        meta={"truth": truth},
    )


def development_set(per_kind: int = 10, *, first_seed: int = 0) -> list[tuple[str, int]]:
    """The (kind, seed) pairs of the analysis development set."""
    return [(kind, seed) for kind in KINDS for seed in range(first_seed, first_seed + per_kind)]


if (
    __name__ == "__main__"
):  # python -m benchmarks.synth.payment OUTDIR: write a few pages to look at
    import json
    import sys
    from pathlib import Path

    out = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/payment_pages")
    out.mkdir(parents=True, exist_ok=True)
    for kind in KINDS:
        for seed in range(2):
            im, truth, lines = render_payment_page(kind, seed)
            im.save(out / f"{kind}_{seed}.png")
            (out / f"{kind}_{seed}.json").write_text(
                json.dumps({"truth": truth, "lines": lines}, ensure_ascii=False, indent=1)
            )
    print(out)
