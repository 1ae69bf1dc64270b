"""Payment records read off screenshots: Alipay / WeChat Pay bills and transfers, bank transfer
receipts, Taobao / JD / Douyin order pages.

``read_payment(lines, ...)`` takes the OCR lines of one image (text and box) and returns a
``Transaction`` or None when the page is not a payment record. Labels are paired with their
values by layout — the nearest text on the same row to the right, else the text directly below
the label — and values that wrap onto a second line are joined. Every field keeps the box it
came from, a confidence and how it was found, in ``Transaction.fields``; nothing is confirmed
until a person confirms it.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from victimkit.analysis.entities import Amount, parse_amount, parse_chinese_amount
from victimkit.analysis.times import parse_time
from victimkit.core.models import Transaction

# field -> labels as apps write them (compared without spaces, colons; English lower-cased)
LABELS: dict[str, tuple[str, ...]] = {
    "amount": (
        "实付款",
        "实付",
        "实付金额",
        "交易金额",
        "转账金额",
        "付款金额",
        "支付金额",
        "金额",
        "amount",
        "total",
        "amountpaid",
    ),
    "time": (
        "支付时间",
        "付款时间",
        "转账时间",
        "交易时间",
        "paymenttime",
        "transactiondate",
        "transactiontime",
        "transfertime",
        "date",
        "time",
    ),
    "created_at": ("创建时间", "下单时间", "提交时间", "createdtime", "creationtime", "ordertime"),
    "received_at": ("收款时间", "到账时间", "成交时间", "完成时间", "发货时间"),
    "status": ("当前状态", "交易状态", "状态", "status"),
    "payment_method": (
        "付款方式",
        "支付方式",
        "付款账户",
        "付款卡号",
        "付款账号",
        "扣款账户",
        "paymentmethod",
        "fromaccount",
        "payingaccount",
        "paidwith",
    ),
    "payee_name": (
        "收款方全称",
        "收款方",
        "商户全称",
        "商户名称",
        "收款人",
        "收款户名",
        "收款名称",
        "收款人姓名",
        "对方户名",
        "户名",
        "payeefullname",
        "payeename",
        "payee",
        "recipient",
        "merchantname",
    ),
    "payee_account": (
        "对方账户",
        "收款账号",
        "收款卡号",
        "收款账户",
        "对方账号",
        "收款人账号",
        "payeeaccount",
        "payeeaccountno",
        "toaccount",
        "recipientaccount",
    ),
    "payee_bank": ("收款银行", "开户行", "收款行", "payeebank"),
    "merchant_order_number": (
        "商家订单号",
        "商户单号",
        "商户订单号",
        "merchantorderno",
        "merchantorderid",
    ),
    "order_number": (
        "订单号",
        "订单编号",
        "交易单号",
        "转账单号",
        "交易流水号",
        "流水号",
        "交易号",
        "orderno",
        "orderid",
        "ordernumber",
        "referenceno",
        "transactionno",
        "transactionid",
        "refno",
    ),
    "trade_number": ("支付宝交易号", "微信支付单号", "支付单号", "交易凭证号"),
    # labels whose values are kept but are not key fields; knowing them stops their values
    # from being taken for something else
    "description": (
        "商品说明",
        "商品",
        "转账说明",
        "附言",
        "备注",
        "用途",
        "productinfo",
        "remarks",
        "remark",
        "description",
        "note",
    ),
    "amount_words": ("大写金额", "金额大写", "大写", "人民币大写"),
    "other": (
        "账单分类",
        "商品总价",
        "运费",
        "优惠",
        "店铺优惠",
        "收货地址",
        "配送方式",
        "发票",
        "交易类型",
        "账单服务",
        "手续费",
        "收单机构",
        "币种",
        "交易渠道",
        "交易地点",
        "汇款用途",
        "标签和备注",
        "计入收支",
        "category",
        "fee",
        "currency",
        "channel",
    ),
}
# the order in which labels of one field are preferred
_PRIORITY = {f: {label: i for i, label in enumerate(labels)} for f, labels in LABELS.items()}
_LABEL_OF: dict[str, str] = {}
for _field, _labels in LABELS.items():
    for _label in _labels:
        _LABEL_OF.setdefault(_label, _field)
_LABELS_LONGEST = sorted(_LABEL_OF, key=len, reverse=True)

BUTTONS = {"复制", "查看", "详情", "copy", ">", "›", "查看详情", "去评价", "申请售后"}

STATUS_PHRASES: list[tuple[str, str]] = [
    ("已全额退款", "refunded"),
    ("退款成功", "refunded"),
    ("已退款", "refunded"),
    ("已退还", "refunded"),
    ("已退回", "refunded"),
    ("部分退款", "refunded"),
    ("refunded", "refunded"),
    ("交易关闭", "closed"),
    ("已关闭", "closed"),
    ("closed", "closed"),
    ("交易失败", "failed"),
    ("转账失败", "failed"),
    ("支付失败", "failed"),
    ("failed", "failed"),
    ("等待付款", "pending"),
    ("待付款", "pending"),
    ("处理中", "pending"),
    ("确认收款", "pending"),  # 待某某确认收款
    ("待收款", "pending"),
    ("awaitingpayment", "pending"),
    ("processing", "pending"),
    ("pending", "pending"),
    ("交易成功", "success"),
    ("支付成功", "success"),
    ("转账成功", "success"),
    ("付款成功", "success"),
    ("已收款", "success"),
    ("已完成", "success"),
    ("卖家已发货", "success"),
    ("待收货", "success"),
    ("等待收货", "success"),
    ("待发货", "success"),
    ("transfersuccessful", "success"),
    ("completed", "success"),
    ("successful", "success"),
    ("success", "success"),
]
_SHOP_RE = re.compile(
    r"(旗舰店|专营店|专卖店|小店|的店|商行|工作室|自营|店铺|超市|商城|官方店|店)$"
)
_PAYEE_PATTERNS = [
    re.compile(r"^转账-?转给(?P<name>.+)$"),
    re.compile(r"^转账给(?P<name>.+)$"),
    re.compile(r"^付款给(?P<name>.+)$"),
    re.compile(r"^待(?P<name>.+?)(?:确认)?收款$"),
    re.compile(r"^(?P<name>.+?)已收款$"),
    re.compile(r"^transferto(?P<name>.+)$", re.I),
]


@dataclass(frozen=True)
class Line:
    idx: int
    text: str  # NFKC, stripped
    box: tuple[int, int, int, int]
    confidence: float

    @property
    def h(self) -> int:
        return max(1, self.box[3] - self.box[1])

    @property
    def cy(self) -> float:
        return (self.box[1] + self.box[3]) / 2


def _key(text: str) -> str:
    t = unicodedata.normalize("NFKC", text)
    t = re.sub(r"[\s:：.。·]", "", t).lower()
    return t


def _near(a: str, b: str) -> bool:
    """Same length and at most one character different (an OCR slip in a label)."""
    return len(a) == len(b) >= 4 and sum(x != y for x, y in zip(a, b, strict=True)) <= 1


def match_label(text: str) -> tuple[str, str, str] | None:
    """(field, label, rest of the line) when the line starts with a known label."""
    k = _key(text)
    if not k:
        return None
    if k in _LABEL_OF:
        return _LABEL_OF[k], k, ""
    for label in _LABELS_LONGEST:
        if k.startswith(label) and len(label) >= 2:
            # the value follows in the same box: keep the original spacing of the value
            norm = unicodedata.normalize("NFKC", text).strip()
            rest = _strip_label(norm, label)
            if rest is not None and rest and _plausible_merged(label, rest):
                return _LABEL_OF[label], label, rest
    for label in _LABELS_LONGEST:
        if _near(k, label):
            return _LABEL_OF[label], label, ""
    return None


def _strip_label(text: str, label: str) -> str | None:
    i = 0
    consumed = 0
    while i < len(text) and consumed < len(label):
        ch = text[i]
        if re.match(r"[\s:：.。·]", ch):
            i += 1
            continue
        if ch.lower() != label[consumed]:
            return None
        consumed += 1
        i += 1
    return re.sub(r"^[\s:：]+", "", text[i:]).strip()


def _plausible_merged(label: str, rest: str) -> bool:
    # "商品总价" must not read as label "商品" + value "总价"; a merged value starts with a digit,
    # a currency, a capital letter, or follows a colon/space in the original
    if re.match(r"[\d¥$+\-*A-Z(（]", rest):
        return True
    return len(rest) >= 2 and label not in (
        "商品",
        "状态",
        "金额",
        "户名",
        "time",
        "date",
        "fee",
        "payee",
        "total",
        "amount",
    )


def _vertical_overlap(a: Line, b: Line) -> float:
    top = max(a.box[1], b.box[1])
    bottom = min(a.box[3], b.box[3])
    return max(0, bottom - top) / min(a.h, b.h)


@dataclass
class Found:
    value: str
    lines: list[Line]
    confidence: float
    how: str
    label: Line | None = None

    def record(self) -> dict:
        xs0 = min(ln.box[0] for ln in self.lines)
        ys0 = min(ln.box[1] for ln in self.lines)
        xs1 = max(ln.box[2] for ln in self.lines)
        ys1 = max(ln.box[3] for ln in self.lines)
        out = {
            "value": self.value,
            "box": [xs0, ys0, xs1, ys1],
            "confidence": round(self.confidence, 3),
            "line": self.lines[0].idx,
            "lines": [ln.idx for ln in self.lines],
            "how": self.how,
        }
        if self.label is not None:
            out["label_box"] = list(self.label.box)
            out["label"] = self.label.text
        return out


class Page:
    def __init__(self, lines: Sequence[Line]):
        self.lines = list(lines)
        self.labels: dict[int, tuple[str, str, str]] = {}
        for ln in self.lines:
            m = match_label(ln.text)
            if m:
                self.labels[ln.idx] = m
        heights = [ln.h for ln in self.lines] or [1]
        self.median_h = statistics.median(heights)
        self.width = max((ln.box[2] for ln in self.lines), default=1)

    def is_label(self, ln: Line) -> bool:
        return ln.idx in self.labels

    def is_button(self, ln: Line) -> bool:
        return _key(ln.text) in BUTTONS

    def row_has_label_left(self, ln: Line) -> bool:
        """Some other text starts left of ``ln`` on its row (a label, or a misread one): then
        ``ln`` is that row's value, not a value wrapped from the row above."""
        return any(
            o.idx != ln.idx
            and _vertical_overlap(o, ln) >= 0.5
            and o.box[0] < ln.box[0] - 0.5 * min(o.h, ln.h)
            and not self.is_button(o)
            for o in self.lines
        )

    def value_for(self, label: Line, *, join: bool = True) -> Found | None:
        _field, _lab, rest = self.labels[label.idx]
        if rest:
            found = Found(rest, [label], label.confidence * 0.95, "merged", label)
            return self._continue(found, label) if join else found
        candidates = [
            o
            for o in self.lines
            if o.idx != label.idx
            and not self.is_label(o)
            and not self.is_button(o)
            and _vertical_overlap(o, label) >= 0.5
            and o.box[0] >= label.box[2] - 5
        ]
        if candidates:
            first = min(candidates, key=lambda o: o.box[0])
            found = Found(first.text, [first], first.confidence, "same_row", label)
            return self._continue(found, label) if join else found
        below = [
            o
            for o in self.lines
            if not self.is_label(o)
            and not self.is_button(o)
            and o.box[1] >= label.box[1] + 0.5 * label.h
            and o.box[1] - label.box[3] <= 1.3 * label.h
            and abs(o.box[0] - label.box[0]) <= 1.5 * label.h
            and not self.row_has_label_left(o)
        ]
        if below:
            first = min(below, key=lambda o: o.box[1])
            found = Found(first.text, [first], first.confidence * 0.95, "below", label)
            return self._continue(found, label) if join else found
        return None

    def _continue(self, found: Found, label: Line) -> Found:
        """Join lines that continue a wrapped value: directly below, same column edge, no label."""
        last = found.lines[-1]
        first = found.lines[0]
        while True:
            h = max(last.h, label.h, self.median_h)
            nxt = [
                o
                for o in self.lines
                if o not in found.lines
                and o.idx != label.idx
                and not self.is_label(o)
                and not self.is_button(o)
                and 0 <= o.box[1] - last.box[3] + 0.3 * h <= 1.3 * h
                and (
                    abs(o.box[0] - first.box[0]) <= 1.6 * h
                    or abs(o.box[2] - first.box[2]) <= 1.6 * h
                )
                and o.box[0] >= label.box[0] - h
                and not self.row_has_label_left(o)
            ]
            if not nxt:
                return found
            o = min(nxt, key=lambda o: o.box[1])
            # never jump over another line (a label below a stacked value, say)
            between = [
                x
                for x in self.lines
                if x not in found.lines
                and x.idx != o.idx
                and last.box[3] - 0.3 * h <= x.box[1] < o.box[1]
                and x.box[0] < first.box[2]
                and x.box[2] > first.box[0]
            ]
            if between:
                return found
            if found.how == "merged":
                # a merged label+value line: the continuation sits under the value's end
                pass
            found = Found(
                found.value + o.text,
                [*found.lines, o],
                min(found.confidence, o.confidence),
                found.how,
                found.label,
            )
            last = o

    def find(self, field: str, *, join: bool = True) -> Found | None:
        """The value of the best-ranked label of ``field`` on the page."""
        ranked = sorted(
            (ln for ln in self.lines if self.labels.get(ln.idx, ("",))[0] == field),
            key=lambda ln: (_PRIORITY[field].get(self.labels[ln.idx][1], 99), ln.box[1]),
        )
        for ln in ranked:
            found = self.value_for(ln, join=join)
            if found is not None and found.value.strip():
                return found
        return None


