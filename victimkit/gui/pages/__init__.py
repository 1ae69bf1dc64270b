"""One module per step page. Each page is a thin view over the session and ``gui.backend``."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from victimkit.gui import backend
from victimkit.gui.widgets import channel_label, heading, para
from victimkit.i18n import N_, _

STATUS_LABELS = {
    "todo": N_("To do"),
    "doing": N_("In progress"),
    "done": N_("Done"),
    "skipped": N_("Skipped"),
}


class Page(QWidget):
    """A step page. Subclasses set ``key``, ``title_text`` and ``step_id`` and fill ``self.body``.

    Every page sits in a scroll area, so that no page makes the window taller than a small
    screen (1280×800, 1366×768) or a large system font allows: a page whose content is longer
    than the window scrolls. ``scrolls = False`` marks pages with one widget that takes the
    height left (a gallery, a table): they fill the window and scroll only when it is smaller
    than their minimum; the others are stacked at the top.
    """

    key = ""
    title_text = ""
    step_id: str | None = None  # the guide's step whose status this page shows
    scrolls = True

    def __init__(self, session, window):
        super().__init__()
        self.session = session
        self.window_ = window
        self.setObjectName(f"page_{self.key}")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        inner = QWidget()
        inner.setObjectName("pageBody")
        self.body = QVBoxLayout(inner)
        self.body.setContentsMargins(24, 18, 24, 18)
        self.body.setSpacing(12)
        self.title_label = heading(self.title())
        self.body.addWidget(self.title_label)
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("pageScroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.scroll_area.setWidget(inner)
        outer.addWidget(self.scroll_area)
        self.build()
        session.case_changed.connect(self.request_refresh)
        if self.step_id:
            self.body.addWidget(self._step_footer())
        if self.scrolls:
            self.body.addStretch(1)

    # to override
    def title(self) -> str:
        return _(self.title_text)

    def build(self) -> None:
        pass

    def refresh(self) -> None:
        """Show the case's current data now (reads on the GUI thread: after a person's own
        change, and in tests). Pages with ``read`` do it as ``show_data(read(store))``."""
        if self.read is not None:
            self.show_data(self.read(self.store))

    # Pages whose data take a while to read (a whole case's payments, messages, timeline)
    # set ``read(store) -> data`` (run on the reader thread: no widgets in it) and
    # ``show_data(data)`` (on the GUI thread).
    read = None

    def show_data(self, data) -> None:
        pass

    def refresh_later(self) -> None:
        """Read on the reader thread, then show; pages without ``read`` refresh at once."""
        if self.read is None:
            self.refresh()
        else:
            self.session.load(f"page:{self.key}", self.read, on_done=self.show_data)

    def request_refresh(self) -> None:
        """Refresh (off the GUI thread) when visible, else the next time the page is shown."""
        if self.isVisible():
            self._dirty = False
            self.refresh_later()
        else:
            self._dirty = True

    # helpers
    @property
    def store(self):
        return self.session.store

    @property
    def country(self) -> str:
        return self.session.row.get("country") or "CN"

    def show_channels(self, card, step_id: str, fallback: str) -> None:
        """Below ``card``'s heading, the official channels of ``step_id`` for the case's country
        (from the guide's allow-list only), or ``fallback`` when it lists none."""
        while card.body.count() > 1:
            w = card.body.takeAt(1).widget()
            if w is not None:
                w.deleteLater()
        chans = backend.step_channels(step_id, self.country)
        card.add(channel_label(chans) if chans else para(fallback))

    def step_summary(self, step_id: str | None = None) -> QLabel:
        _title, summary = backend.step_text(step_id or self.step_id or "")
        return para(summary)

    def _step_footer(self) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 12, 0, 0)
        self.status_label = QLabel()
        self.done_button = QPushButton(_("I have done this step"))
        self.done_button.setObjectName("stepDone")
        self.done_button.setCheckable(True)
        self.done_button.toggled.connect(self._toggle_done)
        row.addWidget(self.status_label)
        row.addStretch(1)
        row.addWidget(self.done_button)
        self._show_status()
        return box

    def _show_status(self) -> None:
        status = self.window_.step_status(self.step_id)
        self.status_label.setText(
            _("This step: {status}").format(status=_(STATUS_LABELS.get(status, "To do")))
        )
        self.done_button.blockSignals(True)
        self.done_button.setChecked(status == "done")
        self.done_button.blockSignals(False)

    def _toggle_done(self, checked: bool) -> None:
        self.window_.set_step_status(self.step_id, "done" if checked else "doing")
        self._show_status()

    _dirty = False

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._dirty:
            self._dirty = False
            self.refresh_later()
        if self.step_id and self.window_.step_status(self.step_id) == "todo":
            self.window_.set_step_status(self.step_id, "doing")
            self._show_status()


def page_classes() -> list[type[Page]]:
    from victimkit.gui.pages import (
        collect_evidence,
        contact_platform,
        evidence_viewer,
        identifiers,
        legal_advice,
        messages,
        prevention,
        report_police,
        stay_calm,
        third_party,
        timeline,
        transactions,
    )

    return [
        stay_calm.StayCalmPage,
        collect_evidence.CollectEvidencePage,
        evidence_viewer.EvidenceViewerPage,
        transactions.TransactionsPage,
        identifiers.IdentifiersPage,
        messages.MessagesPage,
        timeline.TimelinePage,
        contact_platform.ContactPlatformPage,
        legal_advice.LegalAdvicePage,
        report_police.ReportPolicePage,
        third_party.ThirdPartyPage,
        prevention.PreventionPage,
    ]


__all__ = ["STATUS_LABELS", "Page", "Qt", "page_classes"]
