"""The domain as plain, frozen dataclasses. No I/O, no Qt."""

from victimkit.core.models import (
    EVIDENCE_KINDS,
    AuditEntry,
    CaseInfo,
    Event,
    Evidence,
    Identifier,
    Message,
    OcrLine,
    OcrResult,
    Transaction,
)
from victimkit.core.progress import CancelToken, Progress, ProgressCallback

__all__ = [
    "EVIDENCE_KINDS",
    "AuditEntry",
    "CancelToken",
    "CaseInfo",
    "Event",
    "Evidence",
    "Identifier",
    "Message",
    "OcrLine",
    "OcrResult",
    "Progress",
    "ProgressCallback",
    "Transaction",
]
