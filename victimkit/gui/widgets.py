"""Small widgets shared by the pages: headings, cards, channel lists, the image viewer, drops."""

from __future__ import annotations

import html
from pathlib import Path
from typing import ClassVar

from PySide6.QtCore import QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGraphicsPixmapItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QMessageBox,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from victimkit.errors import VictimkitError
from victimkit.i18n import _


def dark_palette() -> bool:
    """True under a dark or high-contrast theme (a dark window colour, or the platform asks for
    more contrast): fixed light backgrounds and mid-grey text are then left out."""
    from PySide6.QtGui import QGuiApplication, QPalette

    app = QGuiApplication.instance()
    if app is None:
        return False
    hints = QGuiApplication.styleHints()
    access = getattr(hints, "accessibility", None)  # Qt 6.10+
    if access is not None:
        try:
            if access().contrastPreference() == Qt.ContrastPreference.HighContrast:
                return True
        except AttributeError:
            pass
    window = QGuiApplication.palette().color(QPalette.ColorRole.Window)
    return window.lightness() < 110


def palette_hex(role_name: str) -> str:
    from PySide6.QtGui import QGuiApplication, QPalette

    return QGuiApplication.palette().color(getattr(QPalette.ColorRole, role_name)).name()


def heading(text: str, level: int = 1) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setObjectName("h1" if level == 1 else "h2")
    label.setAccessibleName(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * (1.6 if level == 1 else 1.2))
    font.setBold(True)
    label.setFont(font)
    return label


def para(text: str, *, selectable: bool = False, rich: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    if selectable:
        label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
    return label


class FlowLayout(QLayout):
    """Widgets left to right, wrapping to a new row when the width runs out (a row of buttons
    that would otherwise make a page wider than a small screen with a large font)."""

    def __init__(self, parent=None, spacing: int = 8):
        super().__init__(parent)
        self._items = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int):
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int):
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self):
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self):
        return self.minimumSize()

    def minimumSize(self):
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _arrange(self, rect, *, apply: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        x, y, row_h = area.x(), area.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if x + hint.width() > area.right() + 1 and row_h > 0:
                x, y, row_h = area.x(), y + row_h + self._spacing, 0
            if apply:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._spacing
            row_h = max(row_h, hint.height())
        return y + row_h - rect.y() + m.bottom()


class _BuddyLabel(QLabel):
    """A wrapped label that ticks its check box when clicked, as a check box's own text does."""

    def __init__(self, text: str, box: QCheckBox):
        super().__init__(text)
        self.box = box
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.box.isEnabled():
            self.box.toggle()
        super().mouseReleaseEvent(event)


def wrapping_check(text: str) -> tuple[QWidget, QCheckBox]:
    """A check box whose text wraps (QCheckBox's does not: a long item would make the page
    wider than a small screen). Returns the row to add and the check box."""
    row = QWidget()
    box = QCheckBox()
    box.setAccessibleName(text)
    label = _BuddyLabel(text, box)
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(6)
    layout.addWidget(box, 0, Qt.AlignmentFlag.AlignTop)
    layout.addWidget(label, 1)
    return row, box


class Card(QFrame):
    """A framed block with an optional title; ``tone`` = "calm", "urgent" or "ok"."""

    TONES: ClassVar[dict[str, tuple[str, str]]] = {
        "calm": ("#f3f6fa", "#c9d4e3"),
        "urgent": ("#fff4e5", "#e0a040"),
        "ok": ("#eef8f0", "#9ccaa8"),
        "warn": ("#fdecea", "#d9827a"),
    }

    def __init__(self, title: str = "", tone: str = "calm", parent=None):
        super().__init__(parent)
        self.setObjectName("card")
        self.tone = tone
        self.set_tone(tone)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(14, 10, 14, 12)
        self.body.setSpacing(6)
        if title:
            self.body.addWidget(heading(title, 2))

    def set_tone(self, tone: str) -> None:
        self.tone = tone
        bg, border = self.TONES.get(tone, self.TONES["calm"])
        if dark_palette():  # the theme's own colours, and a strong frame
            text = palette_hex("WindowText")
            width = 3 if tone in ("urgent", "warn") else 1
            self.setStyleSheet(
                f"QFrame#card {{ border: {width}px solid {text}; border-radius: 6px; }}"
                f"QFrame#card QLabel {{ background: transparent; color: {text}; }}"
            )
            return
        self.setStyleSheet(
            f"QFrame#card {{ background: {bg}; border: 1px solid {border}; border-radius: 6px; }}"
            "QFrame#card QLabel { background: transparent; color: #1d1d1d; }"
        )

    def add(self, widget: QWidget) -> QWidget:
        self.body.addWidget(widget)
        return widget

    def add_text(self, text: str, **kw) -> QLabel:
        label = para(text, **kw)
        self.body.addWidget(label)
        return label


def channels_html(channels: list[dict]) -> str:
    """Channels from the guide's allow-list only; numbers and addresses are never built here."""
    parts = []
    for c in channels:
        line = f"<b>{html.escape(c['name'])}</b>"
        if c["phones"]:
            line += " — " + _("call {numbers}").format(
                numbers=" / ".join(f"<b>{html.escape(p)}</b>" for p in c["phones"])
            )
        if c["web"]:
            line += " — " + " ".join(
                f'<a href="{html.escape(w)}">{html.escape(w)}</a>' for w in c["web"]
            )
        if c.get("purpose"):
            line += f"<br><span>{html.escape(c['purpose'])}</span>"
        parts.append(f"<p>{line}</p>")
    return "".join(parts)


def channel_label(channels: list[dict]) -> QLabel:
    label = para(channels_html(channels), selectable=True, rich=True)
    label.setOpenExternalLinks(True)
    label.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextBrowserInteraction
        | Qt.TextInteractionFlag.TextSelectableByKeyboard
    )
    return label


