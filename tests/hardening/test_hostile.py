"""Hostile input: what a phone, a scammer or a broken exporter can put in front of victimkit.

Every file is either kept (byte-exact, with a plain problem naming it) or rejected with a
message naming it; nothing crashes, nothing hangs, nothing already collected is lost, and
``verify`` still passes afterwards.
"""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import textwrap
import zipfile
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from victimkit.cli import main
from victimkit.errors import EvidenceFileError
from victimkit.intake import exports
from victimkit.intake.files import import_files
from victimkit.intake.images import read_image
from victimkit.store.case import CaseStore
from victimkit.store.verify import verify_case

from .conftest import jpeg_with_exif, png_bytes, png_chunk, tiff_ifd

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "exports"

ASCII, SHORT, LONG = 2, 3, 4


def _ascii(tag: int, text: bytes) -> tuple[int, int, int, bytes]:
    return (tag, ASCII, len(text) + 1, text + b"\x00")


def hostile_images() -> dict[str, bytes]:
    """name -> bytes; each breaks one assumption an image reader might make."""
    big_profile = zlib.compress(b"\x00" * (50 * 1024 * 1024))
    good = png_bytes(8, 8)
    out = {
        # 40000 × 40000 1-bit: 1.6 gigapixels from 6 kB
        "bomb_40000x40000.png": png_bytes(40000, 40000, bit_depth=1),
        "zero_by_zero.png": png_bytes(0, 0, idat=zlib.compress(b"")),
        "one_by_65535.png": png_bytes(1, 65535),
        "65535_by_one.png": png_bytes(65535, 1),
        "huge_iccp.png": png_bytes(8, 8, extra=png_chunk(b"iCCP", b"icc\x00\x00" + big_profile)),
        "huge_ztxt.png": png_bytes(
            8, 8, extra=png_chunk(b"zTXt", b"Comment\x00\x00" + big_profile)
        ),
        "many_text_chunks.png": png_bytes(
            8,
            8,
            extra=b"".join(png_chunk(b"tEXt", b"k%d\x00" % i + b"v" * 60000) for i in range(200)),
        ),
        "truncated.png": png_bytes(300, 300, colour=2)[:200],
        "bad_crc.png": good[:30] + bytes([good[30] ^ 0xFF]) + good[31:],
        "signature_only.png": b"\x89PNG\r\n\x1a\n",
        "huge_exif_make.jpg": jpeg_with_exif(tiff_ifd([_ascii(0x010F, b"A" * 60000)])),
        "orientation_65535.jpg": jpeg_with_exif(
            tiff_ifd([(0x0112, SHORT, 1, struct.pack("<H", 65535))])
        ),
        "orientation_text.jpg": jpeg_with_exif(tiff_ifd([_ascii(0x0112, b"six")])),
        "orientation_zero.jpg": jpeg_with_exif(tiff_ifd([(0x0112, SHORT, 1, b"\x00\x00")])),
        "orientation_count_huge.jpg": jpeg_with_exif(
            tiff_ifd([(0x0112, SHORT, 0x7FFFFFFF, struct.pack("<I", 26))])
        ),
        "exif_date_garbage.jpg": jpeg_with_exif(tiff_ifd([_ascii(0x0132, b"9999:99:99 99:99:99")])),
        "exif_date_zero.jpg": jpeg_with_exif(tiff_ifd([_ascii(0x0132, b"0000:00:00 00:00:00")])),
        "exif_date_bytes.jpg": jpeg_with_exif(tiff_ifd([_ascii(0x0132, b"\xff" * 19)])),
        # the Exif sub-IFD pointer points at the IFD itself: a loop
        "exif_ifd_loop.jpg": jpeg_with_exif(tiff_ifd([(0x8769, LONG, 1, struct.pack("<I", 8))])),
        "exif_offset_past_end.jpg": jpeg_with_exif(
            tiff_ifd([(0x8769, LONG, 1, struct.pack("<I", 0x7FFFFFF0))])
        ),
        "exif_not_tiff.jpg": jpeg_with_exif(b"XX\x00\x00garbage"),
        "gif_header_only.gif": b"GIF89a\xff\xff\xff\xff\x00\x00\x00",
        "webp_header_only.webp": b"RIFF\xff\xff\xff\x7fWEBPVP8 \x00\x00\x00\x00",
        "heic_header_only.heic": b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic",
        "bmp_huge_header.bmp": b"BM"
        + struct.pack("<IHHI", 54, 0, 0, 54)
        + struct.pack("<IiiHHIIiiII", 40, 60000, -60000, 1, 24, 0, 0, 0, 0, 0, 0),
        "tiff_loop.tiff": b"II*\x00\x08\x00\x00\x00\x01\x00"
        + struct.pack("<HHII", 256, 4, 1, 1)
        + struct.pack("<I", 8),
    }
    return out


