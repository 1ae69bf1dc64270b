"""Entities in text: amounts, phone numbers, accounts, IDs, addresses, order numbers.

``extract_entities(text)`` returns every entity found, left to right, each with the span it
came from, a normalised value, a confidence and, where the format has one, the result of its
checksum (``valid``). Checks use well-kept libraries: ``phonenumbers`` for phone numbers,
``python-stdnum`` for Luhn, the Chinese resident ID checksum and Bitcoin's base58check/bech32,
``pycryptodome``'s Keccak-256 for Ethereum's EIP-55 checksum. TRON addresses are base58check
with version byte 0x41 (the same few lines as Bitcoin's).

Resident ID numbers are ``sensitive``: anything shared must use ``mask()``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import phonenumbers
from stdnum import bitcoin, luhn
from stdnum.cn import ric

from victimkit.core.text import nfkc_per_char

IDENTIFIER_KINDS = (
    "phone",
    "phone_masked",
    "service_number",
    "bank_card",
    "resident_id",
    "wechat_id",
    "qq",
    "douyin_id",
    "alipay",
    "email",
    "url",
    "domain",
    "crypto_tron",
    "crypto_eth",
    "crypto_btc",
)
NUMBER_KINDS = ("order_number", "transaction_number", "merchant_order_number", "serial_number")

# Known service numbers (hotlines). Numbers of these shapes are never a person's phone.
SERVICE_NAMES = {
    "110": "Police",
    "96110": "Anti-fraud hotline",
    "12110": "Police SMS",
    "12315": "Consumer complaints",
    "12321": "Internet abuse reports",
    "12345": "Government service hotline",
    "95588": "ICBC",
    "95533": "China Construction Bank",
    "95599": "Agricultural Bank of China",
    "95566": "Bank of China",
    "95559": "Bank of Communications",
    "95555": "China Merchants Bank",
    "95580": "Postal Savings Bank",
    "95511": "Ping An",
    "95528": "SPD Bank",
    "95561": "Industrial Bank",
    "95568": "China Minsheng Bank",
    "95558": "China CITIC Bank",
    "95595": "China Everbright Bank",
    "95188": "Alipay",
    "95017": "WeChat Pay (Tenpay)",
    "95018": "Douyin Pay",
    "95118": "JD",
    "10086": "China Mobile",
    "10010": "China Unicom",
    "10000": "China Telecom",
}

CURRENCY_SYMBOLS = [
    ("HK$", "HKD"),
    ("US$", "USD"),
    ("NT$", "TWD"),
    ("S$", "SGD"),
    ("A$", "AUD"),
    ("C$", "CAD"),
    ("RMB", "CNY"),
    ("CNY", "CNY"),
    ("USD", "USD"),
    ("HKD", "HKD"),
    ("EUR", "EUR"),
    ("GBP", "GBP"),
    ("JPY", "JPY"),
    ("TWD", "TWD"),
    ("USDT", "USDT"),
    ("人民币", "CNY"),
    ("¥", "CNY"),
    ("$", "USD"),
    ("€", "EUR"),
    ("£", "GBP"),
]
SUFFIX_CURRENCIES = {
    "元": "CNY",
    "块": "CNY",
    "人民币": "CNY",
    "美元": "USD",
    "美金": "USD",
    "港币": "HKD",
    "港元": "HKD",
    "欧元": "EUR",
    "英镑": "GBP",
    "日元": "JPY",
    "USDT": "USDT",
    "U": "USDT",
}


@dataclass(frozen=True)
class Entity:
    kind: str
    value: str  # normalised: digits without spaces, lower-case e-mail, a decimal string for amounts
    text: str  # as written
    start: int
    end: int
    confidence: float
    valid: bool | None = None  # checksum result, None when the format has none
    sensitive: bool = False
    extra: dict = field(default_factory=dict)  # currency, sign, service name, label ...


# ------------------------------------------------------------------ normalising
_CONFUSABLE = str.maketrans(
    {"￥": "¥", "－": "-", "—": "-", "–": "-", "＋": "+", "，": ",", "．": "."}
)


def normalise(text: str) -> str:
    """NFKC per character (full-width forms to ASCII) without changing the string's length."""
    return nfkc_per_char(text.translate(_CONFUSABLE))


def digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


# ------------------------------------------------------------------ amounts
@dataclass(frozen=True)
class Amount:
    value: Decimal  # signed when the text had a sign
    currency: str  # ISO code, "" when the text did not say
    explicit_sign: str  # "+", "-" or ""
    text: str


_NUM = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)"
_SIGN = r"(?P<sign>[+-])?"
_PREFIX = "|".join(re.escape(s) for s, _c in CURRENCY_SYMBOLS)
_SUFFIX = "|".join(sorted((re.escape(s) for s in SUFFIX_CURRENCIES), key=len, reverse=True))
AMOUNT_RE = re.compile(
    rf"(?<![A-Za-z0-9.])(?:{_SIGN}\s?(?P<cur>{_PREFIX})\s?(?P<sign2>[+-])?\s?{_NUM}\s?(?P<mult>万|千|k|K)?(?:\s?(?P<suf>元))?"
    rf"|(?P<sign3>[+-])?{_NUM.replace('num', 'num2')}\s?(?P<mult2>万|千)?\s?(?P<suf2>{_SUFFIX})(?![A-Za-z])"
    rf"|(?P<sign4>[+-]){_NUM.replace('num', 'num3')}(?![\d.%]))"
)
_MULT = {"万": Decimal(10000), "千": Decimal(1000), "k": Decimal(1000), "K": Decimal(1000)}


def _amount_from_match(m: re.Match) -> Amount | None:
    g = m.groupdict()
    num = g.get("num") or g.get("num2") or g.get("num3")
    if not num:
        return None
    try:
        value = Decimal(num.replace(",", ""))
    except InvalidOperation:
        return None
    sign = g.get("sign") or g.get("sign2") or g.get("sign3") or g.get("sign4") or ""
    mult = g.get("mult") or g.get("mult2")
    if mult:
        value *= _MULT[mult]
    currency = ""
    if g.get("cur"):
        currency = dict(CURRENCY_SYMBOLS)[g["cur"]]
    elif g.get("suf2"):
        currency = SUFFIX_CURRENCIES[g["suf2"]]
    if g.get("sign4") and "." not in num:
        return None  # "-5" alone is not an amount; "-1130.00" on a bill is
    if sign == "-":
        value = -value
    return Amount(value, currency, sign, m.group(0))


def parse_amount(text: str, *, default_currency: str = "") -> Amount | None:
    """The first amount in ``text``; a bare decimal number counts when the text is only that."""
    norm = normalise(text).strip()
    m = AMOUNT_RE.search(norm)
    if m:
        a = _amount_from_match(m)
        if a is not None:
            return a if a.currency else Amount(a.value, default_currency, a.explicit_sign, a.text)
    bare = re.fullmatch(r"(?P<sign>[+-])?\s?" + _NUM, norm.replace(" ", ""))
    if bare and ("." in bare.group("num") or "," in bare.group("num")):
        value = Decimal(bare.group("num").replace(",", ""))
        sign = bare.group("sign") or ""
        return Amount(-value if sign == "-" else value, default_currency, sign, norm)
    return None


_CN_DIGITS = (
    {ch: i for i, ch in enumerate("零壹贰叁肆伍陆柒捌玖")}
    | {ch: i for i, ch in enumerate("〇一二三四五六七八九")}
    | {"两": 2, "貳": 2, "參": 3, "陸": 6}
)
_CN_SMALL = {"拾": 10, "十": 10, "佰": 100, "百": 100, "仟": 1000, "千": 1000}
_CN_BIG = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}


