"""One tree of errors. Each knows its exit code and its user-facing (translated) message."""

from __future__ import annotations

from pathlib import Path

from victimkit.i18n import _


class VictimkitWarning(UserWarning):
    """Warnings of victimkit's own; tests turn them into errors."""


class VictimkitError(Exception):
    """Base class. ``message`` is already translated and safe to show to a person."""

    exit_code = 2

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class CaseError(VictimkitError):
    """The case folder is missing, not a case, or of a newer version."""


class EvidenceFileError(VictimkitError):
    """A file given as evidence could not be taken. Names the file and the reason."""

    exit_code = 1

    def __init__(self, path: Path | str, reason: str):
        self.path = Path(path)
        self.reason = reason
        super().__init__(_("{name}: {reason}").format(name=str(path), reason=reason))


class IntegrityError(VictimkitError):
    """Verification found a problem: something changed, is missing or was removed."""

    exit_code = 1


class MissingDependencyError(VictimkitError):
    """An external program or data file (Tesseract, a language) is not installed."""

    exit_code = 3


class OcrError(VictimkitError):
    """An OCR engine failed on an image."""


class ExportError(VictimkitError):
    """The dossier or the bundle could not be written."""


class Cancelled(VictimkitError):
    """Long work was cancelled by the person; nothing half-done was kept."""

    exit_code = 130