def test_read_image_survives_every_hostile_image(tmp_path):
    for name, data in hostile_images().items():
        p = tmp_path / name
        p.write_bytes(data)
        facts = read_image(p, zone="Asia/Shanghai", thumb_to=tmp_path / "thumbs" / (name + ".jpg"))
        assert all(isinstance(x, str) and x for x in facts.problems), name
        if facts.width and facts.width * facts.height > 120_000_000:
            assert not facts.decoded and any("megapixels" in x for x in facts.problems), name
        if facts.orientation is not None:
            assert 1 <= facts.orientation <= 8, name


def test_hostile_images_are_kept_and_named(tmp_path, store, case_dir, shot):
    first = import_files(store, [shot(["之前收集的证据"], size=(360, 640))])
    folder = tmp_path / "hostile"
    folder.mkdir()
    images = hostile_images()
    for name, data in images.items():
        (folder / name).write_bytes(data)
    store.close()
    r = CliRunner().invoke(main, ["add", str(case_dir), str(folder), "--no-ocr"])
    assert r.exit_code == 0, r.output  # every file kept: none is rejected
    with CaseStore.open(case_dir) as s:
        kept = {ev.original_name: ev for ev in s.list_evidence()}
        for name, data in images.items():
            assert name in kept, name
            assert s.original_path(kept[name]).read_bytes() == data  # byte-exact
        assert first.new_ids[0] in [ev.id for ev in s.list_evidence()]  # nothing lost
    # the bad ones are named, with what is wrong
    for name in ("bomb_40000x40000.png", "huge_iccp.png", "truncated.png", "zero_by_zero.png"):
        assert any(name in line and "kept as" in line for line in r.output.splitlines()), (
            name,
            r.output,
        )
    assert "megapixels" in r.output
    report = verify_case(case_dir)
    assert report.ok, report.problems


def test_symbolic_links_fifos_and_loops_in_folders(tmp_path, store, case_dir, shot):
    folder = tmp_path / "phone"
    good = shot(["真的截图"], size=(360, 640))  # lives in tmp_path/phone
    secret = tmp_path / "secret.txt"
    secret.write_text("not evidence: a file elsewhere on the computer")
    (folder / "link_to_secret.txt").symlink_to(secret)
    (folder / "link_to_passwd").symlink_to("/etc/passwd")
    (folder / "loop").symlink_to(folder)
    (folder / "up").symlink_to("..")
    (folder / "dangling.png").symlink_to(tmp_path / "nowhere.png")
    sub = folder / "sub"
    sub.mkdir()
    (sub / "inner_link").symlink_to(good)
    os.mkfifo(folder / "pipe")  # opening it would block forever
    report = import_files(store, [folder])
    names = sorted(Path(p).name for p, _why in report.skipped)
    assert names == [
        "dangling.png",
        "inner_link",
        "link_to_passwd",
        "link_to_secret.txt",
        "loop",
        "up",
    ]
    assert all("symbolic link" in why for _p, why in report.skipped)
    assert [e.path.name for e in report.rejected] == ["pipe"]
    assert "not a regular file" in report.rejected[0].message
    kept = [ev.original_name for ev in store.list_evidence()]
    assert kept == [good.name]
    assert not any(
        store.original_path(ev).read_bytes() == secret.read_bytes() for ev in store.list_evidence()
    )
    # a symbolic link to a folder, given directly, is not followed either
    r2 = import_files(store, [folder / "loop"])
    assert r2.skipped and not r2.items


def test_names_that_are_not_utf8(tmp_path, store, case_dir):
    if sys.platform != "linux":
        pytest.skip("only Linux file systems take arbitrary bytes in names")
    folder = tmp_path / "phone"
    folder.mkdir()
    raw = os.fsencode(folder) + b"/\xff\xfe\xe4\xb8 bad.txt"
    with open(raw, "wb") as f:
        f.write(b"a note with a name that is not UTF-8\n")
    report = import_files(store, [folder])
    assert report.ok and len(report.items) == 1
    ev = store.list_evidence()[0]
    assert "\ufffd" in ev.original_name and ev.original_name.endswith(" bad.txt")
    meta = json.loads(store.db["evidence"].get(ev.id)["meta"])
    assert bytes.fromhex(meta["name_bytes_hex"]) == b"\xff\xfe\xe4\xb8 bad.txt"  # exact name kept
    store.close()
    assert verify_case(case_dir).ok
    r = CliRunner().invoke(main, ["show", str(case_dir)])
    assert r.exit_code == 0 and "bad.txt" in r.output