def parse_chinese_amount(text: str) -> Decimal | None:
    """An amount in words, as receipts write it: 人民币壹仟壹佰叁拾元整 -> 1130.00."""
    t = re.sub(r"[\s:：]", "", text)
    t = re.sub(r"^(?:人民币|大写金额|大写)+", "", t)
    m = re.fullmatch(
        r"(?P<int>[零壹贰叁肆伍陆柒捌玖〇一二三四五六七八九两貳參陸拾十佰百仟千万萬亿億]*)[元圆](?P<dec>.*)",
        t,
    )
    if not m or not (m.group("int") or m.group("dec")):
        return None
    total = section = number = 0
    for ch in m.group("int"):
        if ch in _CN_DIGITS:
            number = _CN_DIGITS[ch]
        elif ch in _CN_SMALL:
            section += (number or 1) * _CN_SMALL[ch]
            number = 0
        elif ch in _CN_BIG:
            total += (section + number) * _CN_BIG[ch]
            section = number = 0
    total += section + number
    cents = 0
    dec = m.group("dec").replace("整", "").replace("正", "")
    for dm in re.finditer(r"([零壹贰叁肆伍陆柒捌玖一二三四五六七八九])([角分])", dec):
        cents += _CN_DIGITS[dm.group(1)] * (10 if dm.group(2) == "角" else 1)
    if re.sub(r"[零壹贰叁肆伍陆柒捌玖一二三四五六七八九角分]", "", dec):
        return None
    return Decimal(total) + Decimal(cents) / 100


def format_amount(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01'))}"


# ------------------------------------------------------------------ checks
def luhn_ok(number: str) -> bool:
    return luhn.is_valid(number)


def resident_id_ok(number: str) -> bool:
    return ric.is_valid(number)


_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def base58check_payload(address: str) -> bytes | None:
    """Base58check-decode; the payload (version byte included) when the checksum holds."""
    n = 0
    for ch in address:
        i = _B58.find(ch)
        if i < 0:
            return None
        n = n * 58 + i
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
    raw = b"\0" * (len(address) - len(address.lstrip("1"))) + raw
    if len(raw) < 5:
        return None
    payload, check = raw[:-4], raw[-4:]
    if hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4] != check:
        return None
    return payload


def tron_ok(address: str) -> bool:
    payload = base58check_payload(address)
    return payload is not None and len(payload) == 21 and payload[0] == 0x41


def bitcoin_ok(address: str) -> bool:
    return bitcoin.is_valid(address)


def eth_checksum(address: str) -> bool | None:
    """EIP-55: True/False for mixed-case addresses, None when all one case (no checksum)."""
    body = address[2:]
    if body.lower() == body or body.upper() == body:
        return None
    from Crypto.Hash import keccak

    h = keccak.new(digest_bits=256, data=body.lower().encode()).hexdigest()
    for ch, hc in zip(body, h[:40], strict=True):
        if ch.isalpha() and (ch.isupper() != (int(hc, 16) >= 8)):
            return False
    return True


# ------------------------------------------------------------------ masking
def mask(value: str, kind: str) -> str:
    """A value safe to share: resident IDs keep region and check digit, cards and phones their tails."""
    v = value.strip()
    if kind == "resident_id" and len(v) == 18:
        return v[:6] + "*" * 8 + v[14:]
    if kind == "bank_card" and len(v) >= 8:
        return v[:4] + "*" * (len(v) - 8) + v[-4:]
    if kind == "phone" and len(v) >= 7:
        return v[:3] + "*" * (len(v) - 7) + v[-4:]
    if kind == "email" and "@" in v:
        local, _, host = v.partition("@")
        return local[:2] + "***@" + host
    return v


