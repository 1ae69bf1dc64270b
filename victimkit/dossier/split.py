"""A big dossier's PDF built by two processes: the first exhibits' pages in a second process
while this one builds the rest, the two files then joined into one.

reportlab lays out and draws on one core, and drawing is most of a big dossier's time. Every
exhibit starts a new page and the section after them does too, so a run of exhibits laid out
in a document of its own gives the very pages it gives in the whole; only the numbers differ.
Those are forms filled in when each document is saved (page X of Y, the evidence index's page
column, the footer's manifest hash), so each part waits, at its save, for the other's page
count: the worker sends its count and marks, this process answers with where the part starts,
the total and the footer. ``join`` then puts the worker's pages in after the evidence index
with pikepdf (qpdf: streams copied as they are, nothing re-encoded), gives the worker's font
subsets tags of their own (two parts' subsets must not share a name) and writes one outline
for the whole, as reportlab would have.

The worker process is started with the export, so that it has imported reportlab and read the
fonts by the time the exhibits are known. Anything that goes wrong with it leaves the export to
build the whole document here, as for a small case.
"""

from __future__ import annotations

import contextlib
import os
import time
import traceback
from dataclasses import replace
from datetime import UTC, datetime
from multiprocessing import get_context
from pathlib import Path

# exhibits (weighted by what they cost to lay out and draw) below which one process builds all
SPLIT_MIN_COST = 120.0
# the share of the exhibits' cost the worker takes: this process also reads the case and
# builds the front and back sections. When the red flags are read in a third process, this one
# waits for them before it can build its part (they are on the cover), so the worker, which
# can go on meanwhile, takes more: all that this process's part would add after that wait.
WORKER_SHARE = 0.68
WORKER_SHARE_BESIDE_RED_FLAGS = 0.9
WORKER_NICE = 5  # the worker's niceness once it has verified the case


class WorkerFailed(Exception):
    """The second process could not build its part (the export builds the whole instead)."""


def available() -> bool:
    """pikepdf is installed (a dependency; without it one process builds the whole PDF)."""
    from importlib.util import find_spec

    return find_spec("pikepdf") is not None


def worth_starting(store) -> bool:
    """Whether the case is big enough that a second process may pay (its exhibits are not
    known yet: the selection comes later; a worker that gets no part is stopped)."""
    if not available():
        return False
    db = store.db
    n = db.execute("SELECT COUNT(*) FROM evidence").fetchone()[0]
    if db["messages"].exists():
        n += 0.03 * db.execute("SELECT COUNT(*) FROM messages").fetchone()[0]
    return n >= SPLIT_MIN_COST


def preload() -> None:
    """Import pikepdf now (0.1 s), while this process waits for the red flags, not at the
    join."""
    import pikepdf  # noqa: F401


def exhibit_cost(x) -> float:
    """What an exhibit's pages cost to lay out and draw, in units of a screenshot's page
    (measured on the dossier benchmark: ~6 ms per screenshot, ~0.17 ms per chat message)."""
    return 1.0 + 0.01 * len(x.ocr_lines) + 0.03 * len(x.messages)


def split_point(exhibits, share: float = WORKER_SHARE) -> int:
    """How many of the first exhibits the worker builds (0: not worth a second process)."""
    costs = [exhibit_cost(x) for x in exhibits]
    total = sum(costs)
    if total < SPLIT_MIN_COST:
        return 0
    k, acc = 0, 0.0
    while k < len(costs) and acc + costs[k] / 2 <= share * total:
        acc += costs[k]
        k += 1
    return k


