"""Drafts for the person to edit: platform complaint, police statement, IC3 / FTC / Report Fraud.

Templates are data (``resources/knowledge/drafts.yaml``). ``{key}`` takes a fact of the case;
``{key|hint}`` becomes a "[fill in: hint]" placeholder when the case does not hold it. Drafts
never invent a fact: names, amounts, accounts and times come only from the case, and scam
types only from what the person confirmed (a suggestion is shown inside the placeholder).
"""

from __future__ import annotations

import contextlib
import re
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from victimkit.guide.knowledge import Knowledge, load_knowledge, text
from victimkit.guide.steps import actions, confirmed_scam_types
from victimkit.i18n import _, current_language, set_language
from victimkit.store.audit import parse_iso, utc_now

DRAFT_KINDS = ("platform", "police", "ic3", "ftc", "reportfraud")
SUSPECT_KINDS = {
    "phone",
    "wechat_id",
    "qq",
    "douyin_id",
    "alipay",
    "alipay_account",
    "email",
    "url",
    "domain",
    "bank_card",
    "crypto_address",
    "username",
    "app",
}
ACTION_LABELS = {
    "called_bank": {"zh": "致电银行", "en": "called the bank"},
    "called_police": {"zh": "报警电话", "en": "called the police"},
    "police_report": {"zh": "报案", "en": "reported to the police"},
    "platform_report": {"zh": "向平台举报", "en": "reported to the platform"},
    "called_platform": {"zh": "联系平台", "en": "contacted the platform"},
    "online_report": {"zh": "网上举报", "en": "reported online"},
    "froze_card": {"zh": "冻结银行卡", "en": "froze a card"},
    "changed_passwords": {"zh": "修改密码", "en": "changed passwords"},
    "removed_remote_app": {"zh": "卸载远程软件", "en": "removed the remote app"},
    "legal_advice": {"zh": "法律咨询", "en": "legal advice"},
    "other": {"zh": "其他", "en": "other"},
}
_FIELD = re.compile(r"\{(\w+)(?:\|([^{}]*))?\}")


class DraftError(ValueError):
    """An unknown draft kind."""


def _local(value: str | None, tz: str) -> str:
    if not value:
        return ""
    try:
        dt = parse_iso(value)
    except (TypeError, ValueError):
        return value
    if dt is None:
        return ""
    with contextlib.suppress(Exception):  # unknown zone: keep UTC
        dt = dt.astimezone(ZoneInfo(tz))
    return dt.strftime("%Y-%m-%d %H:%M %z")


def _amount(value) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return None


def case_facts(
    store,
    *,
    lang: str,
    knowledge: Knowledge,
    suggested_types: list[str] | None = None,
) -> tuple[dict[str, str], dict[str, str]]:
    """(facts, extra hints): every key a template may use that the case knows."""
    row = store.case_row()
    tz = row.get("timezone") or "UTC"
    facts: dict[str, str] = {"case_id": row["id"]}
    hints: dict[str, str] = {}
    now = utc_now()
    facts["today"] = _local(now.isoformat(), tz)[:10]
    for key in ("victim_name", "victim_contact"):
        if (row.get(key) or "").strip():
            facts[key] = row[key].strip()

    types = confirmed_scam_types(store)
    if types:
        facts["scam_type"] = ", ".join(text(knowledge.scam_type(t)["name"], lang) for t in types)
    elif suggested_types:
        names = [
            text(knowledge.scam_type(t)["name"], lang)
            for t in suggested_types
            if knowledge.has_scam_type(t)
        ]
        if names:
            hints["scam_type"] = _("victimkit suggests: {names} - confirm or correct").format(
                names=", ".join(names[:2])
            )

    tables = store.db.table_names()
    losses = []
    if "transactions" in tables:
        for r in store.current_rows("transactions"):
            if r.get("direction") not in (None, "", "out") or not r.get("is_loss", 1):
                continue
            losses.append(r)
    losses.sort(key=lambda r: r.get("occurred_at") or "")
    if losses:
        lines = []
        totals: dict[str, Decimal] = defaultdict(Decimal)
        methods = []
        for n, r in enumerate(losses, 1):
            amount = _amount(r.get("amount"))
            currency = r.get("currency") or ""
            if amount is not None:
                totals[currency] += abs(amount)
            if r.get("payment_method") and r["payment_method"] not in methods:
                methods.append(r["payment_method"])
            parts = [
                f"{n}.",
                _local(r.get("occurred_at"), tz) or _("[time unknown]"),
                f"{abs(amount) if amount is not None else '?'} {currency}".strip(),
                r.get("payment_method") or "",
                "->",
                r.get("payee_name") or "",
                r.get("payee_account") or _("[payee account unknown]"),
                r.get("payee_bank") or "",
            ]
            if r.get("order_number"):
                parts.append(_("No. {number}").format(number=r["order_number"]))
            lines.append(" ".join(p for p in parts if p))
        facts["transactions"] = "\n".join(lines)
        facts["transaction_count"] = str(len(losses))
        facts["total_loss"] = ", ".join(f"{v} {c}".strip() for c, v in totals.items())
        if methods:
            facts["payment_methods"] = ", ".join(methods)
        times = [r["occurred_at"] for r in losses if r.get("occurred_at")]
        if times:
            facts["first_loss_at"] = _local(min(times), tz)
            facts["last_loss_at"] = _local(max(times), tz)
        facts["paid"] = _("yes") if lang == "en" else "是"

    suspects: list[str] = []
    seen = set()
    for r in losses:
        acct = (r.get("payee_account") or "").strip()
        if acct and acct not in seen:
            seen.add(acct)
            label = " ".join(p for p in (r.get("payee_name"), acct, r.get("payee_bank")) if p)
            suspects.append(label)
    if "entities" in tables:
        for r in store.current_rows("entities"):
            if r.get("kind") not in SUSPECT_KINDS or r.get("role") == "victim":
                continue
            value = (r.get("value") or "").strip()
            if value and value not in seen:
                seen.add(value)
                suspects.append(f"{r['kind']}: {value}")
    if suspects:
        facts["suspects"] = "\n".join(suspects)

    logged = actions(store)
    if logged:
        lines = []
        for a in logged:
            label = ACTION_LABELS.get(a["kind"], {}).get(lang) or a["kind"].replace("_", " ")
            bits = [_local(a.get("occurred_at"), tz), label]
            if a.get("channel_id"):
                with contextlib.suppress(KeyError):
                    bits.append(text(knowledge.channel(a["channel_id"])["name"], lang))
            if a.get("ref"):
                bits.append(_("ref. {ref}").format(ref=a["ref"]))
            if a.get("note"):
                bits.append(a["note"])
            lines.append(" - ".join(b for b in bits if b))
        facts["actions"] = "\n".join(lines)
        police = [
            a["ref"]
            for a in logged
            if a["kind"] in ("police_report", "called_police") and a.get("ref")
        ]
        if police:
            facts["police_ref"] = ", ".join(police)

    evidence = store.list_evidence()
    if evidence:
        facts["evidence"] = "\n".join(
            f"{ev.exhibit}  {ev.original_name}  SHA-256 {ev.sha256[:16]}..." for ev in evidence
        )
    return facts, hints


