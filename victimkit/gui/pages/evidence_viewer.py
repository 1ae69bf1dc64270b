"""Evidence viewer: the image with zoom and pan, OCR lines as boxes, correct and confirm lines."""

from __future__ import annotations

import html
from zoneinfo import ZoneInfo

from PySide6.QtCore import QItemSelectionModel, QSize, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from victimkit.gui import backend
from victimkit.gui.models import Column, RecordsModel, read_image
from victimkit.gui.pages import Page
from victimkit.gui.widgets import ImageView, para
from victimkit.i18n import N_, _

SPEAKERS = {"other": N_("Them"), "self": N_("You"), "system": N_("System")}

CATEGORIES = {
    "": N_("— choose —"),
    "chat": N_("Chat with them"),
    "payment": N_("Payment or transfer"),
    "bank": N_("Bank record or statement"),
    "profile": N_("Their profile or contact card"),
    "website": N_("Website or app they used"),
    "call_log": N_("Call log or text messages"),
    "other": N_("Something else"),
}

# What the analysis finds, in groups a person can tell apart (colour and name).
ENTITY_GROUPS = (
    ("money", "#e8710a", N_("amount"), ("amount", "amount_words")),
    (
        "account",
        "#c5221f",
        N_("account or card"),
        (
            "bank_card",
            "card_tail",
            "account",
            "account_masked",
            "alipay",
            "crypto_tron",
            "crypto_eth",
            "crypto_btc",
            "payee_name",
        ),
    ),
    (
        "contact",
        "#8430ce",
        N_("phone or ID"),
        (
            "phone",
            "phone_masked",
            "wechat_id",
            "qq",
            "douyin_id",
            "email",
            "service_number",
            "resident_id",
        ),
    ),
    ("web", "#12857a", N_("web address"), ("url", "domain")),
)
OTHER_GROUP = ("other", "#1e8e3e", N_("date or other fact"), ())


def entity_group(kind: str) -> tuple[str, str, str, tuple[str, ...]]:
    for g in ENTITY_GROUPS:
        if kind in g[3]:
            return g
    return OTHER_GROUP


# The longest side an image is decoded at for the viewer: a phone screenshot whole, enough to
# zoom in on; bigger photos are decoded smaller (boxes stay in the original's pixels).
VIEW_MAX = QSize(4096, 4096)


def _read_item(store, evidence_id: int, _view_size) -> dict | None:
    """On the reader thread: one item, its notes, its OCR lines and entities, its image."""
    try:
        ev = store.evidence(evidence_id)
    except KeyError:
        return None
    image, scale = None, 1.0
    if ev.kind == "image":
        image, scale = read_image(store.original_path(ev), VIEW_MAX)
    return {
        "ev": ev,
        "notes": backend.evidence_notes(store, evidence_id),
        "lines": backend.ocr_lines(store, evidence_id),
        "entities": backend.evidence_entities(store, evidence_id),
        "image": image,
        "scale": scale,
    }


