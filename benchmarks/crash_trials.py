"""Crash trials: kill importing, OCR and export processes with SIGKILL at random moments.

After every kill:
  * ``verify_case`` passes on the case (notes about leftovers are allowed, problems are not);
  * nothing is half-written: every original is byte-exact, every OCR result has all its lines,
    every parsed export has all its messages and transactions, every thumbnail at its final name
    is a whole JPEG, the PDF and the bundle either do not exist at their final names or are whole
    (the bundle passes ``verify_bundle``);
  * nothing collected before the interrupted run is lost;
  * the interrupted work resumes: running it again completes it, without duplicates.

    python benchmarks/crash_trials.py                 # 60 import + 20 OCR + 25 export trials
    python benchmarks/crash_trials.py --import 5 --ocr 0 --export 3 --seed 7

The processes are started in their own process group and the whole group is killed (as an
"end process tree" or a power cut would), so OCR worker processes die with their parent.
Kill moments are drawn uniformly over the time an uninterrupted run takes (measured first).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

FONT = ROOT / "resources" / "fonts" / "wqy-microhei.ttc"
EXPORT_SAMPLES = ("alipay.csv", "whatsapp_android_en.txt")
ME = "Li Wei"  # the victim's name in the WhatsApp sample
KINDS = ("import", "ocr", "export")
DEFAULT_COUNTS = {"import": 60, "ocr": 20, "export": 25}


# ----------------------------------------------------------------------- the child
def _child(argv: list[str]) -> None:
    """Runs in the killed process: do one piece of work, printing 'ready' first."""
    kind, case = argv[0], Path(argv[1])
    from victimkit.store.case import CaseStore

    store = CaseStore.open(case)
    if kind == "import":
        from victimkit.intake.files import import_files

        print("ready", flush=True)
        import_files(store, [Path(p) for p in argv[2:]], me=ME)
    elif kind == "ocr":
        from victimkit.ocr.run import ocr_evidence

        print("ready", flush=True)
        ocr_evidence(store, engine="rapidocr", jobs=int(argv[2]))
    elif kind == "export":
        from victimkit.dossier.export import export_case

        out = Path(argv[2])
        print("ready", flush=True)
        export_case(store, out / "dossier.pdf", bundle_path=out / "bundle.zip")
    store.close()
    print("done", flush=True)


def _spawn(args: list[str]) -> subprocess.Popen:
    env = {**os.environ, "VICTIMKIT_LANG": "en", "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), "--child", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,  # its own process group: OCR workers die with it
    )


def run_child(args: list[str], *, kill_after: float | None) -> tuple[bool, float]:
    """Run a child; kill its process group ``kill_after`` seconds after it is ready.

    Returns (killed while working, seconds from ready to exit or kill)."""
    proc = _spawn(args)
    line = proc.stdout.readline().strip()
    if line != b"ready":
        proc.wait()
        raise RuntimeError(f"child failed before work: {proc.stderr.read().decode()[-2000:]}")
    t0 = time.perf_counter()
    if kill_after is None:
        _out, err = proc.communicate()
        if proc.returncode != 0:
            raise RuntimeError(f"child failed: {err.decode()[-2000:]}")
        return False, time.perf_counter() - t0
    try:
        proc.wait(timeout=kill_after)
        killed = False
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        killed = True
    elapsed = time.perf_counter() - t0
    proc.stdout.close()
    proc.stderr.close()
    return killed, elapsed


# ----------------------------------------------------------------------- inputs
def make_sources(folder: Path, n_images: int = 10, size=(540, 1200)) -> list[Path]:
    """Phone-like screenshots with Chinese text, and two real export samples."""
    from PIL import Image, ImageDraw, ImageFont

    folder.mkdir(parents=True, exist_ok=True)
    font = ImageFont.truetype(str(FONT), 30)
    out = []
    for i in range(n_images):
        im = Image.new("RGB", size, (237, 237, 237))
        d = ImageDraw.Draw(im)
        d.text((20, 10), "23:35", font=font, fill=(20, 20, 20))
        for j, text in enumerate(
            [
                f"第{i}张截图 客服",
                "转账 ¥ 1,130.00",
                f"订单号 2024101423{i:04d}",
                "对方账户 6222021001123456",
            ]
        ):
            d.text((40, 120 + 70 * j), text, font=font, fill=(20, 20, 20))
        p = folder / f"Screenshot_20241014-23{i // 60:02d}{i % 60:02d}.png"
        im.save(p)
        out.append(p)
    for name in EXPORT_SAMPLES:
        p = folder / name
        shutil.copyfile(ROOT / "tests" / "data" / "exports" / name, p)
        out.append(p)
    return out


def new_case(path: Path):
    from victimkit.store.case import CaseStore

    return CaseStore.create(path, title="crash trial", timezone="Asia/Shanghai")


def copy_case(src: Path, dest: Path) -> None:
    shutil.copytree(src, dest)


# ----------------------------------------------------------------------- checks
@dataclass
class Trial:
    kind: str
    n: int
    delay: float
    killed: bool = False
    before: int = 0  # items (evidence / OCR results / finished exports) before the run
    after_kill: int = 0  # after the kill
    verify_ok: bool = False
    half_written: list[str] = field(default_factory=list)
    lost: int = 0
    leftovers: int = 0  # temporary files left by the kill (cleaned when the case is opened)
    leftovers_after: int = 0  # temporary files still there after the re-run
    resumed_ok: bool = False
    duplicates: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (
            self.verify_ok
            and not self.half_written
            and not self.lost
            and self.resumed_ok
            and not self.duplicates
            and not self.problems
        )


def _scalar(store, sql, params=()):
    return store.db.execute(sql, params).fetchone()[0]


def snapshot(case: Path) -> dict:
    """What the case holds, by content: {sha: bytes-ok}, OCR results, parsed rows, thumbnails."""
    from victimkit.store.case import CaseStore

    with CaseStore.open(case, read_only=True) as store:
        ev = {e.sha256: e for e in store.list_evidence()}
        tables = set(store.db.table_names())
        ocr = {}
        if "ocr_results" in tables:
            for _rid, ev_id, n in store.db.execute(
                "SELECT r.id, r.evidence_id, (SELECT COUNT(*) FROM ocr_lines l WHERE l.ocr_result_id = r.id)"
                " FROM ocr_results r"
            ).fetchall():
                ocr.setdefault(ev_id, []).append(n)
        parsed = {}
        for table in ("messages", "transactions"):
            for ev_id, n in store.db.execute(
                f"SELECT evidence_id, COUNT(*) FROM {table} WHERE origin = 'export' GROUP BY evidence_id"
            ).fetchall():
                parsed[(table, ev_id)] = n
        sha_by_id = {e.id: s for s, e in ev.items()}
        return {
            "evidence": {s: e.original_name for s, e in ev.items()},
            "ocr": {sha_by_id[k]: v for k, v in ocr.items()},
            "parsed": {(t, sha_by_id[i]): n for (t, i), n in parsed.items()},
            "exports": _scalar(
                store, "SELECT COUNT(*) FROM audit WHERE action = 'dossier_exported'"
            ),
            "rows": _scalar(store, "SELECT COUNT(*) FROM evidence"),
        }


def check_case(
    case: Path, trial: Trial, *, sources: dict[str, bytes] | None, after: bool = False
) -> None:
    """verify passes; originals byte-exact; thumbnails whole; leftovers counted."""
    from PIL import Image

    from victimkit.store.case import CaseStore
    from victimkit.store.verify import verify_case

    report = verify_case(case)
    trial.verify_ok = report.ok
    trial.problems += report.problems
    left = len(report.notes)
    with CaseStore.open(case, read_only=True) as store:
        for ev in store.list_evidence():
            data = store.original_path(ev).read_bytes()
            if sources is not None and data != sources.get(ev.original_name):
                trial.half_written.append(f"{ev.exhibit}: original differs from its source")
    for p in (case / "derived").rglob("*"):
        if p.suffix == ".part":
            left += 1
        elif p.suffix == ".jpg":
            try:
                with Image.open(p) as im:
                    im.load()
            except Exception as exc:
                trial.half_written.append(f"{p.name}: thumbnail not whole ({exc})")
    if after:
        trial.leftovers_after += left
    else:
        trial.leftovers += left


def check_consistent(snap: dict, full: dict, trial: Trial) -> None:
    """Whatever is in the case is whole: OCR results have all their lines, parsed exports all rows."""
    for sha, counts in snap["ocr"].items():
        want = full["ocr"].get(sha, [None])[0]
        for n in counts:
            if want is not None and n != want:
                trial.half_written.append(
                    f"OCR result of {sha[:8]} has {n} lines, a whole one {want}"
                )
    for key, n in snap["parsed"].items():
        if n != full["parsed"].get(key):
            trial.half_written.append(
                f"{key[0]} of {key[1][:8]}: {n} rows, whole {full['parsed'].get(key)}"
            )
    for sha in snap["evidence"]:
        for table in ("messages", "transactions"):
            if (table, sha) in full["parsed"] and (table, sha) not in snap["parsed"]:
                trial.half_written.append(
                    f"{table} of {sha[:8]} missing although its evidence row exists"
                )


def check_complete(snap: dict, full: dict, trial: Trial) -> None:
    """After the re-run: the same as an uninterrupted run, nothing twice."""
    trial.duplicates += snap["rows"] - len(snap["evidence"])
    trial.duplicates += sum(len(v) - 1 for v in snap["ocr"].values() if len(v) > 1)
    same = (
        set(snap["evidence"]) == set(full["evidence"])
        and {k: v[:1] for k, v in snap["ocr"].items()} == {k: v[:1] for k, v in full["ocr"].items()}
        and snap["parsed"] == full["parsed"]
    )
    trial.resumed_ok = same
    if not same:
        trial.problems.append("re-run did not give the same case as an uninterrupted run")


def pdf_whole(path: Path) -> bool:
    data = path.read_bytes()
    return data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]


# ----------------------------------------------------------------------- the trials
def prepare(work: Path, *, n_images: int = 10, kinds=KINDS) -> dict:
    """Sources, and the reference results of uninterrupted runs of each kind (with timings).

    Without OCR trials, the export trials start from the imported case (no OCR run at all)."""
    from victimkit.intake.files import import_files

    src = work / "phone"
    files = make_sources(src, n_images=n_images)
    sources = {p.name: p.read_bytes() for p in files}
    ref = {"files": files, "sources": sources}

    # the base case: three items imported before the interrupted run (they must never be lost)
    base = work / "base"
    with new_case(base) as store:
        import_files(store, files[:3], me=ME)
    ref["base"] = base

    full = work / "full-import"
    copy_case(base, full)
    _killed, ref["t_import"] = run_child(["import", full, *files], kill_after=None)
    ref["full_import"] = snapshot(full)

    # the OCR base: everything imported, nothing read
    ref["ocr_base"] = full
    full_ocr = work / "full-ocr"
    copy_case(full, full_ocr)
    if "ocr" in kinds:
        _killed, ref["t_ocr"] = run_child(["ocr", full_ocr, 2], kill_after=None)
    else:
        ref["t_ocr"] = 0.0
    ref["full_ocr"] = snapshot(full_ocr)

    # the export base: imported and read
    ref["export_base"] = full_ocr
    full_exp = work / "full-export"
    copy_case(full_ocr, full_exp)
    out = work / "full-export-out"
    _killed, ref["t_export"] = run_child(["export", full_exp, out], kill_after=None)
    return ref


def trial_import(work: Path, ref: dict, n: int, rng: random.Random) -> Trial:
    case = work / f"import-{n:03d}"
    copy_case(ref["base"], case)
    before = snapshot(case)
    t = Trial("import", n, rng.uniform(0.0, ref["t_import"]))
    t.before = len(before["evidence"])
    t.killed, _ = run_child(["import", case, *ref["files"]], kill_after=t.delay)
    check_case(case, t, sources=ref["sources"])
    snap = snapshot(case)
    t.after_kill = len(snap["evidence"])
    t.lost = len(set(before["evidence"]) - set(snap["evidence"]))
    check_consistent(snap, ref["full_import"], t)
    run_child(["import", case, *ref["files"]], kill_after=None)  # resume
    check_case(case, t, sources=ref["sources"], after=True)
    check_complete(snapshot(case), ref["full_import"], t)
    if not t.problems:
        shutil.rmtree(case, ignore_errors=True)
    return t


def trial_ocr_chain(
    work: Path, ref: dict, start: int, length: int, rng: random.Random
) -> list[Trial]:
    """Kill an OCR run, check, run again and kill again ... then let the last run finish."""
    case = work / f"ocr-{start:03d}"
    copy_case(ref["ocr_base"], case)
    trials = []
    images = len(ref["full_ocr"]["ocr"])
    for i in range(length):
        before = snapshot(case)
        left = max(images - len(before["ocr"]), 1) / images
        t = Trial("ocr", start + i, rng.uniform(0.0, ref["t_ocr"] * left))
        t.before = sum(len(v) for v in before["ocr"].values())
        t.killed, _ = run_child(["ocr", case, 2], kill_after=t.delay)
        check_case(case, t, sources=ref["sources"])
        snap = snapshot(case)
        t.after_kill = sum(len(v) for v in snap["ocr"].values())
        t.lost = len(set(before["ocr"]) - set(snap["ocr"])) + len(
            set(before["evidence"]) - set(snap["evidence"])
        )
        check_consistent(snap, ref["full_ocr"], t)
        t.duplicates += sum(len(v) - 1 for v in snap["ocr"].values() if len(v) > 1)
        trials.append(t)
    run_child(["ocr", case, 2], kill_after=None)  # resume to the end
    last = Trial("ocr", -1, 0.0)
    check_case(case, last, sources=ref["sources"], after=True)
    check_complete(snapshot(case), ref["full_ocr"], last)
    for t in trials:  # the chain resumes as a whole
        t.resumed_ok = last.resumed_ok and last.verify_ok
        t.duplicates += last.duplicates
        t.leftovers_after += last.leftovers_after
        t.problems += last.problems
    if all(t.ok for t in trials):
        shutil.rmtree(case, ignore_errors=True)
    return trials


def trial_export(work: Path, ref: dict, n: int, rng: random.Random) -> Trial:
    from victimkit.dossier.verify import verify_bundle

    case = work / f"export-{n:03d}"
    out = work / f"export-{n:03d}-out"
    copy_case(ref["export_base"], case)
    before = snapshot(case)
    t = Trial("export", n, rng.uniform(0.0, ref["t_export"]))
    t.before = before["exports"]
    t.killed, _ = run_child(["export", case, out], kill_after=t.delay)
    check_case(case, t, sources=ref["sources"])
    snap = snapshot(case)
    t.after_kill = snap["exports"]
    t.lost = len(set(before["evidence"]) - set(snap["evidence"]))
    check_consistent(snap, ref["full_ocr"], t)
    pdf, bundle = out / "dossier.pdf", out / "bundle.zip"
    if pdf.exists() and not pdf_whole(pdf):
        t.half_written.append("dossier.pdf is not a whole PDF")
    if bundle.exists():
        rep = verify_bundle(bundle)
        if not rep.ok:
            t.half_written.append("bundle.zip: " + "; ".join(rep.problems[:3]))
    if out.exists():
        t.leftovers += sum(1 for p in out.iterdir() if p.name.endswith(".part"))
    run_child(["export", case, out], kill_after=None)  # resume: export again
    check_case(case, t, sources=ref["sources"], after=True)
    rep = verify_bundle(bundle)
    t.resumed_ok = pdf_whole(pdf) and rep.ok and snapshot(case)["exports"] == t.after_kill + 1
    if not rep.ok:
        t.problems += rep.problems
    if t.ok:
        shutil.rmtree(case, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
    return t


def run_trials(
    work: Path,
    counts: dict[str, int],
    *,
    seed: int = 20241014,
    on_trial=None,
    n_images: int = 10,
) -> list[Trial]:
    work.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    ref = prepare(work, n_images=n_images, kinds=[k for k in KINDS if counts.get(k)])
    trials: list[Trial] = []

    def done(t: Trial) -> None:
        trials.append(t)
        if on_trial:
            on_trial(t)

    for n in range(counts.get("import", 0)):
        done(trial_import(work, ref, n, rng))
    n_ocr = counts.get("ocr", 0)
    start = 0
    while start < n_ocr:
        length = min(5, n_ocr - start)
        for t in trial_ocr_chain(work, ref, start, length, rng):
            done(t)
        start += length
    for n in range(counts.get("export", 0)):
        done(trial_export(work, ref, n, rng))
    trials_ref = {k: round(ref[f"t_{k}"], 2) for k in KINDS}
    for t in trials:
        t.problems = list(dict.fromkeys(t.problems))
    run_trials.timings = trials_ref
    return trials


# ----------------------------------------------------------------------- report
def table(trials: list[Trial]) -> str:
    rows = [
        "| kind | trials | killed mid-work | verify passed | half-written | lost | temp files left by the kill | temp files after re-run | resumed, no duplicates |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for kind in KINDS:
        ts = [t for t in trials if t.kind == kind]
        if not ts:
            continue
        rows.append(
            f"| {kind} | {len(ts)} | {sum(t.killed for t in ts)} | {sum(t.verify_ok for t in ts)} "
            f"| {sum(bool(t.half_written) for t in ts)} | {sum(t.lost for t in ts)} "
            f"| {sum(t.leftovers for t in ts)} | {sum(t.leftovers_after for t in ts)} "
            f"| {sum(t.resumed_ok and not t.duplicates for t in ts)} |"
        )
    ts = trials
    rows.append(
        f"| all | {len(ts)} | {sum(t.killed for t in ts)} | {sum(t.verify_ok for t in ts)} "
        f"| {sum(bool(t.half_written) for t in ts)} | {sum(t.lost for t in ts)} "
        f"| {sum(t.leftovers for t in ts)} | {sum(t.leftovers_after for t in ts)} "
        f"| {sum(t.resumed_ok and not t.duplicates for t in ts)} |"
    )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        _child(argv[1:])
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--import", dest="n_import", type=int, default=DEFAULT_COUNTS["import"])
    ap.add_argument("--ocr", dest="n_ocr", type=int, default=DEFAULT_COUNTS["ocr"])
    ap.add_argument("--export", dest="n_export", type=int, default=DEFAULT_COUNTS["export"])
    ap.add_argument("--seed", type=int, default=20241014)
    ap.add_argument("--workdir", type=Path, default=None)
    ap.add_argument("--json", type=Path, default=None, help="Also write every trial here.")
    args = ap.parse_args(argv)
    import tempfile

    work = args.workdir or Path(tempfile.mkdtemp(prefix="vk-crash-"))
    started = time.perf_counter()

    def show(t: Trial) -> None:
        flag = "ok" if t.ok else "FAIL " + "; ".join((t.half_written + t.problems)[:3])
        print(
            f"{t.kind:<6} #{t.n:<3} kill at {t.delay:5.2f}s  killed={int(t.killed)} "
            f"items {t.before}->{t.after_kill}  leftovers={t.leftovers}  {flag}",
            flush=True,
        )

    trials = run_trials(
        work,
        {"import": args.n_import, "ocr": args.n_ocr, "export": args.n_export},
        seed=args.seed,
        on_trial=show,
    )
    print()
    print(f"uninterrupted run times (s): {run_trials.timings}")
    print(table(trials))
    print(f"\n{len(trials)} trials in {time.perf_counter() - started:.0f} s; work folder {work}")
    if args.json:
        args.json.write_text(
            json.dumps([t.__dict__ | {"ok": t.ok} for t in trials], indent=1, default=str)
        )
    failed = [t for t in trials if not t.ok]
    for t in failed:
        print(f"FAILED {t.kind} #{t.n}: {t.half_written + t.problems}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
