"""The command line: the same functions the GUI calls. `victimkit` alone opens the app."""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

import click

from victimkit import __version__
from victimkit.errors import VictimkitError
from victimkit.i18n import _, set_language


def friendly_errors(fn):
    """Show a VictimkitError as one line and exit with its code; never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except VictimkitError as exc:
            click.echo(_("error: {message}").format(message=exc.message), err=True)
            sys.exit(exc.exit_code)

    return wrapper


def open_case(path: str):
    from victimkit.store.case import CaseStore

    return CaseStore.open(Path(path))


def progress_printer(label: str):
    """A progress callback that draws one updating line on a terminal, nothing otherwise."""
    if not sys.stderr.isatty():
        return None

    def show(p) -> None:
        click.echo(
            f"\r{label} {p.done}/{p.total} {p.message[:40]:<40}", err=True, nl=p.done == p.total
        )

    return show


@click.group(invoke_without_command=True)
@click.version_option(__version__, prog_name="victimkit")
@click.pass_context
def main(ctx: click.Context) -> None:
    """victimkit: keep the evidence of an online scam safe and make a police-ready dossier.

    With no command, the desktop app opens.
    """
    set_language(None)
    if ctx.invoked_subcommand is None:
        from victimkit.gui.app import run_app

        sys.exit(run_app(None))


@main.group()
def case() -> None:
    """Create and manage cases (one folder per case)."""


@case.command("new")
@click.argument("directory", type=click.Path(file_okay=False))
@click.option("--title", default="", help="A short title for the case.")
@click.option("--victim", default="", help="The victim's name.")
@click.option("--contact", default="", help="The victim's phone or e-mail.")
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default="zh",
    show_default=True,
    help="Language of the dossier.",
)
@click.option(
    "--country",
    type=click.Choice(["CN", "US", "UK", "other"]),
    default="CN",
    show_default=True,
    help="Where it will be reported.",
)
@click.option(
    "--timezone",
    default=None,
    help="IANA time zone of the phone's clock (default: this computer's).",
)
@friendly_errors
def case_new(directory, title, victim, contact, lang, country, timezone) -> None:
    """Create a new, empty case in DIRECTORY."""
    from victimkit.store.case import CaseStore

    with CaseStore.create(
        Path(directory),
        title=title,
        victim_name=victim,
        victim_contact=contact,
        lang=lang,
        country=country,
        timezone=timezone,
    ) as store:
        click.echo(_("Created case {id} in {path}").format(id=store.info().id, path=directory))


@main.command()
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--no-ocr", is_flag=True, help="Only store the files; read them later with `victimkit ocr`."
)
@click.option(
    "--engine",
    type=click.Choice(["rapidocr", "tesseract"]),
    default=None,
    help="OCR engine for this run.",
)
@click.option("--me", default=None, help="Your own name as it appears in chat exports.")
@friendly_errors
def add(directory, paths, no_ocr, engine, me) -> None:
    """Add files and folders to the case as evidence (byte-exact, hashed).

    Exit status 0 when every path was kept, 1 when some were rejected (the others are kept).
    """
    from victimkit.pipeline.process import add_evidence

    with open_case(directory) as store:
        result = add_evidence(
            store,
            [Path(p) for p in paths],
            ocr=not no_ocr,
            engine=engine,
            me=me,
            on_progress=progress_printer(_("Importing")),
        )
    report = result.imported
    for item in report.items:
        if item.duplicate:
            click.echo(
                _("{path}: already in the case as E-{id:03d} — source recorded").format(
                    path=item.path, id=item.evidence_id
                )
            )
        for problem in item.problems:
            click.echo(
                _("{path}: kept as E-{id:03d}, but {problem}").format(
                    path=item.path, id=item.evidence_id, problem=problem
                )
            )
    for path, reason in report.skipped:
        click.echo(_("{path}: skipped — {reason}").format(path=path, reason=reason))
    for err in report.rejected:
        click.echo(_("{message} — not added").format(message=err.message), err=True)
    new = len(report.new_ids)
    click.echo(
        _("{new} new item(s) kept, {dup} already present, {bad} rejected.").format(
            new=new, dup=len(report.items) - new, bad=len(report.rejected)
        )
    )
    sys.exit(0 if report.ok else 1)


@main.command()
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print the whole case as JSON (keys documented in the README).",
)
@friendly_errors
def show(directory, as_json) -> None:
    """Show the case and its evidence."""
    from victimkit.analysis.summary import case_summary

    with open_case(directory) as store:
        summary = case_summary(store)
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    c = summary["case"]
    click.echo(f"{c['id']}  {c['title']}  {c['victim_name']}")
    for ev in summary["evidence"]:
        size = f"{ev['width']}×{ev['height']}" if ev["width"] else f"{ev['size']} B"
        flag = "  ! " + "; ".join(ev["problems"]) if ev["problems"] else ""
        click.echo(f"{ev['exhibit']}  {ev['kind']:<11} {size:<12} {ev['original_name']}{flag}")


@main.command()
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@click.option(
    "--engine",
    type=click.Choice(["rapidocr", "tesseract"]),
    default=None,
    help="OCR engine for this run (default: the case's, normally rapidocr).",
)
@click.option(
    "--jobs",
    type=click.IntRange(1, 64),
    default=None,
    help="Worker processes (default: one per core).",
)
@click.option("--redo", is_flag=True, help="Read every image again, not only those not read yet.")
@friendly_errors
def ocr(directory, engine, jobs, redo) -> None:
    """Read the text in the case's images (those not read yet by this engine)."""
    from victimkit.ocr.run import ocr_evidence

    with open_case(directory) as store:
        engine = engine or store.case_row().get("ocr_engine") or "rapidocr"
        done = ocr_evidence(
            store, engine=engine, jobs=jobs, redo=redo, on_progress=progress_printer(_("Reading"))
        )
    click.echo(
        _(
            "{n} image(s) read with {engine}. Every line is a machine transcription, unconfirmed until a person confirms it."
        ).format(n=len(done), engine=engine)
    )