def test_invalid_utf8_inside_text_and_exports(tmp_path, store):
    folder = tmp_path / "phone"
    folder.mkdir()
    (folder / "note.txt").write_bytes(b"hello \xff\xfe\xc3 world\n" * 50)
    chat = (SAMPLES / "whatsapp_android_en.txt").read_bytes()
    mid = len(chat) // 2
    (folder / "whatsapp_broken.txt").write_bytes(chat[:mid] + b"\xff\xc3\x28\xa0\xa1" + chat[mid:])
    (folder / "half_utf16.txt").write_bytes("聊天记录".encode("utf-16-le")[:-1] + b"\x00\xd8")
    report = import_files(store, [folder], me="Li Wei")
    assert report.ok and len(report.items) == 3
    # the broken chat is still read: its messages are in the case
    chat_ev = next(i for i in report.items if i.path.name == "whatsapp_broken.txt")
    n = store.db.execute(
        "SELECT COUNT(*) FROM messages WHERE evidence_id = ?", [chat_ev.evidence_id]
    ).fetchone()[0]
    assert n > 0


def malformed_exports() -> dict[str, bytes]:
    alipay = (SAMPLES / "alipay.csv").read_bytes()
    tg = (SAMPLES / "telegram_full.json").read_bytes()
    memo_html = (SAMPLES / "wechat_memotrace.html").read_bytes()
    memo_csv = (SAMPLES / "wechat_memotrace.csv").read_bytes()
    lines = alipay.split(b"\n")
    return {
        "alipay_unbalanced_quote.csv": b"\n".join([*lines[:8], b'"' + lines[8], *lines[9:]]),
        "alipay_nul_bytes.csv": alipay.replace(b",", b",\x00", 5),
        "alipay_huge_field.csv": b"\n".join([*lines[:8], b'"' + b"x" * 300_000 + b'"', *lines[8:]]),
        "alipay_header_only.csv": b"\n".join(lines[:6]),
        "memotrace_huge_field.csv": memo_csv + b'\n"' + b"y" * 300_000 + b'",1,2\n',
        # an unclosed quote at the end of the header line: the field runs past csv's limit
        "memotrace_huge_header_field.csv": memo_csv[: memo_csv.index(b"\r\n") - 1]
        + b'"'
        + b"y" * 200_000
        + memo_csv[memo_csv.index(b"\r\n") - 1 :],
        "telegram_truncated.json": tg[: len(tg) // 2],
        "telegram_wrong_types.json": json.dumps(
            {"name": "x", "type": "personal_chat", "id": 1, "messages": 5}
        ).encode(),
        "telegram_wrong_message_types.json": json.dumps(
            {
                "name": "x",
                "type": "personal_chat",
                "id": 1,
                "messages": [1, "a", None, {"id": "x", "type": "message", "date": 7, "text": {}}],
            }
        ).encode(),
        "deeply_nested.json": b'{"messages": ' + b"[" * 200_000 + b"]" * 200_000 + b"}",
        "memotrace_broken_tags.html": memo_html.replace(b"</", b"<", 40)[: len(memo_html) * 2 // 3],
        "html_table_soup.html": b"<html><table>" + b"<tr><td>1<td>2<tr>" * 5000 + b"<table" * 3000,
        "instagram_bad.json": b'{"participants": [{"name": 5}], "messages": [{"sender_name": null, '
        b'"timestamp_ms": "soon", "content": ["x"]}]}',
        "bank_xlsx_not_zip.xlsx": b"PK\x03\x04" + b"\x00" * 400,
        "bank_xls_not_ole.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\xff" * 600,
    }


def test_malformed_exports_are_kept_with_a_reason(tmp_path, store, shot):
    first = import_files(store, [shot(["之前收集的证据"], size=(360, 640))]).new_ids
    folder = tmp_path / "exports"
    folder.mkdir()
    files = malformed_exports()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    report = import_files(store, [folder])
    assert report.ok, [e.message for e in report.rejected]
    assert sorted(i.path.name for i in report.items) == sorted(files)
    for item in report.items:
        assert all(isinstance(p, str) and p for p in item.problems)
    assert store.evidence(first[0]).original_name.startswith("Screenshot_")


@pytest.mark.parametrize(
    "name", sorted(set(malformed_exports()) - {"memotrace_huge_header_field.csv"})
)
def test_each_reader_answers_with_a_clear_error_or_a_result(tmp_path, name):
    """exports.parse either reads the file or raises EvidenceFileError naming it."""
    p = tmp_path / name
    p.write_bytes(malformed_exports()[name])
    fmt = exports.sniff(p, p.read_bytes()[:65536])
    if fmt is None:
        return
    try:
        parsed = exports.parse(p, fmt)
    except EvidenceFileError as exc:
        assert name in exc.message
    else:
        assert parsed.messages or parsed.transactions


def test_memotrace_csv_with_a_huge_field_gives_a_clear_error(tmp_path):
    p = tmp_path / "memotrace.csv"
    p.write_bytes(malformed_exports()["memotrace_huge_header_field.csv"])
    fmt = exports.sniff(p, p.read_bytes()[:65536])
    assert fmt == "wechat_memotrace_csv"
    with pytest.raises(EvidenceFileError, match=r"memotrace\.csv"):
        exports.parse(p, fmt)


def _zip_bomb(path: Path, size_mb: int, *, name: str = "payload.bin") -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf, zf.open(name, "w") as f:
        block = b"\x00" * (1 << 20)
        for _ in range(size_mb):
            f.write(block)


def test_zip_bombs_given_as_evidence_are_kept_and_never_opened(tmp_path, store):
    folder = tmp_path / "phone"
    folder.mkdir()
    _zip_bomb(folder / "photos.zip", 100)
    _zip_bomb(folder / "bill.xlsx", 100, name="xl/worksheets/sheet1.xml")
    (folder / "app.apk").write_bytes((folder / "photos.zip").read_bytes())
    report = import_files(store, [folder])
    assert report.ok and len(report.items) == 3
    for ev in store.list_evidence():
        assert store.original_path(ev).stat().st_size < 500_000  # stored as given, not inflated
    assert not list(store.derived_dir.rglob("*.bin")) and not list(store.root.rglob("sheet1.xml"))


# ------------------------------------------------------------------ hostile bundles for verify
def _bundle_with(tmp_path: Path, members: list[tuple[str, bytes]], *, name="hostile.zip") -> Path:
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for member, data in members:
            zi = zipfile.ZipInfo(member)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(zi, data)
    return path


def _nothing_written(folder: Path, before: set[Path]) -> None:
    after = {p for p in folder.parent.rglob("*")}
    assert after == before, sorted(after - before)


@pytest.mark.parametrize(
    "member",
    [
        "../evil.txt",
        "../../outside/evil.txt",
        "originals/../../evil.txt",
        "/etc/evil.txt",
        "\\windows\\evil.txt",
        "C:/Users/evil.txt",
        "c:evil.txt",
        "originals\\..\\..\\evil.txt",
    ],
)
def test_verify_refuses_path_traversal_and_absolute_names(tmp_path, member):
    work = tmp_path / "w"
    work.mkdir()
    bundle = _bundle_with(work, [("README.txt", b"x"), (member, b"pwned")])
    before = {p for p in tmp_path.rglob("*")}
    from victimkit.dossier.verify import verify_bundle

    report = verify_bundle(bundle)
    assert not report.ok
    assert any(member in p and "refused" in p for p in report.problems), report.problems
    _nothing_written(work, before)
    r = CliRunner().invoke(main, ["verify", str(bundle)])
    assert r.exit_code == 1 and "refused" in r.output


def test_verify_refuses_zip_bombs_without_inflating_them(tmp_path):
    from victimkit.dossier.verify import verify_bundle

    bomb = tmp_path / "bomb.zip"
    _zip_bomb(bomb, 64, name="originals/E-001_x.png")
    assert bomb.stat().st_size < 1_000_000
    report = verify_bundle(bomb)
    assert any("E-001_x.png" in p and "decompression bomb" in p for p in report.problems)


def test_verify_catches_a_member_that_inflates_past_its_declared_size(tmp_path):
    from victimkit.dossier.verify import verify_bundle

    path = tmp_path / "liar.zip"
    _zip_bomb(path, 20, name="originals/E-001_x.png")  # 20 MiB inflated
    data = bytearray(path.read_bytes())
    # declare 1000 bytes in both the local header and the central directory
    for sig, off in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        i = data.find(sig)
        data[i + off : i + off + 4] = struct.pack("<I", 1000)
    path.write_bytes(bytes(data))
    report = verify_bundle(path)
    assert not report.ok
    assert any("E-001_x.png" in p for p in report.problems), report.problems


def test_verify_names_other_hostile_bundles(tmp_path):
    from victimkit.dossier.verify import verify_bundle

    dup = tmp_path / "dup.zip"
    with zipfile.ZipFile(dup, "w") as zf:
        zf.writestr("SHA256SUMS", b"")
        with pytest.warns(UserWarning):
            zf.writestr("SHA256SUMS", b"again")
    assert any("more than once" in p for p in verify_bundle(dup).problems)

    enc = _bundle_with(tmp_path, [("originals/E-001_a.png", b"x")], name="enc.zip")
    data = bytearray(enc.read_bytes())
    for sig, off in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        i = data.find(sig)
        data[i + off] |= 0x01  # "encrypted"
    enc.write_bytes(bytes(data))
    assert any("encrypted" in p for p in verify_bundle(enc).problems)

    link = tmp_path / "link.zip"
    with zipfile.ZipFile(link, "w") as zf:
        zi = zipfile.ZipInfo("originals/E-001_link")
        zi.external_attr = 0o120777 << 16  # a symbolic link to /etc/passwd
        zf.writestr(zi, "/etc/passwd")
    rep = verify_bundle(link)
    assert not rep.ok and not (tmp_path / "originals").exists()

    for name, data in (
        ("empty.zip", b""),
        ("not_zip.zip", b"this is not a zip file at all"),
        ("only_eocd.zip", b"PK\x05\x06" + b"\x00" * 18),
        ("cut.zip", _bundle_with(tmp_path, [("a", b"b" * 1000)], name="tmp.zip").read_bytes()[:60]),
    ):
        p = tmp_path / name
        p.write_bytes(data)
        rep = verify_bundle(p)
        assert not rep.ok and rep.problems, name
        assert all(isinstance(x, str) for x in rep.problems)


# ------------------------------------------------------------------ gigantic files
CHILD = textwrap.dedent(
    """
    import resource, sys
    from pathlib import Path
    from victimkit.store.case import CaseStore
    from victimkit.intake.files import import_files
    store = CaseStore.create(Path(sys.argv[1]))
    report = import_files(store, [Path(sys.argv[2])])
    assert report.ok and len(report.items) == 1, report.rejected
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
    """
)


def _peak_mb(case: Path, file: Path) -> int:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(case), str(file)],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(out.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_a_gigantic_text_file_is_streamed_not_read_whole(tmp_path):
    if sys.platform != "linux":
        pytest.skip("peak memory measured with getrusage on Linux")
    small = tmp_path / "small.txt"
    small.write_text("一行文字 a line of text\n" * 100, encoding="utf-8")
    big = tmp_path / "big.txt"
    line = ("一行文字 a line of text " * 8 + "\n").encode("utf-8")
    with open(big, "wb") as f:
        block = line * ((1 << 20) // len(line))
        for _ in range(256):
            f.write(block)
    assert big.stat().st_size > 250 * 1024 * 1024
    base = _peak_mb(tmp_path / "c1", small)
    peak = _peak_mb(tmp_path / "c2", big)
    assert peak - base < 64, (base, peak)  # 256 MB copied and hashed in bounded memory
    with CaseStore.open(tmp_path / "c2") as store:
        (ev,) = store.list_evidence()
        assert ev.size == big.stat().st_size
    assert verify_case(tmp_path / "c2").ok


def test_a_long_text_without_line_breaks(tmp_path, store):
    p = tmp_path / "one_line.txt"
    p.write_bytes(b"a" * (20 * 1024 * 1024))
    report = import_files(store, [p])
    assert report.ok and store.original_path(store.list_evidence()[0]).stat().st_size == 20 << 20


def test_bundle_verification_streams_members(tmp_path):
    """A large but honest member is hashed as a stream (no bomb alarm for stored data)."""
    from victimkit.dossier.verify import verify_bundle

    path = tmp_path / "large.zip"
    payload = os.urandom(1 << 20) * 40  # 40 MiB, stored: ratio 1
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("originals/E-001_big.bin", payload)
    report = verify_bundle(path)
    assert not any("bomb" in p for p in report.problems)
    assert any("missing from the bundle" in p for p in report.problems)  # not a bundle, said so
    assert report.checked_files == 1
