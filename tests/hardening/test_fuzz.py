"""Fuzzing every importer and parser with hypothesis, on a fixed budget.

Inputs are random text and bytes, and real samples (images, chat and bill exports, OCR-like
lines) with bytes flipped, cut, repeated and inserted. The contract everywhere: an answer or
a clear, named error (EvidenceFileError) — never another exception, never a hang.

The budget is ``max_examples`` per test (``VK_FUZZ_EXAMPLES`` scales it; CI runs
deterministically with ``derandomize`` when CI is set). ``deadline=None``: a slow example is
not a failure, a crash is.
"""

from __future__ import annotations

import io
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from victimkit.analysis import entities, redflags, times
from victimkit.errors import EvidenceFileError
from victimkit.intake import exports
from victimkit.intake.files import classify, import_files
from victimkit.intake.images import read_image
from victimkit.store.case import CaseStore
from victimkit.store.verify import verify_case

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "exports"
SCALE = float(os.environ.get("VK_FUZZ_EXAMPLES", "1"))


def budget(n: int) -> settings:
    return settings(
        max_examples=max(1, int(n * SCALE)),
        deadline=None,
        derandomize=bool(os.environ.get("CI")),
        database=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.function_scoped_fixture,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )


# ------------------------------------------------------------------ strategies
FRAGMENTS = [
    "转账",
    "¥1,130.00",
    "￥ 50,000.00",
    "-3000.00元",
    "USDT 2,000",
    "收款账户 6222 0210 0112 3456",
    "尾号8888",
    "身份证 110101199003074514",
    "手机 138 0013 8000",
    "+86 13800138000",
    "QQ 123456789",
    "微信号 wxid_abc123",
    "TQrY8tryqsYVCYS3MFbtffiPp2ccyn4STm",
    "0x52908400098527886E0F7030069857D2E4169EE7",
    "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
    "https://kefu-douyin.example.cn/refund?id=1",
    "2024年10月14日 23:35:05",
    "2024-10-14 23:35",
    "10/14/2024, 11:35 PM",
    "昨天 23:35",
    "星期一 9:05",
    "下午3点",
    "刚刚",
    "99:99",
    "2024年13月45日",
    "抖音官方客服",
    "您的账户存在风险，请转到安全账户",
    "追回损失 先交保证金",
    "公检法 通缉令 资金核查",
    "刷单返利 垫付",
    "send me the gift card codes",
    "\u200e\u202e",
    "\ufeff",
    "\x00",
    "𠮷",
    "\ud7ff",
    " ",
    "\n",
    "\t",
    ",",
    '"',
]

texts = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=40).map("".join),
)


@st.composite
def mutated(draw, data: bytes) -> bytes:
    """``data`` with a few random edits: flips, cuts, repeats, insertions, deletions."""
    out = bytearray(data)
    for _ in range(draw(st.integers(0, 6))):
        op = draw(st.sampled_from(["flip", "cut", "repeat", "insert", "delete", "quote"]))
        i = draw(st.integers(0, max(0, len(out) - 1))) if out else 0
        if op == "flip" and out:
            out[i] = draw(st.integers(0, 255))
        elif op == "cut":
            del out[i:]
        elif op == "repeat" and out:
            j = min(len(out), i + draw(st.integers(1, 2000)))
            out[i:i] = out[i:j] * draw(st.integers(1, 4))
        elif op == "insert":
            out[i:i] = draw(st.binary(max_size=64))
        elif op == "delete":
            del out[i : i + draw(st.integers(1, 400))]
        elif op == "quote":
            out[i:i] = draw(st.sampled_from([b'"', b"'", b"<", b"{", b"[", b",", b"\r", b"\x00"]))
    return bytes(out)


def _image_seeds() -> list[tuple[str, bytes]]:
    seeds = []
    base = Image.new("RGB", (24, 16), (200, 40, 40))
    for fmt, ext, kw in (
        ("PNG", "png", {}),
        ("JPEG", "jpg", {"exif": Image.Exif().tobytes()}),
        ("GIF", "gif", {}),
        ("WEBP", "webp", {}),
        ("BMP", "bmp", {}),
        ("TIFF", "tiff", {}),
    ):
        buf = io.BytesIO()
        im = base.convert("P") if fmt == "GIF" else base
        if fmt == "JPEG":
            ex = Image.Exif()
            ex[0x0112] = 6
            ex[0x0132] = "2024:10:14 23:35:05"
            kw = {"exif": ex.tobytes()}
        im.save(buf, fmt, **kw)
        seeds.append((ext, buf.getvalue()))
    return seeds