# ------------------------------------------------------------------ page kinds
def detect_app(texts: Sequence[str]) -> str:
    keys = {_key(t) for t in texts}
    joined = "|".join(keys)
    if "支付宝交易号" in keys or "淘宝" in joined:
        return "taobao"
    if "京东" in joined or "下单时间" in keys:
        return "jd"
    if "抖音" in joined or re.search(r"\|实付\|", "|" + joined + "|"):
        return "douyin"
    if (
        "交易单号" in keys
        or "商户单号" in keys
        or "转账单号" in keys
        or "商户全称" in keys
        or "零钱" in keys
    ):
        return "wechat"
    if (
        "收款方全称" in keys
        or "账单详情" in keys
        or "billdetails" in keys
        or "余额宝" in joined
        or "花呗" in joined
    ):
        return "alipay"
    if re.search(
        r"收款账号|收款卡号|收款户名|流水号|电子回单|收款银行|payeeaccount|referenceno", joined
    ):
        return "bank"
    if "订单编号" in keys:
        return "order"
    return "unknown"


def _status(page: Page) -> Found | None:
    labelled = page.find("status", join=False)
    candidates = ([labelled] if labelled else []) + [
        Found(ln.text, [ln], ln.confidence * 0.9, "phrase")
        for ln in sorted(page.lines, key=lambda ln: ln.box[1])
        if not page.is_label(ln)
    ]
    for found in candidates:
        k = _key(found.value)
        for phrase, status in STATUS_PHRASES:
            if phrase in k and len(k) <= len(phrase) + 14:
                return Found(status, found.lines, found.confidence, found.how, found.label)
    return None


