"""Full-text search over OCR lines and chat messages (SQLite FTS5), Chinese included.

FTS5's tokenisers do not fit Chinese: ``unicode61`` makes a whole run of Chinese characters one
token (so "转账" does not match "请转账"), and ``trigram`` cannot match queries shorter than three
characters — yet one or two characters ("钱", "转账", a surname) are the commonest Chinese
queries. So the text is indexed with every CJK character and every digit as a token of its own
("请转账5000" → "请 转 账 5 0 0 0") and a query becomes a phrase of the same tokens: any
substring of Chinese or of a number matches, of any length; Latin words match whole or by
prefix. The index is derived data: ``refresh_index`` adds what is new (rows and people's
corrections) since the last call, and ``rebuild_index`` makes it again from scratch.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass

from victimkit.store.case import CaseStore

SEPARATE = re.compile(
    r"([\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    r"\uf900-\ufaff\U00020000-\U0002ffff\uac00-\ud7af0-9])"
)
SOURCES = {"ocr_line": "ocr_lines", "message": "messages"}
SNIPPET_CONTEXT = 16


@dataclass(frozen=True)
class Hit:
    kind: str  # "ocr_line" or "message"
    row_id: int  # the ocr_lines or messages id
    evidence_id: int | None
    text: str
    snippet: str  # the text around the first match, the match in [brackets]

    def as_json(self) -> dict:
        return {
            "kind": self.kind,
            "id": self.row_id,
            "evidence_id": self.evidence_id,
            "text": self.text,
            "snippet": self.snippet,
        }


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").casefold()


def tokenise(text: str) -> str:
    """The indexed form: CJK characters and digits separated by spaces."""
    return " ".join(SEPARATE.sub(r" \1 ", normalise(text)).split())


def fts_query(query: str) -> str | None:
    """An FTS5 query: each whitespace-separated part is a phrase; all parts must match."""
    parts = []
    for part in normalise(query).split():
        tokens = re.findall(r"\w+", SEPARATE.sub(r" \1 ", part))
        if not tokens:
            continue
        phrase = '"' + " ".join(tokens) + '"'
        if not SEPARATE.fullmatch(tokens[-1]):
            phrase += " *"  # a Latin word may be the beginning of a longer one
        parts.append(phrase)
    return " AND ".join(parts) if parts else None


# ------------------------------------------------------------------ keeping the index
def _state(store: CaseStore, key: str) -> int:
    row = store.db.execute("SELECT value FROM search_state WHERE key = ?", [key]).fetchone()
    return row[0] if row else 0


def _set_state(store: CaseStore, key: str, value: int) -> None:
    store.db.execute("INSERT OR REPLACE INTO search_state (key, value) VALUES (?, ?)", [key, value])


def _index_rows(store: CaseStore, kind: str, rows, *, replace: bool = True) -> None:
    """Index rows; ``replace`` first removes an earlier entry (a corrected row). New rows have
    none, and skipping the removal matters: it scans the whole index for every row."""
    for row_id, evidence_id, text in rows:
        if replace:
            store.db.execute(
                "DELETE FROM search_index WHERE kind = ? AND row_id = ?", [kind, row_id]
            )
        if text:
            store.db.execute(
                "INSERT INTO search_index (body, kind, row_id, evidence_id) VALUES (?, ?, ?, ?)",
                [tokenise(text), kind, row_id, evidence_id],
            )


def refresh_index(store: CaseStore) -> int:
    """Index rows and corrections added since the last refresh. Returns how many were indexed."""
    if store.read_only:
        return 0
    count = 0
    with store.transaction():
        for kind, table in SOURCES.items():
            last = _state(store, table)
            rows = store.db.execute(
                f"SELECT id, evidence_id, text FROM [{table}] WHERE id > ? ORDER BY id", [last]
            ).fetchall()
            if rows:
                fixes: dict[int, dict] = {}
                for row_id, field, value in store.db.execute(
                    "SELECT row_id, field, value FROM corrections"
                    " WHERE table_name = ? AND row_id > ? ORDER BY id",
                    [table, last],
                ):
                    fixes.setdefault(row_id, {})[field] = json.loads(value)
                current = []
                for row_id, ev, text in rows:
                    fix = fixes.get(row_id, {})
                    current.append(
                        (row_id, ev, None if fix.get("_deleted") else fix.get("text", text))
                    )
                _index_rows(store, kind, current, replace=False)
                _set_state(store, table, rows[-1][0])
                count += len(rows)
        last = _state(store, "corrections")
        fixes = store.db.execute(
            "SELECT id, table_name, row_id, field, value FROM corrections WHERE id > ? ORDER BY id",
            [last],
        ).fetchall()
        for _cid, table, row_id, field, _value in fixes:
            kind = {v: k for k, v in SOURCES.items()}.get(table)
            if kind is None or field not in ("text", "_deleted"):
                continue
            row = store.db.execute(
                f"SELECT evidence_id, text FROM [{table}] WHERE id = ?", [row_id]
            ).fetchone()
            if row is None:
                continue
            text = store.current_value(table, row_id, "text", default=row[1])
            if store.current_value(table, row_id, "_deleted", default=False):
                text = None
            _index_rows(store, kind, [(row_id, row[0], text)])
            count += 1
        if fixes:
            _set_state(store, "corrections", fixes[-1][0])
    return count


def rebuild_index(store: CaseStore) -> int:
    with store.transaction():
        store.db.execute("DELETE FROM search_index")
        store.db.execute("DELETE FROM search_state")
    return refresh_index(store)


# ------------------------------------------------------------------ searching
def search(store: CaseStore, query: str, *, limit: int = 200) -> list[Hit]:
    """Lines and messages containing ``query`` (every word of it), in evidence order."""
    refresh_index(store)
    match = fts_query(query)
    if match is None:
        return []
    rows = store.db.execute(
        "SELECT kind, row_id, evidence_id FROM search_index WHERE search_index MATCH ?"
        " ORDER BY CAST(evidence_id AS INTEGER), CAST(row_id AS INTEGER) LIMIT ?",
        [match, limit],
    ).fetchall()
    hits = []
    for kind, row_id, evidence_id in rows:
        table = SOURCES[kind]
        original = store.db.execute(f"SELECT text FROM [{table}] WHERE id = ?", [row_id]).fetchone()
        text = store.current_value(
            table, int(row_id), "text", default=original[0] if original else ""
        )
        hits.append(
            Hit(
                kind,
                int(row_id),
                int(evidence_id) if evidence_id is not None else None,
                text,
                snippet(text, query),
            )
        )
    return hits


def snippet(text: str, query: str) -> str:
    """The text around the first query word, the match in [brackets] (whitespace-insensitive)."""
    words = normalise(query).split()
    norm = normalise(text)
    if not words:
        return text
    # match ignoring spaces inside the text ("vip - 117" vs "vip-117")
    target = words[0]
    squeezed, index = [], []
    for i, ch in enumerate(norm):
        if not ch.isspace():
            squeezed.append(ch)
            index.append(i)
    pos = "".join(squeezed).find(target)
    if pos < 0:
        return text[: SNIPPET_CONTEXT * 3]
    start, end = index[pos], index[pos + len(target) - 1] + 1
    left = max(0, start - SNIPPET_CONTEXT)
    right = min(len(text), end + SNIPPET_CONTEXT)
    return (
        ("…" if left else "")
        + text[left:start]
        + "["
        + text[start:end]
        + "]"
        + text[end:right]
        + ("…" if right < len(text) else "")
    )


def hits_json(hits: list[Hit]) -> str:
    return json.dumps([h.as_json() for h in hits], ensure_ascii=False, indent=2)
