"""gettext for victimkit's own strings: ``_``, ``N_``, ``ngettext``; language selection.

Catalogues live in ``resources/locale/<lang>/LC_MESSAGES/victimkit.mo`` (compiled from the
``.po`` files at install/test time). Without a catalogue, the English source strings are used.
"""

from __future__ import annotations

import gettext as _gettext
import locale
import os

from victimkit.paths import RESOURCES

DOMAIN = "victimkit"
LOCALE_DIR = RESOURCES / "locale"
SUPPORTED = ("en", "zh")

_translation: _gettext.NullTranslations = _gettext.NullTranslations()
_current = "en"


def system_language() -> str:
    """'zh' when the system locale is Chinese, else 'en'."""
    for var in ("VICTIMKIT_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    try:
        loc = locale.getlocale()[0] or ""
    except ValueError:
        loc = ""
    return "zh" if loc.lower().startswith("zh") else "en"


def set_language(lang: str | None) -> str:
    """Switch the language of every later ``_()`` call. Returns the language in force."""
    global _translation, _current
    lang = (lang or system_language()).split("_")[0].split("-")[0].lower()
    if lang not in SUPPORTED:
        lang = "en"
    if lang == "en":
        _translation = _gettext.NullTranslations()
    else:
        _translation = _gettext.translation(
            DOMAIN, localedir=str(LOCALE_DIR), languages=[lang], fallback=True
        )
    _current = lang
    return lang


def current_language() -> str:
    return _current


def _(message: str) -> str:
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)


def gettext_in(lang: str | None, message: str) -> str:
    """``message`` in ``lang`` (zh/en), whatever the language in force: for words stored in a case
    (a message's default sender), which follow the case's language, not the process's."""
    lang = (lang or "en").split("_")[0].split("-")[0].lower()
    if lang not in SUPPORTED or lang == "en":
        return message
    if lang not in _by_lang:
        _by_lang[lang] = _gettext.translation(
            DOMAIN, localedir=str(LOCALE_DIR), languages=[lang], fallback=True
        )
    return _by_lang[lang].gettext(message)


_by_lang: dict[str, _gettext.NullTranslations] = {}


def N_(message: str) -> str:
    """Mark a string for translation without translating it now."""
    return message