@main.command()
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@click.argument("query")
@click.option("--json", "as_json", is_flag=True, help="Print the hits as JSON.")
@friendly_errors
def search(directory, query, as_json) -> None:
    """Find text in the case's screenshots and chat messages (Chinese: any 1+ characters)."""
    from victimkit.store.search import hits_json
    from victimkit.store.search import search as search_case

    with open_case(directory) as store:
        hits = search_case(store, query)
    if as_json:
        click.echo(hits_json(hits))
        return
    for h in hits:
        where = f"E-{h.evidence_id:03d}" if h.evidence_id else "-"
        label = _("line") if h.kind == "ocr_line" else _("message")
        click.echo(f"{where}  {label} {h.row_id}: {h.snippet}")
    click.echo(_("{n} hit(s).").format(n=len(hits)))


@main.command()
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@click.option("--redo", is_flag=True, help="Analyse everything again, not only what is new.")
@friendly_errors
def analyse(directory, redo) -> None:
    """Find payments, identifiers and times in the case's OCR text and messages."""
    from victimkit.analysis.analyse import analyse_case, case_transactions, transaction_json
    from victimkit.analysis.identifiers import identifier_index

    with open_case(directory) as store:
        report = analyse_case(store, redo=redo, on_progress=progress_printer(_("Analysing")))
        txs = [transaction_json(t) for t in case_transactions(store)]
        ids = identifier_index(store)
    click.echo(
        _("{n} item(s) analysed: {t} new transaction(s), {e} entities.").format(
            n=len(report.analysed), t=len(report.transactions), e=report.entities
        )
    )
    for t in txs:
        mark = _("confirmed") if t["confirmed"] else _("unconfirmed")
        click.echo(
            f"T{t['id']:<4} {t['occurred_at'] or '?':<21} {t['amount'] or '?':>12} {t['currency']:<4} "
            f"{t['payee_name']} {t['payee_account']}  [{mark}]"
        )
    for e in ids:
        links = (
            "  "
            + _("also in {cases}").format(cases=", ".join(c["case_id"] for c in e.linked_cases))
            if e.linked_cases
            else ""
        )
        click.echo(f"{e.role:<8} {e.kind:<14} {e.json()['masked']}{links}")


