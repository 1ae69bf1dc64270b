"""Chinese and English: every user-facing string has a zh translation with the same placeholders."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

import victimkit

ZH = Path(__file__).resolve().parent.parent / "resources" / "locale" / "zh"
FIELD = re.compile(r"\{([^{}]*)\}")


def _msgids() -> dict[str, str]:
    root = Path(victimkit.__file__).parent
    found = {}
    for filename, lineno, message, _comments, _ctx in extract_from_dir(
        root, method_map=[("**.py", "python")], keywords={"_": None, "N_": None, "ngettext": (1, 2)}
    ):
        for msg in message if isinstance(message, tuple) else (message,):
            if msg:
                found.setdefault(msg, f"{filename}:{lineno}")
    return found


def _catalogue() -> dict[str, str]:
    merged = {}
    for po in sorted(ZH.rglob("*.po")):
        with po.open("rb") as f:
            for m in read_po(f):
                if m.id and m.string:
                    ids = m.id if isinstance(m.id, tuple) else (m.id,)
                    strings = m.string if isinstance(m.string, tuple) else (m.string,)
                    strings = strings + (strings[-1],) * (len(ids) - len(strings))  # zh: one form
                    for i, s in zip(ids, strings, strict=False):
                        if s:
                            merged[i] = s
    return merged


def test_every_string_has_a_chinese_translation():
    catalogue = _catalogue()
    missing = [
        f"{where}: {msg!r}"
        for msg, where in sorted(_msgids().items(), key=lambda kv: kv[1])
        if msg not in catalogue
    ]
    assert missing == [], f"{len(missing)} untranslated:\n" + "\n".join(missing[:60])


def test_translations_keep_the_placeholders():
    bad = []
    for msgid, msgstr in _catalogue().items():
        if sorted(FIELD.findall(msgid)) != sorted(FIELD.findall(msgstr)):
            bad.append(f"{msgid!r} -> {msgstr!r}")
    assert bad == []


def test_switching_language_translates(monkeypatch):
    from victimkit.i18n import _, set_language

    try:
        assert set_language("zh") == "zh"
        assert _("file not found") == "找不到文件"
        assert set_language("en") == "en"
        assert _("file not found") == "file not found"
    finally:
        set_language("en")