def show_error(parent: QWidget | None, exc: BaseException, *, title: str = "") -> None:
    """A calm, translated dialog: what happened, that the evidence is safe, details to copy."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title or _("Something did not work"))
    message = exc.message if isinstance(exc, VictimkitError) else str(exc)
    box.setText(
        _("That did not work: {message}").format(message=message)
        + "\n\n"
        + _("Your evidence is safe: everything already kept is still in the case.")
    )
    detail = getattr(exc, "victimkit_traceback", "") or repr(exc)
    box.setDetailedText(detail)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.open()


# --------------------------------------------------------------------------- image viewer
class ImageView(QGraphicsView):
    """The image with zoom (Ctrl+wheel, +/-, 0 to fit) and pan (drag), with OCR boxes on it."""

    box_clicked = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setRenderHints(QPainter.RenderHint.SmoothPixmapTransform)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setBackgroundBrush(QColor("#2b2b2b"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.pixmap_item: QGraphicsPixmapItem | None = None
        self.boxes: dict[int, QGraphicsRectItem] = {}
        self.marks: list[QGraphicsRectItem] = []
        self.selected: int | None = None
        self._fit = True
        self.setAccessibleName(_("Evidence image"))

    def set_image(
        self,
        path: Path | None,
        pixmap: QPixmap | None = None,
        *,
        image: QImage | None = None,
        scale: float = 1.0,
    ) -> None:
        """Show an image: best an ``image`` decoded on a worker (``models.read_image``), drawn
        ``scale`` times larger so that the scene stays in the original's pixels (the OCR
        boxes are in those). A ``path`` is decoded here, on the GUI thread: small files only."""
        self.scene().clear()
        self.boxes.clear()
        self.marks = []
        self.selected = None
        self.pixmap_item = None
        if image is not None:
            pm = QPixmap.fromImage(image)
        elif pixmap is not None:
            pm = pixmap
        else:
            pm = QPixmap(str(path)) if path else QPixmap()
        if pm.isNull():
            return
        self.pixmap_item = self.scene().addPixmap(pm)
        self.pixmap_item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        if scale != 1.0:
            self.pixmap_item.setScale(scale)
        self.scene().setSceneRect(self.pixmap_item.sceneBoundingRect())
        self.fit()

    def set_boxes(self, boxes: list[tuple[int, tuple[int, int, int, int]]]) -> None:
        for item in self.boxes.values():
            self.scene().removeItem(item)
        self.boxes.clear()
        pen = QPen(QColor(31, 95, 191, 200), 2)
        pen.setCosmetic(True)
        for line_id, (x0, y0, x1, y1) in boxes:
            rect = self.scene().addRect(QRectF(x0, y0, x1 - x0, y1 - y0), pen)
            rect.setData(0, line_id)
            rect.setToolTip(_("Line {n}").format(n=line_id))
            self.boxes[line_id] = rect

    def set_entities(self, marks: list[tuple[str, QColor, tuple[int, int, int, int]]]) -> None:
        """What the analysis found (amounts, accounts, phones…): filled marks under the boxes."""
        for item in getattr(self, "marks", []):
            self.scene().removeItem(item)
        self.marks = []
        for tip, colour, (x0, y0, x1, y1) in marks:
            fill = QColor(colour)
            fill.setAlpha(70)
            pen = QPen(QColor(colour), 2)
            pen.setCosmetic(True)
            rect = self.scene().addRect(QRectF(x0, y0, x1 - x0, y1 - y0), pen, QBrush(fill))
            rect.setZValue(-1 if self.pixmap_item is None else self.pixmap_item.zValue() + 0.5)
            rect.setToolTip(tip)
            self.marks.append(rect)
        for rect in self.boxes.values():
            rect.setZValue(1)

    def select_box(self, line_id: int | None, *, centre: bool = True) -> None:
        normal = QPen(QColor(31, 95, 191, 200), 2)
        normal.setCosmetic(True)
        strong = QPen(QColor(230, 120, 0), 4)
        strong.setCosmetic(True)
        for lid, rect in self.boxes.items():
            on = lid == line_id
            rect.setPen(strong if on else normal)
            rect.setBrush(QBrush(QColor(255, 200, 0, 70)) if on else QBrush(Qt.BrushStyle.NoBrush))
        self.selected = line_id
        if centre and line_id in self.boxes:
            self.ensureVisible(self.boxes[line_id], 40, 40)

    def fit(self) -> None:
        if self.pixmap_item is not None:
            self.fitInView(self.pixmap_item, Qt.AspectRatioMode.KeepAspectRatio)
            self._fit = True

    def zoom(self, factor: float) -> None:
        self._fit = False
        self.scale(factor, factor)

    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom(1.25 if event.angleDelta().y() > 0 else 0.8)
            event.accept()
        else:
            super().wheelEvent(event)

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom(1.25)
        elif key == Qt.Key.Key_Minus:
            self.zoom(0.8)
        elif key == Qt.Key.Key_0:
            self.fit()
        else:
            super().keyPressEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._fit:
            self.fit()

    def mousePressEvent(self, event) -> None:
        item = self.itemAt(event.position().toPoint())
        if isinstance(item, QGraphicsRectItem) and item.data(0) is not None:
            self.box_clicked.emit(int(item.data(0)))
        super().mousePressEvent(event)


# --------------------------------------------------------------------------- drop zone
class DropZone(QFrame):
    """Drop files and folders here (or click the buttons beside it)."""

    files_dropped = Signal(list)

    def __init__(self, text: str, parent=None):
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.setObjectName("dropzone")
        self.setMinimumHeight(70)
        self._style(False)
        layout = QVBoxLayout(self)
        self.label = para(text)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.label)

    def _style(self, hover: bool) -> None:
        if dark_palette():
            text = palette_hex("WindowText")
            self.setStyleSheet(
                f"QFrame#dropzone {{ border: {3 if hover else 2}px dashed {text}; border-radius: 8px; }}"
                f"QFrame#dropzone QLabel {{ color: {text}; background: transparent; }}"
            )
            return
        colour = "#1f5fbf" if hover else "#9aa7b8"
        bg = "#eaf1fb" if hover else "#f7f9fc"
        self.setStyleSheet(
            f"QFrame#dropzone {{ border: 2px dashed {colour}; border-radius: 8px; background: {bg}; }}"
            "QFrame#dropzone QLabel { color: #33404f; background: transparent; }"
        )

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
            self._style(True)

    def dragLeaveEvent(self, event) -> None:
        self._style(False)

    def dropEvent(self, event) -> None:
        self._style(False)
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.files_dropped.emit(paths)


# --------------------------------------------------------------------------- passcode
class PasscodeDialog(QDialog):
    """Ask for a case's passcode; ``new`` asks twice and explains what it means."""

    def __init__(self, parent=None, *, new: bool, name: str = "", min_length: int = 8):
        super().__init__(parent)
        self.new = new
        self.min_length = min_length
        self.setWindowTitle(_("Lock this case") if new else _("This case is locked"))
        self.setMinimumWidth(440)
        form = QFormLayout(self)
        if new:
            form.addRow(
                para(
                    _(
                        "The case is closed and kept as one encrypted file. Only this passcode "
                        "opens it again: write it down somewhere safe. Nobody can recover a "
                        "forgotten passcode."
                    )
                )
            )
        else:
            form.addRow(
                para(
                    _("Type the passcode of {name} to open it.").format(name=name or _("the case"))
                )
            )
        self.first = QLineEdit()
        self.first.setObjectName("passcode")
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(_("Passcode"), self.first)
        self.second = QLineEdit()
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        if new:
            form.addRow(_("The same passcode again"), self.second)
        self.problem = para("")
        self.problem.setStyleSheet("" if dark_palette() else "color: #b3261e;")
        self.problem.setAccessibleName(_("Problem"))
        form.addRow(self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            _("Lock the case") if new else _("Open the case")
        )
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def passcode(self) -> str:
        return self.first.text()

    def _check(self) -> None:
        text = self.first.text()
        if self.new and len(text) < self.min_length:
            self.problem.setText(_("Use at least {n} characters.").format(n=self.min_length))
            return
        if self.new and text != self.second.text():
            self.problem.setText(_("The two passcodes are not the same."))
            return
        if not text:
            return
        self.accept()