@main.command()
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@click.argument("what", type=click.Choice(["transaction"]))
@click.argument("row_id", type=int)
@click.option(
    "--field",
    default=None,
    help="Correct this field first (amount, occurred_at, payee_name, payee_account, ...).",
)
@click.option("--value", default=None, help="The right value for --field.")
@friendly_errors
def confirm(directory, what, row_id, field, value) -> None:
    """Confirm a machine reading (optionally correcting one field); the first reading is kept."""
    from victimkit.analysis.analyse import confirm_transaction

    if (field is None) != (value is None):
        raise click.UsageError(_("--field and --value go together."))
    with open_case(directory) as store:
        confirm_transaction(store, row_id, field=field, value=value)
    click.echo(_("Transaction {id} confirmed.").format(id=row_id))


@main.command()
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@click.option(
    "--at",
    "at",
    required=True,
    help="When it happened, e.g. 2024-10-14T15:20 (the case's time zone unless given).",
)
@click.option("--text", required=True, help="What happened.")
@click.option(
    "--evidence",
    "evidence_id",
    type=int,
    default=None,
    help="The evidence item it belongs to (its number).",
)
@friendly_errors
def event(directory, at, text, evidence_id) -> None:
    """Add an event to the case's timeline (a call, a meeting, a report to the bank)."""
    from datetime import datetime

    from victimkit.analysis.timeline import add_event

    try:
        when = datetime.fromisoformat(at.replace("Z", "+00:00"))
    except ValueError as exc:
        raise click.BadParameter(
            _("{value} is not a time (write it like 2024-10-14T15:20).").format(value=at)
        ) from exc
    with open_case(directory) as store:
        row = add_event(store, when, text, evidence_id=evidence_id)
    click.echo(_("Event {id} added.").format(id=row))


@main.command()
@click.argument("path", type=click.Path(exists=True))
@friendly_errors
def verify(path) -> None:
    """Check a case folder (or an evidence bundle) for any change. Exit 0 when intact, 1 otherwise."""
    from victimkit.store.verify import verify_case

    target = Path(path)
    is_bundle = target.is_file()
    if is_bundle:
        from victimkit.dossier.verify import verify_bundle

        report = verify_bundle(target)
    else:
        report = verify_case(target)
    for note in report.notes:
        click.echo(_("note: {note}").format(note=note))
    for problem in report.problems:
        click.echo(_("PROBLEM: {problem}").format(problem=problem))
    if report.ok and is_bundle:
        click.echo(
            _(
                "Intact: {files} file(s) match SHA256SUMS and manifest.json, {entries} custody entries chain correctly."
            ).format(files=report.checked_files, entries=report.checked_entries)
        )
        sys.exit(0)
    if report.ok:
        click.echo(
            _(
                "Intact: {files} original(s) match their SHA-256, {entries} audit entries chain correctly, {rows} recorded rows unchanged."
            ).format(
                files=report.checked_files, entries=report.checked_entries, rows=report.checked_rows
            )
        )
        sys.exit(0)
    click.echo(_("NOT intact: {n} problem(s) found.").format(n=len(report.problems)))
    sys.exit(1)


