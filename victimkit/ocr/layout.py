"""Screenshot layout: reading order, the status bar, chat speakers, messages, and merging.

Chat apps put the other party's messages on the left, the phone owner's on the right and the
app's own notes (time separators, "X recalled a message") in the middle. For each line the
bubble around it is found in the pixels (scanning outwards from the line's box until the chat
background), then the bubble is attributed by, in order: an avatar beside it, which side it is
anchored to, and — for bubbles as wide as the screen — its colour compared with bubbles already
attributed (the owner's bubbles are the coloured ones). Lines in one bubble form one message.

Consecutive screenshots of one chat usually overlap; ``merge_messages`` finds the overlap and
returns each screenshot's messages that are new.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np

from victimkit.ocr.engine import EngineLine

STATUS_BAR_FRACTION = 0.045  # of the image height (phones: 24-48 dp of 640-900 dp)
BG_TOLERANCE = 12
TIME_RE = re.compile(r"^(?:[01]?\d|2[0-3])[:：][0-5]\d(?:\s?[AaPp][Mm])?$")
CLOCK_RE = re.compile(r"(?<!\d)((?:[01]?\d|2[0-3])[:：][0-5]\d)(?!\d)")


@dataclass
class LaidLine:
    text: str
    box: tuple[int, int, int, int]
    confidence: float
    speaker: str | None = None  # "other", "self", "system" or None
    tag: str | None = (
        None  # "status_bar", "header", "input", "time", "notice", "sender_name", "message_time"
    )
    message_no: int | None = None
    bubble: tuple[int, int, int, int] | None = None  # the bubble's x0, y0, x1 and the row scanned
    colour: tuple[int, int, int] | None = None


@dataclass
class OcrMessage:
    no: int
    speaker: str  # other / self / system
    text: str
    line_indexes: list[int] = field(default_factory=list)
    sender: str | None = None  # a name shown above the bubble (group chats, QQ)
    time_text: str | None = None  # a time printed inside the bubble (WhatsApp, Telegram)
    separator: str | None = None  # the last time separator above the message


@dataclass
class Layout:
    kind: str  # "chat" or "page"
    lines: list[LaidLine]
    messages: list[OcrMessage]
    title: str | None = None  # the chat's title bar: usually the other party's name
    clock: str | None = None  # the status bar's clock


# ------------------------------------------------------------------ reading order
def reading_order(lines: list) -> list:
    """Top to bottom; lines whose vertical centres are within half a line height: left to right."""
    rows: list[list] = []
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


# ------------------------------------------------------------------ pixels
def background_colour(image: np.ndarray) -> np.ndarray:
    """The chat background: the commonest colour of the screen's side edges (bubbles keep a
    margin from them; the middle of a chat can be mostly bubbles)."""
    h, w = image.shape[:2]
    edge = max(2, int(w * 0.02))
    strips = np.concatenate(
        [
            image[int(h * 0.15) : int(h * 0.85) : 2, :edge],
            image[int(h * 0.15) : int(h * 0.85) : 2, w - edge :],
        ],
        axis=1,
    )
    sample = strips.reshape(-1, 3) // 4
    colours, counts = np.unique(sample, axis=0, return_counts=True)
    return colours[counts.argmax()].astype(np.int16) * 4 + 2


def _is_bg(pixels: np.ndarray, bg: np.ndarray) -> np.ndarray:
    return np.abs(pixels.astype(np.int16) - bg).max(axis=-1) <= BG_TOLERANCE


def _last_bg_run_end(mask: np.ndarray, run: int = 3) -> int | None:
    """Index just after the last run of ``run`` background pixels in ``mask``, or None."""
    if len(mask) < run:
        return None
    runs = np.convolve(mask.astype(np.int8), np.ones(run, dtype=np.int8), "valid") == run
    idx = np.flatnonzero(runs)
    return int(idx[-1]) + run if len(idx) else None


def bubble_extent(image: np.ndarray, bg: np.ndarray, box) -> tuple[int, int, int, tuple | None]:
    """(left, right, top, colour) of the bubble holding a line; the line's box when none."""
    h, w = image.shape[:2]
    x0, y0, x1, y1 = (int(v) for v in box)
    x0, x1 = max(0, min(x0, w - 1)), max(1, min(x1, w))
    y0, y1 = max(0, min(y0, h - 1)), max(1, min(y1, h))
    yc = (y0 + y1) // 2
    row = image[yc]
    left_mask = _is_bg(row[:x0], bg)
    end = _last_bg_run_end(left_mask)
    left = end if end is not None else 0
    right_mask = _is_bg(row[x1:][::-1], bg)
    end = _last_bg_run_end(right_mask)
    right = w - end if end is not None else w
    colour = None
    if left < x0 - 2:
        colour = tuple(
            int(c)
            for c in np.median(
                image[y0:y1, left + 1 : max(left + 2, x0 - 1)].reshape(-1, 3), axis=0
            )
        )
    elif right > x1 + 2:
        colour = tuple(
            int(c) for c in np.median(image[y0:y1, x1 + 1 : right - 1].reshape(-1, 3), axis=0)
        )
    # the bubble's top: walk up a column just inside its left edge
    top = y0
    if colour is not None:
        col_x = min(left + 6, x0) if left < x0 - 2 else max(right - 6, x1)
        col = image[:y0, min(col_x, w - 1)][::-1]
        m = _is_bg(col, bg)
        hits = np.flatnonzero(m)
        top = y0 - int(hits[0]) if len(hits) else 0
    return left, right, top, colour


