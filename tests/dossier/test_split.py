"""A big dossier's PDF is built by two processes and joined (victimkit.dossier.split): the joined
file must read exactly as the one-process build does — the same text on the same pages, every
font embedded, one outline — and a worker that fails leaves the export to build it alone."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest

from tests.dossier.factory import make_case
from victimkit.dossier import split
from victimkit.dossier.export import export_case

pytestmark = pytest.mark.skipif(
    not all(shutil.which(t) for t in ("pdffonts", "pdftotext", "pdfinfo")),
    reason="poppler-utils are needed (make sysdeps installs them)",
)


def pages_text(pdf: Path) -> list[str]:
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return out.split("\f")[:-1]


def normalised(text: str) -> str:
    """What differs between two exports of the same case: hashes, times, the custody rows of
    the exports themselves, the bundle's name; and column spacing that follows from them."""
    text = re.sub(r"[0-9a-f]{16,64}…?", "#", text)
    text = re.sub(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d)?( UTC| [+-]\d\d:\d\d)?", "T", text)
    text = re.sub(r"\d\d:\d\d(:\d\d)?", "T", text)  # also a time wrapped from its date
    text = re.sub(r"\S+\.zip", "Z", text)
    text = re.sub(r"VK-\d{8}-[0-9A-F]{6}", "VK", text)  # two cases made alike
    text = re.sub(r"\b(one|two)-in\b", "in", text)  # ... from two folders
    lines = [ln for ln in text.splitlines() if "dossier_export" not in ln]
    return "\n".join(re.sub(r"\s+", " ", ln).strip() for ln in lines)


def outline(pdf: Path) -> list[tuple[str, int, int, int]]:
    """(title, level, page, /Count) of every bookmark, in order."""
    out = []
    with pikepdf.open(pdf) as doc:
        page_of = {p.objgen: i + 1 for i, p in enumerate(doc.pages)}

        def walk(item, level):
            while item is not None:
                count = int(item.get("/Count", 0))
                out.append((str(item.Title), level, page_of[item.Dest[0].objgen], count))
                if "/First" in item:
                    walk(item.First, level + 1)
                item = item.get("/Next")

        walk(doc.Root.Outlines.First, 0)
    return out


def export(tmp_path: Path, name: str, *, workers: int):
    store = make_case(tmp_path / name, n_extra=6, chat_messages=120, work=tmp_path / f"{name}-in")
    try:
        return export_case(
            store,
            tmp_path / f"{name}.pdf",
            bundle_path=tmp_path / f"{name}.zip",
            lang="both",
            workers=workers,
        )
    finally:
        store.close()


@pytest.fixture
def always_split(monkeypatch):
    monkeypatch.setattr(split, "SPLIT_MIN_COST", 0.0)


@pytest.mark.parametrize("share", [0.68, 1.0])  # some exhibits here, or all in the worker
def test_split_build_reads_as_the_one_process_build(tmp_path, always_split, monkeypatch, share):
    monkeypatch.setattr(split, "WORKER_SHARE", share)
    one = export(tmp_path, "one", workers=1)
    two = export(tmp_path, "two", workers=2)
    assert "pdf: parts joined" in two.timings, two.timings  # the split path was taken
    assert "pdf: parts joined" not in one.timings
    assert two.pages == one.pages == len(pages_text(two.pdf_path))
    assert not list(tmp_path.glob(".*part")), "a part's file was left behind"

    a, b = pages_text(one.pdf_path), pages_text(two.pdf_path)
    for n, (x, y) in enumerate(zip(a, b, strict=True), 1):
        assert normalised(x) == normalised(y), f"page {n} differs"
        assert f"page {n} of {two.pages}" in y
        assert two.manifest_sha256[:16] in y
    # the evidence index's page column points at each exhibit's page
    index = "".join(b[:6])
    starts = {}
    for n, page in enumerate(b, 1):
        m = re.search(r"Exhibit (E-\d{3}) ·", page)
        if m:
            starts.setdefault(m.group(1), n)
    assert len(starts) == two.exhibits
    for label, n in starts.items():
        assert re.search(rf"{label}\b.*\b{n}\s*$", index, re.M), (label, n)

    assert outline(two.pdf_path) == outline(one.pdf_path)

    fonts = subprocess.run(
        ["pdffonts", str(two.pdf_path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert fonts
    names = [row.split()[0] for row in fonts]
    assert len(names) == len(set(names)), "two parts' font subsets share a name"
    for row in fonts:
        assert row.split()[-5] == "yes", row  # embedded


def test_a_failing_worker_leaves_the_whole_pdf_to_this_process(tmp_path, always_split, monkeypatch):
    def broken(data, count):  # an empty object: the worker fails on it and says so
        return type(data).__new__(type(data))

    monkeypatch.setattr(split, "worker_data", broken)
    one = export(tmp_path, "one", workers=1)
    two = export(tmp_path, "two", workers=2)
    assert "pdf: parts joined" not in two.timings
    assert two.pages == one.pages
    a, b = pages_text(one.pdf_path), pages_text(two.pdf_path)
    assert [normalised(x) for x in a] == [normalised(y) for y in b]


def test_split_point_gives_the_worker_its_share_and_small_cases_none():
    from victimkit.dossier.data import ExhibitData

    images = [ExhibitData(evidence={"kind": "image"}, label=f"E-{i:03d}") for i in range(1, 201)]
    chat = ExhibitData(evidence={"kind": "chat_export"}, label="E-201", messages=[{}] * 2000)
    k = split.split_point([*images, chat], share=0.6)
    total = 200 + split.exhibit_cost(chat)
    assert abs(k - 0.6 * total) <= 1
    assert split.split_point(images[:20]) == 0  # one process: a second would not pay


def test_the_workers_verification_names_a_changed_original(tmp_path, always_split):
    store = make_case(tmp_path / "case", n_extra=6, chat_messages=20, work=tmp_path / "in")
    try:
        ev = [e for e in store.list_evidence() if e.kind == "image"][2]
        path = store.original_path(ev)
        path.chmod(0o644)
        raw = bytearray(path.read_bytes())
        raw[len(raw) // 2] ^= 0xFF
        path.write_bytes(bytes(raw))
        r = export_case(store, tmp_path / "d.pdf", lang="en", workers=2)
    finally:
        store.close()
    assert "pdf: parts joined" in r.timings  # verified by the worker, which built its part
    assert r.verified_ok == r.verified_total - 1
    assert any(p.startswith(ev.exhibit) for p in r.problems), r.problems
    assert f"{r.verified_ok}/{r.verified_total}" in pages_text(r.pdf_path)[0]
