"""Screenshot layout: reading order, the status bar, chat speakers, messages, and merging.

Chat apps put the other party's messages on the left, the phone owner's on the right and the
app's own notes (time separators, "X recalled a message") in the middle. For each line the
bubble around it is found in the pixels (scanning outwards from the line's box until the chat
background), then the bubble is attributed by, in order: an avatar beside it, which side it is
anchored to, and — for bubbles as wide as the screen — its colour compared with bubbles already
attributed (the owner's bubbles are the coloured ones). Lines in one bubble form one message.
A letter avatar's initials ("客", "JD") or a stray character read in a photo avatar beside a
bubble stays an OCR line, tagged "avatar", with no speaker and no message.

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
        None  # "status_bar", "header", "input", "time", "notice", "sender_name", "message_time",
        # "avatar" (a letter avatar's initials: not a message, not anyone's text)
    )
    message_no: int | None = None
    bubble: tuple[int, int, int, int] | None = None  # the bubble's x0, y0, x1 and the row scanned
    colour: tuple[int, int, int] | None = None
    bubble_cut: bool = False  # the bubble is cut by the top of the screen: its top is a guess


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
    sample = strips.reshape(-1, 3).astype(np.int32) // 4
    codes = (sample[:, 0] << 12) | (sample[:, 1] << 6) | sample[:, 2]
    top = int(np.bincount(codes, minlength=1 << 18).argmax())
    colour = np.array([top >> 12, (top >> 6) & 63, top & 63], dtype=np.int16)
    return colour * 4 + 2


def background_mask(image: np.ndarray, bg: np.ndarray) -> np.ndarray:
    """Where the image is the chat background (within BG_TOLERANCE in every channel)."""
    import cv2

    lo = np.clip(bg - BG_TOLERANCE, 0, 255).astype(np.uint8)
    hi = np.clip(bg + BG_TOLERANCE, 0, 255).astype(np.uint8)
    return cv2.inRange(np.ascontiguousarray(image), lo, hi) > 0


def _last_bg_run_end(mask: np.ndarray, run: int = 3) -> int | None:
    """Index just after the last run of ``run`` background pixels in ``mask``, or None."""
    if len(mask) < run:
        return None
    runs = np.convolve(mask.astype(np.int8), np.ones(run, dtype=np.int8), "valid") == run
    idx = np.flatnonzero(runs)
    return int(idx[-1]) + run if len(idx) else None


def bubble_extent(
    image: np.ndarray, bg: np.ndarray, box, mask: np.ndarray | None = None
) -> tuple[int, int, int, tuple | None]:
    """(left, right, top, colour) of the bubble holding a line; the line's box when none.
    ``mask``: ``background_mask(image, bg)``, when the caller has it."""
    if mask is None:
        mask = background_mask(image, bg)
    h, w = image.shape[:2]
    x0, y0, x1, y1 = (int(v) for v in box)
    x0, x1 = max(0, min(x0, w - 1)), max(1, min(x1, w))
    y0, y1 = max(0, min(y0, h - 1)), max(1, min(y1, h))
    yc = (y0 + y1) // 2
    left_mask = mask[yc, :x0]
    end = _last_bg_run_end(left_mask)
    left = end if end is not None else 0
    right_mask = mask[yc, x1:][::-1]
    end = _last_bg_run_end(right_mask)
    right = w - end if end is not None else w
    colour = None
    if left < x0 - 2:
        colour = _flat_colour(image[y0:y1, left + 1 : max(left + 2, x0 - 1)], edge="left")
    elif right > x1 + 2:
        colour = _flat_colour(image[y0:y1, x1 + 1 : right - 1], edge="right")
    if colour is not None and np.abs(np.array(colour, dtype=np.int16) - bg).max() <= BG_TOLERANCE:
        colour = None  # the background between another line's glyphs is not a bubble
    col_x = min(left + 6, x0) if left < x0 - 2 else max(right - 6, x1)
    if colour is None:
        found = _bubble_around(image, bg, x0, y0, x1, y1)
        if found is not None:
            left, right, colour = found
            col_x = min(left + 6, right - 1)
    # the bubble's top: walk up a column just inside its left edge
    top = y0
    if colour is not None:
        m = mask[:y0, min(col_x, w - 1)][::-1]
        hits = np.flatnonzero(m)
        top = y0 - int(hits[0]) if len(hits) else 0
    return left, right, top, colour


def _flat_colour(patch: np.ndarray, edge: str) -> tuple[int, int, int] | None:
    """The colour of a bubble's margin beside a line: the patch's median colour, when the
    columns just inside the bubble's edge mostly have it (the glyphs of another line beside
    this one are not a bubble)."""
    if patch.size == 0:
        return None
    colour = np.median(patch.reshape(-1, 3), axis=0).astype(np.int16)
    strip = patch[:, :4] if edge == "left" else patch[:, -4:]
    flat = (np.abs(strip.astype(np.int16) - colour) <= BG_TOLERANCE).all(axis=2).mean()
    return tuple(int(c) for c in colour) if flat >= 0.6 else None


def _bubble_around(image: np.ndarray, bg: np.ndarray, x0: int, y0: int, x1: int, y1: int):
    """(left, right, colour) of a small bubble that the detector's padded box covers whole
    ("OK"): the box's colour is not the background, and its padding rows (above and below the
    glyphs) hold a run of that colour through the box's middle: the bubble's width."""
    if x1 - x0 < 4 or y1 - y0 < 4:
        return None
    inner = np.median(image[y0:y1:2, x0:x1:2].reshape(-1, 3), axis=0).astype(np.int16)
    if np.abs(inner - bg).max() <= 2 * BG_TOLERANCE:
        return None
    xc = (x0 + x1) // 2
    for y in (y0 + 1, y1 - 2):
        other = np.abs(image[y].astype(np.int16) - inner).max(axis=-1) > BG_TOLERANCE
        if other[xc]:
            continue
        before = np.flatnonzero(other[:xc])
        after = np.flatnonzero(other[xc:])
        left = int(before[-1]) + 1 if len(before) else 0
        right = xc + int(after[0]) if len(after) else image.shape[1]
        if right - left >= 0.5 * (x1 - x0):
            return left, right, tuple(int(c) for c in inner)
    return None


def has_avatar(mask: np.ndarray, x_from: int, x_to: int, y0: int, rows: int, size: int) -> bool:
    """Is there a picture (an avatar) in the given strip beside a bubble's top rows?
    ``mask``: where the image is the chat background."""
    h, w = mask.shape[:2]
    x_from, x_to = max(0, x_from), min(w, x_to)
    if x_to - x_from < size // 3:
        return False
    patch = mask[max(0, y0) : min(h, y0 + rows), x_from:x_to]
    if patch.size == 0:
        return False
    not_bg = ~patch
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
    mask = background_mask(image, bg)
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
        left, right, top, colour = bubble_extent(image, bg, ln.box, mask)
        in_bubble = colour is not None and (right - left) < 0.92 * w
        if in_bubble:
            if top < header_limit:  # a bubble cut by the top of the screen
                top = max(top, ln.box[1] - median_h // 2)
                ln.bubble_cut = True
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
    for ln in avatar_letters(laid, bubbles, mask, w):
        ln.tag, ln.bubble, ln.colour, ln.bubble_cut = "avatar", None, None, False
    bubbles = [ln for ln in bubbles if ln.tag != "avatar"]
    # an icon with a character in it (a payment page's round "转", a profile's big letter
    # avatar) is not a chat bubble; nor is one centred button ("发消息") the only bubble
    counted = [ln for ln in bubbles if not _icon(ln, mask, w)]
    is_chat = len(counted) >= 2 or (
        len(counted) == 1
        and abs(counted[0].bubble[0] - (w - counted[0].bubble[2])) > 0.05 * w
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
        av_left = has_avatar(mask, left - avatar - int(0.04 * w), left - 2, top, rows, avatar)
        av_right = has_avatar(mask, right + 2, right + avatar + int(0.04 * w), top, rows, avatar)
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
        if ln.tag in ("status_bar", "header", "input", "avatar") or ln.bubble is not None:
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
    # a name whose bubble is cut off by the bottom of the screen: the same text as a name seen
    # above a bubble (or the chat's title), outside any bubble, is a name, not a message
    names = {ln.text.strip() for ln in laid if ln.tag == "sender_name"}
    if title and names:
        names.add(title)
    for ln in laid:
        if ln.tag is None and ln.bubble is None and ln.speaker and ln.text.strip() in names:
            ln.tag = "sender_name"
    messages = group_messages(laid, median_h)
    return Layout("chat", laid, messages, title=title, clock=clock)


AVATAR_MAX_CHARS = 2  # initials; a photo avatar's stray characters


def avatar_letters(
    laid: list[LaidLine], bubbles: list[LaidLine], mask: np.ndarray, w: int
) -> list[LaidLine]:
    """Short lines (1-2 characters) read inside an avatar beside a bubble: the avatar is a
    solid, square-ish picture at the screen's side, with a bubble next to it on its inner side.
    A short message ("好") in a bubble is not one: its bubble is not at the screen's side, or
    has no bubble beside it."""
    found = []
    for ln in laid:
        if ln.tag is not None or not 1 <= len("".join(ln.text.split())) <= AVATAR_MAX_CHARS:
            continue
        blob = _avatar_blob(mask, ln.box, w)
        if blob is None:
            continue
        bx0, by0, bx1, by1 = blob
        if any(
            other is not ln
            and bx0 <= (other.box[0] + other.box[2]) / 2 <= bx1
            and by0 <= (other.box[1] + other.box[3]) / 2 <= by1
            for other in laid
        ):
            continue  # a bubble holding another line too ("好的" with its time): a message
        side = "left" if bx0 < 0.1 * w else "right" if w - bx1 < 0.1 * w else None
        if side is None:
            continue
        reach, bh = 0.08 * w, by1 - by0
        for nb in bubbles:
            if nb is ln:
                continue
            left, top, right, _row = nb.bubble
            if side == "left":
                beside = bx1 <= left + 2 and left - bx1 < reach
            else:
                beside = bx0 >= right - 2 and bx0 - right < reach
            # beside the bubble: level with its rows (an avatar at its top or its bottom)
            if beside and min(by1, nb.box[3]) - max(by0, top) > 0.3 * bh:
                found.append(ln)
                break
    return found


def _icon(ln: LaidLine, mask: np.ndarray, w: int) -> bool:
    """A short line in a solid square-ish picture that is centred (a payment page's "转" icon)
    or bigger than a chat's avatars and short bubbles (a profile page's letter avatar)."""
    if not 1 <= len("".join(ln.text.split())) <= AVATAR_MAX_CHARS:
        return False
    blob = _avatar_blob(mask, ln.box, w)
    if blob is None:
        return False
    x0, y0, x1, y1 = blob
    return abs(x0 - (w - x1)) < 0.05 * w or min(x1 - x0, y1 - y0) >= 0.15 * w


def _avatar_blob(mask: np.ndarray, box, w: int) -> tuple[int, int, int, int] | None:
    """The box of the solid picture a line's box lies in: a connected patch of non-background
    pixels, square-ish, 4-20 % of the screen's width, mostly filled (a square or a circle;
    the letter's strokes may be holes), that holds the line's box; None when there is none."""
    import cv2

    h = mask.shape[0]
    size = int(0.22 * w)
    cx, cy = (box[0] + box[2]) // 2, (box[1] + box[3]) // 2
    wx0, wy0 = max(0, cx - size), max(0, cy - size)
    wx1, wy1 = min(mask.shape[1], cx + size), min(h, cy + size)
    patch = (~mask[wy0:wy1, wx0:wx1]).astype(np.uint8)
    if patch.size == 0:
        return None
    n, labels, stats, _centroids = cv2.connectedComponentsWithStats(patch, connectivity=8)
    inside = labels[
        max(0, box[1] - wy0) : max(0, box[3] - wy0), max(0, box[0] - wx0) : max(0, box[2] - wx0)
    ]
    counts = np.bincount(inside.ravel(), minlength=n)
    counts[0] = 0
    label = int(counts.argmax())
    if counts[label] == 0:
        return None
    x, y, bw, bh, area = (int(v) for v in stats[label])
    if x == 0 or y == 0 or x + bw >= wx1 - wx0 or y + bh >= wy1 - wy0:
        return None  # it runs out of the window: larger than an avatar
    if not (0.04 * w <= bw <= 0.2 * w and 0.04 * w <= bh <= 0.2 * w and 0.6 <= bw / bh <= 1.6):
        return None
    if area < 0.5 * bw * bh:
        return None
    x0, y0, x1, y1 = x + wx0, y + wy0, x + wx0 + bw, y + wy0 + bh
    slack = 0.25 * max(box[2] - box[0], box[3] - box[1])
    if box[0] < x0 - slack or box[2] > x1 + slack or box[1] < y0 - slack or box[3] > y1 + slack:
        return None
    return x0, y0, x1, y1


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
    """The bubble just below a line (a sender's name above its bubble). The detector's box is
    padded, so it may reach a little into the bubble: only the line's centre must be above it."""
    cy = (ln.box[1] + ln.box[3]) / 2
    for b in bubbles:
        top = b.bubble[1]
        if (
            cy < top
            and -median_h * 0.5 <= top - ln.box[3] < median_h * 1.2
            and abs(b.bubble[0] - ln.box[0]) < median_h * 1.5
        ):
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
        key = ("bubble", ln.bubble) if ln.bubble is not None else ("free", ln.speaker, ln.tag)
        gap = ln.box[1] - prev_line.box[3] if prev_line is not None else 10**6
        if current is None:
            same = False
        elif key[0] == "bubble" and current_key[0] == "bubble":
            cut = ln.bubble_cut or prev_line.bubble_cut
            same = _same_bubble(key[1], current_key[1], median_h, gap, cut=cut)
        else:
            same = key == current_key and gap < median_h * 1.6
        if ln.tag == "message_time" or (
            (same or ln.bubble_cut)
            and key[0] == "bubble"
            and TIME_RE.match(ln.text.strip())
            # a time printed in the bubble (WhatsApp, Telegram) sits at its right edge
            and ln.bubble[2] - ln.box[2] < min(ln.box[0] - ln.bubble[0], 3 * median_h)
        ):
            ln.tag = "message_time"
            if not same:  # the bubble's text is above the top of the screen
                ln.message_no = None
                prev_line = ln
                continue
            ln.message_no = current.no
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


def _same_bubble(a, b, median_h: int, gap: int, *, cut: bool = False) -> bool:
    """Two lines' bubbles (left, top, right, row) are one: the same sides, and the same top
    (or, for a bubble cut by the top of the screen, whose top is a guess, lines close together).
    The sides are found on each line's own row, so they may differ by a few pixels."""
    tol = max(6, median_h * 0.3)
    if abs(a[0] - b[0]) > tol or abs(a[2] - b[2]) > tol:
        return False
    if cut:
        return gap < median_h * 0.9
    return abs(a[1] - b[1]) <= tol and gap < median_h * 1.6


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


def merge_messages(
    shots: list[list[tuple[str, str]]], stored: list[bool] | None = None
) -> list[list[int]]:
    """For consecutive screenshots of one chat, the indexes of each shot's messages to store.

    ``shots`` holds each screenshot's messages as (speaker, text), in the order they were taken.
    Each shot's beginning is aligned with the end of the conversation so far
    (``overlap_alignment``): the messages it repeats are dropped, the rest are new. The alignment
    tolerates what differs between two readings of the same messages: an OCR slip, a message
    cut by the top or the bottom of the screen, a bubble read as two messages in one shot and as
    one in the other, a stray line read as a message in one shot only. A message cut by the
    bottom of one shot is stored from the next, whole, unless the first shot's messages are
    ``stored`` already.
    """
    stored = stored or [False] * len(shots)
    out: list[list[int]] = []
    # the conversation: each message's readings (the first is the one stored) and where it is
    # stored (shot, index)
    conversation: list[dict] = []
    for s, shot in enumerate(shots):
        keys = [message_key(sp, t) for sp, t in shot]
        window = conversation[-(2 * len(keys) + 12) :]
        found = overlap_alignment([e["keys"] for e in window], keys)
        end, pairs = found if found is not None else (0, {})
        first = min((i for i, _move in pairs.values()), default=0)
        region = "".join(e["keys"][0][1] for e in window[first:])
        keep = []
        for j, key in enumerate(keys):
            if j in pairs:
                i, move = pairs[j]
                entry = window[i]
                old = entry["keys"][0]
                cut_before = (
                    move == "match"
                    and i == len(window) - 1
                    and len(key[1]) > len(old[1])
                    and key[1].startswith(old[1])
                )
                if not cut_before:
                    entry["keys"].append(key)
                    continue
                # the previous shot cut this message off: the whole one is the reading to keep
                entry["keys"].insert(0, key)
                prev_shot, prev_index = entry["where"]
                if not stored[prev_shot]:
                    out[prev_shot].remove(prev_index)
                    entry["where"] = (s, j)
                    keep.append(j)
                continue
            if j < end and key[1] in region:
                continue  # inside the overlap, part of a message read whole (or split) before
            keep.append(j)
            conversation.append({"keys": [key], "where": (s, j)})
        out.append(sorted(keep))
    return out


MATCH_GAP = 1.0  # what an unmatched message inside an overlap costs, against 1-2 per match


def overlap_alignment(
    seen: list[list[tuple[str, str]]], keys: list[tuple[str, str]]
) -> tuple[int, dict[int, tuple[int, str]]] | None:
    """Align the start of ``keys`` with the end of ``seen`` (each seen message with its
    readings). Returns (how many of ``keys``' first messages the overlap covers, {index in keys:
    (index in seen, how)} for the messages matched), or None when there is no convincing
    overlap.

    A semi-global alignment: ``seen``'s messages before the overlap are free, ``keys``'
    messages after it are new; inside it, messages of either side may be left unmatched at a
    cost (MATCH_GAP), matches score 1-2 by length, and one message may match two consecutive
    ones of the other side (one bubble read as two messages, or two as one). The end of
    ``seen`` must lie inside the overlap (a stray last message there costs a gap).
    """
    n, m = len(seen), len(keys)
    if not n or not m:
        return None
    neg = float("-inf")
    score = [[neg] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        score[i][0] = 0.0  # nothing of keys used yet: seen[:i] lies before the overlap

    def offer(i, j, value, move):
        if value > score[i][j]:
            score[i][j] = value
            back[i][j] = move

    for i in range(n + 1):
        for j in range(m + 1):
            here = score[i][j]
            if here == neg:
                continue
            first, last = j == 0, i == n - 1
            if i < n and j < m:
                w = _match_weight(seen[i], keys[j], first=first, last=last)
                if w:
                    offer(i + 1, j + 1, here + w, (i, j, "match"))
                if j + 1 < m and keys[j][0] == keys[j + 1][0]:
                    joined = (keys[j][0], keys[j][1] + keys[j + 1][1])
                    w = _match_weight(seen[i], joined, first=first, last=last)
                    if w:
                        offer(i + 1, j + 2, here + w, (i, j, "one seen, two new"))
                if i + 1 < n:
                    joined = (seen[i][0][0], seen[i][0][1] + seen[i + 1][0][1])
                    w = _match_weight([joined], keys[j], first=first, last=i + 1 == n - 1)
                    if w and seen[i + 1][0][0] == joined[0]:
                        offer(i + 2, j + 1, here + w, (i, j, "two seen, one new"))
            if i < n and j > 0:
                offer(i + 1, j, here - MATCH_GAP, (i, j, "seen only"))
            if j < m:
                offer(i, j + 1, here - MATCH_GAP, (i, j, "new only"))
    best_j = max(range(1, m + 1), key=lambda j: (score[n][j], -j))
    if score[n][best_j] <= 0:
        return None
    pairs: dict[int, tuple[int, str]] = {}
    i, j = n, best_j
    while j > 0 and back[i][j] is not None:
        pi, pj, move = back[i][j]
        if move == "one seen, two new":
            pairs[pj] = pairs[pj + 1] = (pi, move)
        elif move in ("match", "two seen, one new"):
            pairs[pj] = (pi, move)
        i, j = pi, pj
    if not pairs:
        return None
    if len(pairs) == 1 and len(keys[next(iter(pairs))][1]) < 6:
        return None  # one short message ("好的") in common is too little evidence
    return best_j, pairs


def _match_weight(readings: list[tuple[str, str]], key: tuple[str, str], *, first, last) -> float:
    for seen in readings:
        if _same(seen, key, first=first, last=last):
            return 1.0 + min(len(key[1]), 12) / 12
    return 0.0


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
