"""Compile resources/locale/<lang>/*.po into one victimkit.mo per language (Babel)."""

from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parent.parent / "resources" / "locale"


def main() -> None:
    for lang_dir in sorted(p for p in LOCALE.iterdir() if p.is_dir()) if LOCALE.is_dir() else []:
        sources = sorted((lang_dir / "LC_MESSAGES").glob("*.po")) + sorted(lang_dir.glob("*.po"))
        # Later files win where two catalogues translate the same words differently: the app's
        # screens (gui.po) are what people read most; the dossier reads dossier.po on its own.
        sources.sort(key=lambda p: p.name == "gui.po")
        if not sources:
            continue
        merged = None
        for po in sources:
            with po.open("rb") as f:
                catalog = read_po(f, locale=lang_dir.name)
            if merged is None:
                merged = catalog
            else:
                for message in catalog:
                    if message.id and message.string:
                        merged[message.id] = message
        out = lang_dir / "LC_MESSAGES" / "victimkit.mo"
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("wb") as f:
            write_mo(f, merged)


if __name__ == "__main__":
    main()