class EvidenceViewerPage(Page):
    key = "evidence_viewer"
    title_text = N_("Look at one item")
    scrolls = False
    shown = Signal(int)  # an item is on screen (its image, text and notes)

    def build(self) -> None:
        top = QHBoxLayout()
        self.prev_button = QPushButton(_("◀ Previous"))
        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.next_button = QPushButton(_("Next ▶"))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.picker = QComboBox()
        self.picker.setAccessibleName(_("Item"))
        self.picker.setMinimumContentsLength(30)
        self.picker.currentIndexChanged.connect(self._picked)
        top.addWidget(self.prev_button)
        top.addWidget(self.picker, 1)
        top.addWidget(self.next_button)
        self.body.addLayout(top)

        self.facts = para("", selectable=True)
        self.body.addWidget(self.facts)

        notes = QHBoxLayout()
        self.caption_edit = QLineEdit()
        self.caption_edit.setObjectName("caption")
        self.caption_edit.setPlaceholderText(
            _("A caption for the police, e.g. “the fake agent asks for a deposit”")
        )
        self.caption_edit.setAccessibleName(_("Caption"))
        self.caption_edit.editingFinished.connect(self._save_caption)
        self.category_box = QComboBox()
        self.category_box.setObjectName("category")
        self.category_box.setAccessibleName(_("What it shows"))
        for key, label in CATEGORIES.items():
            self.category_box.addItem(_(label), key)
        self.category_box.activated.connect(self._save_category)
        caption_label = QLabel(_("Caption"))
        caption_label.setBuddy(self.caption_edit)
        category_label = QLabel(_("What it shows"))
        category_label.setBuddy(self.category_box)
        notes.addWidget(caption_label)
        notes.addWidget(self.caption_edit, 3)
        notes.addWidget(category_label)
        notes.addWidget(self.category_box, 1)
        self.body.addLayout(notes)

        split = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        self.view = ImageView()
        self.view.box_clicked.connect(self.select_line)
        zoom = QHBoxLayout()
        for text, fn in (
            (_("Zoom in (+)"), lambda: self.view.zoom(1.25)),
            (_("Zoom out (−)"), lambda: self.view.zoom(0.8)),
            (_("Whole image (0)"), self.view.fit),
        ):
            b = QPushButton(text)
            b.clicked.connect(fn)
            zoom.addWidget(b)
        zoom.addStretch(1)
        lv.addWidget(self.view, 1)
        self.found = para("", rich=True, selectable=True)
        self.found.setObjectName("entities")
        lv.addWidget(self.found)
        lv.addLayout(zoom)
        split.addWidget(left)

        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        self.lines_hint = para(
            _(
                "The text read from the image. Check each line against the picture: "
                "double-click to correct it, tick it when it is right."
            )
        )
        rv.addWidget(self.lines_hint)
        self.model = RecordsModel(
            [
                Column(
                    "speaker",
                    N_("Who said it"),
                    lambda r: (
                        _(SPEAKERS.get(r.get("speaker") or "", ""))
                        if r.get("speaker") in SPEAKERS
                        else ""
                    ),
                ),
                Column("text", N_("Text"), editable=True),
            ],
            parent=self,
        )
        self.model.confirm_toggled.connect(self._confirm)
        self.model.edited.connect(self._edit)
        self.table = QTableView()
        self.table.setObjectName("ocrLines")
        self.table.setAccessibleName(_("Lines of text"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        rv.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.confirm_all_button = QPushButton(_("All lines are right"))
        self.confirm_all_button.clicked.connect(self.confirm_all)
        self.reread_button = QPushButton(_("Read the text again"))
        self.reread_button.clicked.connect(self.reread)
        buttons.addWidget(self.confirm_all_button)
        buttons.addWidget(self.reread_button)
        buttons.addStretch(1)
        rv.addLayout(buttons)
        self.no_text = QLabel()
        self.no_text.setWordWrap(True)
        rv.addWidget(self.no_text)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        self.body.addWidget(split, 1)

        self.evidence_id: int | None = None
        self.items = []
        self.session.evidence_changed.connect(self.request_refresh)
        self.session.ocr_finished.connect(self._ocr_finished)
        self.refresh()

    # ------------------------------------------------------------------ items
    def refresh(self) -> None:
        """The list of items, read on the reader thread (only while the page is shown)."""
        self.session.load("viewer_list", lambda store: store.list_evidence(), on_done=self._listed)

    def _listed(self, items) -> None:
        self.items = items
        current = self.evidence_id
        self.picker.blockSignals(True)
        self.picker.clear()
        for ev in self.items:
            self.picker.addItem(f"{ev.exhibit}  {ev.original_name}", ev.id)
        self.picker.blockSignals(False)
        if current is not None:
            self.show_evidence(current)
        elif self.items:
            self.show_evidence(self.items[0].id)
        else:
            self.facts.setText(_("No evidence yet. Add some on the “Collect evidence” page."))

    def _picked(self, n: int) -> None:
        if n >= 0:
            self.show_evidence(self.picker.itemData(n))

    def step(self, delta: int) -> None:
        n = self.picker.currentIndex() + delta
        if 0 <= n < self.picker.count():
            self.picker.setCurrentIndex(n)

    def _ocr_finished(self, ids) -> None:
        if self.evidence_id in (ids or []):
            self.show_evidence(self.evidence_id)

    def show_evidence(self, evidence_id: int) -> None:
        """Read the item, its text and its image on the reader thread, then show them."""
        self.evidence_id = evidence_id
        size = self.view.viewport().size()
        self.session.load("viewer_item", _read_item, evidence_id, size, on_done=self._show_item)

    def _show_item(self, got: dict | None) -> None:
        if got is None or got["ev"].id != self.evidence_id:
            return
        ev = got["ev"]
        evidence_id = ev.id
        n = self.picker.findData(evidence_id)
        if n >= 0 and n != self.picker.currentIndex():
            self.picker.blockSignals(True)
            self.picker.setCurrentIndex(n)
            self.picker.blockSignals(False)
        zone = ZoneInfo(self.session.row.get("timezone") or "UTC")
        when = ev.captured_at.astimezone(zone).strftime("%Y-%m-%d %H:%M") if ev.captured_at else "—"
        facts = _("{exhibit} · {name} · taken {when} · SHA-256 {sha}").format(
            exhibit=ev.exhibit, name=ev.original_name, when=when, sha=ev.sha256[:16] + "…"
        )
        if ev.problems:
            facts += "\n" + "; ".join(ev.problems)
        self.facts.setText(facts)
        notes = got["notes"]
        self.caption_edit.setText(notes["caption"])
        self.category_box.setCurrentIndex(max(self.category_box.findData(notes["category"]), 0))
        self.view.set_image(None, image=got["image"], scale=got["scale"])
        self._show_lines(got["lines"], got["entities"])
        self.shown.emit(evidence_id)

    def _load_lines(self) -> None:
        """After a correction: this item's lines again (a small read, done here)."""
        eid = self.evidence_id
        lines = backend.ocr_lines(self.store, eid) if eid else []
        ents = backend.evidence_entities(self.store, eid) if eid else []
        self._show_lines(lines, ents)

    def _show_lines(self, lines: list[dict], ents: list[dict]) -> None:
        self.model.set_rows(lines)
        self.view.set_boxes(
            [(r["id"], (r["x0"], r["y0"], r["x1"], r["y1"])) for r in lines if r.get("x1")]
        )
        if lines:
            self.no_text.setText("")
        elif self.evidence_id in self.session.ocr_waiting:
            self.no_text.setText(
                _("The text of this image is being read. It appears here when done.")
            )
        elif not backend.ocr_available():
            self.no_text.setText(_("Text reading (OCR) is not installed in this version."))
        else:
            self.no_text.setText(_("No text was read from this item."))
        self.confirm_all_button.setEnabled(bool(lines))
        self._show_entities(ents)

    def _show_entities(self, ents: list[dict]) -> None:
        marks = []
        seen: dict[str, list[str]] = {}
        for e in ents:
            key, colour, label, _kinds = entity_group(e.get("kind") or "")
            value = e.get("text") or e.get("value") or ""
            marks.append(
                (f"{_(label)}: {value}", QColor(colour), (e["x0"], e["y0"], e["x1"], e["y1"]))
            )
            shown = seen.setdefault(key, [])
            if value and value not in shown:
                shown.append(value)
        self.view.set_entities(marks)
        if not seen:
            self.found.setText("")
            return
        parts = []
        for key, colour, label, _kinds in (*ENTITY_GROUPS, OTHER_GROUP):
            if key in seen:
                values = " · ".join(html.escape(v) for v in seen[key][:6])
                parts.append(
                    f'<span style="background:{colour}; color:white;">&nbsp;{html.escape(_(label))}&nbsp;</span> {values}'
                )
        self.found.setText(html.escape(_("Found in this image:")) + "<br>" + "<br>".join(parts))

    # ------------------------------------------------------------------ caption and category
    def _save_caption(self) -> None:
        if self.evidence_id is not None:
            text = self.caption_edit.text().strip()
            if backend.set_evidence_note(self.store, self.evidence_id, "caption", text):
                self.window_.statusBar().showMessage(_("Caption saved."), 4000)

    def _save_category(self, _n: int = 0) -> None:
        if self.evidence_id is not None:
            value = self.category_box.currentData() or ""
            if backend.set_evidence_note(self.store, self.evidence_id, "category", value):
                self.window_.statusBar().showMessage(_("Saved."), 4000)

    # ------------------------------------------------------------------ lines
    def _row_changed(self, current, _previous) -> None:
        if current.isValid():
            self.view.select_box(self.model.row_dict(current.row())["id"])

    def select_line(self, line_id: int) -> None:
        for n, r in enumerate(self.model.rows):
            if r["id"] == line_id:
                idx = self.model.index(n, 2)
                self.table.selectionModel().setCurrentIndex(
                    idx,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                self.table.scrollTo(idx)
                self.view.select_box(line_id, centre=False)
                return

    def _confirm(self, line_id: int, confirmed: bool) -> None:
        self.session.correct("ocr_lines", line_id, "confirmed", confirmed)

    def _edit(self, line_id: int, field: str, value) -> None:
        self.session.correct("ocr_lines", line_id, field, value)
        self._load_lines()
        self.select_line(line_id)

    def confirm_all(self) -> None:
        for r in self.model.rows:
            if not r.get("confirmed"):
                self.session.store.correct("ocr_lines", r["id"], "confirmed", True)
        self.session.facts_changed.emit()
        self._load_lines()

    def reread(self) -> None:
        if self.evidence_id is not None:
            self.session.read_text([self.evidence_id], redo=True)
