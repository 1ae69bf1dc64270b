"""Command-line commands of the guide: check-text, step, action, deadline, scam-type, checklist,
draft, channels. Registered on the main group by ``victimkit.cli``."""

from __future__ import annotations

import json
import sys
from datetime import datetime

import click

from victimkit.i18n import _, current_language


def _lang(value: str | None) -> str:
    return value or current_language()


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(_("use ISO 8601, e.g. 2026-03-01T14:30+08:00")) from None
    if dt.tzinfo is None:
        dt = dt.astimezone()  # the computer's zone
    return dt


def _guide_errors(fn):
    import functools

    from victimkit.guide.drafts import DraftError
    from victimkit.guide.steps import GuideError

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except (GuideError, DraftError) as exc:
            click.echo(_("error: {message}").format(message=exc), err=True)
            sys.exit(2)

    return wrapper


def register(main: click.Group, friendly_errors, open_case) -> None:
    @main.command("check-text")
    @click.argument("text", required=False)
    @click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
    @click.option(
        "--batch",
        is_flag=True,
        help="Read one text per line from standard input; write one JSON object per line, in order.",
    )
    @click.option(
        "--lang", type=click.Choice(["zh", "en"]), default=None, help="Language of the advice."
    )
    @friendly_errors
    def check_text_cmd(text, as_json, batch, lang) -> None:
        """Is this a scam? Check a pasted message (TEXT, or - for standard input)."""
        from victimkit.analysis.redflags import check_text

        lang = _lang(lang)
        if batch:
            for line in sys.stdin:
                line = line.rstrip("\n")
                click.echo(json.dumps(check_text(line, lang=lang).to_json(), ensure_ascii=False))
            return
        if text is None or text == "-":
            text = sys.stdin.read()
        result = check_text(text, lang=lang).to_json()
        if as_json:
            click.echo(json.dumps(result, ensure_ascii=False, indent=2))
            return
        label = {
            "suspicious": _("Suspicious: this looks like a scam."),
            "warning_about_scams": _("This is a warning about scams, not a scam itself."),
            "no_red_flags": _("No known red flags found."),
        }[result["verdict"]]
        click.echo(label)
        for t in result["scam_types"]:
            click.echo(f"  {t['name']} ({t['score']:.2f})")
        phrases = sorted({m["text"] for m in result["matches"]})
        if phrases:
            click.echo(
                _("Words that raised the flag: {phrases}").format(phrases=", ".join(phrases))
            )
        for a in result["advice"]:
            click.echo("- " + a)

    @main.command()
    @click.argument("directory", type=click.Path(exists=True, file_okay=False))
    @click.argument("step_id", required=False)
    @click.option(
        "--status",
        type=click.Choice(["todo", "doing", "done", "skipped"]),
        default=None,
        help="The new status of STEP_ID.",
    )
    @click.option("--note", default="", help="A note to keep with the step.")
    @click.option("--json", "as_json", is_flag=True, help="Print the steps as JSON.")
    @friendly_errors
    @_guide_errors
    def step(directory, step_id, status, note, as_json) -> None:
        """Show the steps, or set the status of one (e.g. step DIR act_now --status done)."""
        from victimkit.guide.steps import set_step, step_states

        with open_case(directory) as store:
            if step_id:
                if status is None:
                    raise click.UsageError(_("give --status for the step"))
                set_step(store, step_id, status, note=note)
            states = step_states(store)
        if as_json:
            click.echo(json.dumps([s.to_json() for s in states], ensure_ascii=False, indent=2))
            return
        marks = {"todo": "[ ]", "doing": "[~]", "done": "[x]", "skipped": "[-]"}
        for s in states:
            extra = f"  - {s.note}" if s.note else ""
            click.echo(f"{marks[s.status]} {s.id:<17} {s.title}{extra}")

    @main.command()
    @click.argument("directory", type=click.Path(exists=True, file_okay=False))
    @click.option(
        "--kind",
        default=None,
        help="called_bank, called_police, police_report, platform_report, ...",
    )
    @click.option("--ref", default="", help="Ticket, receipt or reference number.")
    @click.option("--note", default="", help="Who answered, what was said.")
    @click.option("--channel", default="", help="Channel id (see `victimkit channels`).")
    @click.option("--at", "at", default=None, help="When you did it (ISO 8601); default now.")
    @friendly_errors
    @_guide_errors
    def action(directory, kind, ref, note, channel, at) -> None:
        """Record what you did (called the bank, reported to the platform ...), or list it."""
        from victimkit.guide.steps import actions, log_action

        with open_case(directory) as store:
            if kind:
                log_action(
                    store, kind, ref=ref, note=note, channel_id=channel, occurred_at=_parse_time(at)
                )
            rows = actions(store)
        for r in rows:
            ref_ = f"  #{r['ref']}" if r["ref"] else ""
            click.echo(f"{r['occurred_at']}  {r['kind']}{ref_}  {r['note'] or ''}".rstrip())

    @main.command()
    @click.argument("directory", type=click.Path(exists=True, file_okay=False))
    @click.argument("deadline_id", required=False)
    @click.option(
        "--due", default=None, help="When it ends (ISO 8601), e.g. the platform's dispute window."
    )
    @click.option("--note", default="", help="A note, e.g. where the rule is written.")
    @friendly_errors
    @_guide_errors
    def deadline(directory, deadline_id, due, note) -> None:
        """Show the deadlines with the time left, or enter one you looked up."""
        from victimkit.guide.steps import deadlines, format_time_left, set_deadline

        with open_case(directory) as store:
            if deadline_id:
                when = _parse_time(due)
                if when is None:
                    raise click.UsageError(_("give --due for the deadline"))
                set_deadline(store, deadline_id, when, note=note)
            rows = deadlines(store)
        if not rows:
            click.echo(_("No deadline yet: it starts with the first payment in the case."))
        for d in rows:
            click.echo(f"{d.title}: {format_time_left(d.time_left())}  ({d.due_at.isoformat()})")
            if d.note:
                click.echo(f"  {d.note}")

    @main.command("scam-type")
    @click.argument("directory", type=click.Path(exists=True, file_okay=False))
    @click.argument("type_id")
    @click.option("--reject", is_flag=True, help="Say this type does not fit the case.")
    @friendly_errors
    @_guide_errors
    def scam_type(directory, type_id, reject) -> None:
        """Confirm the scam type of the case (only confirmed types reach the dossier)."""
        from victimkit.guide.steps import confirm_scam_type, confirmed_scam_types

        with open_case(directory) as store:
            confirm_scam_type(store, type_id, confirmed=not reject)
            click.echo(", ".join(confirmed_scam_types(store)) or _("(none confirmed)"))

    @main.command()
    @click.argument("directory", type=click.Path(exists=True, file_okay=False))
    @click.option("--json", "as_json", is_flag=True, help="Print the checklist as JSON.")
    @friendly_errors
    def checklist(directory, as_json) -> None:
        """What the police will ask for, for this case's scam types, and what is still missing."""
        from victimkit.analysis.redflags import case_scam_types, scan_case
        from victimkit.guide.checklists import evidence_checklist

        with open_case(directory) as store:
            items = evidence_checklist(store, suggested_types=case_scam_types(scan_case(store)))
        if as_json:
            click.echo(json.dumps([i.to_json() for i in items], ensure_ascii=False, indent=2))
            return
        marks = {"present": "[x]", "missing": "[ ]", "bring_in_person": "[!]"}
        for i in items:
            ids = "  E-" + ", E-".join(f"{n:03d}" for n in i.evidence_ids) if i.evidence_ids else ""
            click.echo(f"{marks[i.status]} {i.label}{ids}")

    @main.command()
    @click.argument("directory", type=click.Path(exists=True, file_okay=False))
    @click.argument("kind", type=click.Choice(["platform", "police", "ic3", "ftc", "reportfraud"]))
    @click.option(
        "--lang", type=click.Choice(["zh", "en"]), default=None, help="Language of the draft."
    )
    @friendly_errors
    @_guide_errors
    def draft(directory, kind, lang) -> None:
        """Print a draft to edit: complaint to the platform, police statement, IC3/FTC/Report Fraud."""
        from victimkit.analysis.redflags import case_scam_types, scan_case
        from victimkit.guide.drafts import draft as make_draft

        with open_case(directory) as store:
            lang = lang or store.info().lang
            body = make_draft(
                store, kind, lang=lang, suggested_types=case_scam_types(scan_case(store))
            )
        click.echo(body, nl=False)

    @main.command()
    @click.option(
        "--country", type=click.Choice(["CN", "US", "UK"]), default=None, help="Only this country."
    )
    @click.option("--lang", type=click.Choice(["zh", "en"]), default=None, help="Language.")
    @friendly_errors
    def channels(country, lang) -> None:
        """The official reporting channels (the only numbers and addresses victimkit shows)."""
        from victimkit.guide.knowledge import load_knowledge, text

        k = load_knowledge()
        lang = _lang(lang)
        for c_ in [country] if country else ["CN", "US", "UK"]:
            click.echo(f"== {c_}")
            for ch in k.channels(c_):
                contact = ", ".join(
                    [*ch.get("phones", []), *ch.get("web", []), *ch.get("emails", [])]
                )
                click.echo(f"{ch['id']:<22} {text(ch['name'], lang)}  {contact}".rstrip())