_AMOUNT_ONLY = re.compile(
    r"^[+\-]?\s?(?:[¥$€£]|RMB|CNY|USD|HKD|HK\$|US\$|EUR|GBP|人民币)?\s?[+\-]?\s?\d[\d,]*(?:\.\d{1,2})?\s?(?:元|USD|HKD)?$"
)


def _fix_amount_text(text: str) -> str:
    t = unicodedata.normalize("NFKC", text).replace("￥", "¥").strip()
    # OCR reads the yuan sign as Y or 羊 in a big header amount
    return re.sub(r"^([+\-]?)\s?[Y羊半]\s?(?=\d)", r"\1¥", t)


def _header_amount(page: Page) -> Found | None:
    """The page's big amount: an amount alone on its row (tallest first), or a much taller one."""
    alone, tall = [], []
    for ln in page.lines:
        t = _fix_amount_text(ln.text)
        if page.is_label(ln) or not _AMOUNT_ONLY.match(t.replace(" ", "")):
            continue
        if not re.search(r"[.,¥$]|元|^[+\-]|[A-Z]{3}", t):
            continue  # a bare integer is not a header amount
        if not page.row_has_label_left(ln):
            alone.append(ln)
        elif ln.h >= 1.3 * page.median_h:
            tall.append(ln)
    pool = alone or tall
    if not pool:
        return None
    best = max(pool, key=lambda ln: (ln.h, -ln.box[1]))
    return Found(_fix_amount_text(best.text), [best], best.confidence, "header")


