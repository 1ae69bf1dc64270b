"""Shared pieces of the synthetic screenshot renderer: fonts, text layout, status bars, truth.

Every rendered image comes with its exact ground truth: each text line's string, its box in
pixels, its speaker (for chats) and a tag ("status_bar", "header", ...). Rendering is
deterministic for a given seed, so the corpus is regenerated at benchmark time instead of
being committed.
"""

from __future__ import annotations

import json
import random
import unicodedata
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

# (path, face index, family label). Only fonts that exist are used.
FONT_CANDIDATES = [
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2, "Noto Sans CJK SC"),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0, "WenQuanYi Micro Hei"),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2, "Noto Sans CJK SC Bold"),
]
# Droid Sans Fallback is left out: it has no Latin letters or digits (they come out as boxes).
BOLD_CANDIDATES = [
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2, "Noto Sans CJK SC Bold"),
]


@cache
def available_fonts() -> tuple[tuple[str, int, str], ...]:
    found = tuple(f for f in FONT_CANDIDATES if Path(f[0]).exists())
    if not found:
        raise RuntimeError("no CJK font installed (fonts-noto-cjk, fonts-wqy-microhei)")
    return found


@cache
def font(size: int, family: int = 0, bold: bool = False) -> ImageFont.FreeTypeFont:
    if bold:
        for path, index, _label in BOLD_CANDIDATES:
            if Path(path).exists():
                return ImageFont.truetype(path, size, index=index)
    fonts = available_fonts()
    path, index, _label = fonts[family % len(fonts)]
    return ImageFont.truetype(path, size, index=index)


def font_label(family: int) -> str:
    fonts = available_fonts()
    return fonts[family % len(fonts)][2]


@dataclass
class TruthLine:
    text: str
    box: tuple[int, int, int, int]
    speaker: str | None = None  # "other", "self", "system" or None (status bar, header ...)
    tag: str | None = None
    message_no: int | None = None


