"""Round 9 of the red-flag data, dev side (the tuner's script).

The round-7 test set ``heldout5`` (``heldout5_{zh,en}.jsonl``) was scored once by the lead on the
frozen round-7 detector and its misses read: it is spent, so its rows are appended to
``zh.jsonl`` / ``en.jsonl`` as ``dev`` with ``split_r7 = "heldout5"``; every row already there
gets ``split_r7`` = the split it had in rounds 7-8. The collector's round-8 dev rows
(``round8_dev_{zh,en}.jsonl``, ordinary texts only) are appended as ``dev`` with
``split_r7 = null``. The heldout5 files stay where they are (``redflag_bench --split heldout5``
still reads them). The sealed round-8 test set (``heldout6_*.jsonl``) is never read here.

    python benchmarks/data/redflags/build_round9_dev.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
KEYS = (
    "id",
    "lang",
    "split",
    "label",
    "text",
    "source",
    "licence",
    "old_split",
    "split_r3",
    "split_r4",
    "split_r5",
    "split_r6",
    "split_r7",
)
OLDER = ("old_split", "split_r3", "split_r4", "split_r5", "split_r6")


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(x) for x in fh if x.strip()]


def main() -> int:
    for lang in ("zh", "en"):
        path = HERE / f"{lang}.jsonl"
        rows = _read(path)
        for r in rows:
            r.setdefault("split_r7", r["split"])
        have = {r["id"] for r in rows}
        counts = {}
        for name, r7 in (
            (f"heldout5_{lang}.jsonl", "heldout5"),
            (f"round8_dev_{lang}.jsonl", None),
        ):
            added = 0
            extra = HERE / name
            if extra.exists():
                for r in _read(extra):
                    if r["id"] in have:
                        continue
                    r.update(split="dev", split_r7=r7)
                    for k in OLDER:
                        r.setdefault(k, None)
                    rows.append(r)
                    have.add(r["id"])
                    added += 1
            counts[name] = added
        with path.open("w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps({k: r.get(k) for k in KEYS}, ensure_ascii=False) + "\n")
        print(f"{lang}: rows added as dev: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
