"""What goes into a dossier, read from the case: ``gather(store, ...) -> DossierData``.

The source is ``case_summary`` (the ``show --json`` object) and, where a key has not landed there
yet, the case's own tables through ``CaseStore.current_rows`` (people's corrections applied).
Nothing is invented: a section whose data are missing stays empty and the PDF says so.
"""

from __future__ import annotations

import json
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from multiprocessing import get_context
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from victimkit.store.audit import parse_iso
from victimkit.store.case import CaseStore, evidence_from_row

ID_NUMBER_KEYS = ("id_number", "victim_id_number", "resident_id", "id_no")
# messages + OCR lines from which a case's red flags are read in a second process, while this
# one reads the rest (spawning one costs ~0.5 s; scanning 10,000 messages, seconds)
PARALLEL_RED_FLAGS = 3000


def _scan_case_at(root: str) -> list[dict]:
    """scan_case on the case at ``root``, opened read-only (runs in a worker process)."""
    from victimkit.analysis.redflags import scan_case

    store = CaseStore.open(root, read_only=True)
    try:
        return scan_case(store)
    finally:
        store.close()


class RedFlagJob:
    """``scan_case`` of the case in a second process; ``result()`` waits for it."""

    def __init__(self, root):
        # spawn, not fork: the GUI has threads
        self._pool = ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn"))
        self._future = self._pool.submit(_scan_case_at, str(root))

    def result(self) -> list[dict]:
        try:
            return self._future.result()
        finally:
            self._pool.shutdown(wait=True)

    def cancel(self) -> None:
        self._future.cancel()
        self._pool.shutdown(wait=False, cancel_futures=True)


def start_red_flags(store: CaseStore, *, threshold: int = PARALLEL_RED_FLAGS) -> RedFlagJob | None:
    """A RedFlagJob when the case has enough text for a second process to pay, else None."""
    n = 0
    for table in ("messages", "ocr_lines"):
        if store.db[table].exists():
            n += store.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    return RedFlagJob(store.root) if n >= threshold else None


@dataclass
class OcrLineData:
    text: str
    speaker: str | None = None
    confidence: float | None = None
    confirmed: bool = False
    box: tuple[int, int, int, int] | None = None
    redacted: bool = False
    tag: str | None = None  # the layout's tag: "avatar" for a letter avatar's initials, …


@dataclass
class ExhibitData:
    evidence: dict  # the evidence object of case_summary
    label: str  # E-001
    ocr_lines: list[OcrLineData] = field(default_factory=list)
    ocr_engine: str = ""
    messages: list[dict] = field(default_factory=list)  # chat export rows (origin "export")
    render_path: str | None = None  # display copy for the PDF (filled by export)
    render_note: str = ""  # how the display copy was made
    render_size: tuple[int, int] | None = None  # pixels of the display copy, when known
    derived_name: str | None = None  # bundle path of a derived image, when one was made
    redactions: list[tuple[int, int, int, int]] = field(default_factory=list)
    bundle_path: str = ""  # originals/E-001_<name>

    @property
    def kind(self) -> str:
        return self.evidence.get("kind") or "other"

    @property
    def is_image(self) -> bool:
        return self.kind == "image"

    @property
    def ocr_confirmed(self) -> bool:
        return bool(self.ocr_lines) and all(line.confirmed for line in self.ocr_lines)