@dataclass
class Sample:
    name: str
    kind: str  # "chat" or "payment"
    image: Image.Image
    lines: list[TruthLine] = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    conversation: str | None = None  # id shared by overlapping screenshots of one chat
    messages: list[dict] = field(default_factory=list)  # the conversation's messages shown

    def truth_text(self) -> str:
        return "\n".join(line.text for line in reading_order(self.lines))

    def save(self, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{self.name}.png"
        self.image.save(path, optimize=False, compress_level=6)
        data = {
            "name": self.name,
            "kind": self.kind,
            "size": list(self.image.size),
            "meta": self.meta,
            "conversation": self.conversation,
            "lines": [asdict(line) for line in self.lines],
            "messages": self.messages,
        }
        (folder / f"{self.name}.json").write_text(json.dumps(data, ensure_ascii=False, indent=1))
        return path


def reading_order(lines: list[TruthLine]) -> list[TruthLine]:
    """Top to bottom; lines whose vertical centres are within half a line height: left to right."""
    rows: list[list[TruthLine]] = []
    for line in sorted(lines, key=lambda t: (t.box[1] + t.box[3]) / 2):
        cy = (line.box[1] + line.box[3]) / 2
        h = line.box[3] - line.box[1]
        if rows:
            last = rows[-1][0]
            lcy = (last.box[1] + last.box[3]) / 2
            if abs(cy - lcy) < 0.5 * min(h, last.box[3] - last.box[1]):
                rows[-1].append(line)
                continue
        rows.append([line])
    return [t for row in rows for t in sorted(row, key=lambda t: t.box[0])]


def normalise_for_cer(text: str) -> str:
    """NFKC, all whitespace removed: how the benchmark compares texts."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def edit_distance(a: str, b: str) -> int:
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


# ------------------------------------------------------------------ drawing helpers
def text_box(
    draw: ImageDraw.ImageDraw, xy: tuple[float, float], text: str, fnt
) -> tuple[int, int, int, int]:
    x0, y0, x1, y1 = draw.textbbox(xy, text, font=fnt)
    return int(x0), int(y0), int(x1), int(y1)


def wrap(text: str, fnt, max_width: int) -> list[str]:
    """Wrap like a phone does: CJK anywhere, Latin words kept whole when they fit."""
    lines: list[str] = []
    current = ""
    tokens: list[str] = []
    word = ""
    for ch in text:
        if ch.isascii() and not ch.isspace():
            word += ch
            continue
        if word:
            tokens.append(word)
            word = ""
        tokens.append(ch)
    if word:
        tokens.append(word)
    for tok in tokens:
        trial = current + tok
        if fnt.getlength(trial) <= max_width or not current:
            if fnt.getlength(tok) > max_width and not current:
                # a single over-long token (URL, account number): break by character
                for ch in tok:
                    if fnt.getlength(current + ch) > max_width and current:
                        lines.append(current)
                        current = ""
                    current += ch
                continue
            current = trial
        else:
            lines.append(current.rstrip())
            current = tok.lstrip() if tok.isspace() else tok
    if current.strip():
        lines.append(current.rstrip())
    return [ln for ln in lines if ln.strip()]


def draw_emoji(draw: ImageDraw.ImageDraw, x: int, y: int, size: int, rng: random.Random) -> None:
    """A small yellow face, drawn as a picture (as chat apps do); never part of the truth text."""
    draw.ellipse((x, y, x + size, y + size), fill=(255, 204, 51), outline=(230, 170, 20), width=2)
    e = max(2, size // 9)
    draw.ellipse(
        (x + size * 0.3 - e, y + size * 0.35 - e, x + size * 0.3 + e, y + size * 0.35 + e),
        fill=(90, 60, 20),
    )
    draw.ellipse(
        (x + size * 0.7 - e, y + size * 0.35 - e, x + size * 0.7 + e, y + size * 0.35 + e),
        fill=(90, 60, 20),
    )
    if rng.random() < 0.5:
        draw.arc(
            (x + size * 0.25, y + size * 0.4, x + size * 0.75, y + size * 0.8),
            20,
            160,
            fill=(90, 60, 20),
            width=max(2, size // 14),
        )
    else:
        draw.ellipse(
            (x + size * 0.4, y + size * 0.6, x + size * 0.6, y + size * 0.8), fill=(200, 60, 60)
        )


def draw_avatar(
    im: Image.Image, box: tuple[int, int, int, int], rng: random.Random, radius: int = 8
) -> None:
    """A picture-like avatar: a gradient with a few shapes, no text."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    c1 = tuple(rng.randrange(40, 230) for _ in range(3))
    c2 = tuple(rng.randrange(40, 230) for _ in range(3))
    tile = Image.new("RGB", (w, h))
    td = ImageDraw.Draw(tile)
    for i in range(h):
        t = i / max(1, h - 1)
        td.line(
            [(0, i), (w, i)], fill=tuple(int(a + (b - a) * t) for a, b in zip(c1, c2, strict=True))
        )
    for _ in range(3):
        cx, cy, r = rng.randrange(w), rng.randrange(h), rng.randrange(w // 6, w // 2)
        td.ellipse(
            (cx - r, cy - r, cx + r, cy + r), fill=tuple(rng.randrange(256) for _ in range(3))
        )
    mask = Image.new("L", (w, h), 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, w - 1, h - 1), radius=radius, fill=255)
    im.paste(tile, (x0, y0), mask)


def draw_status_bar(
    im: Image.Image,
    rng: random.Random,
    *,
    height: int,
    bg,
    fg,
    clock: str,
    battery: int,
    style: str = "android",
    family: int = 0,
) -> list[TruthLine]:
    """Clock, signal, wifi and battery. Returns the truth lines (clock, battery percent, carrier)."""
    draw = ImageDraw.Draw(im)
    w = im.width
    draw.rectangle((0, 0, w, height), fill=bg)
    size = int(height * 0.42)
    fnt = font(size, family)
    lines = []
    cy = height // 2
    if style == "ios":
        x = int(w * 0.1)
        bb = text_box(draw, (0, 0), clock, font(size, bold=True))
        tx, ty = x, cy - (bb[1] + bb[3]) // 2
        draw.text((tx, ty), clock, font=font(size, bold=True), fill=fg)
        lines.append(
            TruthLine(
                clock, text_box(draw, (tx, ty), clock, font(size, bold=True)), None, "status_bar"
            )
        )
    else:
        x = int(w * 0.04)
        bb = text_box(draw, (0, 0), clock, fnt)
        tx, ty = x, cy - (bb[1] + bb[3]) // 2
        draw.text((tx, ty), clock, font=fnt, fill=fg)
        lines.append(TruthLine(clock, text_box(draw, (tx, ty), clock, fnt), None, "status_bar"))
        if rng.random() < 0.5:
            carrier = rng.choice(["中国移动", "中国联通", "中国电信"])
            sx = text_box(draw, (tx, ty), clock, fnt)[2] + size
            draw.text((sx, ty), carrier, font=fnt, fill=fg)
            lines.append(
                TruthLine(carrier, text_box(draw, (sx, ty), carrier, fnt), None, "status_bar")
            )
    # battery on the right
    bw, bh = int(size * 1.9), int(size * 0.9)
    bx1 = w - int(w * 0.05)
    bx0 = bx1 - bw
    by0 = cy - bh // 2
    draw.rounded_rectangle((bx0, by0, bx1, by0 + bh), radius=4, outline=fg, width=2)
    draw.rectangle((bx1 + 1, cy - bh // 5, bx1 + 4, cy + bh // 5), fill=fg)
    fill_w = int((bw - 6) * battery / 100)
    draw.rectangle(
        (bx0 + 3, by0 + 3, bx0 + 3 + fill_w, by0 + bh - 3),
        fill=fg if battery > 20 else (220, 50, 50),
    )
    right = bx0 - size // 3
    if style == "android" or rng.random() < 0.5:
        pct = f"{battery}%"
        pw = int(fnt.getlength(pct))
        px = right - pw
        bb = text_box(draw, (0, 0), pct, fnt)
        py = cy - (bb[1] + bb[3]) // 2
        draw.text((px, py), pct, font=fnt, fill=fg)
        lines.append(TruthLine(pct, text_box(draw, (px, py), pct, fnt), None, "status_bar"))
        right = px - size // 2
    # wifi fan and signal bars
    sx = right - size
    for i in range(4):
        bar_h = int(size * (0.3 + 0.2 * i))
        draw.rectangle(
            (
                sx + i * size // 4,
                cy + size // 2 - bar_h,
                sx + i * size // 4 + size // 6,
                cy + size // 2,
            ),
            fill=fg,
        )
    wx = sx - int(size * 1.4)
    for r in (size // 3, size * 2 // 3, size):
        draw.arc(
            (wx + size // 2 - r, cy + size // 2 - r, wx + size // 2 + r, cy + size // 2 + r),
            225,
            315,
            fill=fg,
            width=3,
        )
    return lines


def clock_text(rng: random.Random, *, h24: bool = True) -> tuple[int, int, str]:
    hour, minute = rng.randrange(0, 24), rng.randrange(0, 60)
    if h24:
        return (
            hour,
            minute,
            f"{hour}:{minute:02d}" if rng.random() < 0.5 else f"{hour:02d}:{minute:02d}",
        )
    return hour, minute, f"{(hour % 12) or 12}:{minute:02d}"


# ------------------------------------------------------------------ text material
def account_number(rng: random.Random) -> str:
    return "62" + "".join(str(rng.randrange(10)) for _ in range(rng.choice([14, 17])))


def phone_number(rng: random.Random) -> str:
    return "1" + rng.choice("3456789") + "".join(str(rng.randrange(10)) for _ in range(9))


def amount(rng: random.Random) -> str:
    value = rng.choice([rng.randrange(100, 50000), rng.randrange(1000, 200000) / 100])
    return f"{value:,.2f}" if isinstance(value, float) else str(value)
