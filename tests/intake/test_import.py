"""Intake: byte-exact, read-only originals; type from content; bad input reported, never lost."""

from __future__ import annotations

import io
import json
import os
import stat

import pytest
from PIL import Image

from victimkit.intake.files import import_files
from victimkit.store.blobs import sha256_file

from ..conftest import screenshot


def test_original_is_byte_exact_and_read_only(store, shot):
    src = shot()
    report = import_files(store, [src])
    assert report.ok and len(report.new_ids) == 1
    ev = store.evidence(report.new_ids[0])
    stored = store.original_path(ev)
    assert stored.read_bytes() == src.read_bytes()
    assert ev.sha256 == sha256_file(src)
    assert stored.parent.name == ev.sha256[:2] and stored.name == f"{ev.sha256}.png"
    assert not os.stat(stored).st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    assert (ev.kind, ev.media_type, ev.width, ev.height) == ("image", "image/png", 1080, 2400)
    assert store.thumbnail_path(ev.sha256).is_file()


def test_capture_time_from_screenshot_name(store, shot):
    src = shot(name="Screenshot_20241014-233505.png")
    ev = store.evidence(import_files(store, [src]).new_ids[0])
    assert ev.captured_at_source == "filename"
    assert ev.captured_at.isoformat() == "2024-10-14T15:35:05+00:00"  # 23:35:05 in Asia/Shanghai


def test_type_from_content_not_extension(store, tmp_path):
    fake_png = tmp_path / "notes.png"
    fake_png.write_text("this is a text file renamed to .png\n", encoding="utf-8")
    real_png = tmp_path / "photo.txt"
    screenshot(["hello"], size=(300, 400)).save(real_png, "PNG")
    report = import_files(store, [fake_png, real_png])
    assert report.ok
    kinds = {store.evidence(i).original_name: store.evidence(i).kind for i in report.new_ids}
    assert kinds == {"notes.png": "document", "photo.txt": "image"}


def test_duplicate_stored_once_and_second_source_recorded(store, shot, tmp_path):
    src = shot()
    copy = tmp_path / "elsewhere" / "copy.png"
    copy.parent.mkdir()
    copy.write_bytes(src.read_bytes())
    report = import_files(store, [src, copy])
    assert len(report.new_ids) == 1
    assert [i.duplicate for i in report.items] == [False, True]
    sources = store.sources(report.new_ids[0])
    assert [s["original_name"] for s in sources] == ["copy.png"]
    assert len(list((store.originals_dir).rglob("*.png"))) == 1