def _worker_main(conn, root: str, lang: str) -> None:
    """The second process: verify the case (while the export reads it, this process would
    otherwise wait), import reportlab and read the fonts, then build the part it is sent; at
    its save, send the page count and marks and wait for the numbering."""
    # CPU seconds per stage (the first: the interpreter and multiprocessing's start), and
    # seconds spent waiting
    cpu: dict[str, float] = {"worker: process start": round(time.process_time(), 3)}
    mark = [time.process_time(), time.perf_counter()]

    def lap(name: str, wait: bool = False) -> None:
        now = [time.process_time(), time.perf_counter()]
        cpu[f"worker: {name}"] = round(now[1] - mark[1] if wait else now[0] - mark[0], 3)
        mark[:] = now

    try:
        from victimkit.i18n import set_language
        from victimkit.store.verify import verify_case

        set_language(lang)  # problems are named in the export's language
        report = verify_case(root)
        conn.send(("verified", report, datetime.now(UTC)))
        lap("verify case")
        # then a lower priority: the red-flag process and this one's parent are the critical
        # path (red flags -> manifest -> the front of the PDF); this part has slack until the
        # parent's part is laid out, and takes the CPU they leave (measured: warm 8.0-8.5 s
        # instead of 9.7-10.2 s, interleaved runs at load ~2)
        if hasattr(os, "nice"):
            with contextlib.suppress(OSError):
                os.nice(WORKER_NICE)

        from victimkit.dossier import pdf

        pdf.Styles()  # registers the fonts (reads the TrueType files) before the job comes
        lap("start (reportlab, fonts)")
        msg = conn.recv()
        lap("waiting for the exhibits (wall)", wait=True)
        if msg[0] != "build":
            return
        _, data, ctx, lang, paper, out = msg
        builder = pdf.DossierBuilder(data, ctx, lang=lang, paper=paper, part="exhibits")
        builder.prepare()
        lap("exhibit pages laid out")

        def resolver(b, local_pages):
            lap("pages drawn")
            conn.send(("counted", local_pages, dict(b.pages), list(b.outline)))
            reply = conn.recv()
            lap("waiting for the numbering (wall)", wait=True)
            if reply[0] != "resolve":
                raise SystemExit(0)
            _, offset, total, footer = reply
            return pdf.Resolution(total=total, pages={}, footer=footer, offset=offset)

        builder.resolver = resolver
        pages = builder.build(Path(out))
        lap("saved")
        conn.send(("saved", pages, cpu))
    except SystemExit:  # the export told this worker to stop (cancelled or failed elsewhere)
        return
    except BaseException:
        with contextlib.suppress(OSError):
            conn.send(("error", traceback.format_exc()))
    finally:
        conn.close()


class PdfWorker:
    """The second process that builds the first exhibits' pages."""

    def __init__(self, root):
        from victimkit.i18n import current_language

        mp = get_context("spawn")  # not fork: the GUI has threads
        self.conn, child = mp.Pipe()
        self.proc = mp.Process(
            target=_worker_main,
            args=(child, str(root), current_language()),
            name="vk-pdf",
            daemon=True,
        )
        self.proc.start()
        child.close()
        self.count: tuple[int, dict, list] | None = None
        self.out: Path | None = None  # the part's file, removed by close()

    def _recv(self, want: str):
        try:
            msg = self.conn.recv()
        except (EOFError, OSError) as exc:
            raise WorkerFailed(f"the PDF worker stopped ({exc})") from exc
        if msg[0] == "error":
            raise WorkerFailed(msg[1])
        if msg[0] != want:
            raise WorkerFailed(f"the PDF worker said {msg[0]!r}, not {want!r}")
        return msg

    def verification(self):
        """(VerifyReport, verified at) of the case, verified by the worker as it started."""
        _, report, at = self._recv("verified")
        return report, at

    def build(self, data, ctx, *, lang: str, paper: str, out: Path) -> None:
        """Start the part: ``data`` holds just the worker's exhibits."""
        self.out = Path(out)
        try:
            self.conn.send(("build", data, ctx, lang, paper, str(out)))
        except OSError as exc:
            raise WorkerFailed(f"the PDF worker stopped ({exc})") from exc

    def counted(self) -> tuple[int, dict, list]:
        """(pages, {mark: page}, outline) of the worker's part once it is laid out."""
        if self.count is None:
            _, pages, marks, outline = self._recv("counted")
            self.count = (pages, marks, outline)
        return self.count

    def resolve(self, offset: int, total: int, footer: str) -> None:
        try:
            self.conn.send(("resolve", offset, total, footer))
        except OSError as exc:
            raise WorkerFailed(f"the PDF worker stopped ({exc})") from exc

    def saved(self) -> tuple[int, dict[str, float]]:
        """(pages, the worker's CPU seconds per stage) once its part is written."""
        _, pages, cpu = self._recv("saved")
        return pages, cpu

    def close(self) -> None:
        """Stop the worker (a no-op once it has finished) and remove its part's file."""
        with contextlib.suppress(OSError):
            self.conn.send(("stop",))
        self.proc.join(timeout=2)
        if self.proc.is_alive():
            self.proc.terminate()
            self.proc.join()
        self.conn.close()
        if self.out is not None:
            self.out.unlink(missing_ok=True)


def worker_data(data, count: int):
    """A copy of ``data`` with just what the worker's part needs: its exhibits, the case's ID
    and ID number (masked on those pages too), the time zone."""
    return replace(
        data,
        exhibits=data.exhibits[:count],
        transactions=[],
        identifiers=[],
        events=[],
        red_flags=[],
        steps=[],
        references={},
        audit=[],
        summary={},
        actions=[],
        warnings=[],
        pending_red_flags=None,
    )