IMAGE_SEEDS = _image_seeds()
EXPORT_SEEDS = sorted(
    p for p in SAMPLES.iterdir() if p.suffix in (".csv", ".txt", ".json", ".html", ".xls", ".xlsx")
)


# ------------------------------------------------------------------ images
@budget(150)
@given(seed=st.sampled_from(IMAGE_SEEDS), data=st.data())
def test_fuzz_read_image(tmp_path, seed, data):
    ext, raw = seed
    blob = data.draw(mutated(raw))
    p = tmp_path / f"fuzz.{ext}"
    p.write_bytes(blob)
    facts = read_image(p, zone="Asia/Shanghai", thumb_to=tmp_path / "t.jpg")
    assert all(isinstance(x, str) and x for x in facts.problems)
    assert facts.orientation is None or 1 <= facts.orientation <= 8
    if facts.captured_at is not None:
        assert facts.captured_at.tzinfo is not None


# ------------------------------------------------------------------ classify
@budget(150)
@given(
    blob=st.one_of(
        st.binary(max_size=2048),
        st.sampled_from([raw for _e, raw in IMAGE_SEEDS]).flatmap(mutated),
        st.sampled_from([p.read_bytes()[:4096] for p in EXPORT_SEEDS]).flatmap(mutated),
    ),
    suffix=st.sampled_from(["", ".png", ".jpg", ".txt", ".csv", ".json", ".html", ".xlsx", ".apk"]),
)
def test_fuzz_classify(tmp_path, blob, suffix):
    p = tmp_path / f"file{suffix}"
    p.write_bytes(blob)
    kind, media_type, ext, fmt = classify(p, blob[:65536])
    assert kind in {"image", "chat_export", "bill_export", "document", "recording", "other"}
    assert isinstance(media_type, str) and media_type
    assert isinstance(ext, str) and len(ext) <= 10
    assert fmt is None or isinstance(fmt, str)


# ------------------------------------------------------------------ export readers
def test_a_bill_with_an_absurd_amount_gives_a_clear_error(tmp_path):
    text = (SAMPLES / "wechatpay.csv").read_text(encoding="utf-8-sig")
    text = text.replace("¥8000.00", "1000050001202401200123456789", 1)
    p = tmp_path / "wechatpay.csv"
    p.write_text(text, encoding="utf-8-sig")
    fmt = exports.sniff(p, p.read_bytes()[:65536])
    assert fmt == "wechatpay_csv"
    try:
        exports.parse(p, fmt)
    except EvidenceFileError as exc:
        assert "wechatpay.csv" in exc.message


@budget(250)
@given(seed=st.sampled_from(EXPORT_SEEDS), data=st.data())
def test_fuzz_export_readers(tmp_path, seed, data):
    blob = data.draw(mutated(seed.read_bytes()))
    p = tmp_path / f"fuzz{seed.suffix}"
    p.write_bytes(blob)
    fmt = exports.sniff(p, blob[:65536])
    if fmt is None:
        return
    try:
        parsed = exports.parse(p, fmt, me=data.draw(st.sampled_from([None, "Li Wei", "张三"])))
    except EvidenceFileError as exc:
        assert p.name in exc.message and exc.reason
        return
    assert parsed.messages or parsed.transactions
    for m in parsed.messages:
        assert m.sent_at is None or m.sent_at.tzinfo is not None
    for t in parsed.transactions:
        assert t.occurred_at is None or t.occurred_at.tzinfo is not None


@budget(120)
@given(fmt=st.sampled_from(sorted(exports.CHAT_FORMATS | exports.BILL_FORMATS)), blob=st.binary())
def test_fuzz_every_reader_on_random_bytes(tmp_path, fmt, blob):
    """Each reader, forced onto bytes that are not its format, answers with a named error."""
    p = tmp_path / "random.bin"
    p.write_bytes(blob)
    try:
        exports.parse(p, fmt)
    except EvidenceFileError as exc:
        assert "random.bin" in exc.message


