"""OCR benchmark: character error rate and images/s, each engine raw and victimkit's pipeline.

    python -m benchmarks.ocr_bench [--conversations 24] [--payments 1] [--jobs 2] [--json out.json]
                                   [--skip-raw] [--skip-tesseract] [--pipeline-only]

The corpus is rendered at run time, deterministically (benchmarks/synth): chat screenshots
(WeChat/QQ/WhatsApp/Telegram-like, light and dark, Chinese/English/mixed, several fonts and
sizes, 1-3 overlapping screenshots per conversation) and payment/order pages
(benchmarks/synth/payment.py when present, else simple payment-detail pages).

CER = edit distance / reference length, over the whole image's text in reading order, after
NFKC and removing all whitespace. images/s is wall-clock time for the whole corpus:
- raw engines run the library as it comes (default settings and threads) in one process;
- "pipeline" is ``victimkit.ocr.run.ocr_evidence`` on a fresh case with ``--jobs`` worker
  processes: decoding, OCR, layout and storing every line in SQLite, including starting the
  workers; "pipeline/<package>" is the same tuned engine and layout in a pool, without the case.
Speaker accuracy: chat lines whose truth has a speaker, matched by the truth box's centre.
Other work on the machine slows everything; the load average is printed with the results.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.synth.chat import render_chat_corpus, render_simple_payment  # noqa: E402
from benchmarks.synth.common import (  # noqa: E402
    Sample,
    TruthLine,
    edit_distance,
    normalise_for_cer,
    reading_order,
)


def build_corpus(conversations: int, payments: int, seed: int = 1) -> list[Sample]:
    samples = render_chat_corpus(seed=seed, conversations=conversations)
    try:
        from benchmarks.synth.payment import KINDS, payment_sample

        for k, kind in enumerate(KINDS):
            for i in range(payments):
                samples.append(payment_sample(kind, seed * 100 + k * 10 + i))
    except ImportError:
        for i in range(payments * 8):
            samples.append(render_simple_payment(seed * 100 + i, dark=i % 3 == 2))
    return samples


def cer_parts(sample: Sample, lines) -> tuple[int, int]:
    got = normalise_for_cer("".join(ln.text for ln in reading_order(list(lines))))
    ref = normalise_for_cer(sample.truth_text())
    return edit_distance(got, ref), len(ref)


def speaker_parts(sample: Sample, lines) -> tuple[int, int]:
    right = total = 0
    for truth in sample.lines:
        if truth.speaker is None:
            continue
        total += 1
        cx, cy = (truth.box[0] + truth.box[2]) / 2, (truth.box[1] + truth.box[3]) / 2
        found = [
            ln for ln in lines if ln.box[0] <= cx <= ln.box[2] and ln.box[1] <= cy <= ln.box[3]
        ]
        right += bool(found) and found[0].speaker == truth.speaker
    return right, total


class CpuClock:
    """CPU seconds used by this process and its finished child processes (workers)."""

    def __enter__(self):
        self.start = self.now()
        return self

    def __exit__(self, *exc):
        self.seconds = self.now() - self.start

    @staticmethod
    def now() -> float:
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)
        return time.process_time() + kids.ru_utime + kids.ru_stime


def summarise(
    name: str, samples: list[Sample], results: list, seconds: float, cpu: float, **extra
) -> dict:
    err = ref = 0
    per_kind: dict[str, list[int]] = {}
    for s, lines in zip(samples, results, strict=True):
        e, n = cer_parts(s, lines)
        err += e
        ref += n
        k = per_kind.setdefault(f"{s.kind}{'_dark' if s.meta.get('dark') else ''}", [0, 0])
        k[0] += e
        k[1] += n
    row = {
        "name": name,
        "images": len(samples),
        "cer": round(err / max(1, ref), 4),
        "images_per_s": round(len(samples) / seconds, 2),
        "seconds": round(seconds, 1),
        "cpu_s_per_image": round(cpu / len(samples), 3),
        # what two idle cores would do, all the CPU time being spread over both
        "est_images_per_s_2_idle_cores": round(2 * len(samples) / cpu, 2),
        "cer_by_kind": {k: round(v[0] / max(1, v[1]), 4) for k, v in sorted(per_kind.items())},
        **extra,
    }
    print(
        f"{name:<38} CER {row['cer']:.4f}  {row['images_per_s']:5.2f} img/s  "
        f"{row['cpu_s_per_image']:.2f} cpu-s/img (≈{row['est_images_per_s_2_idle_cores']:.2f} img/s on 2 idle cores)  "
        + "  ".join(f"{k}={v:.3f}" for k, v in row["cer_by_kind"].items())
        + (
            ""
            if "speaker_accuracy" not in extra
            else f"   speakers {extra['speaker_accuracy']:.4f}"
        ),
        flush=True,
    )
    return row


def run_raw(engine_name: str, samples: list[Sample], **options) -> tuple[list, float, float, dict]:
    from victimkit.ocr.engine import get_engine

    eng = get_engine(engine_name, **options)
    arrays = [np.asarray(s.image) for s in samples]
    eng.recognise(arrays[0])  # warm up: first-run allocations are not part of the rate
    start = time.perf_counter()
    with CpuClock() as cpu:
        results = [[TruthLine(ln.text, ln.box) for ln in eng.recognise(a)] for a in arrays]
    return (
        results,
        time.perf_counter() - start,
        cpu.seconds,
        {
            "engine_version": eng.info.version,
            "model": eng.info.model,
            "settings": eng.info.settings,
        },
    )


def _pool_init(options: dict) -> None:
    from victimkit.ocr.engine import get_engine

    get_engine("rapidocr", **options)


def _pool_run(args) -> list:
    from victimkit.ocr.run import ocr_image

    path, options = args
    result = ocr_image(Path(path), "rapidocr", **options)
    return [
        TruthLine(ln["text"], tuple(ln["box"]), ln["speaker"], ln["tag"]) for ln in result["lines"]
    ]


def run_tuned_pool(paths: list[Path], jobs: int, package: str) -> tuple[list, float, float]:
    options = {"package": package, "threads": 1}
    clock = CpuClock().__enter__()
    start = time.perf_counter()
    # contiguous lanes, as ocr_evidence does, so overlapping screenshots share a line cache
    lanes = [list(range(i * len(paths) // jobs, (i + 1) * len(paths) // jobs)) for i in range(jobs)]
    ctx = get_context("spawn")
    executors = [
        ProcessPoolExecutor(1, mp_context=ctx, initializer=_pool_init, initargs=(options,))
        for _ in lanes
    ]
    futures = {}
    for ex, lane in zip(executors, lanes, strict=True):
        for i in lane:
            futures[i] = ex.submit(_pool_run, (str(paths[i]), options))
    results = [futures[i].result() for i in range(len(paths))]
    for ex in executors:
        ex.shutdown()
    seconds = time.perf_counter() - start
    clock.__exit__()
    return results, seconds, clock.seconds


def run_pipeline(
    paths: list[Path], jobs: int, engine: str = "rapidocr"
) -> tuple[list, float, dict]:
    from victimkit.intake.files import import_files
    from victimkit.ocr.run import ocr_evidence
    from victimkit.store.case import CaseStore

    work = Path(tempfile.mkdtemp(prefix="vk-ocr-bench-"))
    try:
        store = CaseStore.create(work / "case", timezone="Asia/Shanghai")
        report = import_files(store, paths, on_progress=None)
        by_name = {store.evidence(i).original_name: i for i in report.new_ids}
        start = time.perf_counter()
        with CpuClock() as cpu:
            ocr_evidence(store, engine=engine, jobs=jobs)
        seconds = time.perf_counter() - start
        results = []
        for p in paths:
            ev_id = by_name[p.name]
            rows = store.db.execute(
                "SELECT text, x0, y0, x1, y1, speaker, tag FROM ocr_lines WHERE ocr_result_id ="
                " (SELECT MAX(id) FROM ocr_results WHERE evidence_id = ?) ORDER BY line_no",
                [ev_id],
            ).fetchall()
            results.append([TruthLine(r[0], (r[1], r[2], r[3], r[4]), r[5], r[6]) for r in rows])
        messages = store.db.execute("SELECT count(*) FROM messages").fetchone()[0]
        res = store.db["ocr_results"].get(1)
        store.close()
        return (
            results,
            seconds,
            cpu.seconds,
            {
                "engine_version": res["engine_version"],
                "model": res["model"],
                "settings": json.loads(res["settings"]),
                "messages_stored": messages,
            },
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


def speaker_accuracy(samples, results) -> float:
    right = total = 0
    for s, lines in zip(samples, results, strict=True):
        if s.kind != "chat":
            continue
        r, t = speaker_parts(s, lines)
        right += r
        total += t
    return round(right / max(1, total), 4)


def true_messages(samples) -> int:
    seen = set()
    for s in samples:
        for m in s.messages:
            seen.add((s.conversation or s.name, m["message_no"]))
    return len(seen)


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--conversations", type=int, default=24)
    ap.add_argument("--payments", type=int, default=1, help="pages per payment kind")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--skip-raw", action="store_true")
    ap.add_argument("--skip-tesseract", action="store_true")
    ap.add_argument(
        "--pipeline-only",
        action="store_true",
        help="only victimkit's pipeline (no raw engines, no tuned pools): for quick iterations",
    )
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)

    samples = build_corpus(args.conversations, args.payments, args.seed)
    folder = Path(tempfile.mkdtemp(prefix="vk-ocr-corpus-"))
    paths = [s.save(folder) for s in samples]
    n_chat = sum(s.kind == "chat" for s in samples)
    print(
        f"corpus: {len(samples)} images ({n_chat} chat screenshots of {args.conversations} conversations, "
        f"{len(samples) - n_chat} payment/order pages); {os.cpu_count()} cores; load {os.getloadavg()[0]:.2f}",
        flush=True,
    )
    rows = []
    if not (args.skip_raw or args.pipeline_only):
        for package in ("rapidocr", "rapidocr_onnxruntime"):
            results, secs, cpu, info = run_raw("rapidocr", samples, package=package, raw=True)
            rows.append(summarise(f"raw {package}", samples, results, secs, cpu, **info))
        if not args.skip_tesseract:
            results, secs, cpu, info = run_raw("tesseract", samples)
            rows.append(summarise("raw tesseract chi_sim+eng", samples, results, secs, cpu, **info))
    for package in () if args.pipeline_only else ("rapidocr", "rapidocr_onnxruntime"):
        results, secs, cpu = run_tuned_pool(paths, args.jobs, package)
        rows.append(
            summarise(
                f"tuned pool {package} ×{args.jobs}",
                samples,
                results,
                secs,
                cpu,
                speaker_accuracy=speaker_accuracy(samples, results),
            )
        )
    results, secs, cpu, info = run_pipeline(paths, args.jobs)
    rows.append(
        summarise(
            f"victimkit pipeline ×{args.jobs} (ocr_evidence)",
            samples,
            results,
            secs,
            cpu,
            speaker_accuracy=speaker_accuracy(samples, results),
            true_messages=true_messages(samples),
            **info,
        )
    )
    print(
        f"messages stored {info['messages_stored']} (distinct messages in the corpus: {true_messages(samples)}); load {os.getloadavg()[0]:.2f}"
    )
    shutil.rmtree(folder, ignore_errors=True)
    report = {
        "corpus": {
            "images": len(samples),
            "chat": n_chat,
            "conversations": args.conversations,
            "seed": args.seed,
        },
        "rows": rows,
    }
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2))
    return report


if __name__ == "__main__":
    main()
