"""OCR the case's images: in parallel, cached, resumable, cancellable; results stored in the case.

``ocr_evidence(store)`` reads every image that has no result yet from the chosen engine (same
engine, version and model), in a pool of worker processes (one engine each, one thread each),
and stores each image's result as soon as it is ready — the ``ocr_results`` row and its
``ocr_lines`` in one transaction — so a crash or a cancel loses at most the images in flight and
a re-run does only what is left. Chat screenshots then give ``messages`` (origin "ocr"); the
messages of overlapping screenshots of one chat are stored once.

Every line is a machine transcription, unconfirmed until a person confirms it
(``confirm_line``) or corrects it (``correct_line``); both are recorded beside the machine's
reading, which stays as it was.
"""

from __future__ import annotations

import json
import os
import re
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from datetime import datetime, timedelta
from multiprocessing import get_context
from zoneinfo import ZoneInfo

from victimkit.core.models import Evidence
from victimkit.core.progress import Progress, ProgressCallback
from victimkit.errors import Cancelled, OcrError, VictimkitError
from victimkit.i18n import N_, _, gettext_in
from victimkit.ocr import layout as layout_mod
from victimkit.ocr import worker
from victimkit.ocr.engine import DEFAULT_ENGINE, ENGINE_NAMES, EngineInfo, get_engine
from victimkit.ocr.worker import PIPELINE_VERSION, engine_options, ocr_image
from victimkit.store.audit import iso, utc_now
from victimkit.store.case import CaseStore

__all__ = ["PIPELINE_VERSION", "ocr_evidence", "ocr_image"]

UNCONFIRMED = "machine transcription — unconfirmed"


def describe_engine(engine: str) -> EngineInfo:
    """Name, version, model and settings of an engine, without loading it where that can be
    avoided."""
    if engine not in ENGINE_NAMES:
        get_engine(engine)  # raises the plain "unknown engine" error
    if engine == "rapidocr":
        from victimkit.ocr.rapidocr_engine import describe

        return describe()
    return get_engine(engine).info


# ------------------------------------------------------------------ what is pending
def ocr_done(store: CaseStore, evidence_id: int, info: EngineInfo) -> bool:
    row = store.db.execute(
        "SELECT 1 FROM ocr_results WHERE evidence_id = ? AND engine = ? AND engine_version = ? AND model = ?"
        " AND json_extract(settings, '$.pipeline') = ? AND json_extract(settings, '$.settings_id') = ?"
        " LIMIT 1",
        [evidence_id, info.name, info.version, info.model, PIPELINE_VERSION, info.settings_id],
    ).fetchone()
    return row is not None


def pending_images(
    store: CaseStore, evidence_ids=None, *, info: EngineInfo, redo: bool = False
) -> list[Evidence]:
    wanted = None if evidence_ids is None else set(evidence_ids)
    out = []
    for ev in store.list_evidence():
        if ev.kind != "image" or (wanted is not None and ev.id not in wanted):
            continue
        if not ev.width:  # kept but not decodable (bomb, truncated): nothing to read
            continue
        if redo or not ocr_done(store, ev.id, info):
            out.append(ev)
    return out


# ------------------------------------------------------------------ the run
def ocr_evidence(
    store: CaseStore,
    evidence_ids=None,
    *,
    engine: str = DEFAULT_ENGINE,
    jobs: int | None = None,
    redo: bool = False,
    on_progress: ProgressCallback | None = None,
    cancel=None,
) -> list[int]:
    """OCR the pending images (all, or those of ``evidence_ids``). Returns the ids OCR'd now.

    ``jobs``: worker processes (default: the number of cores; 1 runs in this process).
    ``cancel``: a CancelToken or threading.Event; finished images are kept.
    Images that fail are reported through ``on_progress`` and left pending; an ``OcrError``
    naming them is raised at the end.
    """
    info = describe_engine(engine)
    todo = pending_images(store, evidence_ids, info=info, redo=redo)
    total = len(todo)
    done_ids: list[int] = []
    failures: list[str] = []

    def report(done: int, message: str) -> None:
        if on_progress:
            on_progress(Progress(done, total, message))

    def check_cancel() -> None:
        flag = getattr(cancel, "cancelled", None)
        if flag is None and cancel is not None:
            flag = cancel.is_set()
        if flag:
            raise Cancelled(_("Cancelled. Everything finished before that is kept."))

    if total:
        report(0, _("Reading {n} image(s)…").format(n=total))
    jobs = max(1, min(jobs or os.cpu_count() or 1, total or 1))
    paths = {ev.id: store.original_path(ev) for ev in todo}
    names = {ev.id: ev.original_name for ev in todo}

    def finish(ev_id: int, result: dict) -> None:
        if "error" in result:
            failures.append(f"{names[ev_id]}: {result['error']}")
            report(len(done_ids) + len(failures), names[ev_id])
            return
        store_result(store, ev_id, result, redo=redo)
        done_ids.append(ev_id)
        report(len(done_ids) + len(failures), names[ev_id])

    if jobs == 1:
        for ev in todo:
            check_cancel()
            try:
                result = ocr_image(paths[ev.id], engine, **engine_options(engine))
            except VictimkitError as exc:
                result = {"error": exc.message}
            finish(ev.id, result)
    else:
        _run_pool(todo, paths, engine, jobs, finish, check_cancel)

    if done_ids:
        build_messages(store)
    if failures:
        raise OcrError(
            _("{n} image(s) could not be read (the others are kept): {list}").format(
                n=len(failures), list="; ".join(failures)
            )
        )
    return done_ids


