"""Timeline: what happened when, each time with where it came from."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QLabel, QTableView

from victimkit.gui import backend
from victimkit.gui.models import Column, RecordsModel, size_columns_to_contents
from victimkit.gui.pages import Page
from victimkit.gui.pages.transactions import case_zone_name, local_time
from victimkit.gui.widgets import para
from victimkit.i18n import N_, _

SOURCES = {
    "in_image": N_("shown in the image"),
    "receipt": N_("on a receipt"),
    "file_metadata": N_("file data"),
    "import": N_("time of import"),
    "chat_export": N_("chat export"),
    "person": N_("told by you"),
}


class TimelinePage(Page):
    key = "timeline"
    title_text = N_("What happened when")
    scrolls = False

    def build(self) -> None:
        self.body.addWidget(
            para(
                _(
                    "Everything in time order. Each time says where it comes from, so police can check it."
                )
            )
        )
        self.model = RecordsModel(
            [
                Column("occurred_at", N_("When"), lambda r: local_time(r.get("occurred_at"))),
                Column("description", N_("What happened")),
                Column(
                    "time_source",
                    N_("Time from"),
                    lambda r: _(SOURCES.get(r.get("time_source"), r.get("time_source") or "")),
                ),
                Column(
                    "evidence_id",
                    N_("Exhibit"),
                    lambda r: f"E-{r['evidence_id']:03d}" if r.get("evidence_id") else "",
                ),
            ],
            confirmable=False,
            parent=self,
        )
        self.table = QTableView()
        self.table.setObjectName("timeline")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        size_columns_to_contents(self.table, stretch=1)
        self.table.setWordWrap(True)
        self.body.addWidget(self.table, 1)
        self.zone_label = QLabel()
        self.zone_label.setObjectName("timelineZone")
        self.body.addWidget(self.zone_label)
        self.session.facts_changed.connect(self.request_refresh)
        self.session.evidence_changed.connect(self.request_refresh)
        self._dirty = True

    @staticmethod
    def read(store) -> list[dict]:
        """The case's events (a big case's take a while: on the reader thread)."""
        events = backend.timeline_events(store)
        if events is None:  # until the analysis lands: the evidence capture times
            summary = backend.summary(store)
            events = [
                {
                    "occurred_at": ev["captured_at"],
                    "time_source": "file_metadata"
                    if ev["captured_at_source"] != "content"
                    else "in_image",
                    "description": _("{exhibit} taken: {name}").format(
                        exhibit=ev["exhibit"], name=ev["original_name"]
                    ),
                    "evidence_id": ev["id"],
                }
                for ev in summary.get("evidence") or []
            ]
            events.sort(key=lambda e: e["occurred_at"] or "")
        return events

    def show_data(self, events: list[dict]) -> None:
        self.model.set_rows([dict(e, id=n) for n, e in enumerate(events)])
        self.zone_label.setText(_("Times are in {zone} time.").format(zone=case_zone_name()))
