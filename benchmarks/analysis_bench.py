"""Field-level accuracy of payment-record extraction on the synthetic development set.

    python -m benchmarks.analysis_bench [--per-kind N] [--first-seed S] [--no-ocr] [--json OUT]

Pages come from ``benchmarks.synth.payment`` (deterministic; nothing committed). Each page is
read twice: from the ground-truth lines the renderer returns ("ground truth") and from the
real OCR engine's output ("OCR"). For each field: precision (of the values given, how many
are right), recall (of the values on the page, how many were found right), and the share of
pages where the field is right (an absent field counts right when the page has none). The key
fields are amount, time, payee, order number and payment method; the target is every key
field right on at least 98 % of pages.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
import unicodedata
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from benchmarks.synth.payment import KINDS, render_payment_page
from victimkit.analysis.payments import read_payment

KEY_FIELDS = ("amount", "time", "payee", "order_number", "payment_method")
OTHER_FIELDS = (
    "currency",
    "direction",
    "status",
    "card_tail",
    "payee_account",
    "merchant_order_number",
)
FIELDS = KEY_FIELDS + OTHER_FIELDS


def _norm(value: str) -> str:
    return (
        "".join(unicodedata.normalize("NFKC", value or "").split())
        .replace("（", "(")
        .replace("）", ")")
    )


def predicted(tx) -> dict:
    if tx is None:
        return dict.fromkeys(FIELDS, "")
    return {
        "amount": str(tx.amount),
        "time": tx.occurred_at.replace(tzinfo=None).isoformat() if tx.occurred_at else "",
        "payee": tx.payee_name,
        "order_number": tx.order_number,
        "payment_method": tx.payment_method,
        "currency": tx.currency,
        "direction": tx.direction,
        "status": tx.status,
        "card_tail": tx.fields.get("card_tail", {}).get("value", ""),
        "payee_account": tx.payee_account,
        "merchant_order_number": tx.merchant_order_number,
    }


def expected(truth: dict) -> dict:
    return {
        "amount": truth["amount"],
        "time": truth["occurred_at"],
        "payee": truth["payee_name"],
        "order_number": truth["order_number"],
        "payment_method": truth["payment_method"],
        "currency": truth["currency"],
        "direction": truth["direction"],
        "status": truth["status"],
        "card_tail": truth["card_tail"],
        "payee_account": truth["payee_account"].replace(" ", ""),
        "merchant_order_number": truth["merchant_order_number"],
    }


def same(field: str, got: str, want: str) -> bool:
    if field == "amount":
        try:
            return bool(got) and Decimal(got) == Decimal(want)
        except ArithmeticError:
            return False
    return _norm(got) == _norm(want)


class Tally:
    def __init__(self) -> None:
        self.tp = defaultdict(int)
        self.given = defaultdict(int)
        self.present = defaultdict(int)
        self.right_pages = defaultdict(int)
        self.pages = 0
        self.all_key_right = 0
        self.misses: list[dict] = []

    def add(self, name: str, got: dict, want: dict) -> None:
        self.pages += 1
        all_right = True
        for f in FIELDS:
            ok = same(f, got[f], want[f]) if want[f] else not got[f]
            if got[f]:
                self.given[f] += 1
            if want[f]:
                self.present[f] += 1
                if same(f, got[f], want[f]):
                    self.tp[f] += 1
            self.right_pages[f] += ok
            if not ok and f in KEY_FIELDS:
                all_right = False
                self.misses.append({"page": name, "field": f, "got": got[f], "want": want[f]})
        self.all_key_right += all_right

    def table(self) -> dict:
        return {
            f: {
                "precision": self.tp[f] / self.given[f] if self.given[f] else 1.0,
                "recall": self.tp[f] / self.present[f] if self.present[f] else 1.0,
                "pages_right": self.right_pages[f] / self.pages if self.pages else 0.0,
            }
            for f in FIELDS
        } | {
            "_all_key_fields_right": self.all_key_right / self.pages if self.pages else 0.0,
            "_pages": self.pages,
        }


def ocr_lines_function():
    """victimkit's OCR pipeline (``victimkit.ocr.run.ocr_image``: preprocessing, the tuned
    RapidOCR engine, layout with the status bar tagged) when it is there, else raw RapidOCR.

    Returns ``run(image) -> ([(text, box, confidence, tag)], label)``.
    """
    import tempfile

    import numpy as np

    try:
        from victimkit.ocr.run import ocr_image

        folder = Path(tempfile.mkdtemp(prefix="vk-bench-"))

        def run_pipeline(image):
            path = folder / "page.png"
            image.save(path)
            result = ocr_image(path, "rapidocr")
            lines = [
                (ln["text"], tuple(ln["box"]), ln["confidence"], ln.get("tag"))
                for ln in result["lines"]
            ]
            return (
                lines,
                f"victimkit.ocr pipeline: {result['engine']} {result['engine_version']} {result['model']}",
            )

        return run_pipeline
    except ImportError:  # the OCR package is not there: fall back to the raw engine
        pass
    from rapidocr_onnxruntime import RapidOCR

    engine = RapidOCR()

    def run_raw(image):
        result, _elapse = engine(np.array(image.convert("RGB")))
        out = []
        for box, text, conf in result or []:
            xs = [p[0] for p in box]
            ys = [p[1] for p in box]
            out.append(
                (text, (int(min(xs)), int(min(ys)), int(max(xs)), int(max(ys))), float(conf), None)
            )
        return out, "rapidocr_onnxruntime (raw)"

    return run_raw


def cached_ocr(ocr, image, cache: Path | None):
    """OCR output, kept in ``cache`` by the image's pixels (re-running the reader is then fast)."""
    if cache is None:
        return ocr(image)
    key = "pipeline-" + hashlib.sha256(image.tobytes() + repr(image.size).encode()).hexdigest()[:32]
    path = cache / f"{key}.json"
    if path.exists():
        data = json.loads(path.read_text())
        return [(t, tuple(b), c, tag) for t, b, c, tag in data["lines"]], data["engine"]
    lines, engine = ocr(image)
    cache.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(
            {"engine": engine, "lines": [(t, list(b), c, tag) for t, b, c, tag in lines]},
            ensure_ascii=False,
        )
    )
    return lines, engine