def has_avatar(
    image: np.ndarray, bg: np.ndarray, x_from: int, x_to: int, y0: int, rows: int, size: int
) -> bool:
    """Is there a picture (an avatar) in the given strip beside a bubble's top rows?"""
    h, w = image.shape[:2]
    x_from, x_to = max(0, x_from), min(w, x_to)
    if x_to - x_from < size // 3:
        return False
    patch = image[max(0, y0) : min(h, y0 + rows), x_from:x_to]
    if patch.size == 0:
        return False
    not_bg = ~_is_bg(patch, bg)
    # an avatar is a solid square-ish blob: many columns with mostly non-background pixels
    col_fill = not_bg.mean(axis=0)
    return int((col_fill > 0.6).sum()) >= size * 0.5


def chroma(colour) -> int:
    return int(max(colour) - min(colour)) if colour else 0


# ------------------------------------------------------------------ analysis
def analyse(image: np.ndarray, lines: list[EngineLine]) -> Layout:
    """Lines in reading order with tags, speakers and message numbers; the chat's messages."""
    h, w = image.shape[:2]
    laid = [LaidLine(ln.text, tuple(ln.box), ln.confidence) for ln in lines]
    laid = reading_order(laid)
    if not laid:
        return Layout("page", [], [])
    bg = background_colour(image)
    heights = sorted(ln.box[3] - ln.box[1] for ln in laid)
    median_h = heights[len(heights) // 2]

    status_limit = h * STATUS_BAR_FRACTION
    clock = None
    for ln in laid:
        if ln.box[3] <= status_limit + 4 and (ln.box[1] + ln.box[3]) / 2 < status_limit:
            ln.tag = "status_bar"
            ln.text = clean_status_text(ln.text)
            m = CLOCK_RE.search(ln.text)
            if m and clock is None and ln.box[0] < w * 0.5:
                clock = m.group(1).replace("：", ":")
    status_bottom = max(
        [ln.box[3] for ln in laid if ln.tag == "status_bar"], default=int(status_limit)
    )

    header_limit = status_bottom + 0.14 * w
    footer_limit = h - 0.13 * w
    for ln in laid:
        if ln.tag:
            continue
        if (ln.box[1] + ln.box[3]) / 2 > footer_limit:
            ln.tag = "input"
            continue
        left, right, top, colour = bubble_extent(image, bg, ln.box)
        in_bubble = colour is not None and (right - left) < 0.92 * w
        if in_bubble:
            if top < header_limit:  # a bubble cut by the top of the screen
                top = max(top, ln.box[1] - median_h // 2)
            ln.bubble = (left, top, right, ln.box[1])
            ln.colour = colour

    title = None
    for ln in laid:
        if ln.tag or ln.bubble is not None:
            continue
        cy = (ln.box[1] + ln.box[3]) / 2
        if cy < header_limit:
            ln.tag = "header"
    # the title: the tallest header text that is more than an icon ("<" read as "く")
    names = [ln for ln in laid if ln.tag == "header" and len(ln.text.strip()) >= 2]
    if names:
        title = max(names, key=lambda ln: (ln.box[3] - ln.box[1], -ln.box[1])).text.strip()

    bubbles = [ln for ln in laid if ln.bubble is not None]
    is_chat = len(bubbles) >= 2 or (
        len(bubbles) == 1
        and any(ln.tag is None and _centred(ln.box, w) for ln in laid if ln.bubble is None)
    )
    if not is_chat:
        return Layout("page", laid, [], title=title, clock=clock)

    # 1. decide each bubble by avatar or anchoring
    undecided = []
    for ln in bubbles:
        left, top, right, _row = ln.bubble
        avatar = int(0.13 * w)
        rows = min(avatar, max(ln.box[3] + 4 - top, median_h))
        av_left = has_avatar(image, bg, left - avatar - int(0.04 * w), left - 2, top, rows, avatar)
        av_right = has_avatar(
            image, bg, right + 2, right + avatar + int(0.04 * w), top, rows, avatar
        )
        lgap, rgap = left, w - right
        if av_left != av_right:
            ln.speaker = "other" if av_left else "self"
        elif abs(lgap - rgap) < 0.03 * w and lgap > 0.1 * w:
            ln.speaker = "system"  # a centred pill: time separator or notice
            ln.tag = "time" if _is_time_text(ln.text) else "notice"
        elif abs(lgap - rgap) > 0.05 * w:
            ln.speaker = "other" if lgap < rgap else "self"
        else:
            undecided.append(ln)
    # 2. wide bubbles: the colour of a decided bubble; else the more colourful side is the owner
    decided = [ln for ln in bubbles if ln.speaker in ("other", "self")]
    for ln in undecided:
        best = None
        for ref in decided:
            d = max(abs(a - b) for a, b in zip(ln.colour, ref.colour, strict=True))
            if d <= 16 and (best is None or d < best[0]):
                best = (d, ref.speaker)
        ln.speaker = best[1] if best else ("self" if chroma(ln.colour) > 40 else "other")
    # 3. lines outside bubbles: time separators and notices in the middle, names above bubbles
    for ln in laid:
        if ln.tag in ("status_bar", "header", "input") or ln.bubble is not None:
            continue
        if _centred(ln.box, w):
            ln.speaker = "system"
            ln.tag = "time" if _is_time_text(ln.text) else "notice"
        else:
            below = _bubble_below(ln, bubbles, median_h)
            if below is not None:
                ln.speaker = below.speaker
                ln.tag = "sender_name"
            else:
                lgap, rgap = ln.box[0], w - ln.box[2]
                ln.speaker = "other" if lgap < rgap else "self"
    messages = group_messages(laid, median_h)
    return Layout("chat", laid, messages, title=title, clock=clock)


# Signal bars, wifi fans and battery outlines are read as these characters.
ICON_GLYPHS = "三川令回口目皿人彡ミ□■"
ICON_RE = re.compile(
    rf"(?:(?<=\s)|^)[{ICON_GLYPHS}]+(?=\s|\d|$)|(?<=[\d%])[{ICON_GLYPHS}]+(?=\s|$)"
)


def clean_status_text(text: str) -> str:
    """A status bar line without the icons read as characters ("川69%" → "69%")."""
    cleaned = " ".join(ICON_RE.sub(" ", text).split())
    return cleaned or text


def _is_time_text(text: str) -> bool:
    words = text.split()
    return bool(words) and (
        bool(CLOCK_RE.search(text))
        or text.strip().upper() in ("TODAY", "YESTERDAY", "今天", "昨天")
    )


def _centred(box, w: int) -> bool:
    lgap, rgap = box[0], w - box[2]
    return abs(lgap - rgap) < 0.06 * w and lgap > 0.1 * w


def _bubble_below(ln: LaidLine, bubbles: list[LaidLine], median_h: int) -> LaidLine | None:
    for b in bubbles:
        top = b.bubble[1]
        if 0 <= top - ln.box[3] < median_h * 1.2 and abs(b.bubble[0] - ln.box[0]) < median_h * 1.5:
            return b
    return None


def group_messages(laid: list[LaidLine], median_h: int) -> list[OcrMessage]:
    """Lines of one bubble (or one centred block) become one message, in reading order."""
    messages: list[OcrMessage] = []
    current: OcrMessage | None = None
    current_key = None
    prev_line: LaidLine | None = None
    pending_sender: str | None = None
    separator: str | None = None
    for i, ln in enumerate(laid):
        if ln.speaker is None:
            continue
        if ln.tag == "sender_name":
            pending_sender = ln.text
            ln.message_no = len(messages)
            continue
        if ln.bubble is not None:
            key = ("bubble", ln.bubble[0] // 6, ln.bubble[2] // 6, ln.bubble[1] // 6)
        else:
            key = ("free", ln.speaker, ln.tag)
        gap = ln.box[1] - prev_line.box[3] if prev_line is not None else 10**6
        same = current is not None and key == current_key and gap < median_h * 1.6
        if (
            current is not None
            and not same
            and ln.bubble is not None
            and current_key[0] == "bubble"
        ):
            # the same bubble scanned on another row can report a slightly different top
            same = key[1:3] == current_key[1:3] and gap < median_h * 0.9
        if ln.tag == "message_time" or (
            ln.bubble is not None
            and current is not None
            and same
            and TIME_RE.match(ln.text.strip())
            and ln.bubble[2] - ln.box[2] < 3 * median_h
            and ln.box[0] - ln.bubble[0] > 2 * median_h
        ):
            ln.tag = "message_time"
            ln.message_no = current.no if current is not None else None
            if current is not None:
                current.time_text = ln.text.strip()
                current.line_indexes.append(i)
            prev_line = ln
            continue
        if not same:
            current = OcrMessage(
                len(messages), ln.speaker, "", sender=pending_sender, separator=separator
            )
            pending_sender = None
            messages.append(current)
            current_key = key
        current.text = join_lines(current.text, ln.text) if current.text else ln.text
        current.line_indexes.append(i)
        ln.message_no = current.no
        if ln.tag == "time":
            separator = ln.text
        prev_line = ln
    for m in messages:
        for i in m.line_indexes:
            laid[i].message_no = m.no
    return messages


def join_lines(a: str, b: str) -> str:
    """Join wrapped lines: Latin words get a space, Chinese text none."""
    if a and b and a[-1].isascii() and a[-1].isalnum() and b[0].isascii() and b[0].isalnum():
        return a + " " + b
    if a and b and a[-1] in ",.!?;:" and b[0].isascii():
        return a + " " + b
    return a + b


# ------------------------------------------------------------------ merging screenshots
def message_key(speaker: str, text: str) -> tuple[str, str]:
    return speaker, "".join(unicodedata.normalize("NFKC", text).split())


def merge_messages(shots: list[list[tuple[str, str]]]) -> list[list[int]]:
    """For consecutive screenshots of one chat, the indexes of each shot's messages that are new.

    ``shots`` holds each screenshot's messages as (speaker, text). A shot's first messages that
    repeat the end of what came before (the overlap) are dropped; a message cut by the top of
    the screen counts as seen when its text ends an earlier message, and one cut by the bottom
    is replaced by its complete version from the next shot.
    """
    seen: list[tuple[str, str]] = []
    out: list[list[int]] = []
    for shot in shots:
        keys = [message_key(s, t) for s, t in shot]
        skip = overlap(seen, keys)
        new = list(range(skip, len(keys)))
        out.append(new)
        seen.extend(keys[skip:])
    return out


def overlap(seen: list[tuple[str, str]], keys: list[tuple[str, str]]) -> int:
    """How many of ``keys``' first items repeat the end of ``seen`` (0 when none do)."""
    if not seen or not keys:
        return 0
    best = 0
    for k in range(min(len(keys), len(seen)), 0, -1):
        tail = seen[-k:]
        head = keys[:k]
        same = [
            _same(a, b, first=(i == 0), last=(i == k - 1))
            for i, (a, b) in enumerate(zip(tail, head, strict=True))
        ]
        # an OCR slip may spoil one message of a long overlap, never its two ends
        if all(same) or (k >= 3 and same[0] and same[-1] and sum(same) >= k - 1):
            best = k
            break
    if best == 1 and len(keys[0][1]) < 6:
        return 0  # one short message ("好的") in common is too little evidence of an overlap
    return best


def _same(a: tuple[str, str], b: tuple[str, str], *, first: bool, last: bool) -> bool:
    if a[0] != b[0]:
        return False
    if a[1] == b[1]:
        return True
    if first and len(b[1]) >= 2 and a[1].endswith(b[1]):
        return True  # cut by the top of the new screenshot
    if last and len(a[1]) >= 2 and b[1].startswith(a[1]):
        return True  # cut by the bottom of the previous one (the new shot has it whole)
    return _similar(a[1], b[1])


def _similar(x: str, y: str) -> bool:
    """Equal but for an OCR slip: one character in short messages, one in eight in long ones."""
    if min(len(x), len(y)) < 4:
        return False
    allowed = max(1, min(len(x), len(y)) // 8)
    if abs(len(x) - len(y)) > allowed:
        return False
    return _distance(x, y, allowed) <= allowed


def _distance(a: str, b: str, limit: int) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]
