"""Legal advice: free official channels and what to bring."""

from __future__ import annotations

from victimkit.gui.pages import Page
from victimkit.gui.widgets import Card
from victimkit.i18n import N_, _


class LegalAdvicePage(Page):
    key = "legal_advice"
    title_text = N_("Get legal advice")
    step_id = "legal_advice"

    def build(self) -> None:
        self.body.addWidget(self.step_summary())
        self.channels = Card(_("Free, official help"), "ok")
        self.body.addWidget(self.channels)
        bring = Card(_("What to bring"), "calm")
        bring.add_text(
            "\n".join(
                "• " + t
                for t in (
                    _("Your ID document"),
                    _(
                        "The victimkit printout (the dossier) — make it on the “Report to the police” page"
                    ),
                    _("Your phone, with the chats and the payment apps still on it"),
                    _("The bank cards you paid with"),
                    _("The police receipt number, if you already reported"),
                )
            )
        )
        self.body.addWidget(bring)
        warn = Card("", "warn")
        warn.add_text(
            _(
                "Anyone who promises to get your money back for a fee paid in advance is running a second scam. Only the police and the courts recover money, and they do it for free."
            )
        )
        self.body.addWidget(warn)
        self._dirty = True

    def refresh(self) -> None:
        self.show_channels(
            self.channels, "legal_advice", _("Ask the police or a local legal-aid office.")
        )