def _card_tail(text: str) -> str:
    t = unicodedata.normalize("NFKC", text)
    for pattern in (
        r"尾号\s?(\d{4})",
        r"[(（]\s?(\d{4})\s?[)）]\s*$",
        r"\*+\s?(\d{4})\s*$",
        r"(?<!\d)(\d{4})\s*$",
    ):
        m = re.search(pattern, t)
        if m and (pattern != r"(?<!\d)(\d{4})\s*$" or "*" in t):
            return m.group(1)
    return ""


def _clean_number(value: str) -> str:
    return re.sub(r"[^A-Za-z0-9\-]", "", unicodedata.normalize("NFKC", value)).strip("-")


def _clean_account(value: str) -> str:
    v = unicodedata.normalize("NFKC", value).strip()
    if re.fullmatch(r"[\d\s\-*]+", v):
        return re.sub(r"\s", "", v)
    return v


def read_payment(
    lines: Sequence,
    *,
    reference: datetime | None = None,
    zone: str = "Asia/Shanghai",
    evidence_id: int | None = None,
    source_ref: str = "",
) -> Transaction | None:
    """A Transaction from the OCR lines of one page, or None when it is not a payment record.

    ``lines``: objects with ``text``/``box``/``confidence``/``tag`` (OcrLine) or tuples
    (text, box[, confidence[, tag]]).
    Lines tagged ``status_bar`` are ignored. ``reference`` is the capture time (for dates
    without a year).
    """
    page_lines = []
    for i, item in enumerate(lines):
        if isinstance(item, tuple):
            text, box = item[0], item[1]
            conf = item[2] if len(item) > 2 else 1.0
            tag = item[3] if len(item) > 3 else None
        else:
            text, box, conf, tag = (
                getattr(item, "shown_text", item.text),
                item.box,
                item.confidence,
                item.tag,
            )
        if tag == "status_bar" or not str(text).strip():
            continue
        page_lines.append(
            Line(
                i,
                unicodedata.normalize("NFKC", str(text)).strip(),
                tuple(int(v) for v in box),
                float(conf),
            )
        )
    if not page_lines:
        return None
    # drop the phone's status bar when it was not tagged: short lines in the top strip
    top = min(ln.box[1] for ln in page_lines)
    bar = [
        ln
        for ln in page_lines
        if ln.box[3] <= top + 2.2 * statistics.median([x.h for x in page_lines])
        and ln.box[1] < 100
        and re.fullmatch(r"[\d:%\s]+|中国移动|中国联通|中国电信", ln.text)
    ]
    page_lines = [ln for ln in page_lines if ln not in bar]
    page = Page(page_lines)
    app = detect_app([ln.text for ln in page_lines])
    fields: dict[str, Found] = {}

    # amount: a labelled total wins on order pages; elsewhere the big header amount
    labelled_amount = page.find("amount", join=False)
    header = _header_amount(page)
    amount_found = None
    for cand in (
        [labelled_amount, header]
        if app in ("taobao", "jd", "douyin", "order")
        else [header, labelled_amount]
    ):
        if cand is not None and parse_amount(_fix_amount_text(cand.value)) is not None:
            amount_found = cand
            break
    if amount_found is None:
        return None
    default_currency = "CNY"
    amt = parse_amount(_fix_amount_text(amount_found.value), default_currency=default_currency)
    if amt is None:
        return None
    fields["amount"] = amount_found
    words = page.find("amount_words")
    words_value = parse_chinese_amount(words.value) if words is not None else None
    if words_value is not None and words_value != abs(amt.value):
        # the amount in words is read more reliably than digits (a dropped "4," say): it wins,
        # and the disagreement is kept for the person to see
        fields["amount"] = Found(
            words.value, words.lines, min(words.confidence, 0.7), "amount_in_words", words.label
        )
        amt = Amount(
            -words_value if amt.explicit_sign == "-" else words_value,
            amt.currency,
            amt.explicit_sign,
            words.value,
        )
        conflict = amount_found.value
    else:
        conflict = None

    found_labels = {page.labels[i][0] for i in page.labels}
    if (
        len(
            found_labels
            & {
                "time",
                "created_at",
                "order_number",
                "payee_name",
                "payee_account",
                "payment_method",
                "merchant_order_number",
            }
        )
        < 2
    ):
        return None  # an amount alone does not make a payment record

    status = _status(page)
    if status:
        fields["status"] = status

    # time
    when = None
    for field in ("time", "created_at", "received_at"):
        f = page.find(field, join=False)
        if f is None:
            continue
        ft = parse_time(f.value, reference=reference, zone=zone, source="receipt")
        if ft is None and f.how != "merged":
            # a time split over two boxes (date | time)
            f2 = page._continue(f, f.label) if f.label is not None else f
            ft = parse_time(f2.value, reference=reference, zone=zone, source="receipt")
            f = f2 if ft else f
        if ft is not None:
            when = ft
            fields["occurred_at"] = Found(
                ft.value.isoformat(),
                f.lines,
                f.confidence * (0.9 if ft.resolved else 1.0),
                f.how,
                f.label,
            )
            break

    for field in (
        "payment_method",
        "payee_name",
        "payee_account",
        "payee_bank",
        "order_number",
        "merchant_order_number",
        "trade_number",
        "description",
    ):
        f = page.find(field, join=field not in ("payment_method", "payee_bank"))
        if f is not None:
            fields[field] = f

    # payee from a headline ("转账给 张三", "张三已收款") or the shop's name on an order page
    if "payee_name" not in fields:
        for ln in sorted(page.lines, key=lambda ln: ln.box[1]):
            if page.is_label(ln):
                continue
            k = re.sub(r"\s", "", ln.text)
            for pat in _PAYEE_PATTERNS:
                m = pat.match(k)
                if m and 1 <= len(m.group("name")) <= 30:
                    fields["payee_name"] = Found(
                        m.group("name"), [ln], ln.confidence * 0.85, "headline"
                    )
                    break
            if "payee_name" in fields:
                break
    if "payee_name" not in fields and app in ("taobao", "jd", "douyin", "order"):
        for ln in sorted(page.lines, key=lambda ln: ln.box[1]):
            if (
                not page.is_label(ln)
                and _SHOP_RE.search(ln.text)
                and len(ln.text) <= 30
                and not _status_like(ln.text)
            ):
                fields["payee_name"] = Found(ln.text, [ln], ln.confidence * 0.8, "shop")
                break
    if "payee_name" not in fields and header is not None:
        # the counterparty's short name sits centred just above the header amount
        above = [
            ln
            for ln in page.lines
            if not page.is_label(ln)
            and ln.box[3] <= header.lines[0].box[1]
            and header.lines[0].box[1] - ln.box[3] < 3 * header.lines[0].h
            and not _AMOUNT_ONLY.match(ln.text.replace(" ", ""))
        ]
        if above:
            ln = max(above, key=lambda ln: ln.box[3])
            fields["payee_name"] = Found(ln.text, [ln], ln.confidence * 0.6, "above_amount")

    # direction and sign
    status_value = fields["status"].value if "status" in fields else ""
    if amt.explicit_sign == "+":
        direction = "in"
    elif amt.explicit_sign == "-":
        direction = "out"
    elif status_value == "refunded":
        direction = "in"
    else:
        direction = "out"
    value = abs(amt.value)
    signed = -value if direction == "out" else value
    currency = amt.currency or default_currency

    method = fields["payment_method"].value.strip() if "payment_method" in fields else ""
    records = {name: f.record() for name, f in fields.items()}
    records["amount"]["value"] = str(signed.quantize(Decimal("0.01")))
    if conflict is not None:
        records["amount"]["conflict"] = conflict
    if "status" in records:
        records["status"]["value"] = status_value
    records["_page"] = {"app": app}
    tail = _card_tail(method)
    if tail:
        records["card_tail"] = {**records["payment_method"], "value": tail}
    return Transaction(
        occurred_at=when.value if when else None,
        amount=signed.quantize(Decimal("0.01")),
        currency=currency,
        direction=direction,
        status=status_value,
        payee_name=fields["payee_name"].value.strip() if "payee_name" in fields else "",
        payee_account=_clean_account(fields["payee_account"].value)
        if "payee_account" in fields
        else "",
        payee_bank=fields["payee_bank"].value.strip() if "payee_bank" in fields else "",
        payment_method=method,
        order_number=_clean_number(fields["order_number"].value)
        if "order_number" in fields
        else "",
        merchant_order_number=_clean_number(fields["merchant_order_number"].value)
        if "merchant_order_number" in fields
        else "",
        description=fields["description"].value.strip() if "description" in fields else "",
        category=app,
        source_ref=source_ref,
        evidence_id=evidence_id,
        confirmed=False,
        is_loss=direction == "out" and status_value not in ("refunded", "failed", "closed"),
        fields=records,
    )


def _status_like(text: str) -> bool:
    k = _key(text)
    return any(phrase in k for phrase, _s in STATUS_PHRASES)
