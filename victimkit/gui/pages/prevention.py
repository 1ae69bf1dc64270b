"""Prevention: the checklist, ticked as it is done (kept in the case)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox

from victimkit.gui import backend
from victimkit.gui.pages import Page
from victimkit.gui.widgets import Card, wrapping_check
from victimkit.i18n import N_, _


class PreventionPage(Page):
    key = "prevention"
    title_text = N_("Stop it happening again")
    step_id = "prevent_repeat"

    def build(self) -> None:
        self.body.addWidget(self.step_summary())
        self.card = Card(_("Checklist"), "calm")
        self.body.addWidget(self.card)
        self.boxes: dict[str, QCheckBox] = {}
        self._dirty = True

    def refresh(self) -> None:
        while self.card.body.count() > 1:
            w = self.card.body.takeAt(1).widget()
            if w is not None:
                w.deleteLater()
        self.boxes = {}
        state = backend.prevention_state(self.store)
        for item in backend.prevention_items(self.country):
            row, box = wrapping_check(item["text"])
            box.setChecked(state.get(item["id"], False))
            box.toggled.connect(lambda on, i=item["id"]: self._toggle(i, on))
            self.card.add(row)
            self.boxes[item["id"]] = box

    def _toggle(self, item_id: str, on: bool) -> None:
        backend.set_prevention(self.store, item_id, on)