def run(per_kind: int, first_seed: int, with_ocr: bool, cache: Path | None = None) -> dict:
    truth_tally, ocr_tally = Tally(), Tally()
    per_kind_ocr: dict[str, Tally] = defaultdict(Tally)
    ocr = ocr_lines_function() if with_ocr else None
    engine_label = ""
    started = time.monotonic()
    for kind in KINDS:
        for seed in range(first_seed, first_seed + per_kind):
            image, truth, lines = render_payment_page(kind, seed)
            name = f"{kind}#{seed}"
            want = expected(truth)
            truth_tally.add(name, predicted(read_payment(lines)), want)
            if ocr is not None:
                ocr_out, engine_label = cached_ocr(ocr, image, cache)
                got = predicted(read_payment(ocr_out))
                ocr_tally.add(name, got, want)
                per_kind_ocr[kind].add(name, got, want)
    report = {
        "pages": truth_tally.pages,
        "ground_truth_lines": truth_tally.table(),
        "misses_ground_truth": truth_tally.misses,
        "seconds": round(time.monotonic() - started, 1),
    }
    if ocr is not None:
        report["ocr_engine"] = engine_label
        report["ocr_output"] = ocr_tally.table()
        report["misses_ocr"] = ocr_tally.misses
        report["ocr_by_kind"] = {
            k: t.table()["_all_key_fields_right"] for k, t in per_kind_ocr.items()
        }
    return report


CHAT_KINDS = ("amount", "phone", "bank_card", "url", "domain", "wechat_id", "qq", "time")


def _chat_entities(texts: list[str], reference) -> set[tuple[str, str]]:
    from victimkit.analysis.entities import extract_entities
    from victimkit.analysis.times import find_times

    found = set()
    for text in texts:
        for e in extract_entities(text):
            if e.kind in CHAT_KINDS:
                found.add((e.kind, e.value))
        for t in find_times(text, reference=reference, zone="Asia/Shanghai"):
            found.add(("time", t.value.isoformat()))
    return found


