"""Round 7 of the red-flag data, dev side (the tuner's script; the collector's is build_round7.py).

The round-6 test set ``heldout4`` was scored once (round 6) and its misses read: it is spent, so
its rows become ``dev``; ``split_r6`` records the split every row had in round 6. Rows of the
collector's round-7 dev files (``round7_dev_{zh,en}.jsonl``), when present, are appended as
``dev`` with ``split_r6 = null``. The sealed round-7 test set (``heldout5_*.jsonl``) is never
read here.

    python benchmarks/data/redflags/build_round7_dev.py
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
)


def main() -> int:
    for lang in ("zh", "en"):
        path = HERE / f"{lang}.jsonl"
        rows = [json.loads(x) for x in path.open(encoding="utf-8") if x.strip()]
        if all("split_r6" in r for r in rows) and not any(r["split"] == "heldout4" for r in rows):
            moved = 0
        else:
            moved = 0
            for r in rows:
                r["split_r6"] = r["split"]
                if r["split"] == "heldout4":
                    r["split"] = "dev"
                    moved += 1
        have = {r["id"] for r in rows}
        added = 0
        extra = HERE / f"round7_dev_{lang}.jsonl"
        if extra.exists():
            for x in extra.open(encoding="utf-8"):
                if not x.strip():
                    continue
                r = json.loads(x)
                if r["id"] in have:
                    continue
                r.update(split="dev", split_r6=None)
                for k in ("old_split", "split_r3", "split_r4", "split_r5"):
                    r.setdefault(k, None)
                rows.append(r)
                have.add(r["id"])
                added += 1
        with path.open("w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps({k: r.get(k) for k in KEYS}, ensure_ascii=False) + "\n")
        print(f"{lang}: {moved} heldout4 rows now dev, {added} round-7 dev rows added")
    return 0


if __name__ == "__main__":
    sys.exit(main())
