"""Qt item models over the case's data. They read through the session's store (GUI thread)."""

from __future__ import annotations

import ctypes
import functools
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QSize,
    QSortFilterProxyModel,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QIcon, QImage, QImageReader, QPainter, QPixmap

from victimkit.gui import backend
from victimkit.gui.workers import run_in_background
from victimkit.i18n import N_, _


def _none_return_leaks() -> bool:
    """PySide6 6.12.0 on Python < 3.12 drops one reference to ``None`` each time a Python
    ``data()`` override returns None to Qt (before 3.12 None is not immortal): after some
    10^5 calls — a few minutes of a busy gallery — the interpreter aborts ("deallocating None").
    Probed once, so that a fixed PySide6 (or Python 3.12+) needs nothing."""
    if sys.version_info >= (3, 12):
        return False

    class Probe(QAbstractListModel):
        def rowCount(self, parent=QModelIndex()):  # noqa: B008
            return 1

        def data(self, index, role=Qt.ItemDataRole.DisplayRole):
            return None

    probe = Probe()
    index = probe.index(0, 0)
    before = sys.getrefcount(None)
    for _n in range(64):
        index.data(Qt.ItemDataRole.ToolTipRole)
    return sys.getrefcount(None) <= before - 48


NONE_RETURN_LEAKS = _none_return_leaks()
if NONE_RETURN_LEAKS:
    ctypes.pythonapi.Py_IncRef.argtypes = [ctypes.py_object]
    ctypes.pythonapi.Py_IncRef.restype = None


def returns_to_qt(fn):
    """For ``data()``/``headerData()`` overrides: give back the reference to None that the
    affected PySide6 takes (an extra one when Python itself calls the method is harmless)."""
    if not NONE_RETURN_LEAKS:
        return fn

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        value = fn(*args, **kwargs)
        if value is None:
            ctypes.pythonapi.Py_IncRef(None)
        return value

    return wrapper


KIND_ROLE = Qt.ItemDataRole.UserRole + 1
STATE_ROLE = Qt.ItemDataRole.UserRole + 2
ID_ROLE = Qt.ItemDataRole.UserRole + 3
ROW_ROLE = Qt.ItemDataRole.UserRole + 4

THUMB = QSize(120, 200)

KIND_LABELS = {
    "image": N_("Screenshot or photo"),
    "document": N_("Document"),
    "chat_export": N_("Chat export"),
    "bill_export": N_("Bill export"),
    "recording": N_("Recording"),
    "other": N_("Other file"),
}

STATE_LABELS = {
    "stored": N_("Stored safely"),
    "ocr_waiting": N_("Waiting to be read"),
    "ocr_running": N_("Reading text…"),
    "done": N_("Text read"),
    "problem": N_("Kept, with a problem"),
}

STATE_COLOURS = {
    "stored": "#5f6b7a",
    "ocr_waiting": "#8a6d00",
    "ocr_running": "#1f5fbf",
    "done": "#1b7f3b",
    "problem": "#b3261e",
}