# ------------------------------------------------------------------ patterns
LABELS = {
    "order_number": r"订单号|订单编号|订单号码|Order\s?No\.?|Order\s?ID|Order\s?number",
    "merchant_order_number": r"商家订单号|商户单号|商户订单号|Merchant\s?Order\s?No\.?",
    "transaction_number": r"交易单号|交易号|支付宝交易号|转账单号|Transaction\s?(?:No\.?|ID)",
    "serial_number": r"流水号|交易流水号|凭证号|回单编号|Reference\s?No\.?|Ref\.?\s?No\.?",
}
_LABELLED_NUMBER = re.compile(
    "(?P<label>"
    + "|".join(f"(?P<{k}>{v})" for k, v in LABELS.items())
    + r")\s*[:：]?\s*(?P<val>[A-Za-z0-9][A-Za-z0-9\- ]{5,46}[A-Za-z0-9])",
    re.I,
)
_WECHAT = re.compile(
    r"(?:微信号|微信|威信|V信|薇信|vx|VX|Vx|wx|WX|WeChat(?:\s?ID)?)\s*[:：]?\s*(?P<val>[A-Za-z][A-Za-z0-9_-]{5,19})(?![A-Za-z0-9_-])"
)
_WECHAT_PHONE = re.compile(
    r"(?:微信号|微信|vx|VX|WeChat(?:\s?ID)?)\s*[:：]?\s*(?P<val>1[3-9]\d{9})(?!\d)"
)
_QQ = re.compile(r"(?:QQ|qq|扣扣|企鹅)\s*(?:号码?|群)?\s*[:：]?\s*(?P<val>[1-9]\d{4,10})(?!\d)")
_DOUYIN = re.compile(
    r"(?:抖音号|抖音ID|抖音|Douyin\s?ID|TikTok\s?ID)\s*[:：]?\s*(?P<val>[A-Za-z0-9][A-Za-z0-9_.]{3,23})(?![A-Za-z0-9_.])"
)
_ALIPAY = re.compile(
    r"(?:支付宝(?:账号|账户|号)?|Alipay(?:\s?account)?)\s*[:：]?\s*(?P<val>1[3-9]\d{9}|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|1[3-9]\d\*{4,6}\d{2,4})"
)
_EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][\w.+-]{0,63}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}(?![\w-])"
)
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'，。；、）)】,\u3000-\u9fff\uff00-\uffef]+", re.I)
_TLDS = (
    "com|cn|net|org|top|xyz|vip|cc|io|app|me|info|biz|club|shop|site|online|tk|hk|tw|co|ly|link|"
    "pro|fun|icu|work|ltd|live|store|tech|wang|ink|group|asia|bet|win|cloud|one|im|tv|so|la"
)
_DOMAIN = re.compile(
    rf"(?<![\w@.-])(?:[A-Za-z0-9](?:[A-Za-z0-9-]{{0,61}}[A-Za-z0-9])?\.)+(?:{_TLDS})(?![\w-])(?:/[^\s，。]*)?",
    re.I,
)
_TRON = re.compile(r"(?<![A-Za-z0-9])T[1-9A-HJ-NP-Za-km-z]{33}(?![A-Za-z0-9])")
_ETH = re.compile(r"(?<![A-Za-z0-9])0x[0-9a-fA-F]{40}(?![0-9a-fA-F])")
_BTC = re.compile(
    r"(?<![A-Za-z0-9])(?:[13][1-9A-HJ-NP-Za-km-z]{25,34}|bc1[ac-hj-np-z02-9]{11,71})(?![A-Za-z0-9])"
)
_RESIDENT = re.compile(
    r"(?<![\dA-Za-z])[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![\dA-Za-z])"
)
_CARD = re.compile(r"(?<![\d*])(?:\d{4}[ -]){3,4}\d{1,4}(?![\d*])|(?<![\d*])\d{15,19}(?![\d*])")
_MASKED_CARD = re.compile(
    r"(?<![\d*])\d{4}\s?(?:\*{2,}\s?)+\d{4}(?![\d*])|尾号\s?[:：]?\s?(?P<tail>\d{4})|(?:卡|card)\s?[(（]\s?(?P<tail2>\d{4})\s?[)）]",
    re.I,
)
_MASKED_PHONE = re.compile(r"(?<![\d*])1[3-9]\d\s?\*{4,6}\s?\d{2,4}(?![\d*])")
_SERVICE = re.compile(
    r"(?<!\d)(?:9[56]\d{3}|1(?:2\d{3}|00\d{2})|110|400[- ]?\d{3}[- ]?\d{4}|800[- ]?\d{3}[- ]?\d{4})(?!\d)"
)
_DATE_LIKE = re.compile(
    r"(?<!\d)(?:(?:19|20)\d\d\s?[-/.年]\s?\d{1,2}\s?[-/.月]\s?\d{1,2}日?\s*(?:\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?|\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)(?!\d)"
)
_PHONE_CANDIDATE = re.compile(
    r"(?<![0-9A-Za-z+*/.:：-])(?:\+|00)?\d[\d \-()（）]{5,18}\d(?![0-9A-Za-z*])"
)
_CARD_CONTEXT = re.compile(
    r"卡号|账号|帐号|账户|帐户|银行|储蓄卡|信用卡|借记卡|card|account|acct", re.I
)


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(start < e and s < end for s, e in spans)