def render(template: str, facts: dict[str, str], hints: dict[str, str], placeholder: str) -> str:
    def fill(m: re.Match) -> str:
        key, hint = m.group(1), m.group(2)
        if facts.get(key):
            return facts[key]
        hint = hints.get(key) or hint or key.replace("_", " ")
        return placeholder.replace("{hint}", hint)

    return _FIELD.sub(fill, template)


def draft(
    store,
    kind: str,
    *,
    lang: str = "zh",
    knowledge: Knowledge | None = None,
    suggested_types: list[str] | None = None,
) -> str:
    """The draft ``kind`` (platform, police, ic3, ftc, reportfraud) in ``lang``, from the case."""
    knowledge = knowledge or load_knowledge()
    drafts = knowledge.drafts["drafts"]
    if kind not in drafts:
        raise DraftError(
            _("Unknown draft {kind}. Use one of: {kinds}").format(
                kind=kind, kinds=", ".join(drafts)
            )
        )
    lang = "zh" if lang == "zh" else "en"
    form_lang = drafts[kind].get("form_lang") or lang
    if form_lang != lang:
        # An English-language form (IC3, FTC, Report Fraud): the blocks to paste are in the
        # form's language, facts included (type names, labels); the person's own words (payee
        # names, notes) stay as they are. The body in the person's language is a short note
        # put before them.
        note = render(
            text(drafts[kind]["body"], lang),
            {"case_id": store.case_row()["id"]},
            {},
            text(knowledge.drafts["placeholder"], lang),
        )
        return (
            note.rstrip() + "\n\n" + _render_in(store, kind, form_lang, knowledge, suggested_types)
        )
    return _render_in(store, kind, lang, knowledge, suggested_types)


def _render_in(store, kind, lang, knowledge, suggested_types) -> str:
    """The draft ``kind`` rendered in ``lang``, with the messages of ``_()`` in that language too."""
    before = current_language()
    switched = before != lang
    if switched:
        set_language(lang)
    try:
        facts, hints = case_facts(
            store, lang=lang, knowledge=knowledge, suggested_types=suggested_types
        )
    finally:
        if switched:
            set_language(before)
    placeholder = text(knowledge.drafts["placeholder"], lang)
    body = render(text(knowledge.drafts["drafts"][kind]["body"], lang), facts, hints, placeholder)
    return body.rstrip() + "\n"


def placeholders_left(body: str, *, knowledge: Knowledge | None = None) -> int:
    """How many "[fill in: ...]" placeholders a rendered draft still holds."""
    knowledge = knowledge or load_knowledge()
    count = 0
    for lang in ("zh", "en"):
        head = text(knowledge.drafts["placeholder"], lang).split("{hint}")[0]
        count += body.count(head)
    return count
