"""The dossier read as its readers read it: pdffonts, pdftotext, sha256sum -c, verify."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from tests.dossier.factory import PAYEES, make_case
from victimkit.dossier.export import export_case
from victimkit.dossier.verify import verify_bundle
from victimkit.intake.files import import_files

pytestmark = pytest.mark.skipif(
    not all(shutil.which(t) for t in ("pdffonts", "pdftotext", "sha256sum")),
    reason="poppler-utils and coreutils are needed (make sysdeps installs them)",
)


def pdftext(pdf: Path, *args: str) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *args, str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def page_count(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """One realistic case exported once (both languages, A4, with a bundle)."""
    base = tmp_path_factory.mktemp("dossier")
    store = make_case(base / "case", n_extra=1, chat_messages=30)
    result = export_case(
        store, base / "out" / "dossier.pdf", bundle_path=base / "out" / "bundle.zip", lang="both"
    )
    yield store, result, base
    store.close()


def test_every_font_is_embedded(exported):
    _store, result, _ = exported
    out = subprocess.run(
        ["pdffonts", str(result.pdf_path)], capture_output=True, text=True, check=True
    ).stdout
    rows = out.splitlines()[2:]
    assert rows, out
    for row in rows:
        # name type encoding emb sub uni object ID: "emb" is the 4th field from the right end
        assert row.split()[-5] == "yes", row


def test_pdf_text_has_payees_amounts_hashes_and_chinese_ocr(exported):
    store, result, _ = exported
    text = pdftext(result.pdf_path)
    flat = re.sub(r"\s+", "", text)
    for _name, account, bank, amount, _serial in PAYEES:
        assert account in flat
        assert bank in text
        assert f"{float(amount):,.2f}" in flat
    for ev in store.list_evidence():
        assert ev.sha256 in flat, ev.exhibit
    assert "系统显示您开通了直播会员" in flat  # OCR text of E-001, in Chinese
    assert "机器识别文字（OCR），可能有误；以图片为准。" in flat
    english = "Machine transcription (OCR) — may contain errors; the image is the evidence."
    assert re.sub(r"\s+", "", english) in flat
    assert result.manifest_sha256 in flat


def test_cover_leads_with_what_an_officer_needs(exported):
    _store, result, _ = exported
    cover = re.sub(r"\s+", "", pdftext(result.pdf_path, "-f", "1", "-l", "1"))
    assert "陈静" in cover and "13800138000" in cover
    assert "CNY21,400.50" in cover  # 5000 + 12800 + 3600.50
    for _name, account, *_ in PAYEES:
        assert account in cover
    assert result.manifest_sha256 in cover
    assert "8/8" in cover or f"{result.verified_ok}/{result.verified_total}" in cover


def test_every_page_has_case_id_page_x_of_y_and_short_hash(exported):
    store, result, _ = exported
    n = page_count(result.pdf_path)
    assert n == result.pages
    case_id = store.info().id
    for page in (1, n // 2, n):
        text = pdftext(result.pdf_path, "-f", str(page), "-l", str(page))
        assert case_id in text
        assert f"page {page} of {n}" in text
        assert f"第 {page} 页，共 {n} 页" in text
        assert result.manifest_sha256[:16] in text


def test_each_exhibit_starts_a_page_and_pages_track_exhibits(tmp_path):
    def export(extra: int) -> tuple[int, int]:
        root = tmp_path / f"case{extra}"
        store = make_case(root, n_extra=extra, chat_messages=5, work=tmp_path / f"phone{extra}")
        r = export_case(store, tmp_path / f"d{extra}.pdf", lang="en")
        store.close()
        return r.pages, r.exhibits

    pages_a, ex_a = export(0)
    pages_b, ex_b = export(3)
    assert ex_b - ex_a == 3
    assert pages_b - pages_a == 3  # one page per screenshot exhibit
    text = pdftext(tmp_path / "d3.pdf")
    for n in range(1, ex_b + 1):
        assert f"Exhibit E-{n:03d}" in text


def test_bundle_verifies_and_sha256sum_accepts_it(exported, tmp_path):
    store, result, _ = exported
    report = verify_bundle(result.bundle_path)
    assert report.ok, report.problems
    with zipfile.ZipFile(result.bundle_path) as zf:
        names = zf.namelist()
        zf.extractall(tmp_path / "x")
        for required in (
            "README.txt",
            "manifest.json",
            "SHA256SUMS",
            "custody_log.jsonl",
            "case.json",
            "report/dossier.pdf",
        ):
            assert required in names
        chinese = [i for i in zf.infolist() if not i.filename.isascii()]
        assert chinese and all(i.flag_bits & 0x800 for i in chinese)  # UTF-8 names flagged
    run = subprocess.run(
        ["sha256sum", "-c", "SHA256SUMS"], cwd=tmp_path / "x", capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout + run.stderr
    # originals are byte-identical to the case's
    for ev in store.list_evidence():
        copy = next((tmp_path / "x" / "originals").glob(f"{ev.exhibit}_*"))
        assert copy.read_bytes() == store.original_path(ev).read_bytes()
    manifest = (tmp_path / "x" / "manifest.json").read_bytes()
    assert hashlib.sha256(manifest).hexdigest() == result.manifest_sha256
    records = json.loads(manifest)["files"]
    assert {r["role"] for r in records} >= {"original", "derived", "case"}


def _rewrite(src: Path, dest: Path, change) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            data = change(info.filename, data)
            if data is not None:
                zout.writestr(info, data)


@pytest.mark.parametrize(
    "target",
    [
        "originals/E-002_Screenshot_20241014-234010.png",
        "report/dossier.pdf",
        "manifest.json",
        "case.json",
        "custody_log.jsonl",
        "derived/E-001.ocr.txt",
    ],
)
def test_one_changed_byte_is_found_and_named(exported, tmp_path, target):
    _store, result, _ = exported

    def flip(name, data):
        if name != target:
            return data
        i = len(data) // 2
        return data[:i] + bytes([data[i] ^ 0x01]) + data[i + 1 :]

    bad = tmp_path / "bad.zip"
    _rewrite(result.bundle_path, bad, flip)
    report = verify_bundle(bad)
    assert not report.ok
    assert any(target in p for p in report.problems), report.problems


def test_removed_and_added_files_are_named(exported, tmp_path):
    _store, result, _ = exported
    bad = tmp_path / "bad.zip"
    _rewrite(result.bundle_path, bad, lambda n, d: None if n == "derived/E-001.ocr.json" else d)
    with zipfile.ZipFile(bad, "a") as zf:
        zf.writestr("originals/E-099_extra.png", b"not evidence")
    problems = verify_bundle(bad).problems
    assert any("derived/E-001.ocr.json" in p for p in problems)
    assert any("originals/E-099_extra.png" in p for p in problems)


def test_hostile_zips_are_refused_without_extracting(tmp_path):
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("../../etc/passwd", b"x")
        zf.writestr("/abs/path.txt", b"x")
        zf.writestr("C:/windows.txt", b"x")
        zf.writestr("dup.txt", b"one")
        zf.writestr("dup.txt", b"two")
        zf.writestr("bomb.bin", b"\0" * (64 * 1024 * 1024))  # 64 MB of zeros in ~64 KB
    report = verify_bundle(evil)
    text = "\n".join(report.problems)
    assert "../../etc/passwd" in text and "/abs/path.txt" in text and "C:/windows.txt" in text
    assert "dup.txt" in text
    assert "bomb.bin" in text and "bomb" in text
    assert not (tmp_path.parent / "etc").exists()
    assert verify_bundle(tmp_path / "nothing.zip").problems  # not a ZIP at all


def test_cli_export_and_verify(exported, tmp_path):
    store, _result, _ = exported
    from click.testing import CliRunner

    from victimkit.cli import main

    runner = CliRunner()
    pdf, bundle = tmp_path / "d.pdf", tmp_path / "b.zip"
    r = runner.invoke(
        main,
        [
            "export",
            str(store.root),
            "--pdf",
            str(pdf),
            "--bundle",
            str(bundle),
            "--lang",
            "zh",
            "--paper",
            "letter",
        ],
    )
    assert r.exit_code == 0, r.output
    assert pdf.is_file() and bundle.is_file()
    size = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "612 x 792" in size  # US Letter
    r = runner.invoke(main, ["verify", str(bundle)])
    assert r.exit_code == 0, r.output
    r = runner.invoke(main, ["verify", str(store.root)])
    assert r.exit_code == 0, r.output  # the folder goes to verify_case, as before
    data = bytearray(bundle.read_bytes())
    with zipfile.ZipFile(bundle) as zf:
        info = zf.getinfo("report/dossier.pdf")  # stored, so its bytes sit in the file as they are
        start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + 1000
    data[start] ^= 0xFF
    bundle.write_bytes(bytes(data))
    r = runner.invoke(main, ["verify", str(bundle)])
    assert r.exit_code == 1
    assert "report/dossier.pdf" in r.output


def test_export_is_in_the_audit_chain(exported):
    store, _result, _ = exported
    actions = [r["action"] for r in store.db["audit"].rows_where(order_by="seq")]
    assert "dossier_export_started" in actions and "dossier_exported" in actions
    assert actions.index("dossier_export_started") < actions.index("dossier_exported")
    last = next(
        r for r in store.db["audit"].rows_where("action = 'dossier_exported'", order_by="seq desc")
    )
    assert json.loads(last["details"])["manifest_sha256"]
    from victimkit.store.verify import verify_case

    assert verify_case(store.root).ok


def test_selection_redaction_and_id_masking(tmp_path):
    store = make_case(tmp_path / "case", chat_messages=5)
    store.update_case(victim_contact="138 0013 8000")
    # redact the payee account line of E-001 (the chat) and keep only E-001 and E-002
    line = store.db.execute(
        "SELECT x0, y0, x1, y1 FROM ocr_lines WHERE evidence_id = 1 AND text LIKE '%安全账户%'"
    ).fetchone()
    before = store.original_path(store.evidence(1)).read_bytes()
    r = export_case(
        store,
        tmp_path / "d.pdf",
        bundle_path=tmp_path / "b.zip",
        lang="en",
        exhibits=["E-001", 2],
        redactions={"E-001": [line]},
    )
    assert r.exhibits == 2
    assert store.original_path(store.evidence(1)).read_bytes() == before  # original untouched
    text = re.sub(r"\s+", "", pdftext(tmp_path / "d.pdf"))
    assert "请转账到安全账户" not in text  # the redacted line is not in the transcript
    assert "[redacted]" in text
    assert "2of" in text or "2of8" in text  # "This dossier holds 2 of the N items"
    assert "E-003_" not in text
    with zipfile.ZipFile(tmp_path / "b.zip") as zf:
        names = zf.namelist()
    assert "derived/E-001.redacted.jpg" in names
    assert not any(n.startswith("originals/E-003") for n in names)
    assert verify_bundle(tmp_path / "b.zip").ok
    started = next(store.db["audit"].rows_where("action = 'dossier_export_started'"))
    assert json.loads(started["details"])["redactions"][0]["box"] == list(line)
    store.close()


def test_converted_formats_go_in_as_derived_copies(tmp_path, store):
    """CMYK, 16-bit and TIFF originals are shown through a converted copy; the original stays."""
    src = tmp_path / "in"
    src.mkdir()
    Image.new("CMYK", (400, 800), (0, 80, 80, 0)).save(src / "cmyk.jpg")
    Image.new("I;16", (300, 600), 40000).save(src / "deep.png")
    Image.new("RGB", (500, 300), (10, 120, 200)).save(src / "scan.tiff")
    rep = import_files(store, [src])
    assert rep.ok, rep.rejected
    r = export_case(store, tmp_path / "d.pdf", bundle_path=tmp_path / "b.zip", lang="zh")
    assert r.exhibits == 3
    with zipfile.ZipFile(tmp_path / "b.zip") as zf:
        converted = [n for n in zf.namelist() if n.endswith(".converted.jpg")]
    assert len(converted) >= 2  # CMYK and TIFF at least; 16-bit too
    assert verify_bundle(tmp_path / "b.zip").ok
    text = pdftext(tmp_path / "d.pdf")
    assert "CMYK → RGB" in text


def test_id_number_is_masked_unless_chosen(tmp_path, monkeypatch):
    store = make_case(tmp_path / "case", chat_messages=3)
    from victimkit.analysis import summary as summary_mod

    real = summary_mod.case_summary

    def with_id(s):
        out = real(s)
        out["reporter"] = {"id_number": "110101199003077777"}
        return out

    monkeypatch.setattr(summary_mod, "case_summary", with_id)
    export_case(store, tmp_path / "masked.pdf", lang="en")
    masked = re.sub(r"\s+", "", pdftext(tmp_path / "masked.pdf"))
    assert "110101199003077777" not in masked and "110101********7777" in masked
    export_case(store, tmp_path / "shown.pdf", lang="en", show_id_number=True)
    assert "110101199003077777" in re.sub(r"\s+", "", pdftext(tmp_path / "shown.pdf"))
    store.close()


def test_a_persons_caption_and_category_are_printed_with_the_exhibit(tmp_path):
    import subprocess

    from victimkit.dossier.export import export_case
    from victimkit.intake.files import import_files
    from victimkit.store.case import CaseStore

    from ..conftest import screenshot

    shot = tmp_path / "Screenshot_20241014-233505.png"
    screenshot(["转账成功 ¥5,000.00"], size=(540, 1200)).save(shot)
    with CaseStore.create(tmp_path / "case", title="caption") as store:
        (eid,) = import_files(store, [shot]).new_ids
        store.correct("evidence", eid, "caption", "对方发来的收款码截图")
        store.correct("evidence", eid, "category", "转账记录")
        export_case(store, tmp_path / "d.pdf", lang="zh")
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "d.pdf"), "-"], capture_output=True, text=True
    ).stdout
    assert "对方发来的收款码截图" in text and "转账记录" in text


def test_a_letter_avatars_initials_are_labelled_as_an_avatar_in_the_transcript(tmp_path):
    """The layout keeps a letter avatar's 客 as an OCR line tagged 'avatar' (no speaker): the
    exhibit's transcript says it is an avatar, so nobody reads it as something a person wrote."""
    store = make_case(tmp_path / "case", n_extra=0, chat_messages=5)
    try:
        ev = next(e for e in store.list_evidence() if e.kind == "image")
        (rid,) = store.insert(
            "ocr_results",
            [
                {
                    "evidence_id": ev.id,
                    "engine": "rapidocr",
                    "engine_version": "3.4.0",
                    "model": "test",
                    "settings": "{}",
                    "created_at": "2024-10-14T15:40:00Z",
                    "text": "客\n您好，我是官方客服",
                    "layout": "chat",
                }
            ],
            action="ocr_recorded",
            details={"evidence_id": ev.id},
        )
        lines = [
            ("客", None, "avatar", (20, 300, 80, 360)),
            ("您好，我是官方客服", "other", None, (120, 300, 600, 360)),
        ]
        store.insert(
            "ocr_lines",
            [
                {
                    "ocr_result_id": rid,
                    "evidence_id": ev.id,
                    "line_no": n,
                    "text": text,
                    "x0": box[0],
                    "y0": box[1],
                    "x1": box[2],
                    "y1": box[3],
                    "confidence": 0.9,
                    "speaker": speaker,
                    "tag": tag,
                    "message_no": None,
                }
                for n, (text, speaker, tag, box) in enumerate(lines)
            ],
            action="ocr_lines_recorded",
            details={"evidence_id": ev.id},
        )
        result = export_case(store, tmp_path / "out" / "dossier.pdf", lang="both")
        flat = re.sub(r"\s+", "", pdftext(result.pdf_path))
        assert "[头像/Avatar]客" in flat
        assert "[对方/Otherparty]您好，我是官方客服" in flat
    finally:
        store.close()