@dataclass
class DossierData:
    case: dict
    reporter: dict
    exhibits: list[ExhibitData]
    transactions: list[dict]
    identifiers: list[dict]
    events: list[dict]
    red_flags: list
    steps: list
    references: dict
    audit: list[dict]
    summary: dict
    zone: ZoneInfo
    show_id_number: bool = False
    all_exhibit_count: int = 0
    confirmed_types: list[str] = field(default_factory=list)
    type_names: dict[str, dict] = field(default_factory=dict)  # id -> {"zh": ..., "en": ...}
    actions: list[dict] = field(default_factory=list)  # what the person did (guide actions)
    warnings: list[str] = field(default_factory=list)  # parts of the case that could not be read
    pending_red_flags: RedFlagJob | None = None  # red flags still being read elsewhere

    def wait_red_flags(self, store: CaseStore) -> None:
        """Take the red flags from the second process (once); read them here if it failed."""
        job, self.pending_red_flags = self.pending_red_flags, None
        if job is None:
            return
        try:
            flags = job.result()
        except Exception:  # the worker could not run: read them here, as case_summary would
            from victimkit.analysis.redflags import scan_case

            try:
                flags = scan_case(store)
            except Exception as exc:
                self.warnings.append(f"red flags could not be read ({exc})")
                flags = []
        self.red_flags = flags
        self.summary["red_flags"] = flags

    # ----------------------------------------------------------- derived facts
    @property
    def losses(self) -> list[dict]:
        return [t for t in self.transactions if is_loss(t)]

    def total_loss(self) -> dict[str, Decimal]:
        totals: dict[str, Decimal] = defaultdict(Decimal)
        for t in self.losses:
            amount = to_decimal(t.get("amount"))
            if amount is not None:
                totals[(t.get("currency") or "CNY").upper()] += abs(amount)
        return dict(sorted(totals.items()))

    def refunded(self) -> dict[str, Decimal]:
        totals: dict[str, Decimal] = defaultdict(Decimal)
        for t in self.transactions:
            status = (t.get("status") or "").lower()
            if status in ("refunded", "recalled", "returned") or t.get("direction") == "in":
                amount = to_decimal(t.get("amount"))
                if amount is not None:
                    totals[(t.get("currency") or "CNY").upper()] += abs(amount)
        return dict(sorted(totals.items()))

    def payees(self) -> list[dict]:
        """One row per loss transaction that names a payee: what a stop-payment request needs."""
        return [t for t in self.losses if t.get("payee_account") or t.get("payee_name")]

    def date_range(self) -> tuple[datetime | None, datetime | None]:
        times = [parse_time(t.get("occurred_at")) for t in self.transactions]
        times += [parse_time(e.get("at")) for e in self.events if e.get("kind") != "capture"]
        times = [t for t in times if t is not None]
        if not times:
            times = [
                parse_time(x.evidence.get("captured_at"))
                for x in self.exhibits
                if x.evidence.get("captured_at")
            ]
            times = [t for t in times if t is not None]
        return (min(times), max(times)) if times else (None, None)

    def id_number(self) -> str:
        for source in (self.reporter, self.case):
            for key in ID_NUMBER_KEYS:
                if source.get(key):
                    return str(source[key])
        return ""

    def scam_types(self) -> tuple[list[str], bool]:
        """(type ids, confirmed by the person). Suggestions from red flags are never confirmed;
        the most frequent three are offered, most frequent first."""
        if self.confirmed_types:
            return (list(self.confirmed_types), True)
        for source in (self.case, self.summary):
            for key in ("scam_types", "scam_type"):
                value = source.get(key)
                if value:
                    return (_as_list(value), True)
        counts: dict[str, int] = defaultdict(int)
        for flag in self.red_flags or []:
            if isinstance(flag, dict):
                for key in ("scam_type", "type", "scam_types"):
                    for v in _as_list(flag.get(key)):
                        counts[v] += 1
        ranked = sorted(counts, key=lambda k: -counts[k])
        return (ranked[:3], False)


# ------------------------------------------------------------------ helpers
def _as_list(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [str(value.get("zh") or value.get("en") or value.get("id") or "")]
    out = []
    for v in value:
        out.extend(_as_list(v))
    return [v for v in out if v]


def to_decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value).replace(",", "").replace("¥", "").strip())
    except (InvalidOperation, ValueError):
        return None


def is_loss(t: dict) -> bool:
    if t.get("is_loss") in (0, False, "0"):
        return False
    if t.get("direction") in ("in", "incoming"):
        return False
    status = (t.get("status") or "").lower()
    if status in ("refunded", "failed", "closed", "cancelled", "recalled"):
        return False
    amount = to_decimal(t.get("amount"))
    return amount is not None and amount != 0


def parse_time(value) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    try:
        dt = parse_iso(str(value))
    except ValueError:
        return None
    if dt is not None and dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt


def zone_of(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _json(value, default):
    if value is None or value == "":
        return default
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return default
    return value


# ------------------------------------------------------------------ reading
def _ocr_from_summary(ev: dict) -> tuple[list[OcrLineData], str] | None:
    ocr = ev.get("ocr")
    if not ocr:
        return None
    if isinstance(ocr, list):  # several results: the last one is current
        ocr = ocr[-1] if ocr else None
        if not ocr:
            return None
    if isinstance(ocr, str):
        return [OcrLineData(t) for t in ocr.splitlines() if t.strip()], ""
    if not isinstance(ocr, dict):
        return None
    engine = " ".join(str(ocr.get(k)) for k in ("engine", "engine_version") if ocr.get(k)).strip()
    lines = ocr.get("lines")
    if isinstance(lines, list) and lines:
        out = []
        for line in lines:
            if isinstance(line, str):
                out.append(OcrLineData(line))
                continue
            text = line.get("corrected_text") or line.get("text") or ""
            box = line.get("box")
            if box is None and all(k in line for k in ("x0", "y0", "x1", "y1")):
                box = (line["x0"], line["y0"], line["x1"], line["y1"])
            out.append(
                OcrLineData(
                    text=text,
                    speaker=line.get("speaker"),
                    confidence=line.get("confidence"),
                    confirmed=bool(line.get("confirmed")),
                    box=tuple(box) if box else None,
                    tag=line.get("tag"),
                )
            )
        return out, engine
    text = ocr.get("text")
    if text:
        return [OcrLineData(t) for t in str(text).splitlines() if t.strip()], engine
    return None


def _ocr_from_tables(store: CaseStore, evidence_ids: list[int]) -> dict[int, tuple]:
    """{evidence_id: (lines, engine)} from the newest OCR result of each item."""
    if not store.db["ocr_results"].exists() or not evidence_ids:
        return {}
    latest: dict[int, dict] = {}
    for r in store.current_rows("ocr_results"):
        latest[r["evidence_id"]] = r  # rows come in id order: the last one wins
    result_ids = {r["id"]: ev for ev, r in latest.items()}
    lines_by_ev: dict[int, list[OcrLineData]] = defaultdict(list)
    if result_ids:
        for r in store.current_rows("ocr_lines"):
            ev = result_ids.get(r["ocr_result_id"])
            if ev is None:
                continue
            lines_by_ev[ev].append(
                OcrLineData(
                    text=r.get("text") or "",
                    speaker=r.get("speaker"),
                    confidence=r.get("confidence"),
                    confirmed=bool(r.get("confirmed")) or "text" in r.get("_corrected", []),
                    box=(r["x0"], r["y0"], r["x1"], r["y1"]) if r.get("x1") is not None else None,
                    tag=r.get("tag"),
                )
            )
    out = {}
    for ev, r in latest.items():
        engine = " ".join(x for x in (r.get("engine"), r.get("engine_version")) if x)
        lines = lines_by_ev.get(ev)
        if not lines and r.get("text"):
            lines = [OcrLineData(t) for t in r["text"].splitlines() if t.strip()]
        out[ev] = (lines or [], engine)
    return out


def _messages(store: CaseStore, summary: dict) -> list[dict]:
    msgs = summary.get("messages")
    if isinstance(msgs, list):
        return msgs
    if store.db["messages"].exists():
        return store.current_rows("messages")
    return []


def _transactions(store: CaseStore, summary: dict) -> list[dict]:
    rows = summary.get("transactions")
    if not isinstance(rows, list):
        rows = store.current_rows("transactions") if store.db["transactions"].exists() else []
    out = []
    for i, r in enumerate(rows, 1):
        r = dict(r)
        r.setdefault("ref", f"T-{i:03d}")
        r["fields"] = _json(r.get("fields"), {})
        out.append(r)
    out.sort(key=lambda t: parse_time(t.get("occurred_at")) or datetime.max.replace(tzinfo=UTC))
    return out


def _identifiers(summary: dict, transactions: list[dict]) -> list[dict]:
    out = []
    seen = set()
    for ident in summary.get("identifiers") or []:
        if not isinstance(ident, dict):
            continue
        if ident.get("role") == "victim":
            continue  # the victim's own numbers belong in §1, not among the suspect's
        key = (ident.get("kind"), ident.get("value"))
        if key in seen:
            continue
        seen.add(key)
        out.append(ident)
    for t in transactions:
        if not is_loss(t) or not t.get("payee_account"):
            continue
        key_any = {k for k in seen if k[1] == t["payee_account"]}
        if key_any:
            continue
        seen.add(("payee_account", t["payee_account"]))
        out.append(
            {
                "kind": "payee_account",
                "value": t["payee_account"],
                "role": "payee",
                "note": " ".join(x for x in (t.get("payee_name"), t.get("payee_bank")) if x),
                "evidence_ids": [t["evidence_id"]] if t.get("evidence_id") else [],
                "from_transaction": t.get("ref"),
            }
        )
    return out


def _events(summary: dict, exhibits: list[ExhibitData], transactions: list[dict]) -> list[dict]:
    """Timeline entries: {at, source, description, evidence_ids, amount}. Sorted by time."""
    events = []
    by_id = {x.evidence["id"]: x for x in exhibits}
    chosen = set(by_id)
    given = summary.get("events")
    if isinstance(given, list) and given:
        for e in given:
            if not isinstance(e, dict):
                continue
            at = e.get("occurred_at") or e.get("at") or e.get("time")
            ids = e.get("evidence_ids") or ([e["evidence_id"]] if e.get("evidence_id") else [])
            if ids and not any(i in chosen for i in ids):
                continue  # about an exhibit the person left out
            source = e.get("time_source") or e.get("source") or ""
            if e.get("kind") == "capture" and len(ids) == 1:
                x = by_id.get(ids[0])
                if x is None:
                    continue  # an exhibit the person left out
                source = x.evidence.get("captured_at_source") or source
            events.append(
                {
                    "at": at,
                    "kind": e.get("kind"),
                    "source": source,
                    "description": e.get("description") or e.get("text") or "",
                    "evidence_ids": ids,
                    "amount": e.get("amount"),
                    "currency": e.get("currency"),
                }
            )
    else:
        for t in transactions:
            if not t.get("occurred_at"):
                continue
            events.append(
                {
                    "at": t["occurred_at"],
                    "source": "receipt",
                    "kind": "transaction",
                    "description": " ".join(
                        x
                        for x in (
                            t.get("payment_method"),
                            t.get("payee_name"),
                            t.get("payee_account"),
                            t.get("description"),
                        )
                        if x
                    ),
                    "evidence_ids": [t["evidence_id"]] if t.get("evidence_id") else [],
                    "amount": t.get("amount"),
                    "currency": t.get("currency"),
                    "ref": t.get("ref"),
                }
            )
        for x in exhibits:
            if x.messages:
                timed = [m for m in x.messages if m.get("sent_at")]
                if timed:
                    for m, what in ((timed[0], "first"), (timed[-1], "last")):
                        events.append(
                            {
                                "at": m["sent_at"],
                                "source": "chat_export",
                                "kind": f"chat_{what}",
                                "description": f"{m.get('sender') or ''}: {(m.get('text') or '')[:80]}",
                                "evidence_ids": [x.evidence["id"]],
                            }
                        )
            elif x.evidence.get("captured_at"):
                events.append(
                    {
                        "at": x.evidence["captured_at"],
                        "source": x.evidence.get("captured_at_source") or "",
                        "kind": "captured",
                        "description": x.evidence.get("original_name") or "",
                        "evidence_ids": [x.evidence["id"]],
                    }
                )
    events.sort(key=lambda e: parse_time(e.get("at")) or datetime.max.replace(tzinfo=UTC))
    return events


def _label_from_selection(sel) -> int | None:
    if isinstance(sel, int):
        return sel
    s = str(sel).strip().upper()
    if s.startswith("E-"):
        s = s[2:]
    try:
        return int(s)
    except ValueError:
        return None


def gather(
    store: CaseStore,
    *,
    exhibits=None,
    messages=None,
    redactions: dict | None = None,
    show_id_number: bool = False,
    red_flags: RedFlagJob | None = None,
) -> DossierData:
    """Everything the dossier shows. ``exhibits``: evidence ids or "E-001" labels (None: all);
    ``messages``: message ids to include (None: all); ``redactions``: {evidence id: [boxes]}.
    ``red_flags``: a job reading them elsewhere; then ``wait_red_flags`` must be called before
    the red flags are used."""
    # imported here: the PDF worker unpickles this module's classes and needs none of it
    from victimkit.analysis.summary import case_json, case_summary, evidence_json

    warnings: list[str] = []
    try:
        summary = case_summary(store, red_flags=[]) if red_flags else case_summary(store)
    except Exception as exc:  # analysis or guide data unreadable: the evidence still goes out
        warnings.append(f"analysis and guide data could not be read ({exc})")
        raws = store.current_rows("evidence")
        summary = {
            "case": case_json(store),
            "evidence": [evidence_json(store, evidence_from_row(r), r) for r in raws],
        }
    case = dict(summary.get("case") or {})
    reporter = dict(summary.get("reporter") or {})
    all_evidence = summary.get("evidence") or []
    wanted = None
    if exhibits is not None:
        wanted = {i for i in (_label_from_selection(s) for s in exhibits) if i is not None}
    chosen = [ev for ev in all_evidence if wanted is None or ev["id"] in wanted]
    redactions = {_label_from_selection(k): v for k, v in (redactions or {}).items()}

    xs = [ExhibitData(evidence=ev, label=ev.get("exhibit") or f"E-{ev['id']:03d}") for ev in chosen]
    by_id = {x.evidence["id"]: x for x in xs}

    # OCR: from the summary when the OCR helper's key is there, else from the tables
    missing = []
    for x in xs:
        got = _ocr_from_summary(x.evidence)
        if got is None:
            missing.append(x.evidence["id"])
        else:
            x.ocr_lines, x.ocr_engine = got
    for ev_id, (lines, engine) in _ocr_from_tables(store, missing).items():
        if ev_id in by_id:
            by_id[ev_id].ocr_lines, by_id[ev_id].ocr_engine = lines, engine

    # chat export messages become transcripts of their own exhibit
    keep_msgs = set(messages) if messages is not None else None
    for m in _messages(store, summary):
        if keep_msgs is not None and m.get("id") not in keep_msgs:
            continue
        if (m.get("origin") or "export") != "export":
            continue
        x = by_id.get(m.get("evidence_id"))
        if x is not None:
            x.messages.append(m)
    for x in xs:
        x.messages.sort(key=lambda m: (m.get("seq") or 0, m.get("id") or 0))

    for ev_id, boxes in redactions.items():
        if ev_id in by_id:
            by_id[ev_id].redactions = [tuple(int(v) for v in b) for b in boxes]
    for x in xs:
        for line in x.ocr_lines:
            if line.box and any(_overlaps(line.box, r) for r in x.redactions):
                line.redacted = True

    transactions = _transactions(store, summary)
    if wanted is not None:
        transactions = [
            t for t in transactions if not t.get("evidence_id") or t["evidence_id"] in wanted
        ]
    identifiers = _identifiers(summary, transactions)
    events = _events(summary, xs, transactions)
    audit = [dict(r) for r in store.db["audit"].rows_where(order_by="seq")]
    references = summary.get("references") or case.get("references") or {}
    if not isinstance(references, dict):
        references = {}
    confirmed, names, acts = _guide_facts(store)
    for a in acts:
        key = _reference_key(a)
        if key and a.get("ref") and not references.get(key):
            references[key] = a["ref"]
    return DossierData(
        case=case,
        reporter=reporter,
        exhibits=xs,
        transactions=transactions,
        identifiers=identifiers,
        events=events,
        red_flags=summary.get("red_flags") or [],
        steps=summary.get("steps") or [],
        references=references,
        audit=audit,
        summary=summary,
        zone=zone_of(case.get("timezone")),
        show_id_number=show_id_number,
        all_exhibit_count=len(all_evidence),
        confirmed_types=confirmed,
        type_names=names,
        actions=acts,
        warnings=warnings,
        pending_red_flags=red_flags,
    )


def _guide_facts(store: CaseStore) -> tuple[list[str], dict[str, dict], list[dict]]:
    """Confirmed scam types, their names, and the actions the person logged — from the guide,
    when it is there. A guide that cannot be read leaves these empty; the export goes on."""
    confirmed: list[str] = []
    names: dict[str, dict] = {}
    acts: list[dict] = []
    try:
        from victimkit.guide import steps as guide_steps

        confirmed = list(guide_steps.confirmed_scam_types(store))
        acts = [dict(a) for a in guide_steps.actions(store)]
    except Exception:  # the guide is optional for the dossier
        pass
    try:
        from victimkit.guide.knowledge import load_knowledge

        for t in load_knowledge().scam_types:
            name = t.get("name")
            if isinstance(name, dict):
                names[t["id"]] = name
    except Exception:
        pass
    return confirmed, names, acts


def _reference_key(action: dict) -> str | None:
    kind = action.get("kind") or ""
    channel = (action.get("channel_id") or "").lower()
    if "ic3" in channel:
        return "ic3"
    if "ftc" in channel:
        return "ftc"
    if "reportfraud" in channel or "actionfraud" in channel:
        return "report_fraud"
    return {
        "police_report": "police",
        "called_police": "police",
        "called_bank": "bank",
        "froze_card": "bank",
        "platform_report": "platform",
        "called_platform": "platform",
    }.get(kind)


def _overlaps(a, b) -> bool:
    return not (a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1])
