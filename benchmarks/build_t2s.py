"""Rebuild resources/knowledge/t2s.json, the Traditional -> Simplified character map.

    pip install opencc-python-reimplemented==0.1.7   # build time only, not a run-time dependency
    python -m benchmarks.build_t2s

The map is OpenCC's ``TSCharacters.txt`` (Apache-2.0, shipped inside the PyPI package
opencc-python-reimplemented), reduced to one-character to one-character pairs: each Traditional
character is mapped to the first Simplified candidate OpenCC lists. Character for character, so
the red-flag detector keeps its map back to the original offsets. The output is sorted, so the
same input always gives the same file.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "resources" / "knowledge" / "t2s.json"


def build() -> dict:
    import opencc

    src = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    pairs: dict[str, str] = {}
    for line in src.read_text(encoding="utf-8").splitlines():
        if not line.strip() or "\t" not in line:
            continue
        trad, simp = line.split("\t", 1)
        first = simp.split()[0] if simp.split() else ""
        if len(trad) == 1 and len(first) == 1 and trad != first:
            pairs[trad] = first
    return {
        "source": "OpenCC TSCharacters.txt via PyPI opencc-python-reimplemented 0.1.7",
        "licence": "Apache-2.0 (OpenCC)",
        "pairs": "".join(t + s for t, s in sorted(pairs.items())),
    }


def main() -> int:
    data = build()
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{len(data['pairs']) // 2} pairs -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