def _run_pool(todo, paths, engine, jobs, finish, check_cancel) -> None:
    """One single-process worker per job, each with its own lane: a contiguous run of images,
    so that the overlapping screenshots of one chat meet the same engine (and its line cache).
    A worker whose lane is empty takes images from the end of the longest other lane, so both
    cores stay busy to the end. Two images are in flight per worker (the next one is waiting
    when one finishes)."""
    lanes = [deque(todo[i * len(todo) // jobs : (i + 1) * len(todo) // jobs]) for i in range(jobs)]
    ctx = get_context("spawn")
    executors = [
        ProcessPoolExecutor(
            1,
            mp_context=ctx,
            initializer=worker.init,
            initargs=(engine, engine_options(engine, 1)),
        )
        for _lane in lanes
    ]
    futures: dict[Future, tuple[int, int]] = {}
    busy = [0] * jobs
    dead: set[int] = set()  # workers that died (out of memory, a crash in a library)

    def feed(k: int) -> None:
        while busy[k] < 2 and k not in dead:
            if lanes[k]:
                ev = lanes[k].popleft()
            else:
                donor = max(range(jobs), key=lambda j: len(lanes[j]))
                if not lanes[donor]:
                    return
                ev = lanes[donor].pop()
            try:
                fut = executors[k].submit(worker.run, str(paths[ev.id]))
            except RuntimeError:  # BrokenProcessPool: leave the image to the other workers
                lanes[k].appendleft(ev)
                dead.add(k)
                return
            futures[fut] = (k, ev.id)
            busy[k] += 1

    try:
        for k in range(jobs):
            feed(k)
        while futures:
            check_cancel()
            finished, _pending = wait(list(futures), timeout=0.2, return_when=FIRST_COMPLETED)
            for fut in sorted(finished, key=lambda f: futures[f][1]):
                k, ev_id = futures.pop(fut)
                busy[k] -= 1
                try:
                    result = fut.result()
                except Exception as exc:  # the worker died
                    result = {"error": f"{type(exc).__name__}: {exc}"}
                    dead.add(k)
                finish(ev_id, result)
                for j in [k] + [j for j in range(jobs) if j != k]:
                    feed(j)
        for lane in lanes:  # every worker died: what is left is reported, not lost silently
            for ev in lane:
                finish(ev.id, {"error": "BrokenProcessPool: every OCR worker process stopped"})
    finally:
        for ex in executors:
            ex.shutdown(wait=True, cancel_futures=True)


# ------------------------------------------------------------------ storing
def store_result(store: CaseStore, evidence_id: int, result: dict, *, redo: bool = False) -> int:
    text = "\n".join(ln["text"] for ln in result["lines"])
    settings = {**result["settings"], "title": result.get("title"), "clock": result.get("clock")}
    with store.transaction():
        (rid,) = store.insert(
            "ocr_results",
            [
                {
                    "evidence_id": evidence_id,
                    "engine": result["engine"],
                    "engine_version": result["engine_version"],
                    "model": result["model"],
                    "settings": json.dumps(settings, ensure_ascii=False, sort_keys=True),
                    "created_at": iso(utc_now()),
                    "text": text,
                    "layout": result["layout"],
                }
            ],
            action="ocr_result",
            details={
                "evidence_id": evidence_id,
                "engine": result["engine_version"],
                "status": UNCONFIRMED,
            },
            actor="victimkit",
        )
        rows = [
            {
                "ocr_result_id": rid,
                "evidence_id": evidence_id,
                "line_no": i,
                "text": ln["text"],
                "x0": ln["box"][0],
                "y0": ln["box"][1],
                "x1": ln["box"][2],
                "y1": ln["box"][3],
                "confidence": round(float(ln["confidence"]), 4),
                "speaker": ln["speaker"],
                "tag": ln["tag"],
                "message_no": ln["message_no"],
            }
            for i, ln in enumerate(result["lines"])
        ]
        store.insert(
            "ocr_lines", rows, action="ocr_lines", details={"ocr_result_id": rid}, actor="victimkit"
        )
    return rid


def messages_from_lines(lines: list[dict]) -> list[dict]:
    """A chat screenshot's messages, rebuilt from its stored lines (speaker, tag, message_no)."""
    out: dict[int, dict] = {}
    separator = None
    for ln in sorted(lines, key=lambda r: r["line_no"]):
        no, speaker, tag = ln["message_no"], ln["speaker"], ln["tag"]
        if no is None or speaker is None:
            continue
        m = out.setdefault(
            no,
            {
                "no": no,
                "speaker": speaker,
                "text": "",
                "sender": None,
                "time_text": None,
                "separator": separator,
            },
        )
        if tag == "sender_name":
            m["sender"] = ln["text"]
        elif tag == "message_time":
            m["time_text"] = ln["text"]
        else:
            m["text"] = layout_mod.join_lines(m["text"], ln["text"]) if m["text"] else ln["text"]
            if tag == "time":
                separator = ln["text"]
    return [m for m in out.values() if m["text"]]


def latest_result(store: CaseStore, evidence_id: int) -> dict | None:
    rows = list(
        store.db["ocr_results"].rows_where(
            "evidence_id = ?", [evidence_id], order_by="id desc", limit=1
        )
    )
    return rows[0] if rows else None


def confirm_line(
    store: CaseStore, line_id: int, *, confirmed: bool = True, actor: str | None = None
) -> int:
    """A person has checked this line against the image."""
    return store.correct("ocr_lines", line_id, "confirmed", bool(confirmed), actor=actor)


def correct_line(store: CaseStore, line_id: int, text: str, *, actor: str | None = None) -> int:
    """A person's reading of the line; the machine's stays in its row. Correcting confirms."""
    cid = store.correct("ocr_lines", line_id, "text", text, actor=actor)
    store.correct("ocr_lines", line_id, "confirmed", True, actor=actor)
    return cid


# ------------------------------------------------------------------ chat messages
SEPARATOR_RE = re.compile(
    r"(?:(?P<y>\d{4})年)?(?:(?P<mo>\d{1,2})月(?P<d>\d{1,2})日)?\s*(?P<rel>昨天|前天|Yesterday)?\s*"
    r"(?P<noon>上午|下午|晚上|凌晨|中午)?\s*(?P<h>\d{1,2})[:：](?P<mi>\d{2})\s*(?P<ampm>[AaPp][Mm])?"
)


def parse_chat_time(text: str | None, base: datetime) -> datetime | None:
    """A chat's time separator ("14:32", "昨天 14:32", "2024年3月5日 下午2:32", "9:36 PM")
    as an aware datetime in ``base``'s zone, ``base`` being when the screenshot was taken."""
    if not text:
        return None
    m = SEPARATOR_RE.search(text)
    if not m:
        return None
    hour, minute = int(m["h"]), int(m["mi"])
    if m["noon"] in ("下午", "晚上") and hour < 12:
        hour += 12
    if m["ampm"]:
        pm = m["ampm"].lower() == "pm"
        hour = (hour % 12) + (12 if pm else 0)
    if hour > 23 or minute > 59:
        return None
    day = base.date()
    if m["rel"] in ("昨天", "Yesterday"):
        day -= timedelta(days=1)
    elif m["rel"] == "前天":
        day -= timedelta(days=2)
    try:
        if m["mo"]:
            day = day.replace(
                year=int(m["y"]) if m["y"] else day.year, month=int(m["mo"]), day=int(m["d"])
            )
        return datetime(day.year, day.month, day.day, hour, minute, tzinfo=base.tzinfo)
    except ValueError:
        return None


def build_messages(store: CaseStore) -> int:
    """Store the messages of chat screenshots that are not stored yet. Returns how many."""
    case = store.case_row()
    zone = ZoneInfo(case.get("timezone") or "UTC")
    lang = case.get("lang")  # stored words follow the case's language, not the process's
    me = case.get("me_name") or gettext_in(lang, N_("me"))
    chats = []
    for ev in store.list_evidence():
        res = latest_result(store, ev.id)
        if not res or res["layout"] != "chat":
            continue
        lines = store.current_rows("ocr_lines", "ocr_result_id = ?", [res["id"]])
        msgs = messages_from_lines(lines)
        if not msgs:
            continue
        settings = json.loads(res["settings"] or "{}")
        taken = (ev.captured_at or ev.imported_at).astimezone(zone)
        chats.append((taken, ev.id, res, settings.get("title"), msgs))
    chats.sort(key=lambda c: (c[0], c[1]))
    groups: dict[str, list] = {}
    for chat in chats:
        groups.setdefault(chat[3] or f"#{chat[1]}", []).append(chat)
    added = 0
    for _title, seq in groups.items():
        olds, stored = [], []
        for _taken, ev_id, res, _header, _msgs in seq:
            old = store.db.execute(
                "SELECT id, source_ref FROM messages WHERE evidence_id = ? AND origin = 'ocr'",
                [ev_id],
            ).fetchall()
            olds.append(old)
            stored.append(any(ref.startswith(f"ocr result {res['id']} ") for _id, ref in old))
        new_indexes = layout_mod.merge_messages(
            [[(m["speaker"], m["text"]) for m in c[4]] for c in seq], stored=stored
        )
        for (taken, ev_id, res, header, msgs), keep, old, done in zip(
            seq, new_indexes, olds, stored, strict=True
        ):
            prefix = f"ocr result {res['id']} "
            if done:
                continue  # this result's messages are stored already
            live = {
                r["id"]
                for r in store.current_rows(
                    "messages", "evidence_id = ? AND origin = 'ocr'", [ev_id]
                )
            }
            for mid, _ref in old:  # an earlier run's messages, superseded by this result
                if mid in live:
                    store.correct(
                        "messages",
                        mid,
                        "_deleted",
                        True,
                        note="superseded by a new OCR run",
                        actor="victimkit",
                    )
            rows = []
            for seq_no, i in enumerate(keep):
                m = msgs[i]
                sent = parse_chat_time(m.get("time_text") or m.get("separator"), taken)
                if m["speaker"] == "self":
                    sender = me
                elif m["speaker"] == "other":
                    sender = m.get("sender") or header or gettext_in(lang, N_("other party"))
                else:
                    sender = gettext_in(lang, N_("system"))
                rows.append(
                    {
                        "evidence_id": ev_id,
                        "seq": seq_no,
                        "sender": sender,
                        "sent_at": iso(sent) if sent else None,
                        "timezone": str(zone) if sent else None,
                        "text": m["text"],
                        "direction": {"self": "outgoing", "other": "incoming"}.get(
                            m["speaker"], "system"
                        ),
                        "is_system": int(m["speaker"] == "system"),
                        "attachment": None,
                        "source_ref": f"{prefix}message {m['no']}",
                        "forwarded_from": None,
                        "origin": "ocr",
                    }
                )
            if rows:
                store.insert(
                    "messages",
                    rows,
                    action="messages_from_ocr",
                    details={"evidence_id": ev_id, "ocr_result_id": res["id"]},
                    actor="victimkit",
                )
                added += len(rows)
    return added


# ------------------------------------------------------------------ reading back (show --json)
def ocr_json(store: CaseStore, evidence_id: int) -> dict | None:
    res = latest_result(store, evidence_id)
    if res is None:
        return None
    lines = store.current_rows("ocr_lines", "ocr_result_id = ?", [res["id"]])
    lines.sort(key=lambda r: r["line_no"])
    return {
        "engine": res["engine"],
        "engine_version": res["engine_version"],
        "model": res["model"],
        "layout": res["layout"],
        "status": UNCONFIRMED if not all(bool(r.get("confirmed")) for r in lines) else "confirmed",
        "text": "\n".join(r["text"] for r in lines),
        "lines": [
            {
                "id": r["id"],
                "text": r["text"],
                "box": [r["x0"], r["y0"], r["x1"], r["y1"]],
                "confidence": r["confidence"],
                "speaker": r["speaker"],
                "tag": r["tag"],
                "confirmed": bool(r.get("confirmed", False)),
                "corrected": "text" in r["_corrected"],
            }
            for r in lines
        ],
    }


def messages_json(store: CaseStore) -> list[dict]:
    rows = store.current_rows("messages")  # in the order they were stored
    return [
        {
            "evidence_id": r["evidence_id"],
            "sender": r["sender"],
            "direction": r["direction"],
            "sent_at": r["sent_at"],
            "text": r["text"],
            "origin": r.get("origin"),
        }
        for r in rows
    ]