def run_chat(conversations: int, seed: int) -> dict:
    """Identifiers, amounts and times in chat screenshots: OCR (with victimkit.ocr's chat layout
    grouping lines into messages) against the same extraction on the exact texts."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    import numpy as np

    from benchmarks.synth.chat import render_chat_corpus
    from victimkit.analysis.analyse import join_block
    from victimkit.ocr import layout
    from victimkit.ocr.engine import get_engine

    engine = get_engine("rapidocr")
    reference = datetime(2025, 6, 18, 21, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    tp, given, present = defaultdict(int), defaultdict(int), defaultdict(int)
    misses = []
    samples = render_chat_corpus(seed, conversations)
    for sample in samples:
        groups: dict[int, list[str]] = defaultdict(list)
        texts = []
        for ln in sorted(sample.lines, key=lambda t: (t.box[1], t.box[0])):
            if ln.tag == "status_bar":
                continue
            if ln.message_no is not None:
                groups[ln.message_no].append(ln.text)
            else:
                texts.append(ln.text)
        texts += [join_block(v)[0] for v in groups.values()]
        want = _chat_entities(texts, reference)
        arr = np.array(sample.image.convert("RGB"))
        laid = layout.analyse(arr, engine.recognise(arr))
        ocr_texts = [m.text for m in laid.messages]
        ocr_texts += [t for m in laid.messages for t in (m.time_text, m.separator) if t]
        ocr_texts += [
            ln.text for ln in laid.lines if ln.message_no is None and ln.tag != "status_bar"
        ]
        ocr_texts = list(dict.fromkeys(ocr_texts))
        got = _chat_entities(ocr_texts, reference)
        for kind in CHAT_KINDS:
            w = {v for k, v in want if k == kind}
            g = {v for k, v in got if k == kind}
            tp[kind] += len(w & g)
            given[kind] += len(g)
            present[kind] += len(w)
            misses += [
                {"page": sample.name, "field": kind, "got": "", "want": v} for v in sorted(w - g)
            ]
            misses += [
                {"page": sample.name, "field": kind, "got": v, "want": ""} for v in sorted(g - w)
            ]
    return {
        "screenshots": len(samples),
        "table": {
            k: {
                "precision": tp[k] / given[k] if given[k] else 1.0,
                "recall": tp[k] / present[k] if present[k] else 1.0,
                "count": present[k],
            }
            for k in CHAT_KINDS
        },
        "misses": misses,
    }


def print_report(report: dict) -> None:
    cols = ["ground_truth_lines"] + (["ocr_output"] if "ocr_output" in report else [])
    print(f"pages: {report['pages']}  ({len(KINDS)} kinds)  {report['seconds']} s")
    if "ocr_engine" in report:
        print(f"OCR engine: {report['ocr_engine']}")
    head = "field".ljust(24) + "".join(f"{c[:12]:>12} P   R   right " for c in cols)
    print(head)
    for f in FIELDS:
        row = ("* " if f in KEY_FIELDS else "  ") + f.ljust(22)
        for c in cols:
            t = report[c][f]
            row += f"{'':>9}{t['precision']:.3f} {t['recall']:.3f} {t['pages_right']:.3f}"
        print(row)
    print(
        "all key fields right:".ljust(24)
        + "".join(f"{report[c]['_all_key_fields_right']:>28.3f}" for c in cols)
    )
    if "ocr_by_kind" in report:
        print("OCR, pages with all key fields right, by kind:")
        for k, v in report["ocr_by_kind"].items():
            print(f"  {k:<18} {v:.2f}")
    if "chat" in report:
        chat = report["chat"]
        print(f"chat screenshots: {chat['screenshots']} (OCR + chat layout vs exact text)")
        for k, t in chat["table"].items():
            print(f"  {k:<12} P {t['precision']:.3f}  R {t['recall']:.3f}  (n={t['count']})")
        for m in chat["misses"][:15]:
            print(
                f"  chat miss {m['page']:<28} {m['field']:<10} got {m['got']!r} want {m['want']!r}"
            )
    for key in ("misses_ground_truth", "misses_ocr"):
        misses = report.get(key) or []
        if misses:
            print(f"{key} ({len(misses)}):")
            for m in misses[:40]:
                print(f"  {m['page']:<22} {m['field']:<15} got {m['got']!r} want {m['want']!r}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--per-kind", type=int, default=10)
    ap.add_argument("--first-seed", type=int, default=0)
    ap.add_argument("--no-ocr", action="store_true", help="only the ground-truth lines")
    ap.add_argument("--json", help="write the report as JSON to this file")
    ap.add_argument("--cache", help="keep OCR output in this folder (keyed by the image's pixels)")
    ap.add_argument(
        "--chat", type=int, default=0, help="also N chat conversations (needs victimkit.ocr)"
    )
    args = ap.parse_args(argv)
    report = run(
        args.per_kind, args.first_seed, not args.no_ocr, Path(args.cache) if args.cache else None
    )
    if args.chat:
        report["chat"] = run_chat(args.chat, 11 + args.first_seed)
    print_report(report)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(report, fh, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