def main_resolver(worker: PdfWorker, outline_out: list):
    """The numbering of the main part's document: the worker's pages come after its page
    ``first`` (the evidence index's last); answers the worker with where its pages start.
    ``outline_out`` receives the whole outline [(title, level, page)] for ``join``."""
    from victimkit.dossier.pdf import Resolution

    def resolver(b, local_pages):
        w_pages, w_marks, w_outline = worker.counted()
        first = b.gap_page = b.pages[b.gap_key()] - 1
        footer = b.footer_text(b.ctx.manifest_sha256)
        worker.resolve(first, local_pages + w_pages, footer)

        def whole(p):
            return p if p <= first else p + w_pages

        pages = {k: whole(p) for k, p in b.pages.items()}
        pages.update({k: p + first for k, p in w_marks.items()})
        outline_out[:] = [
            *[(t, lv, p) for t, lv, p in b.outline if p <= first],
            *[(t, lv, p + first) for t, lv, p in w_outline],
            *[(t, lv, p + w_pages) for t, lv, p in b.outline if p > first],
        ]
        return Resolution(
            total=local_pages + w_pages, pages=pages, footer=footer, offset=w_pages, after=first
        )

    return resolver


def _subset_tag(n: int) -> str:
    """reportlab's subset tags are AAAAAA, AAAAAB, ...: the worker's get BAAAAA on."""
    return f"{n:06d}".translate(str.maketrans("0123456789", "ABCDEFGIJK"))


def join(main_pdf: Path, part_pdf: Path, out: Path, first: int, outline: list) -> int:
    """Write ``out``: the pages of ``main_pdf`` with those of ``part_pdf`` after its page
    ``first``, and ``outline`` [(title, level, page in the whole)] as its bookmarks, level-0
    entries closed as reportlab makes them. Returns the page count."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name, String

    with pikepdf.open(main_pdf) as doc, pikepdf.open(part_pdf) as part:
        seen: set[tuple[int, int]] = set()
        renamed: dict[str, str] = {}

        def retag(font) -> None:
            if font.objgen in seen or "/BaseFont" not in font:
                return
            seen.add(font.objgen)
            base = str(font.BaseFont)[1:]
            if len(base) > 7 and base[6] == "+":
                tag = renamed.setdefault(base[:6], _subset_tag(100000 + len(renamed)))
                font.BaseFont = Name("/" + tag + base[6:])
                desc = font.get("/FontDescriptor")
                if desc is not None and "/FontName" in desc:
                    desc.FontName = Name("/" + tag + base[6:])

        def fonts_of(resources) -> None:
            if resources is None:
                return
            for font in (resources.get("/Font") or {}).values():
                retag(font)
            for xobj in (resources.get("/XObject") or {}).values():
                if xobj.objgen not in seen and xobj.get("/Subtype") == Name.Form:
                    seen.add(xobj.objgen)
                    fonts_of(xobj.get("/Resources"))

        for page in part.pages:
            fonts_of(page.get("/Resources"))
        doc.pages[first:first] = part.pages

        if "/Outlines" in doc.Root:
            del doc.Root["/Outlines"]
        if outline:
            root = doc.make_indirect(Dictionary(Type=Name.Outlines))
            tops: list = []  # [item, [children]]
            for title, level, page in outline:
                item = doc.make_indirect(
                    Dictionary(
                        Title=String(title),
                        Dest=Array([doc.pages[page - 1].obj, Name.Fit]),
                    )
                )
                if level == 0 or not tops:
                    tops.append((item, []))
                else:
                    tops[-1][1].append(item)

            def chain(parent, items) -> None:
                for i, it in enumerate(items):
                    it.Parent = parent
                    if i:
                        it.Prev = items[i - 1]
                    if i + 1 < len(items):
                        it.Next = items[i + 1]
                parent.First, parent.Last = items[0], items[-1]

            chain(root, [t for t, _c in tops])
            for item, children in tops:
                if children:
                    chain(item, children)
                    item.Count = -len(children)  # closed
            root.Count = len(tops)
            doc.Root.Outlines = root
        n = len(doc.pages)
        doc.save(
            out,
            compress_streams=False,
            stream_decode_level=pikepdf.StreamDecodeLevel.none,
            object_stream_mode=pikepdf.ObjectStreamMode.disable,
            fix_metadata_version=False,
        )
    return n


__all__ = [
    "PdfWorker",
    "WorkerFailed",
    "available",
    "join",
    "main_resolver",
    "split_point",
    "worker_data",
]
