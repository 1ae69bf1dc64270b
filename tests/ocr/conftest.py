"""Rendered phone screenshots with exact ground truth (benchmarks/synth), small and fast."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.fixture(scope="session")
def chat_shots():
    """Three overlapping WeChat screenshots of one Chinese chat (720×1600)."""
    from benchmarks.synth.chat import render_chat

    return render_chat(11, app="wechat", dark=False, lang="zh", shots=3, size=(720, 1600))


@pytest.fixture(scope="session")
def dark_shot():
    from benchmarks.synth.chat import render_chat

    return render_chat(12, app="whatsapp", dark=True, lang="mixed", shots=1, size=(720, 1600))[0]


@pytest.fixture(scope="session")
def rapid():
    from victimkit.ocr.engine import get_engine

    return get_engine("rapidocr")


def truth_cer(sample, lines) -> float:
    from benchmarks.synth.common import edit_distance, normalise_for_cer
    from victimkit.ocr.layout import reading_order

    got = normalise_for_cer("".join(ln.text for ln in reading_order(list(lines))))
    ref = normalise_for_cer(sample.truth_text())
    return edit_distance(got, ref) / max(1, len(ref))
