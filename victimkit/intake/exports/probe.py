"""What every format's ``sniff`` looks at: the file's first bytes, decoded once, lazily."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from victimkit.intake.exports.text import decode_head, split_lines

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class Options:
    me: str | None = None
    timezone: str = "Asia/Shanghai"


class Probe:
    """The head of a file (first 64 KiB) seen as text, lines, CSV rows or spreadsheet rows."""

    def __init__(self, path: Path, head: bytes):
        self.path = path
        self.head = head

    @property
    def is_xlsx(self) -> bool:
        return self.head.startswith(XLSX_MAGIC)

    @property
    def is_xls(self) -> bool:
        return self.head.startswith(OLE_MAGIC)

    @cached_property
    def text(self) -> str | None:
        if self.is_xlsx or self.is_xls:
            return None
        return decode_head(self.head)

    @cached_property
    def lines(self) -> list[str]:
        text = self.text
        if text is None:
            return []
        lines = split_lines(text)
        if len(self.head) >= 64 * 1024 and len(lines) > 1:
            lines.pop()  # probably cut in the middle
        return lines

    @cached_property
    def stripped(self) -> str:
        return (self.text or "").lstrip()

    @cached_property
    def rows(self) -> list[list[str]]:
        """The first rows as table cells, whatever the container (CSV, TSV, XLS, XLSX, HTML table)."""
        from victimkit.intake.exports import table

        if self.is_xlsx or self.is_xls:
            try:
                return [r.cells for r in table.read_rows(self.path, limit=80)]
            except Exception:  # a spreadsheet that is not one: not ours
                return []
        if self.text is None:
            return []
        return [r.cells for r in table.rows_from_text(self.text, limit=80)]

    def csv_rows(self, limit: int = 80) -> list[list[str]]:
        if self.text is None:
            return []
        reader = csv.reader(io.StringIO(self.text))
        out = []
        try:
            for row in reader:
                out.append(row)
                if len(out) >= limit:
                    break
        except csv.Error:
            pass
        return out