def extract_entities(text: str, *, default_currency: str = "CNY") -> list[Entity]:
    """Every entity in ``text``. Spans refer to ``text`` as given."""
    norm = normalise(text)
    out: list[Entity] = []
    taken: list[tuple[int, int]] = []

    def add(
        kind, value, start, end, confidence, *, valid=None, sensitive=False, extra=None, claim=True
    ):
        out.append(
            Entity(
                kind, value, text[start:end], start, end, confidence, valid, sensitive, extra or {}
            )
        )
        if claim:
            taken.append((start, end))

    # crypto addresses and URLs first: they contain digit runs that look like other things
    for m in _URL.finditer(norm):
        url = m.group(0).rstrip(".,")
        add("url", url, m.start(), m.start() + len(url), 0.9)
        host = re.sub(r"^(?:https?://)?", "", url, flags=re.I).split("/")[0].split(":")[0].lower()
        add("domain", host, m.start(), m.start() + len(url), 0.8, claim=False)
    for m in _TRON.finditer(norm):
        if not _overlaps(taken, *m.span()):
            ok = tron_ok(m.group(0))
            add(
                "crypto_tron",
                m.group(0),
                *m.span(),
                0.95 if ok else 0.4,
                valid=ok,
                extra={"network": "TRON"},
            )
    for m in _ETH.finditer(norm):
        if not _overlaps(taken, *m.span()):
            ok = eth_checksum(m.group(0))
            add(
                "crypto_eth",
                m.group(0),
                *m.span(),
                0.9 if ok is not False else 0.4,
                valid=ok,
                extra={"network": "Ethereum"},
            )
    for m in _BTC.finditer(norm):
        if not _overlaps(taken, *m.span()):
            ok = bitcoin_ok(m.group(0))
            if ok or m.group(0).startswith("bc1"):
                add(
                    "crypto_btc",
                    m.group(0),
                    *m.span(),
                    0.95 if ok else 0.4,
                    valid=ok,
                    extra={"network": "Bitcoin"},
                )
    for m in _DOMAIN.finditer(norm):
        if not _overlaps(taken, *m.span()) and not re.fullmatch(r"[\d.]+", m.group(0)):
            add("domain", m.group(0).split("/")[0].lower(), *m.span(), 0.7)

    # labelled identifiers
    for regex, kind, conf in (
        (_ALIPAY, "alipay", 0.85),
        (_WECHAT_PHONE, "wechat_id", 0.8),
        (_WECHAT, "wechat_id", 0.8),
        (_QQ, "qq", 0.85),
        (_DOUYIN, "douyin_id", 0.8),
    ):
        for m in regex.finditer(norm):
            s, e = m.span("val")
            if _overlaps(taken, s, e):
                continue
            value = m.group("val")
            add(kind, value.lower() if "@" in value else value, s, e, conf)
            if "@" in value:
                add("email", value.lower(), s, e, conf, claim=False)
            if kind in ("alipay", "wechat_id") and re.fullmatch(r"1[3-9]\d{9}", value):
                add("phone", "+86" + value, s, e, conf, claim=False)
    for m in _EMAIL.finditer(norm):
        if not _overlaps(taken, *m.span()):
            add("email", m.group(0).lower(), *m.span(), 0.9)
    for m in _LABELLED_NUMBER.finditer(norm):
        s, e = m.span("val")
        if _overlaps(taken, s, e):
            continue
        kind = next(
            k
            for k in (
                "merchant_order_number",
                "transaction_number",
                "serial_number",
                "order_number",
            )
            if m.group(k)
        )
        value = re.sub(r"[\s-]", "", m.group("val"))
        if len(value) >= 6 and any(ch.isdigit() for ch in value):
            add(kind, value, s, e, 0.85, extra={"label": m.group("label")})

    # numbers that check out
    for m in _RESIDENT.finditer(norm):
        if _overlaps(taken, *m.span()):
            continue
        value = m.group(0).upper()
        if resident_id_ok(value):
            add("resident_id", value, *m.span(), 0.95, valid=True, sensitive=True)
    for m in _CARD.finditer(norm):
        if _overlaps(taken, *m.span()):
            continue
        value = digits(m.group(0))
        if not 15 <= len(value) <= 19:
            continue
        context = norm[max(0, m.start() - 12) : m.start()]
        ok = luhn_ok(value)
        if ok and (value[0] in "3456" or _CARD_CONTEXT.search(context)):
            add(
                "bank_card",
                value,
                *m.span(),
                0.9 if _CARD_CONTEXT.search(context) or value.startswith("62") else 0.7,
                valid=True,
            )
        elif _CARD_CONTEXT.search(context):
            add("bank_card", value, *m.span(), 0.5, valid=False)
    for m in _MASKED_CARD.finditer(norm):
        if not _overlaps(taken, *m.span()):
            tail = m.group("tail") or m.group("tail2") or digits(m.group(0))[-4:]
            add("card_tail", tail, *m.span(), 0.7, extra={"shown": m.group(0)})
    for m in _MASKED_PHONE.finditer(norm):
        if not _overlaps(taken, *m.span()):
            add("phone_masked", re.sub(r"\s", "", m.group(0)), *m.span(), 0.7)
    for m in _SERVICE.finditer(norm):
        if _overlaps(taken, *m.span()):
            continue
        value = digits(m.group(0))
        known = SERVICE_NAMES.get(value)
        if (
            known
            or value.startswith(("400", "800"))
            or (value.startswith("95") and len(value) == 5)
        ):
            add(
                "service_number",
                value,
                *m.span(),
                0.9 if known else 0.75,
                extra={"service": known or ""},
            )
    # phone numbers: candidates found cheaply, each checked by phonenumbers (parse + validity);
    # running its matcher over every chat message costs milliseconds a message
    for m in _DATE_LIKE.finditer(norm):  # dates and clock times are never phone numbers
        taken.append(m.span())
    for m in _PHONE_CANDIDATE.finditer(norm):
        s, e = m.span()
        if _overlaps(taken, s, e):
            continue
        if not 7 <= len(digits(m.group(0))) <= 15:
            continue
        try:
            num = phonenumbers.parse(m.group(0), "CN")
        except phonenumbers.NumberParseException:
            continue
        if not phonenumbers.is_valid_number(num):
            continue
        ntype = phonenumbers.number_type(num)
        mobile = ntype in (
            phonenumbers.PhoneNumberType.MOBILE,
            phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
        )
        add(
            "phone",
            phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164),
            s,
            e,
            0.9 if mobile else 0.7,
            valid=True,
            extra={"region": phonenumbers.region_code_for_number(num) or ""},
        )

    # amounts
    for m in AMOUNT_RE.finditer(norm):
        if _overlaps(taken, *m.span()):
            continue
        a = _amount_from_match(m)
        if a is None or (a.value == 0 and not a.currency):
            continue
        add(
            "amount",
            format_amount(a.value),
            *m.span(),
            0.9 if a.currency else 0.7,
            extra={"currency": a.currency or default_currency, "sign": a.explicit_sign},
        )
    return sorted(out, key=lambda e: (e.start, e.kind))