@main.command()
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@click.option(
    "--pdf",
    "pdf",
    required=True,
    type=click.Path(dir_okay=False),
    help="Where to write the dossier PDF.",
)
@click.option(
    "--bundle",
    default=None,
    type=click.Path(dir_okay=False),
    help="Also write the evidence bundle (ZIP).",
)
@click.option(
    "--lang",
    type=click.Choice(["zh", "en", "both"]),
    default="both",
    show_default=True,
    help="Language of the dossier.",
)
@click.option(
    "--paper",
    type=click.Choice(["a4", "letter"]),
    default="a4",
    show_default=True,
    help="Paper size.",
)
@click.option(
    "--exhibit",
    "exhibits",
    multiple=True,
    help="Only this exhibit (E-001 or 1); repeat for more. Default: all.",
)
@click.option("--show-id-number", is_flag=True, help="Print the victim's ID number unmasked.")
@friendly_errors
def export(directory, pdf, bundle, lang, paper, exhibits, show_id_number) -> None:
    """Write the police-ready dossier PDF, and with --bundle the verifiable evidence bundle."""
    from victimkit.dossier.export import export_case

    with open_case(directory) as store:
        result = export_case(
            store,
            Path(pdf),
            bundle_path=Path(bundle) if bundle else None,
            lang=lang,
            paper=paper,
            exhibits=list(exhibits) or None,
            show_id_number=show_id_number,
            on_progress=progress_printer(_("Exporting")),
        )
    click.echo(
        _("Dossier: {path} ({pages} pages, {n} exhibits)").format(
            path=result.pdf_path, pages=result.pages, n=result.exhibits
        )
    )
    click.echo(_("manifest.json SHA-256: {sha}").format(sha=result.manifest_sha256))
    if result.bundle_path:
        click.echo(_("Bundle: {path}").format(path=result.bundle_path))
        click.echo(
            _("SHA256SUMS SHA-256 (write it on the printed cover): {sha}").format(
                sha=result.sums_sha256
            )
        )
    click.echo(
        _("Hashes verified: {ok}/{total} match.").format(
            ok=result.verified_ok, total=result.verified_total
        )
    )
    for problem in result.problems:
        click.echo(_("PROBLEM: {problem}").format(problem=problem), err=True)
    sys.exit(0 if not result.problems else 1)


@main.command()
@click.argument("directory", required=False, type=click.Path(file_okay=False))
def gui(directory) -> None:
    """Open the desktop app, on the case in DIRECTORY if given."""
    from victimkit.gui.app import run_app

    sys.exit(run_app(Path(directory) if directory else None))


@main.command()
@click.argument("directory", type=click.Path(file_okay=False))
@click.option("--no-ocr", is_flag=True, help="Only store the screenshots; do not read their text.")
@friendly_errors
def demo(directory, no_ocr) -> None:
    """Build a demo case (a fake-customer-service scam, in Chinese) in DIRECTORY."""
    from victimkit.gui.demo import build_demo

    build_demo(Path(directory), ocr=not no_ocr, on_progress=progress_printer(_("Demo")))
    click.echo(
        _("Demo case created in {path}. Open it with: victimkit gui {path}").format(path=directory)
    )


# ------------------------------------------------ case library, encryption at rest, erasing
def _read_passphrase(passphrase_file: str | None, *, confirm: bool) -> str:
    """From a file (first line), or typed with hidden input (twice when locking)."""
    if passphrase_file:
        try:
            text = Path(passphrase_file).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise click.UsageError(
                _("{path}: the passphrase file cannot be read ({reason})").format(
                    path=passphrase_file, reason=exc
                )
            ) from exc
        lines = text.splitlines()
        return lines[0] if lines else ""
    return click.prompt(_("Passphrase"), hide_input=True, confirmation_prompt=confirm, err=True)


