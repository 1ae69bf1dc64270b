"""The dossier's own language, independent of the app's: ``zh``, ``en`` or ``both``.

English source strings are marked with ``N_`` where they are defined; the Chinese comes from
``resources/locale/zh/dossier.po`` (this package's translations) when it has the string, else
from the assembled gettext catalogue. In ``both`` mode a label reads "中文 / English".
"""

from __future__ import annotations

import functools
import gettext

from victimkit.i18n import DOMAIN, LOCALE_DIR
from victimkit.paths import resource

LANGS = ("zh", "en", "both")


@functools.cache
def _catalogue() -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, localedir=str(LOCALE_DIR), languages=["zh"], fallback=True)


@functools.cache
def _dossier_po() -> dict[str, str]:
    path = resource("locale", "zh", "dossier.po")
    if not path.is_file():
        return {}
    from babel.messages.pofile import read_po

    with open(path, "rb") as f:
        cat = read_po(f)
    return {m.id: m.string for m in cat if m.id and m.string and isinstance(m.id, str)}


def zh(msgid: str) -> str:
    """The dossier's own wording first (a label on paper can differ from the same words on a
    screen: "Payments" is a count on the cover), then the app's catalogue."""
    own = _dossier_po().get(msgid)
    if own:
        return own
    return _catalogue().gettext(msgid)


class Labels:
    """``t(msgid)`` gives the label in the dossier's language."""

    def __init__(self, lang: str):
        if lang not in LANGS:
            raise ValueError(f"lang must be one of {LANGS}")
        self.lang = lang

    def __call__(self, msgid: str) -> str:
        if self.lang == "en":
            return msgid
        cn = zh(msgid)
        if self.lang == "zh" or cn == msgid:
            return cn
        return f"{cn} / {msgid}"

    def texts(self, msgid: str) -> list[str]:
        """For sentences: one text per language shown (both: Chinese first, then English)."""
        if self.lang == "en":
            return [msgid]
        cn = zh(msgid)
        if self.lang == "zh" or cn == msgid:
            return [cn]
        return [cn, msgid]

    def fmt(self, msgid: str, **kw) -> list[str]:
        return [s.format(**kw) for s in self.texts(msgid)]
