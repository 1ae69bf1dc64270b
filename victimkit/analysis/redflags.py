"""Red flags: which scam a text points to, and where the words are.

``check_text(text)`` reads pasted text; ``scan_case(store)`` reads a case's OCR lines (with the
evidence and the box each match is in) and incoming chat messages (with the message id).

How a text is read:

1. Normalised twice, keeping a map back to the original offsets: *spaced* (NFKC, so full-width
   letters and digits become ASCII; lower case; zero-width characters removed; runs of spaces
   collapsed) for English phrases and patterns, and *compact* (spaced, then everything but
   Chinese characters, letters and digits dropped, and the homophones of lexicon.yaml mapped to
   their canonical form) for Chinese phrases - so "刷 单", "刷\u200b单", "加 V" and "加薇信" match.
2. Phrases of every scam type and of the cross-cutting lexicon are found, weighed (strong 2,
   normal 1, weak 0.4 per distinct phrase) and summed per scam type and per category.
3. Verdict: ``suspicious`` when one type reaches 2, or two types reach 1 each, or a type
   reaches 1 with scam behaviour in other categories, or three categories are touched; ``warning_about_scams`` when such a text
   also carries the words of a warning ("不法分子", "谨防", "scammers") and offers no contact of
   its own; ``no_red_flags`` otherwise. A recovery offer with a contact is always suspicious.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from victimkit.guide.knowledge import Knowledge, load_knowledge, text
from victimkit.i18n import _, current_language

WEIGHTS = {"strong": 2.0, "normal": 1.0, "weak": 0.4}
CATEGORY_WEIGHTS = {"strong": 1.0, "normal": 0.6, "weak": 0.25}
WARNING_WEIGHTS = {"strong": 1.0, "normal": 0.4}
SUSPICIOUS = "suspicious"
WARNING = "warning_about_scams"
CLEAN = "no_red_flags"
RECOVERY = "recovery_scam"
FOLD = {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'}
ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e"}


def is_cjk(ch: str) -> bool:
    cp = ord(ch)
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0xF900 <= cp <= 0xFAFF
        or 0x20000 <= cp <= 0x2A6DF
    )


def _keep_compact(ch: str) -> bool:
    return is_cjk(ch) or ("a" <= ch <= "z") or ("0" <= ch <= "9") or ch in "❤+"


# ------------------------------------------------------------------ normalising


@dataclass(frozen=True)
class Normalised:
    text: str
    origin: tuple[int, ...]  # origin[i] = index in the original text of text[i]

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.origin[start], self.origin[end - 1] + 1


def normalise_spaced(raw: str) -> Normalised:
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(raw):
        if ch in ZERO_WIDTH:
            continue
        for c in unicodedata.normalize("NFKC", FOLD.get(ch, ch)).lower():
            if c in ZERO_WIDTH:
                continue
            if c.isspace():
                if out and out[-1] == " ":
                    continue
                c = " "
            out.append(c)
            origin.append(i)
    return Normalised("".join(out), tuple(origin))


def normalise_compact(spaced: Normalised, homophones: tuple[tuple[str, str], ...]) -> Normalised:
    chars = [(c, o) for c, o in zip(spaced.text, spaced.origin, strict=True) if _keep_compact(c)]
    text_ = "".join(c for c, _ in chars)
    origin = [o for _, o in chars]
    out: list[str] = []
    out_origin: list[int] = []
    i = 0
    while i < len(text_):
        for variant, canonical in homophones:
            if text_.startswith(variant, i) and not text_.startswith(canonical, i):
                # "加微" is an evasion of "加微信" but "加微信" itself stays as it is.
                if canonical.startswith(variant) and text_.startswith(canonical, i):
                    continue
                first, last = origin[i], origin[i + len(variant) - 1]
                for k, c in enumerate(canonical):
                    out.append(c)
                    out_origin.append(first if k < len(canonical) - 1 else last)
                i += len(variant)
                break
        else:
            out.append(text_[i])
            out_origin.append(origin[i])
            i += 1
    return Normalised("".join(out), tuple(out_origin))


# ------------------------------------------------------------------ the compiled lexicon


@dataclass(frozen=True)
class Owner:
    kind: str  # "type" or "category"
    id: str
    strength: str


@dataclass
class Lexicon:
    zh: dict[str, list[Owner]] = field(default_factory=dict)  # matched on compact text
    en: dict[str, list[Owner]] = field(default_factory=dict)  # matched on spaced text
    patterns: list[tuple[str, str, re.Pattern, list[Owner]]] = field(default_factory=list)
    warnings_zh: dict[str, str] = field(default_factory=dict)
    warnings_en: dict[str, str] = field(default_factory=dict)
    homophones: tuple[tuple[str, str], ...] = ()


def _phrase_key(phrase: str, compact: bool) -> str:
    norm = normalise_spaced(phrase).text.strip()
    if compact:
        return "".join(c for c in norm if _keep_compact(c))
    return norm


def _has_cjk(s: str) -> bool:
    return any(is_cjk(c) for c in s)


@lru_cache(maxsize=4)
def _compile(knowledge: Knowledge) -> Lexicon:
    lex = Lexicon()
    hom = []
    for h in knowledge.lexicon["homophones"]:
        canonical = _phrase_key(h["canonical"], True)
        hom += [(_phrase_key(v, True), canonical) for v in h["variants"]]
    lex.homophones = tuple(sorted(set(hom), key=lambda p: -len(p[0])))

    def add(phrase: str, owner: Owner) -> None:
        # Chinese (or mixed) phrases match the compact text; plain Latin ones the spaced text.
        if _has_cjk(phrase):
            key = _phrase_key(phrase, True)
            key = normalise_compact(Normalised(key, tuple(range(len(key)))), lex.homophones).text
            table = lex.zh
        else:
            key = _phrase_key(phrase, False)
            table = lex.en
        if key:
            owners = table.setdefault(key, [])
            if owner not in owners:
                owners.append(owner)

    for t in knowledge.scam_types:
        for lang in ("zh", "en"):
            for strength, phrases in t["red_flags"][lang].items():
                for p in phrases:
                    add(p, Owner("type", t["id"], strength))
    for cat_id, cat in knowledge.lexicon["categories"].items():
        for lang in ("zh", "en"):
            for strength, phrases in cat[lang].items():
                for p in phrases:
                    add(p, Owner("category", cat_id, strength))
    for p in knowledge.lexicon["patterns"]:
        owners = []
        if p.get("type"):
            owners.append(Owner("type", p["type"], p["strength"]))
        if p.get("category"):
            owners.append(Owner("category", p["category"], p["strength"]))
        lex.patterns.append((p["id"], p["text"], re.compile(p["regex"]), owners))
    for strength, phrases in knowledge.lexicon["warning_markers"]["zh"].items():
        for w in phrases:
            lex.warnings_zh[_phrase_key(w, True)] = strength
    for strength, phrases in knowledge.lexicon["warning_markers"]["en"].items():
        for w in phrases:
            lex.warnings_en[_phrase_key(w, False)] = strength
    return lex


# ------------------------------------------------------------------ matching


@dataclass(frozen=True)
class Match:
    phrase: str  # the phrase as written in the knowledge (normalised)
    start: int  # offsets into the original text
    end: int
    owners: tuple[Owner, ...]
    pattern: str | None = None

    def matched_text(self, original: str) -> str:
        return original[self.start : self.end]


def _word_ok(hay: str, start: int, end: int) -> bool:
    before = hay[start - 1] if start > 0 else " "
    after = hay[end] if end < len(hay) else " "
    return not (before.isascii() and before.isalnum()) and not (after.isascii() and after.isalnum())


def _find_all(hay: str, needle: str) -> Iterable[int]:
    i = hay.find(needle)
    while i != -1:
        yield i
        i = hay.find(needle, i + 1)


def find_matches(raw: str, knowledge: Knowledge | None = None) -> tuple[list[Match], dict]:
    """All red-flag phrase matches in ``raw`` and the warning markers found."""
    knowledge = knowledge or load_knowledge()
    lex = _compile(knowledge)
    spaced = normalise_spaced(raw)
    compact = normalise_compact(spaced, lex.homophones)
    matches: list[Match] = []
    for phrase, owners in lex.zh.items():
        for i in _find_all(compact.text, phrase):
            s, e = compact.span(i, i + len(phrase))
            matches.append(Match(phrase, s, e, tuple(owners)))
    hay = spaced.text
    for phrase, owners in lex.en.items():
        for i in _find_all(hay, phrase):
            if _word_ok(hay, i, i + len(phrase)):
                s, e = spaced.span(i, i + len(phrase))
                matches.append(Match(phrase, s, e, tuple(owners)))
    for pid, on, rx, owners in lex.patterns:
        norm = compact if on == "compact" else spaced
        for m in rx.finditer(norm.text):
            if m.end() > m.start():
                s, e = norm.span(m.start(), m.end())
                matches.append(Match(m.group(0), s, e, tuple(owners), pattern=pid))
    warnings: dict[str, str] = {}
    for w, strength in lex.warnings_zh.items():
        if w in compact.text:
            warnings[w] = strength
    for w, strength in lex.warnings_en.items():
        for i in _find_all(hay, w):
            if _word_ok(hay, i, i + len(w)):
                warnings[w] = strength
                break
    matches.sort(key=lambda m: (m.start, -(m.end - m.start)))
    return matches, warnings


# ------------------------------------------------------------------ scoring


@dataclass(frozen=True)
class TypeScore:
    id: str
    raw: float
    phrases: tuple[str, ...]

    @property
    def score(self) -> float:
        """0..1: a raw weight of 4 (two strong phrases) or more is 1."""
        return round(min(self.raw / 4.0, 1.0), 2)


@dataclass(frozen=True)
class Report:
    verdict: str
    types: tuple[TypeScore, ...]  # best first; only types with a raw score of at least 1
    matches: tuple[Match, ...]
    categories: dict
    warnings: dict
    offers_contact: bool
    lang: str
    knowledge: Knowledge = field(repr=False, compare=False)

    @property
    def is_recovery_offer(self) -> bool:
        return any(t.id == RECOVERY for t in self.types) and self.verdict == SUSPICIOUS

    def type_of(self, match: Match) -> str | None:
        """The best-scoring scam type a match belongs to, if any."""
        ranked = {t.id: n for n, t in enumerate(self.types)}
        owners = [o.id for o in match.owners if o.kind == "type" and o.id in ranked]
        return min(owners, key=lambda i: ranked[i]) if owners else None

    def advice(self) -> list[str]:
        return build_advice(self)

    def to_json(self) -> dict:
        return {
            "verdict": self.verdict,
            "scam_types": [
                {
                    "id": t.id,
                    "score": t.score,
                    "name": text(self.knowledge.scam_type(t.id)["name"], self.lang),
                }
                for t in self.types
            ]
            if self.verdict != CLEAN
            else [],
            "matches": [
                {
                    "phrase": m.phrase,
                    "text": m.matched_text(self._original),
                    "scam_type": self.type_of(m),
                    "categories": sorted({o.id for o in m.owners if o.kind == "category"}),
                    "start": m.start,
                    "end": m.end,
                }
                for m in self.matches
            ]
            if self.verdict != CLEAN
            else [],
            "advice": self.advice(),
        }

    _original: str = field(default="", repr=False, compare=False)


def score(matches: list[Match]) -> tuple[dict[str, tuple[float, list[str]]], dict[str, float]]:
    best: dict[tuple[str, str, str], float] = {}
    for m in matches:
        for o in m.owners:
            weights = WEIGHTS if o.kind == "type" else CATEGORY_WEIGHTS
            key = (o.kind, o.id, m.phrase if m.pattern is None else m.pattern)
            best[key] = max(best.get(key, 0.0), weights[o.strength])
    types: dict[str, tuple[float, list[str]]] = {}
    cats: dict[str, float] = {}
    for (kind, oid, phrase), w in best.items():
        if kind == "type":
            raw, phrases = types.get(oid, (0.0, []))
            types[oid] = (raw + w, [*phrases, phrase])
        else:
            cats[oid] = max(cats.get(oid, 0.0), w)
    return types, cats


def detect_language(raw: str) -> str:
    cjk = sum(1 for c in raw if is_cjk(c))
    latin = sum(1 for c in raw if c.isascii() and c.isalpha())
    return "zh" if cjk * 2 >= latin and cjk > 0 else "en"


def check_text(raw: str, *, knowledge: Knowledge | None = None, lang: str | None = None) -> Report:
    """Read ``raw`` and say whether it looks like a scam, a warning about scams, or neither."""
    knowledge = knowledge or load_knowledge()
    matches, warnings = find_matches(raw, knowledge)
    types_raw, cats = score(matches)
    ranked = sorted(types_raw.items(), key=lambda kv: (-kv[1][0], kv[0]))
    types = tuple(TypeScore(tid, round(r, 2), tuple(p)) for tid, (r, p) in ranked if r >= 1.0)
    best = ranked[0][1][0] if ranked else 0.0
    second = ranked[1][1][0] if len(ranked) > 1 else 0.0
    behaviour = sum(w for c, w in cats.items() if c != "recovery")
    touched = sum(1 for w in cats.values() if w >= CATEGORY_WEIGHTS["normal"])
    offers_contact = any(
        m.pattern in ("contact_handle_zh", "contact_handle_en", "premium_call") for m in matches
    )
    suspicious = (
        best >= 2.0
        or (best >= 1.0 and second >= 1.0)
        or (best >= 1.0 and behaviour >= 1.2)
        or touched >= 3
    )
    warn_score = sum(WARNING_WEIGHTS[s] for s in warnings.values())
    recovery_offer = types_raw.get(RECOVERY, (0.0, []))[0] >= 2.0 and offers_contact
    if not suspicious:
        verdict = CLEAN
    elif warn_score >= 2.0 and not offers_contact and not recovery_offer:
        verdict = WARNING
    else:
        verdict = SUSPICIOUS
    return Report(
        verdict=verdict,
        types=types,
        matches=tuple(matches),
        categories=cats,
        warnings=warnings,
        offers_contact=offers_contact,
        lang=lang or current_language(),
        knowledge=knowledge,
        _original=raw,
    )


def build_advice(report: Report) -> list[str]:
    k, lang = report.knowledge, report.lang
    if report.verdict == CLEAN:
        return [
            _(
                "No known red flags found. That does not prove the message is safe: never pay, "
                "share codes or move to another app because a stranger asks."
            )
        ]
    if report.verdict == WARNING:
        return [
            _(
                "This reads as a warning about scams: it describes or quotes scam phrases rather "
                "than asking you to do something. If someone sent you messages like the ones it "
                "describes, treat those as a scam."
            )
        ]
    out: list[str] = []
    if any(t.id == RECOVERY for t in report.types):
        out.append(text(k.lexicon["recovery_fact"], lang))
    out.append(
        _(
            "Do not pay, do not share verification codes, and do not move to another app. If "
            "money has already left, call the police and your bank now with the payee account."
        )
    )
    for t in report.types[:2]:
        out.append(text(k.scam_type(t.id)["advice"], lang))
    return out


# ------------------------------------------------------------------ case scanning


def _ocr_sources(store) -> list[dict]:
    """Per evidence item: the latest OCR result's lines, with people's corrections applied."""
    db = store.db
    if "ocr_lines" not in db.table_names() or "ocr_results" not in db.table_names():
        return []
    latest = {
        r[0]: r[1]
        for r in db.execute(
            "SELECT evidence_id, MAX(id) FROM ocr_results GROUP BY evidence_id"
        ).fetchall()
    }
    out = []
    for evidence_id, result_id in sorted(latest.items()):
        lines = store.current_rows("ocr_lines", "ocr_result_id = ?", [result_id])
        lines.sort(key=lambda r: (r.get("line_no") or 0, r["id"]))
        if lines:
            out.append({"evidence_id": evidence_id, "lines": lines})
    return out


def _join(parts: list[tuple[str, dict]]) -> tuple[str, list[tuple[int, int, dict]]]:
    text_parts, spans, pos = [], [], 0
    for part, row in parts:
        part = part or ""
        spans.append((pos, pos + len(part), row))
        text_parts.append(part)
        pos += len(part) + 1
    return "\n".join(text_parts), spans


def _rows_at(spans, start: int, end: int) -> list[dict]:
    return [row for s, e, row in spans if s < end and start < e]


def scan_case(store, *, knowledge: Knowledge | None = None, lang: str | None = None) -> list[dict]:
    """Red flags in a case: ``{"scam_type", "phrase", "evidence_id", "location"}`` per match.

    Each screenshot's OCR text, and each chat's incoming messages, is read as one text; only
    those that come out ``suspicious`` contribute their matches. ``location`` is
    ``{"kind": "ocr_line", "line_id", "line_no", "box": [x0, y0, x1, y1]}`` or
    ``{"kind": "message", "message_id", "source_ref"}``.
    """
    knowledge = knowledge or load_knowledge()
    flags: list[dict] = []
    for src in _ocr_sources(store):
        full, spans = _join([(row.get("text") or "", row) for row in src["lines"]])
        report = check_text(full, knowledge=knowledge, lang=lang)
        if report.verdict != SUSPICIOUS:
            continue
        for m in report.matches:
            scam_type = report.type_of(m)
            for row in _rows_at(spans, m.start, m.end):
                flags.append(
                    {
                        "scam_type": scam_type,
                        "phrase": m.phrase,
                        "evidence_id": src["evidence_id"],
                        "location": {
                            "kind": "ocr_line",
                            "line_id": row["id"],
                            "line_no": row.get("line_no"),
                            "box": [row.get("x0"), row.get("y0"), row.get("x1"), row.get("y1")],
                        },
                    }
                )
    if "messages" in store.db.table_names():
        rows = store.current_rows("messages")
        by_chat: dict = {}
        for r in rows:
            if r.get("direction") == "outgoing":
                continue  # the victim's own words are not the scammer's
            by_chat.setdefault(r.get("evidence_id"), []).append(r)
        for evidence_id, msgs in by_chat.items():
            msgs.sort(key=lambda r: (r.get("seq") or 0, r["id"]))
            full, spans = _join([(r.get("text") or "", r) for r in msgs])
            report = check_text(full, knowledge=knowledge, lang=lang)
            if report.verdict != SUSPICIOUS:
                continue
            for m in report.matches:
                scam_type = report.type_of(m)
                for row in _rows_at(spans, m.start, m.end):
                    flags.append(
                        {
                            "scam_type": scam_type,
                            "phrase": m.phrase,
                            "evidence_id": evidence_id,
                            "location": {
                                "kind": "message",
                                "message_id": row["id"],
                                "source_ref": row.get("source_ref") or "",
                            },
                        }
                    )
    return flags


def case_scam_types(flags: list[dict]) -> list[str]:
    """Scam types found in a case, most matches first."""
    counts: dict[str, int] = {}
    for f in flags:
        if f["scam_type"]:
            counts[f["scam_type"]] = counts.get(f["scam_type"], 0) + 1
    return [t for t, _n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def report_json_line(
    raw: str, *, knowledge: Knowledge | None = None, lang: str | None = None
) -> str:
    return json.dumps(check_text(raw, knowledge=knowledge, lang=lang).to_json(), ensure_ascii=False)