def test_folders_are_walked_recursively(store, shot, tmp_path):
    a = shot(name="a.png")
    (a.parent / "sub").mkdir()
    screenshot(["第二张"], size=(200, 300)).save(a.parent / "sub" / "b.jpg", "JPEG")
    (a.parent / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    report = import_files(store, [a.parent])
    names = sorted(store.evidence(i).original_name for i in report.new_ids)
    assert names == ["a.png", "b.jpg"]


def test_symlinks_are_not_followed(store, shot, tmp_path):
    src = shot(name="real.png")
    folder = tmp_path / "withlink"
    folder.mkdir()
    (folder / "link.png").symlink_to(src)
    report = import_files(store, [folder])
    assert report.new_ids == []
    assert "symbolic link" in report.skipped[0][1]


@pytest.fixture
def bad_inputs(tmp_path):
    """The bad-input set: each file with the outcome victimkit must give."""
    d = tmp_path / "bad"
    d.mkdir()
    good = io.BytesIO()
    screenshot(["截断"], size=(600, 900)).save(good, "PNG")
    (d / "empty.png").write_bytes(b"")
    (d / "truncated.png").write_bytes(good.getvalue()[: len(good.getvalue()) // 2])
    jpg = io.BytesIO()
    screenshot(["截断"], size=(600, 900)).save(jpg, "JPEG", quality=90)
    (d / "truncated.jpg").write_bytes(jpg.getvalue()[: len(jpg.getvalue()) // 2])
    (d / "text.png").write_text("我不是图片", encoding="utf-8")
    Image.new("L", (20000, 20000)).save(
        d / "bomb.png", optimize=True
    )  # 400 MP of one colour, a few KB
    Image.new("I;16", (64, 64), 40000).save(d / "sixteen.png")
    Image.new("CMYK", (64, 64), (0, 128, 255, 0)).save(d / "cmyk.jpg")
    frames = [Image.new("P", (32, 32), i * 40) for i in range(3)]
    frames[0].save(d / "anim.gif", save_all=True, append_images=frames[1:], duration=100, loop=0)
    rotated = Image.new("RGB", (400, 200), "white")
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° CW to display
    exif.get_ifd(0x8769)[0x9003] = "2024:10:14 23:35:05"
    rotated.save(d / "rotated.jpg", exif=exif)
    screenshot(["表情"], size=(100, 100)).save(d / "截图🙂_微信.png")
    return d


def test_bad_input_set(store, bad_inputs):
    report = import_files(store, [bad_inputs])
    rejected = {e.path.name: e.reason for e in report.rejected}
    assert set(rejected) == {"empty.png"}
    assert "empty" in rejected["empty.png"]
    by_name = {
        store.evidence(i.evidence_id).original_name: store.evidence(i.evidence_id)
        for i in report.items
    }
    assert set(by_name) == {
        "truncated.png",
        "truncated.jpg",
        "text.png",
        "bomb.png",
        "sixteen.png",
        "cmyk.jpg",
        "anim.gif",
        "rotated.jpg",
        "截图🙂_微信.png",
    }
    assert any("truncated" in p for p in by_name["truncated.png"].problems)
    assert any("truncated" in p for p in by_name["truncated.jpg"].problems)
    assert by_name["text.png"].kind == "document" and not by_name["text.png"].problems
    assert any("megapixels" in p for p in by_name["bomb.png"].problems)
    for ok in ("sixteen.png", "cmyk.jpg", "anim.gif", "rotated.jpg", "截图🙂_微信.png"):
        assert by_name[ok].problems == (), ok
        assert store.thumbnail_path(by_name[ok].sha256).is_file(), ok
    rot = by_name["rotated.jpg"]
    assert (rot.width, rot.height) == (400, 200)  # the stored facts are of the untouched original
    assert rot.captured_at_source == "exif"
    assert rot.captured_at.isoformat() == "2024-10-14T15:35:05+00:00"  # 23:35:05 in the case zone
    thumb = Image.open(store.thumbnail_path(rot.sha256))
    assert thumb.height > thumb.width  # the thumbnail is shown upright
    # every kept file is byte-exact, problems or not
    for ev in by_name.values():
        src = bad_inputs / ev.original_name
        assert store.original_path(ev).read_bytes() == src.read_bytes()


def test_unreadable_path_rejected_rest_kept(store, shot, tmp_path):
    good = shot()
    report = import_files(store, [tmp_path / "nope.png", good])
    assert [e.path.name for e in report.rejected] == ["nope.png"]
    assert "not found" in report.rejected[0].reason
    assert len(report.new_ids) == 1


def test_other_files_kept_never_opened(store, tmp_path):
    apk = tmp_path / "reward.apk"
    apk.write_bytes(b"PK\x03\x04" + b"\x00" * 26 + b"AndroidManifest.xml" + os.urandom(200))
    pdf = tmp_path / "contract.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    report = import_files(store, [apk, pdf])
    kinds = {
        store.evidence(i).original_name: (store.evidence(i).kind, store.evidence(i).ext)
        for i in report.new_ids
    }
    assert kinds["reward.apk"] == ("other", "apk")
    assert kinds["contract.pdf"][0] == "document"


def test_heic_is_read(store, tmp_path):
    pillow_heif = pytest.importorskip("pillow_heif")
    path = tmp_path / "IMG_0001.HEIC"
    im = screenshot(["苹果"], size=(300, 600))
    heif = pillow_heif.from_pillow(im)
    heif.save(path, quality=60)
    ev = store.evidence(import_files(store, [path]).new_ids[0])
    assert (ev.kind, ev.media_type, ev.width, ev.height) == ("image", "image/heic", 300, 600)


def test_every_import_is_audited(store, shot):
    import_files(store, [shot()])
    actions = [r["action"] for r in store.db["audit"].rows_where(order_by="seq")]
    assert actions == ["case_created", "evidence_added"]
    details = json.loads(
        next(iter(store.db["audit"].rows_where("action = 'evidence_added'")))["details"]
    )
    assert details["table"] == "evidence" and len(details["digest"]) == 64


def test_duplicate_under_another_extension_leaves_no_second_copy(store, tmp_path):
    from victimkit.store.verify import verify_case

    data = "交易时间,金额\n2024-01-15 10:20:31,5000.00\n".encode()
    (tmp_path / "bill.csv").write_bytes(data)
    (tmp_path / "0").write_bytes(data)
    report = import_files(store, [tmp_path / "bill.csv", tmp_path / "0"])
    assert [i.duplicate for i in report.items] == [False, True]
    assert len([p for p in store.originals_dir.rglob("*") if p.is_file()]) == 1
    assert verify_case(store.root).ok


def test_a_file_failing_mid_commit_leaves_no_row_and_the_others_commit(store, shot, monkeypatch):
    """Rows are committed in batches; each file is rolled back alone to its savepoint."""
    from victimkit.intake import files
    from victimkit.store.verify import verify_case

    real_commit = files._commit

    def flaky(store_, prep, **kw):
        item = real_commit(store_, prep, **kw)  # its evidence row and audit entry are written
        if prep.path.name == "b.png":
            raise RuntimeError("a reader's bug after the row was written")
        return item

    monkeypatch.setattr(files, "_commit", flaky)
    paths = [shot(name=n, lines=[n]) for n in ("a.png", "b.png", "c.png")]
    progress = []
    report = import_files(store, paths, on_progress=lambda p: progress.append(p.done))
    assert [i.path.name for i in report.items] == ["a.png", "c.png"]
    assert [r.path.name for r in report.rejected] == ["b.png"]
    assert sorted(ev.original_name for ev in store.list_evidence()) == ["a.png", "c.png"]
    assert progress == [0, 1, 2, 3]
    store.recover()  # b.png's original has no row: removed, as after a crash
    assert verify_case(store.root).ok
