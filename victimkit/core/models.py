"""Plain data. Times are aware datetimes (UTC when stored); amounts are Decimal."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Literal

EVIDENCE_KINDS = ("image", "document", "chat_export", "bill_export", "recording", "other")
EvidenceKind = Literal["image", "document", "chat_export", "bill_export", "recording", "other"]
Speaker = Literal["other", "self", "system"]
Direction = Literal["incoming", "outgoing", "system"]
Box = tuple[int, int, int, int]  # x0, y0, x1, y1 in the original image's pixels


@dataclass(frozen=True)
class CaseInfo:
    id: str
    title: str
    victim_name: str
    lang: str
    country: str
    timezone: str
    created_at: datetime
    schema_version: int = 1


@dataclass(frozen=True)
class Evidence:
    id: int
    sha256: str
    kind: str
    original_name: str
    source_path: str
    size: int
    media_type: str
    ext: str
    imported_at: datetime
    captured_at: datetime | None = None
    captured_at_source: str | None = None  # "exif", "file_mtime", "filename", "content"
    width: int | None = None
    height: int | None = None
    problems: tuple[str, ...] = ()
    exhibit: str = ""  # E-001 …, in import order


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: datetime
    actor: str
    action: str
    details: dict
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class OcrLine:
    text: str
    box: Box
    confidence: float
    speaker: Speaker | None = None
    confirmed: bool = False
    corrected_text: str | None = None
    tag: str | None = None  # e.g. "status_bar"

    @property
    def shown_text(self) -> str:
        return self.corrected_text if self.corrected_text is not None else self.text


@dataclass(frozen=True)
class OcrResult:
    engine: str
    engine_version: str
    model: str
    settings: dict
    lines: tuple[OcrLine, ...]

    @property
    def text(self) -> str:
        return "\n".join(line.shown_text for line in self.lines)


@dataclass(frozen=True)
class Message:
    """One chat message, from an export file or from chat screenshots."""

    sender: str
    sent_at: datetime | None  # aware; None when the source has no time
    text: str
    direction: Direction
    is_system: bool = False
    attachment: str | None = None  # media placeholder or attached file name
    source_ref: str = ""  # "line 12", "record 40", "ocr line 3"
    evidence_id: int | None = None
    timezone: str | None = None  # the zone the source wrote its times in, when known
    forwarded_from: str | None = None


@dataclass(frozen=True)
class Transaction:
    occurred_at: datetime | None
    amount: Decimal  # signed: negative for money paid out
    currency: str
    direction: Literal["out", "in", "neutral"]
    status: str = ""  # success, refunded, pending, failed, closed, ...
    counterparty: str = ""
    payee_name: str = ""
    payee_account: str = ""
    payee_bank: str = ""
    payment_method: str = ""
    order_number: str = ""
    merchant_order_number: str = ""
    description: str = ""
    category: str = ""
    source_ref: str = ""
    evidence_id: int | None = None
    confirmed: bool = False
    is_loss: bool = True  # a refunded or income row is not a loss
    fields: dict = field(default_factory=dict)  # field name -> {"box": ..., "confidence": ...}


@dataclass(frozen=True)
class Identifier:
    kind: str  # phone, wechat_id, qq, douyin_id, alipay, email, url, domain, bank_card, ...
    value: str
    role: Literal["suspect", "payee", "victim", "unknown"] = "unknown"
    evidence_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class Event:
    occurred_at: datetime
    time_source: str  # "in_image", "receipt", "file_metadata", "import", "chat_export", "person"
    description: str
    evidence_id: int | None = None
