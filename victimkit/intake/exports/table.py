"""Rows of cells from CSV, TSV, XLS, XLSX and HTML-table files, each with its row number.

Banks call many things "XLS": real BIFF workbooks (read with xlrd), Office Open XML (openpyxl),
tab-separated text in GBK or UTF-16, and HTML tables. All come out as rows of strings.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from html.parser import HTMLParser
from pathlib import Path

from victimkit.errors import EvidenceFileError
from victimkit.i18n import _
from victimkit.intake.exports.probe import OLE_MAGIC, XLSX_MAGIC
from victimkit.intake.exports.text import read_text, split_lines

MAX_ROWS = 2_000_000


@dataclass(frozen=True)
class Row:
    cells: list[str]
    ref: str  # "row 12" (1-based line or sheet row of the file)


@dataclass(frozen=True)
class Sheet:
    rows: list[Row]
    container: str  # "csv", "xls", "xlsx", "html"
    encoding: str


def container_of(head: bytes, text: str | None) -> str:
    if head.startswith(XLSX_MAGIC):
        return "xlsx"
    if head.startswith(OLE_MAGIC):
        return "xls"
    if text is not None and re.search(r"<table", text[:65536], re.I):
        return "html"
    return "csv"


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return (
            value.strftime("%Y-%m-%d %H:%M:%S")
            if value.time() != time(0)
            else value.strftime("%Y-%m-%d")
        )
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, time):
        return value.strftime("%H:%M:%S")
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    return str(value)


def _read_xlsx(path: Path, limit: int | None) -> list[Row]:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zipfile.BadZipFile, KeyError, InvalidFileException, XML errors ...
        raise EvidenceFileError(
            path, _("the spreadsheet cannot be opened ({detail})").format(detail=type(exc).__name__)
        ) from exc
    try:
        ws = wb.worksheets[0]
        rows = []
        for n, values in enumerate(ws.iter_rows(values_only=True), start=1):
            rows.append(Row([_cell_text(v) for v in values], f"row {n}"))
            if (limit and n >= limit) or n >= MAX_ROWS:
                break
        return rows
    finally:
        wb.close()


def _read_xls(path: Path, limit: int | None) -> list[Row]:
    import xlrd

    try:
        book = xlrd.open_workbook(path, on_demand=True)
        sheet = book.sheet_by_index(0)
    except Exception as exc:  # xlrd.XLRDError, CompDocError, struct.error ...
        raise EvidenceFileError(
            path, _("the spreadsheet cannot be opened ({detail})").format(detail=type(exc).__name__)
        ) from exc
    rows = []
    count = sheet.nrows if not limit else min(limit, sheet.nrows)
    for r in range(count):
        cells = []
        for c in range(sheet.ncols):
            ctype = sheet.cell_type(r, c)
            value = sheet.cell_value(r, c)
            if ctype == xlrd.XL_CELL_DATE:
                with contextlib.suppress(ValueError, OverflowError, xlrd.xldate.XLDateError):
                    value = xlrd.xldate.xldate_as_datetime(value, book.datemode)
            cells.append(_cell_text(value))
        rows.append(Row(cells, f"row {r + 1}"))
    book.release_resources()
    return rows


class _HtmlTable(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _delimiter(text: str) -> str:
    sample = split_lines(text[:20000])[:60]
    tabs = sum(line.count("\t") for line in sample)
    commas = sum(line.count(",") for line in sample)
    # ICBC and Alipay end cells with a TAB inside comma-separated rows: commas still win there.
    return "\t" if tabs > commas * 2 else ","


def rows_from_text(text: str, limit: int | None = None) -> list[Row]:
    """CSV or TSV (or an HTML table) rows with their 1-based starting line numbers."""
    if re.search(r"<table", text[:65536], re.I):
        parser = _HtmlTable()
        parser.feed(text if not limit else text[:200000])
        return [
            Row(cells, f"row {n}")
            for n, cells in enumerate(parser.rows[:limit] if limit else parser.rows, start=1)
        ]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows = []
    start = 1
    try:
        for cells in reader:
            rows.append(Row(cells, f"row {start}"))
            start = reader.line_num + 1
            if (limit and len(rows) >= limit) or len(rows) >= MAX_ROWS:
                break
    except csv.Error:
        if limit:  # a head cut inside a quoted cell
            return rows
        raise
    return rows


def read_sheet(path: Path, head: bytes | None = None) -> Sheet:
    """All rows of a bill file, whatever its container."""
    if head is None:
        with open(path, "rb") as f:
            head = f.read(8)
    if head.startswith(XLSX_MAGIC):
        return Sheet(_read_xlsx(path, None), "xlsx", "")
    if head.startswith(OLE_MAGIC):
        return Sheet(_read_xls(path, None), "xls", "")
    text, encoding = read_text(path)
    try:
        rows = rows_from_text(text)
    except csv.Error as exc:
        raise EvidenceFileError(
            path, _("the table is malformed ({detail})").format(detail=str(exc))
        ) from exc
    container = "html" if re.search(r"<table", text[:65536], re.I) else "csv"
    return Sheet(rows, container, encoding)


def read_rows(path: Path, limit: int | None = None) -> list[Row]:
    with open(path, "rb") as f:
        head = f.read(8)
    if head.startswith(XLSX_MAGIC):
        return _read_xlsx(path, limit)
    if head.startswith(OLE_MAGIC):
        return _read_xls(path, limit)
    text, _enc = read_text(path)
    return rows_from_text(text, limit)


# ------------------------------------------------------------------------ headers
_HEADER_NOISE = re.compile(r"[\s\u3000:：]+")


def norm_header(value: str) -> str:
    s = str(value or "").replace("（", "(").replace("）", ")").replace("／", "/")
    s = _HEADER_NOISE.sub("", s).strip("\ufeff\"'")
    return s.lower()


def find_header(
    rows: list[list[str]] | list[Row], required: tuple[str, ...], *, within: int = 80
) -> tuple[int, dict[str, int]] | None:
    """(row index, {normalised column name: column}) of the first row naming every required column."""
    need = {norm_header(r) for r in required}
    for i, row in enumerate(rows[:within]):
        cells = row.cells if isinstance(row, Row) else row
        names = [norm_header(c) for c in cells]
        if need.issubset(names):
            colmap: dict[str, int] = {}
            for j, name in enumerate(names):
                if name and name not in colmap:
                    colmap[name] = j
            return i, colmap
    return None