# ------------------------------------------------------------------ importing
@budget(30)
@given(
    blobs=st.lists(
        st.one_of(
            st.binary(min_size=0, max_size=512),
            st.sampled_from([raw for _e, raw in IMAGE_SEEDS]).flatmap(mutated),
            st.sampled_from([p.read_bytes() for p in EXPORT_SEEDS[:12]]).flatmap(mutated),
        ),
        min_size=1,
        max_size=4,
    ),
    names=st.lists(
        st.text(
            alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"),
            min_size=1,
            max_size=20,
        ),
        min_size=4,
        max_size=4,
    ),
)
def test_fuzz_import_files(tmp_path_factory, blobs, names):
    """Any files: each is kept or rejected with its name; the case verifies; nothing is lost."""
    case = tmp_path_factory.mktemp("case") / "c"
    src = tmp_path_factory.mktemp("src")
    with CaseStore.create(case, timezone="Asia/Shanghai") as store:
        first = import_files(store, [SAMPLES / "alipay.csv"]).new_ids
        paths = []
        for i, (blob, name) in enumerate(zip(blobs, names, strict=False)):
            name = name.strip(". ") or "x"
            p = src / f"{i}_{name}"[:200]
            try:
                p.write_bytes(blob)
            except OSError:
                continue  # a name this file system does not take
            paths.append(p)
        report = import_files(store, paths)
        assert len(report.items) + len(report.rejected) == len(paths)
        for err in report.rejected:
            assert err.path.name in err.message and err.reason
        for item in report.items:
            assert store.original_path(store.evidence(item.evidence_id)).read_bytes() == (
                item.path.read_bytes()
            )
        assert store.evidence(first[0]).original_name == "alipay.csv"
    assert verify_case(case).ok


# ------------------------------------------------------------------ analysis
@budget(200)
@given(text=texts)
def test_fuzz_entities(text):
    found = entities.extract_entities(text)
    for e in found:
        assert 0 <= e.start <= e.end <= len(text)
        assert isinstance(e.value, str) and e.kind
        entities.mask(e.value, e.kind)
    entities.parse_amount(text)


@budget(300)
@given(
    text=texts,
    zone=st.sampled_from(["Asia/Shanghai", "UTC", "America/New_York", "Asia/Kolkata"]),
    with_reference=st.booleans(),
)
def test_fuzz_times(text, zone, with_reference):
    ref = datetime(2024, 10, 14, 15, 20, tzinfo=UTC) if with_reference else None
    for t in times.find_times(text, reference=ref, zone=zone):
        assert t.value.tzinfo is not None
        assert 0 <= t.start <= t.end <= len(text)
        times.to_utc_iso(t.value)
    times.parse_time(text, reference=ref, zone=zone)


@budget(200)
@given(text=texts)
def test_fuzz_redflags(text):
    report = redflags.check_text(text)
    assert isinstance(report.verdict, str) and report.verdict
    assert all(0.0 <= t.score <= 1.0 for t in report.types)
    report.to_json()
    report.advice()
    redflags.find_signals(text)


LONG_TEXTS = ["", "\x00" * 1000, "转" * 50_000, "1" * 100_000, "¥" * 50_000, "a" * 100_000]


@pytest.mark.parametrize(
    "text", LONG_TEXTS, ids=["empty", "nul", "cjk", "digits", "yen", "letters"]
)
def test_entities_and_times_on_degenerate_long_texts(text):
    entities.extract_entities(text)
    times.find_times(text, zone="Asia/Shanghai")


@pytest.mark.parametrize(
    "text", LONG_TEXTS[:3] + LONG_TEXTS[4:5], ids=["empty", "nul", "cjk", "yen"]
)
def test_redflags_on_degenerate_long_texts(text):
    redflags.check_text(text)


CHECK_LONG = """
import sys
from victimkit.analysis import redflags
redflags.check_text(sys.argv[1] * int(sys.argv[2]))
"""


@pytest.mark.slow
@pytest.mark.parametrize("unit", ["1"])
def test_redflags_on_a_long_run_of_digits_finishes(unit):
    """A hostile message of 20,000 digits must not freeze the guide (about 1.5 s now; the
    quadratic regexes this guards against took over half a minute)."""
    import subprocess
    import sys

    subprocess.run([sys.executable, "-c", CHECK_LONG, unit, "20000"], check=True, timeout=20)