@main.command()
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@click.option(
    "--out",
    default=None,
    type=click.Path(dir_okay=False),
    help="The locked file to write (default: DIRECTORY.vkcase beside the folder).",
)
@click.option(
    "--passphrase-file",
    default=None,
    type=click.Path(exists=True, dir_okay=False),
    help="Read the passphrase from the first line of this file instead of asking.",
)
@friendly_errors
def lock(directory, out, passphrase_file) -> None:
    """Encrypt a case into one file with a passphrase, then remove the unencrypted folder.

    For shared computers. The folder is removed only after the locked file was written and
    checked. Without the passphrase nobody, including you, can open the case again.
    """
    from victimkit.store.crypto import lock_case

    passphrase = _read_passphrase(passphrase_file, confirm=True)
    result = lock_case(Path(directory), passphrase, dest=Path(out) if out else None)
    click.echo(
        _("Locked {files} file(s) into {path}; the unencrypted folder was removed.").format(
            files=result.files, path=result.locked_file
        )
    )


@main.command()
@click.argument("locked_file", type=click.Path(exists=True, dir_okay=False))
@click.argument("directory", type=click.Path(file_okay=False))
@click.option(
    "--passphrase-file",
    default=None,
    type=click.Path(exists=True, dir_okay=False),
    help="Read the passphrase from the first line of this file instead of asking.",
)
@friendly_errors
def unlock(locked_file, directory, passphrase_file) -> None:
    """Decrypt a locked case (.vkcase) into DIRECTORY and verify it. The locked file is kept."""
    from victimkit.store.crypto import unlock_case

    passphrase = _read_passphrase(passphrase_file, confirm=False)
    result = unlock_case(Path(locked_file), passphrase, Path(directory))
    click.echo(
        _("Unlocked {files} file(s) into {path}.").format(files=result.files, path=result.case_dir)
    )
    for problem in result.problems:
        click.echo(_("PROBLEM: {problem}").format(problem=problem))
    sys.exit(0 if not result.problems else 1)


@main.command()
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@click.option(
    "--confirm",
    "confirm_id",
    required=True,
    help="The case ID (as `victimkit cases` shows it), to confirm which case goes.",
)
@click.option(
    "--not-handed-over",
    "force",
    is_flag=True,
    help="Erase even though no hand-over of the case was recorded.",
)
@friendly_errors
def erase(directory, confirm_id, force) -> None:
    """Erase a case from this computer after hand-over: its files and every trace victimkit keeps.

    Removes the case folder (originals, database, thumbnails), its entries in the recent-cases
    list and the window settings, and captures it took from the clipboard or the screen.
    """
    from victimkit.errors import CaseError
    from victimkit.store.library import erase_case, handed_over

    if not force and not handed_over(Path(directory)):
        raise CaseError(
            _(
                "{path} was never handed over: nothing was erased. Hand it over first, or add --not-handed-over."
            ).format(path=directory)
        )
    report = erase_case(Path(directory), confirm_id=confirm_id)
    click.echo(_("Case {id} erased from this computer.").format(id=report.case_id))
    for trace in report.traces_removed:
        click.echo(f"  {trace}")


@main.command()
@click.argument("folder", required=False, type=click.Path(file_okay=False))
@friendly_errors
def cases(folder) -> None:
    """List the cases in FOLDER (default: the case library), and the recent ones."""
    from victimkit.paths import cases_home
    from victimkit.store.library import list_cases, recent_cases

    where = Path(folder) if folder else cases_home()
    found = list_cases(where)
    if not found:
        click.echo(_("No cases in {path}.").format(path=where))
    for c in found:
        if c.locked:
            line = f"{c.id:<20} {_('locked')}  {c.path}"
        elif c.problem:
            line = f"{c.id:<20} {_('damaged')}: {c.problem}  {c.path}"
        else:
            line = f"{c.id:<20} {c.created_at[:10]}  {c.evidence_count:>4}  {c.title}  {c.path}"
        click.echo(line)
    recent = [p for p in recent_cases() if p.parent.absolute() != where.absolute()]
    if recent:
        click.echo(_("Recent cases elsewhere:"))
        for p in recent:
            click.echo(f"  {p}")


# The guide's commands (check-text, step, action, deadline, scam-type, checklist, draft, channels).
from victimkit.cli_guide import register as _register_guide  # noqa: E402

_register_guide(main, friendly_errors, open_case)