# --------------------------------------------------------------------------- case list
class CaseListModel(QAbstractTableModel):
    COLUMNS = (N_("Case"), N_("Victim"), N_("Started"), N_("Items"), N_("Status"))

    def __init__(self, root: Path | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.root = root
        self.entries: list[backend.CaseEntry] = []

    def reload(self) -> None:
        self.beginResetModel()
        self.entries = backend.list_cases(self.root)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    @returns_to_qt
    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.COLUMNS[section])
        return None

    @returns_to_qt
    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        e = self.entries[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return ("🔒 " + e.id) if e.locked else (e.title or e.id)
            if col == 1:
                return e.victim_name
            if col == 2:
                return e.created_at[:10]
            if col == 3:
                return str(e.evidence_count)
            if col == 4:
                if e.problem:
                    return _("Cannot be opened")
                if e.locked:
                    return _("Locked (passcode)")
                return _("Handed over") if e.handed_over else _("Open")
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{e.id}\n{e.path}" + (f"\n{e.problem}" if e.problem else "")
        if role == ID_ROLE:
            return str(e.path)
        if role == Qt.ItemDataRole.UserRole:  # text the search box looks in
            return " ".join([e.id, e.title, e.victim_name, e.path.name]).lower()
        return None

    def entry(self, row: int) -> backend.CaseEntry:
        return self.entries[row]


def _refilter(proxy: QSortFilterProxyModel, change) -> None:
    """Change a filter (Qt 6.10+: beginFilterChange/endFilterChange; before: invalidate)."""
    if hasattr(proxy, "beginFilterChange"):
        proxy.beginFilterChange()
        change()
        proxy.endFilterChange(QSortFilterProxyModel.Direction.Rows)
    else:  # pragma: no cover - older Qt
        change()
        proxy.invalidateFilter()


class CaseFilterModel(QSortFilterProxyModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.needle = ""

    def set_needle(self, text: str) -> None:
        _refilter(self, lambda: setattr(self, "needle", text.strip().lower()))

    def filterAcceptsRow(self, row, parent) -> bool:
        if not self.needle:
            return True
        idx = self.sourceModel().index(row, 0, parent)
        return self.needle in (idx.data(Qt.ItemDataRole.UserRole) or "")


# --------------------------------------------------------------------------- gallery
@dataclass
class GalleryItem:
    id: int
    exhibit: str
    name: str
    kind: str
    sha256: str
    problems: tuple[str, ...]
    thumb: Path


class ThumbnailCache(QObject):
    """Loads thumbnails (already made at import, in derived/) off the GUI thread, in batches.

    The worker decodes each with QImageReader straight at the size shown (QImage is safe off
    the GUI thread; QPixmap is not); the GUI thread only wraps the images in icons and tells
    the model once per batch."""

    loaded = Signal(list)  # evidence ids of one batch

    def __init__(self, parent=None):
        super().__init__(parent)
        self.pixmaps: dict[int, QPixmap] = {}
        self.icons: dict[int, QIcon] = {}
        self.pending: dict[int, Path] = {}
        self.in_flight: set[int] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._load_batch)

    def get(self, item: GalleryItem) -> QIcon | None:
        icon = self.icons.get(item.id)
        if icon is None and item.id not in self.pixmaps and item.id not in self.in_flight:
            self.pending[item.id] = item.thumb
            self._timer.start()
        return icon

    def _load_batch(self) -> None:
        batch = dict(list(self.pending.items())[:48])
        for k in batch:
            self.pending.pop(k, None)
        if not batch:
            return
        self.in_flight.update(batch)
        run_in_background(
            _read_images,
            batch,
            on_finished=self._got,
            pool=QThreadPool.globalInstance(),
            pass_progress=False,
            quiet=True,
        )

    def _got(self, images: dict[int, QImage | None]) -> None:
        for k, img in images.items():
            self.in_flight.discard(k)
            pm = QPixmap.fromImage(img) if img is not None else QPixmap()
            self.pixmaps[k] = pm
            if not pm.isNull():
                self.icons[k] = QIcon(pm)
        self.loaded.emit(list(images))
        if self.pending:
            self._timer.start()

    def clear(self) -> None:
        self.pixmaps.clear()
        self.icons.clear()


def read_image(path: Path, fit: QSize | None = None) -> tuple[QImage | None, float]:
    """Decode an image (any thread) with its EXIF orientation, scaled down to fit ``fit``.
    Returns the image and how many original pixels one of its pixels stands for."""
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    size = reader.size()
    factor = 1.0
    if (
        fit is not None
        and size.isValid()
        and (size.width() > fit.width() or size.height() > fit.height())
    ):
        scaled = size.scaled(fit, Qt.AspectRatioMode.KeepAspectRatio)
        reader.setScaledSize(scaled)
        factor = size.width() / max(scaled.width(), 1)
    img = reader.read()
    if img.isNull():
        return None, 1.0
    if img.format() not in (QImage.Format.Format_RGB32, QImage.Format.Format_ARGB32_Premultiplied):
        # the formats a pixmap uses: QPixmap.fromImage on the GUI thread then copies nothing
        img = img.convertToFormat(
            QImage.Format.Format_ARGB32_Premultiplied
            if img.hasAlphaChannel()
            else QImage.Format.Format_RGB32
        )
    return img, factor


def _read_images(batch: dict[int, Path]) -> dict[int, QImage | None]:
    return {k: read_image(path, THUMB)[0] if path.is_file() else None for k, path in batch.items()}


def placeholder_icon(kind: str) -> QIcon:
    pm = QPixmap(THUMB)
    pm.fill(QColor("#e8eaed"))
    p = QPainter(pm)
    p.setPen(QColor("#5f6b7a"))
    label = {"image": "IMG", "chat_export": "CHAT", "bill_export": "BILL", "recording": "REC"}.get(
        kind, "FILE"
    )
    p.drawText(pm.rect(), Qt.AlignmentFlag.AlignCenter, label)
    p.end()
    return QIcon(pm)


def _gallery_read(store, last_id: int) -> tuple[list[GalleryItem], set[int]]:
    """On the reader thread: the items stored after ``last_id`` and the ids with text read."""
    new = [
        GalleryItem(
            ev.id,
            ev.exhibit,
            ev.original_name,
            ev.kind,
            ev.sha256,
            ev.problems,
            store.thumbnail_path(ev.sha256),
        )
        for ev in backend.evidence_after(store, last_id)
    ]
    return new, backend.ocr_done_ids(store)


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for n in rows:
        if out and out[-1][1] == n - 1:
            out[-1] = (out[-1][0], n)
        else:
            out.append((n, n))
    return out


class EvidenceGalleryModel(QAbstractListModel):
    """The case's evidence with a state per item; thumbnails appear as they load."""

    changed = Signal()  # after new items or new states were handed over

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.items: list[GalleryItem] = []
        self.ocr_done: set[int] = set()
        self.rows_by_id: dict[int, int] = {}
        self._shown: dict[int, str] = {}  # the state each row was last painted with
        self.cache = ThumbnailCache(self)
        self.cache.loaded.connect(self._thumb_loaded)
        from victimkit.gui.widgets import dark_palette

        self.plain_colours = dark_palette()
        self._placeholders: dict[str, QIcon] = {}

    # Reads happen on the session's reader thread (``request``); the GUI thread only appends
    # the new items and repaints the rows whose state changed.
    def request(self) -> None:
        """Fetch what was stored since the last look and which items have their text read."""
        last = self.items[-1].id if self.items else 0
        self.session.load("gallery", _gallery_read, last, on_done=self.apply)

    # the old names: an import's progress and its end both just ask for a look
    append_new = request
    reload = request
    refresh_states = request

    def apply(self, result: tuple[list[GalleryItem], set[int]]) -> None:
        new, done = result
        last = self.items[-1].id if self.items else 0
        new = [it for it in new if it.id > last]
        if new:
            first = len(self.items)
            self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
            self.items.extend(new)
            for n, it in enumerate(new, first):
                self.rows_by_id[it.id] = n
            self.endInsertRows()
        self.ocr_done = done
        self.update_states()
        self.changed.emit()

    def update_states(self) -> None:
        """Repaint the rows whose state changed (one signal per run of adjacent rows)."""
        changed = []
        for n, it in enumerate(self.items):
            st = self.state(it)
            if self._shown.get(it.id) != st:
                self._shown[it.id] = st
                changed.append(n)
        for first, last in _runs(changed):
            self.dataChanged.emit(
                self.index(first),
                self.index(last),
                [STATE_ROLE, Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole],
            )

    def state(self, item: GalleryItem) -> str:
        if item.id == self.session.ocr_running:
            return "ocr_running"
        if item.id in self.session.ocr_waiting and item.id not in self.ocr_done:
            return "ocr_waiting"
        if item.problems:
            return "problem"
        if item.id in self.ocr_done:
            return "done"
        return "stored"

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    @returns_to_qt
    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        it = self.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{it.exhibit}  {_(STATE_LABELS[self.state(it)])}\n{_elide(it.name, 24)}"
        if role == Qt.ItemDataRole.DecorationRole:
            if it.kind == "image":
                icon = self.cache.get(it)
                if icon is not None:
                    return icon
            if it.kind not in self._placeholders:
                self._placeholders[it.kind] = placeholder_icon(it.kind)
            return self._placeholders[it.kind]
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [
                f"{it.exhibit} — {it.name}",
                _(KIND_LABELS.get(it.kind, KIND_LABELS["other"])),
                _(STATE_LABELS[self.state(it)]),
                f"SHA-256 {it.sha256}",
            ]
            lines += list(it.problems)
            return "\n".join(lines)
        if role == Qt.ItemDataRole.ForegroundRole:
            if self.plain_colours:  # dark or high-contrast theme: the theme's text colour
                return None
            return QColor(STATE_COLOURS[self.state(it)])
        if role == KIND_ROLE:
            return it.kind
        if role == STATE_ROLE:
            return self.state(it)
        if role == ID_ROLE:
            return it.id
        return None

    def _thumb_loaded(self, evidence_ids: list[int]) -> None:
        rows = sorted(r for r in (self.rows_by_id.get(i) for i in evidence_ids) if r is not None)
        for first, last in _runs(rows):
            self.dataChanged.emit(
                self.index(first), self.index(last), [Qt.ItemDataRole.DecorationRole]
            )

    def row_of(self, evidence_id: int) -> int | None:
        return self.rows_by_id.get(evidence_id)


def _elide(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 8] + "…" + text[-7:]


class KindFilterModel(QSortFilterProxyModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.kind = ""  # "" = all

    def set_kind(self, kind: str) -> None:
        _refilter(self, lambda: setattr(self, "kind", kind))

    def filterAcceptsRow(self, row, parent) -> bool:
        if not self.kind:
            return True
        idx = self.sourceModel().index(row, 0, parent)
        kind = idx.data(KIND_ROLE)
        if self.kind == "problem":
            return idx.data(STATE_ROLE) == "problem"
        if self.kind == "exports":
            return kind in ("chat_export", "bill_export")
        if self.kind == "other":
            return kind in ("document", "recording", "other")
        return kind == self.kind


# --------------------------------------------------------------------------- tables
# Rows a table looks at (beside the visible ones) to size its columns to their contents: Qt's
# default, 1000, made showing a 10,000-row table cost 0.1-0.3 s of the GUI thread each time.
SIZED_ROWS = 100


def size_columns_to_contents(table, stretch: int | None = None) -> None:
    """Columns as wide as their contents (judged from the visible rows and SIZED_ROWS more),
    the ``stretch`` column (or the last) taking the rest."""
    from PySide6.QtWidgets import QHeaderView

    header = table.horizontalHeader()
    header.setResizeContentsPrecision(SIZED_ROWS)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch is None:
        header.setStretchLastSection(True)
    else:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)


@dataclass
class Column:
    key: str
    title: str  # English source, translated at display time
    fmt: Callable[[dict], str] | None = None
    editable: bool = False


class RecordsModel(QAbstractTableModel):
    """Rows of a fact table (corrections applied) with an optional checkable "confirmed" column."""

    confirm_toggled = Signal(int, bool)  # row id, confirmed
    edited = Signal(int, str, object)  # row id, field, new value

    def __init__(self, columns: list[Column], *, confirmable: bool = True, parent=None):
        super().__init__(parent)
        self.columns = columns
        self.confirmable = confirmable
        self.rows: list[dict] = []
        # formatted cells, kept: a view asks for the same cell many times (painting, sizing
        # the columns), and formatting a time (zone, strftime) for 10,000 rows is slow
        self._shown: dict[tuple[int, int], str] = {}
        self.dataChanged.connect(self._shown.clear)
        self.modelReset.connect(self._shown.clear)

    def set_rows(self, rows: list[dict]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self._shown.clear()
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns) + (1 if self.confirmable else 0)

    def _col(self, n: int) -> Column | None:
        if self.confirmable:
            if n == 0:
                return None
            return self.columns[n - 1]
        return self.columns[n]

    @returns_to_qt
    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        col = self._col(section)
        return _("Confirmed") if col is None else _(col.title)

    def flags(self, index):
        f = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        col = self._col(index.column())
        if col is None:
            f |= Qt.ItemFlag.ItemIsUserCheckable
        elif col.editable:
            f |= Qt.ItemFlag.ItemIsEditable
        return f

    # the roles answered; a view asks for a dozen per cell (font, colours, alignment…), and
    # answering those at once keeps sizing and painting a long table cheap
    ROLES = frozenset(
        {
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.EditRole,
            Qt.ItemDataRole.CheckStateRole,
            Qt.ItemDataRole.ToolTipRole,
            ROW_ROLE,
        }
    )

    @returns_to_qt
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role not in self.ROLES or not index.isValid():
            return None
        row = self.rows[index.row()]
        col = self._col(index.column())
        if col is None:
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if row.get("confirmed") else Qt.CheckState.Unchecked
            if role == Qt.ItemDataRole.ToolTipRole:
                return _("Tick when you have checked this against the screenshot.")
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col.fmt and role == Qt.ItemDataRole.DisplayRole:
                key = (index.row(), index.column())
                shown = self._shown.get(key)
                if shown is None:
                    shown = self._shown[key] = col.fmt(row)
                return shown
            v = row.get(col.key)
            return "" if v is None else str(v)
        if role == Qt.ItemDataRole.ToolTipRole and col.key in row.get("_corrected", []):
            return _("Corrected by a person; the machine's reading is kept too.")
        if role == ROW_ROLE:
            return row
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        row = self.rows[index.row()]
        col = self._col(index.column())
        if col is None and role == Qt.ItemDataRole.CheckStateRole:
            checked = Qt.CheckState(value) == Qt.CheckState.Checked
            row["confirmed"] = checked
            self.dataChanged.emit(index, index)
            self.confirm_toggled.emit(row["id"], checked)
            return True
        if col is not None and col.editable and role == Qt.ItemDataRole.EditRole:
            if str(row.get(col.key) or "") == str(value):
                return False
            row[col.key] = value
            self.dataChanged.emit(index, index)
            self.edited.emit(row["id"], col.key, value)
            return True
        return False

    def row_dict(self, row: int) -> dict:
        return self.rows[row]
