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

import bisect
import json
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from victimkit.guide.knowledge import Knowledge, load_knowledge, text
from victimkit.i18n import _, current_language
from victimkit.paths import resource

WEIGHTS = {"strong": 2.0, "normal": 1.0, "weak": 0.4}
CATEGORY_WEIGHTS = {"strong": 1.0, "normal": 0.6, "weak": 0.25}
WARNING_WEIGHTS = {"strong": 1.0, "normal": 0.4}
SUSPICIOUS = "suspicious"
WARNING = "warning_about_scams"
CLEAN = "no_red_flags"
RECOVERY = "recovery_scam"
FOLD = {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'}
ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e"}
MODEL_FILE = "redflag_model.json"
T2S_FILE = "t2s.json"


@lru_cache(maxsize=1)
def _t2s() -> dict[str, str]:
    """Traditional -> Simplified, one character for one (OpenCC's TSCharacters, see t2s.json)."""
    try:
        data = json.loads(resource("knowledge", T2S_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    pairs = data["pairs"]
    return {pairs[i]: pairs[i + 1] for i in range(0, len(pairs) - 1, 2)}


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
    t2s = _t2s()
    for i, ch in enumerate(raw):
        if ch in ZERO_WIDTH:
            continue
        for c in unicodedata.normalize("NFKC", FOLD.get(ch, ch)).lower():
            if c in ZERO_WIDTH:
                continue
            c = t2s.get(c, c)
            if c.isspace():
                if out and out[-1] == " ":
                    continue
                c = " "
            out.append(c)
            origin.append(i)
    return Normalised("".join(out), tuple(origin))


@lru_cache(maxsize=8)
def _by_first_char(
    homophones: tuple[tuple[str, str], ...],
) -> dict[str, tuple[tuple[str, str], ...]]:
    """The homophone pairs grouped by their variant's first character, in their listed order."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for variant, canonical in homophones:
        if variant:
            groups.setdefault(variant[0], []).append((variant, canonical))
    return {first: tuple(pairs) for first, pairs in groups.items()}


def normalise_compact(spaced: Normalised, homophones: tuple[tuple[str, str], ...]) -> Normalised:
    by_first = _by_first_char(homophones)
    chars = [(c, o) for c, o in zip(spaced.text, spaced.origin, strict=True) if _keep_compact(c)]
    text_ = "".join(c for c, _ in chars)
    origin = [o for _, o in chars]
    out: list[str] = []
    out_origin: list[int] = []
    i = 0
    while i < len(text_):
        for variant, canonical in by_first.get(text_[i], ()):
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
    # signal id -> (zh keys on compact text, en keys on spaced text, regex, text kind, highlight)
    signals: dict[str, tuple[tuple[str, ...], tuple[str, ...], re.Pattern | None, str, bool]] = (
        field(default_factory=dict)
    )


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
    for sig_id, sig in (knowledge.lexicon.get("signals") or {}).items():
        zh_keys = []
        for p in sig.get("zh", []):
            key = _phrase_key(p, True)
            key = normalise_compact(Normalised(key, tuple(range(len(key)))), lex.homophones).text
            if key:
                zh_keys.append(key)
        en_keys = [k for k in (_phrase_key(p, False) for p in sig.get("en", [])) if k]
        rx = re.compile(sig["regex"]) if sig.get("regex") else None
        lex.signals[sig_id] = (
            tuple(zh_keys),
            tuple(en_keys),
            rx,
            sig.get("text", "spaced"),
            bool(sig.get("highlight", False)),
        )
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
    matches, warnings, _signals = _read(raw, knowledge or load_knowledge())
    return matches, warnings


def find_signals(raw: str, knowledge: Knowledge | None = None) -> dict[str, list[Match]]:
    """The structural signals of lexicon.yaml (link, phone, call to action, ...) in ``raw``."""
    return _read(raw, knowledge or load_knowledge())[2]


def _signals(lex: Lexicon, spaced: Normalised, compact: Normalised) -> dict[str, list[Match]]:
    out: dict[str, list[Match]] = {}
    has_cjk = any(is_cjk(c) for c in compact.text)
    hay = spaced.text
    for sig_id, (zh_keys, en_keys, rx, on, _hl) in lex.signals.items():
        found: list[Match] = []
        owner = (Owner("category", "signal." + sig_id, "weak"),)
        if has_cjk:
            for key in zh_keys:
                if key not in compact.text:
                    continue
                for i in _find_all(compact.text, key):
                    s, e = compact.span(i, i + len(key))
                    found.append(Match(key, s, e, owner, pattern="signal." + sig_id))
        for key in en_keys:
            if key not in hay:
                continue
            for i in _find_all(hay, key):
                if _word_ok(hay, i, i + len(key)):
                    s, e = spaced.span(i, i + len(key))
                    found.append(Match(key, s, e, owner, pattern="signal." + sig_id))
        if rx is not None:
            norm = compact if on == "compact" else spaced
            for m in rx.finditer(norm.text):
                if m.end() > m.start():
                    s, e = norm.span(m.start(), m.end())
                    found.append(Match(m.group(0), s, e, owner, pattern="signal." + sig_id))
        if found:
            out[sig_id] = found
    return out


@lru_cache(maxsize=64)
def _normalised(raw: str, homophones: tuple[tuple[str, str], ...]) -> tuple[Normalised, Normalised]:
    """Both normalised forms of ``raw``; cached, because the rules and the model's n-grams read
    the same text (round 9: normalising it three times was a tenth of check_text's time)."""
    spaced = normalise_spaced(raw)
    return spaced, normalise_compact(spaced, homophones)


def _read(raw: str, knowledge: Knowledge) -> tuple[list[Match], dict, dict[str, list[Match]]]:
    lex = _compile(knowledge)
    spaced, compact = _normalised(raw, lex.homophones)
    matches: list[Match] = []
    ctext = compact.text
    # ``in`` first (round 9): most phrases are absent, and a generator per phrase cost more
    # than the search itself.
    for phrase, owners in lex.zh.items():
        if phrase not in ctext:
            continue
        for i in _find_all(ctext, phrase):
            s, e = compact.span(i, i + len(phrase))
            matches.append(Match(phrase, s, e, tuple(owners)))
    hay = spaced.text
    for phrase, owners in lex.en.items():
        if phrase not in hay:
            continue
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
    return matches, warnings, _signals(lex, spaced, compact)


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
    signals: dict = field(default_factory=dict, repr=False, compare=False)
    probability: float | None = None  # the statistical model's, when it has one for the language
    structural: bool = False


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


# ------------------------------------------------------------------ structure and the model

ACTION_SIGNALS = ("call_to_action", "link", "phone", "premium_number")
MODEL_EXCLUDED_SIGNALS = ("link",)
CONTACT_SIGNALS = ("link", "phone", "premium_number")


MODEL_GATE_SIGNALS = ("call_to_action", "phone", "premium_number")
NGRAM_PREFIXES = ("c1:", "c2:", "c3:", "w:", "w2:")


def model_may_flag(matches: list[Match], signals: dict) -> bool:
    """The model alone may only flag a text that asks for something or names a red flag: a
    call to action or a number, or a *strong* phrase of the lexicon (round 6: a normal phrase
    alone, such as the fake boss's "明天到我办公室", is what real people say too). A chatty line
    that merely looks unlike the ordinary texts the model saw is not enough, and neither is a
    web address: a link alone (the weak ``link`` phrase) never lets the model flag a text."""
    if set(signals) & set(MODEL_GATE_SIGNALS):
        return True
    return any(o.strength == "strong" for m in matches for o in m.owners)


def model_vetoed(signals: dict, warnings: dict | None = None) -> bool:
    """The model never flags a text that sends you to an official channel (the counter, the
    official app, the number on your card) and gives no link or number of its own - the shape
    of a real notice (the same exception as in ``structural``) - nor a text that talks about
    scams (warning words weighing 1 or more: "scammers", "谨防"): whether such a text is a
    warning or a scam is left to the rules."""
    if warnings and sum(WARNING_WEIGHTS[s] for s in warnings.values()) >= 1.0:
        return True
    return "official_channel" in signals and not (set(signals) & set(CONTACT_SIGNALS))


def structural(signals: dict) -> bool:
    """The shape of a scam SMS: an organisation + a reason (a problem with your account, or a
    benefit) + a call to action + a way to act now (a link or a number), a deadline or a demand
    for secrecy; or a
    service of yours said to lapse or be charged + a call to action, link or deadline; or an
    account problem + a link to fix it."""
    has = set(signals)
    reason = "problem" in has or "benefit" in has
    act = "call_to_action" in has
    route = bool(has & set(CONTACT_SIGNALS)) or "deadline" in has or "secrecy" in has
    if "authority" in has and reason and act and route:
        return True
    # A service of yours lapses or is charged ("threat") and you must act now, follow a link or
    # meet a deadline - unless the text sends you to an official channel (the counter, the
    # official app) and carries no link.
    if "threat" in has and (act or "link" in has or "deadline" in has):
        return "link" in has or "official_channel" not in has
    # A problem with your account, to be fixed through a link: official notices in China carry
    # no links (banks, ETC issuers, social insurance and courier companies all say so).
    if "problem" in has and "link" in has and act:
        return True
    # Round 9 (generic, zh): something is asked of you now (pay, click, log in, give data,
    # cooperate) for a pretext (an account, parcel, refund, membership, insurance, loan, legal
    # trouble...) that is said to have gone wrong or comes with a link; or asked in secret.
    # Not when the text sends you to an official channel and gives no link or number.
    if "request" in has and ("pretext" in has or "secrecy" in has):
        official_only = "official_channel" in has and not (has & set(CONTACT_SIGNALS))
        if not official_only and (has & {"problem", "threat", "link", "secrecy"}):
            return True
    return False


_WORD = re.compile(r"[a-z]+|\d+|[^\sa-z\d]")


def _shape(token: str) -> str:
    if token.isdigit():
        return f"<num{min(len(token), 12)}>"
    return token


def features(
    raw: str, knowledge: Knowledge | None = None, *, lang: str | None = None
) -> dict[str, float]:
    """The features the statistical model reads: red-flag categories, scam-type strength,
    structural signals and their pairs, warning words, and character (zh) or word (en) n-grams.
    ``lang`` is the language of the text ("zh" or "en"); by default it is guessed."""
    knowledge = knowledge or load_knowledge()
    matches, warnings, signals = _read(raw, knowledge)
    return _features(raw, knowledge, matches, warnings, signals, lang or detect_language(raw))


def _features(raw, knowledge, matches, warnings, signals, lang, ngrams=True) -> dict[str, float]:
    lex = _compile(knowledge)
    types_raw, cats = score(matches)
    f: dict[str, float] = {}
    for c, w in cats.items():
        f["cat:" + c] = w
    best = max((r for r, _p in types_raw.values()), default=0.0)
    f["type:max"] = min(best, 4.0) / 4.0
    f["type:n"] = min(sum(1 for r, _p in types_raw.values() if r >= 1.0), 3) / 3.0
    # A web address is not a model feature: ordinary texts carry them too (signatures, shops),
    # so the model must not learn "has a link" as a scam sign. Links count only through the
    # rules (a problem with your account + a link + a call to action, see ``structural``).
    sig = sorted(s for s in signals if s not in MODEL_EXCLUDED_SIGNALS)
    for a in sig:
        f["sig:" + a] = 1.0
    for i, a in enumerate(sig):
        for b in sig[i + 1 :]:
            f[f"pair:{a}+{b}"] = 1.0
    if structural(signals):
        f["structural"] = 1.0
    warn = sum(WARNING_WEIGHTS[s] for s in warnings.values())
    if warn:
        f["warn"] = min(warn, 3.0) / 3.0
    if not ngrams:
        # the language's model has no n-gram weights (round 7 zh): do not compute them
        return f
    spaced_n, compact_n = _normalised(raw, lex.homophones)
    spaced = spaced_n.text
    if lang == "zh":
        compact = compact_n.text
        compact = re.sub(r"\d+", "0", compact)
        compact = re.sub(r"[a-z]+", "a", compact)
        # Character 1-3-grams (round 6: the learned zh component reads them; a model trained
        # before round 6 only has c2 weights, and unknown features weigh nothing).
        for i in range(len(compact)):
            f["c1:" + compact[i]] = 1.0
            if i + 1 < len(compact):
                f["c2:" + compact[i : i + 2]] = 1.0
            if i + 2 < len(compact):
                f["c3:" + compact[i : i + 3]] = 1.0
    else:
        toks = [_shape(t) for t in _WORD.findall(spaced)]
        for i, t in enumerate(toks):
            f["w:" + t] = 1.0
            if i + 1 < len(toks):
                f["w2:" + t + " " + toks[i + 1]] = 1.0
    return f


@dataclass(frozen=True)
class Model:
    bias: float
    threshold: float
    weights: dict[str, float]
    # gate: the model may flag a text only when ``model_may_flag`` allows it (a call to action,
    # a number or a lexicon phrase stronger than "weak"); chosen per language by cross-validation
    gate: bool = True
    ngrams: bool = True  # whether any weight reads an n-gram (else they are not computed)

    def probability(self, feats: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in feats.items())
        z = max(-30.0, min(30.0, z))
        return 1.0 / (1.0 + math.exp(-z))


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> dict[str, Model]:
    """The logistic-regression weights of resources/knowledge/redflag_model.json (built by
    ``python -m benchmarks.redflag_train`` from the dev split only), per language."""
    file = resource("knowledge", MODEL_FILE) if path is None else Path(path)
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    return {
        lang: Model(
            float(m["bias"]),
            float(m["threshold"]),
            dict(m["weights"]),
            bool(m.get("gate", True)),
            any(k.startswith(NGRAM_PREFIXES) for k in m["weights"]),
        )
        for lang, m in data["models"].items()
    }


def detect_language(raw: str) -> str:
    cjk = sum(1 for c in raw if is_cjk(c))
    latin = sum(1 for c in raw if c.isascii() and c.isalpha())
    return "zh" if cjk * 2 >= latin and cjk > 0 else "en"


def check_text(
    raw: str,
    *,
    knowledge: Knowledge | None = None,
    lang: str | None = None,
    use_model: bool = True,
) -> Report:
    """Read ``raw`` and say whether it looks like a scam, a warning about scams, or neither.

    Suspicious when the phrase rules say so (see the module doc), or the text has the shape of
    a scam message (``structural``), or the statistical model of redflag_model.json gives it a
    probability at or above its threshold (``use_model=False`` leaves the model out)."""
    knowledge = knowledge or load_knowledge()
    matches, warnings, signals = _read(raw, knowledge)
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
    by_rules = (
        best >= 2.0
        or (best >= 1.0 and second >= 1.0)
        or (best >= 1.0 and behaviour >= 1.2)
        or touched >= 3
        # round 9: scam behaviour (a fee, a code, another app...) + a request + a pretext
        or (behaviour >= 0.6 and "request" in signals and "pretext" in signals)
    )
    shaped = structural(signals)
    probability = None
    model = load_model().get(detect_language(raw)) if use_model else None
    if model is not None:
        feats = _features(
            raw, knowledge, matches, warnings, signals, detect_language(raw), model.ngrams
        )
        probability = round(model.probability(feats), 4)
    by_model = (
        model is not None
        and probability >= model.threshold
        and not model_vetoed(signals, warnings)
        and (not model.gate or model_may_flag(matches, signals))
    )
    suspicious = by_rules or shaped or by_model
    warn_score = sum(WARNING_WEIGHTS[s] for s in warnings.values())
    recovery_offer = types_raw.get(RECOVERY, (0.0, []))[0] >= 2.0 and offers_contact
    scam_content = suspicious or best >= 1.0 or touched >= 1
    if warn_score >= 2.0 and scam_content and not offers_contact and not recovery_offer:
        verdict = WARNING
    elif suspicious:
        verdict = SUSPICIOUS
    else:
        verdict = CLEAN
    if verdict != CLEAN and not types:
        # Flagged by shape or model alone: name the types its phrases point to, however weakly,
        # or else the type its signals suggest.
        types = tuple(TypeScore(tid, round(r, 2), tuple(p)) for tid, (r, p) in ranked if r > 0)
        if not types:
            guess = _type_from_signals(signals, knowledge)
            types = (TypeScore(guess, 1.0, ()),) if guess else ()
    shown = list(matches)
    if verdict == SUSPICIOUS:
        lex = _compile(knowledge)
        for sig_id, found in signals.items():
            if lex.signals[sig_id][4]:
                shown += found
        shown.sort(key=lambda m: (m.start, -(m.end - m.start)))
    return Report(
        verdict=verdict,
        types=types,
        matches=tuple(shown),
        categories=cats,
        warnings=warnings,
        offers_contact=offers_contact,
        lang=lang or current_language(),
        knowledge=knowledge,
        _original=raw,
        signals=signals,
        probability=probability,
        structural=shaped,
    )


def _type_from_signals(signals: dict, knowledge: Knowledge) -> str | None:
    for sig_id, type_id in (
        ("premium_number", "premium_rate_lure"),
        ("benefit", "prize_lottery"),
        ("link", "phishing_link"),
        ("phone", "premium_rate_lure"),  # "call me back on ..." to a number that costs money
    ):
        if sig_id in signals and knowledge.has_scam_type(type_id):
            return type_id
    return None


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


def _rows_at(spans, start: int, end: int, starts: list[int]) -> list[dict]:
    """Rows whose span overlaps [start, end). ``spans`` are sorted and do not overlap."""
    i = max(0, bisect.bisect_right(starts, start) - 1)
    rows = []
    while i < len(spans) and spans[i][0] < end:
        if start < spans[i][1]:
            rows.append(spans[i][2])
        i += 1
    return rows


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
        starts = [s for s, _e, _row in spans]
        report = check_text(full, knowledge=knowledge, lang=lang)
        if report.verdict != SUSPICIOUS:
            continue
        for m in report.matches:
            scam_type = report.type_of(m)
            for row in _rows_at(spans, m.start, m.end, starts):
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
            starts = [s for s, _e, _row in spans]
            report = check_text(full, knowledge=knowledge, lang=lang)
            if report.verdict != SUSPICIOUS:
                continue
            for m in report.matches:
                scam_type = report.type_of(m)
                for row in _rows_at(spans, m.start, m.end, starts):
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
