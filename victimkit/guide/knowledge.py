"""The scam knowledge: steps, scam types, red flags, channels, drafts - data, not code.

Every ``resources/knowledge/*.yaml`` file is read into one document keyed by its file name
and validated against ``resources/knowledge/schema.json`` with jsonschema. A broken file gives
a ``KnowledgeError`` naming the file and the place, never a half-loaded knowledge base.

``load_knowledge()`` caches by folder and file modification times, so it is cheap to call.
The schema check (importing jsonschema and running it: ~0.35 CPU-s) is done once per content:
the SHA-256 of the exact bytes of the schema and of every YAML file that passed is remembered
in ``<data home>/cache/knowledge-valid.json``; files with other bytes are checked again. The
data itself is always parsed from the files' bytes (the same bytes that were hashed), never
taken from the cache, and the references are always checked.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import yaml

from victimkit.errors import VictimkitError
from victimkit.i18n import _, current_language
from victimkit.paths import data_home, resource

KNOWLEDGE_DIR = resource("knowledge")
COUNTRIES = ("CN", "US", "UK")


class KnowledgeError(VictimkitError):
    """The knowledge files are missing or do not match their schema."""

    exit_code = 2


def text(value: dict | str | None, lang: str | None = None) -> str:
    """The ``lang`` side of a bilingual ``{"zh": ..., "en": ...}`` value."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    lang = lang or current_language()
    return value.get(lang) or value.get("en") or ""


def normalise_phone(number: str) -> str:
    return re.sub(r"[^0-9]", "", number)


def normalise_url(url: str) -> str:
    url = url.strip().lower()
    url = re.sub(r"^https?://", "", url)
    url = re.sub(r"^www\.", "", url)
    return url.rstrip("/")


@dataclass(frozen=True, eq=False)
class Knowledge:
    """The validated knowledge document with small accessors."""

    data: dict
    folder: Path

    # ----------------------------------------------------------- scam types
    @cached_property
    def scam_types(self) -> list[dict]:
        return list(self.data["scam_types"]["types"])

    @cached_property
    def _types_by_id(self) -> dict[str, dict]:
        return {t["id"]: t for t in self.scam_types}

    def scam_type(self, type_id: str) -> dict:
        try:
            return self._types_by_id[type_id]
        except KeyError:
            raise KeyError(type_id) from None

    def has_scam_type(self, type_id: str) -> bool:
        return type_id in self._types_by_id

    @property
    def lexicon(self) -> dict:
        return self.data["lexicon"]

    # ----------------------------------------------------------- steps
    @property
    def steps(self) -> list[dict]:
        return list(self.data["steps"]["steps"])

    @property
    def step_ids(self) -> list[str]:
        return [s["id"] for s in self.steps]

    def step(self, step_id: str) -> dict:
        for s in self.steps:
            if s["id"] == step_id:
                return s
        raise KeyError(step_id)

    @property
    def urgent_actions(self) -> list[dict]:
        return list(self.data["steps"]["urgent_actions"])

    # ----------------------------------------------------------- evidence
    @cached_property
    def evidence_items(self) -> dict[str, dict]:
        return {item["id"]: item for item in self.data["evidence"]["items"]}

    @property
    def evidence_always(self) -> list[str]:
        return list(self.data["evidence"]["always"])

    @property
    def platform_abuse(self) -> list[dict]:
        return list(self.data["platform_abuse"]["rows"])

    def prevention(self, country: str | None = None) -> list[dict]:
        return [
            item
            for item in self.data["prevention"]["items"]
            if country is None or item.get("country") in (None, country)
        ]

    def deadlines(self, country: str | None = None) -> list[dict]:
        return [
            d
            for d in self.data["deadlines"]["deadlines"]
            if country is None or d.get("country") in (None, country)
        ]

    @property
    def drafts(self) -> dict:
        return self.data["drafts"]

    # ----------------------------------------------------------- channels
    def channels(self, country: str, *, verified_only: bool = True) -> list[dict]:
        country = country.upper()
        if country not in COUNTRIES:
            return []
        rows = self.data["channels"][country]
        return [c for c in rows if c["verified"] or not verified_only]

    def channel(self, channel_id: str) -> dict:
        for country in COUNTRIES:
            for c in self.data["channels"][country]:
                if c["id"] == channel_id:
                    return c
        raise KeyError(channel_id)

    @cached_property
    def allow_list(self) -> dict[str, frozenset[str]]:
        """Phone numbers, web addresses and e-mail addresses victimkit may show or link.

        Only channels marked ``verified`` contribute.
        """
        phones, urls, emails = set(), set(), set()
        for country in COUNTRIES:
            for c in self.data["channels"][country]:
                if not c["verified"]:
                    continue
                phones.update(normalise_phone(p) for p in c.get("phones", ()))
                urls.update(normalise_url(u) for u in c.get("web", ()))
                emails.update(e.lower() for e in c.get("emails", ()))
        return {"phones": frozenset(phones), "urls": frozenset(urls), "emails": frozenset(emails)}

    def is_allowed(self, target: str) -> bool:
        """True when ``target`` (a phone number, web address or e-mail) is on the allow-list."""
        target = target.strip()
        if "@" in target and not target.lower().startswith(("http", "mailto:")):
            return target.lower() in self.allow_list["emails"]
        if target.lower().startswith("mailto:"):
            return target[7:].lower() in self.allow_list["emails"]
        if re.fullmatch(r"(?:tel:)?[+0-9 ()\-]+", target):
            return normalise_phone(target) in self.allow_list["phones"]
        url = normalise_url(target)
        return any(
            url == allowed or url.startswith(allowed + "/") for allowed in self.allow_list["urls"]
        )


# libyaml's parser (same safe constructors) reads the knowledge ~10x faster than pure Python.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise KnowledgeError(
            _("Cannot read the knowledge file {path}: {reason}").format(
                path=path, reason=exc.strerror
            )
        ) from exc


def _read_yaml(path: Path, raw: bytes | None = None) -> object:
    if raw is None:
        raw = _read_bytes(path)
    try:
        return yaml.load(raw.decode("utf-8"), Loader=_SAFE_LOADER)
    except UnicodeDecodeError as exc:
        raise KnowledgeError(
            _("The knowledge file {path} is not valid YAML: {reason}").format(path=path, reason=exc)
        ) from exc
    except yaml.YAMLError as exc:
        raise KnowledgeError(
            _("The knowledge file {path} is not valid YAML: {reason}").format(path=path, reason=exc)
        ) from exc


def read_documents(folder: Path) -> dict:
    """All YAML files of ``folder``, keyed by file stem."""
    if not folder.is_dir():
        raise KnowledgeError(_("The knowledge folder {path} is missing.").format(path=folder))
    return {p.stem: _read_yaml(p) for p in sorted(folder.glob("*.yaml"))}


def validate(data: dict, folder: Path, schema_text: bytes | None = None) -> None:
    """The schema check, then the references (``schema_text``: the schema's bytes, if read)."""
    _check_schema(data, folder, schema_text)
    _check_references(data, folder)


def _check_schema(data: dict, folder: Path, schema_text: bytes | None = None) -> None:
    import jsonschema  # ~0.2 s to import: only when a content is checked for the first time

    schema_path = folder / "schema.json"
    try:
        if schema_text is None:
            schema_text = schema_path.read_bytes()
        schema = json.loads(schema_text.decode("utf-8"))
    except (OSError, ValueError) as exc:
        raise KnowledgeError(
            _("Cannot read the knowledge schema {path}: {reason}").format(
                path=schema_path, reason=exc
            )
        ) from exc
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        where = list(first.absolute_path)
        file = f"{where[0]}.yaml" if where else "knowledge"
        place = "/".join(str(p) for p in where[1:]) or "(top)"
        raise KnowledgeError(
            _("The knowledge file {file} is invalid at {place}: {reason}").format(
                file=folder / file, place=place, reason=first.message
            )
        )


def _check_references(data: dict, folder: Path) -> None:
    """Ids that point elsewhere must exist, and regular expressions must compile."""
    problems = []
    type_ids = {t["id"] for t in data["scam_types"]["types"]}
    evidence_ids = {e["id"] for e in data["evidence"]["items"]}
    channel_ids = {c["id"] for country in COUNTRIES for c in data["channels"][country]}
    action_ids = {a["id"] for a in data["steps"]["urgent_actions"]}
    categories = set(data["lexicon"]["categories"])
    for t in data["scam_types"]["types"]:
        if t.get("parent") and t["parent"] not in type_ids:
            problems.append(f"scam_types.yaml: {t['id']}: unknown parent {t['parent']}")
        problems += [
            f"scam_types.yaml: {t['id']}: unknown evidence item {e}"
            for e in t["evidence"]
            if e not in evidence_ids
        ]
    problems += [
        f"evidence.yaml: always: unknown item {e}"
        for e in data["evidence"]["always"]
        if e not in evidence_ids
    ]
    for item in data["steps"]["urgent_actions"] + data["steps"]["steps"]:
        for country_ids in (item.get("channels") or {}).values():
            problems += [
                f"steps.yaml: {item['id']}: unknown channel {c}"
                for c in country_ids
                if c not in channel_ids
            ]
        problems += [
            f"steps.yaml: {item['id']}: unknown action {a}"
            for a in item.get("actions", ())
            if a not in action_ids
        ]
    for p in data["lexicon"]["patterns"]:
        try:
            re.compile(p["regex"])
        except re.error as exc:
            problems.append(f"lexicon.yaml: pattern {p['id']}: {exc}")
        if p.get("type") and p["type"] not in type_ids:
            problems.append(f"lexicon.yaml: pattern {p['id']}: unknown type {p['type']}")
        if p.get("category") and p["category"] not in categories:
            problems.append(f"lexicon.yaml: pattern {p['id']}: unknown category {p['category']}")
    for name, draft in data["drafts"]["drafts"].items():
        if draft.get("channel") and draft["channel"] not in channel_ids:
            problems.append(f"drafts.yaml: {name}: unknown channel {draft['channel']}")
    if problems:
        raise KnowledgeError(
            _("The knowledge in {path} has broken references: {problems}").format(
                path=folder, problems="; ".join(problems)
            )
        )


_cache: dict[tuple, Knowledge] = {}
_lock = threading.Lock()


def _signature(folder: Path) -> tuple:
    files = sorted([*folder.glob("*.yaml"), folder / "schema.json"])
    return tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in files if p.exists())


VALID_CACHE_VERSION = 1
VALID_CACHE_KEEP = 8  # digests remembered (a few versions of the files, e.g. while editing)


def _valid_cache_path() -> Path:
    return data_home() / "cache" / "knowledge-valid.json"


def _content_digest(files: list[tuple[str, bytes]]) -> str:
    """SHA-256 over every file's name and exact bytes (length-prefixed: no two sets of files
    give the same stream), with the cache's version."""
    h = hashlib.sha256(f"victimkit-knowledge-valid-{VALID_CACHE_VERSION}".encode())
    for name, raw in files:
        for part in (name.encode("utf-8"), raw):
            h.update(len(part).to_bytes(8, "big"))
            h.update(part)
    return h.hexdigest()


def _known_valid() -> list[str]:
    try:
        got = json.loads(_valid_cache_path().read_text(encoding="utf-8"))
        digests = got.get("valid", []) if isinstance(got, dict) else []
        return [d for d in digests if isinstance(d, str)]
    except (OSError, ValueError):
        return []


def _remember_valid(digest: str) -> None:
    """Best effort: a cache that cannot be written only means checking again next time."""
    path = _valid_cache_path()
    digests = [digest, *(d for d in _known_valid() if d != digest)][:VALID_CACHE_KEEP]
    tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps({"valid": digests}), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)


def _load(folder: Path) -> Knowledge:
    """Read every file once; parse the YAML from those bytes; check the schema unless these
    exact bytes passed it before; check the references."""
    if not folder.is_dir():
        raise KnowledgeError(_("The knowledge folder {path} is missing.").format(path=folder))
    paths = sorted(folder.glob("*.yaml"))
    raws = [(p.name, _read_bytes(p)) for p in paths]
    schema_path = folder / "schema.json"
    schema_text = schema_path.read_bytes() if schema_path.is_file() else None
    data = {p.stem: _read_yaml(p, raw) for p, (_n, raw) in zip(paths, raws, strict=True)}
    digest = None
    if schema_text is not None:
        digest = _content_digest([*raws, ("schema.json", schema_text)])
    if digest is None or digest not in _known_valid():
        _check_schema(data, folder, schema_text)
        if digest is not None:
            _remember_valid(digest)
    _check_references(data, folder)
    return Knowledge(data=data, folder=folder)


def load_knowledge(folder: Path | str | None = None) -> Knowledge:
    """The validated knowledge of ``folder`` (default: the shipped resources), cached."""
    folder = Path(folder) if folder is not None else KNOWLEDGE_DIR
    if not folder.is_dir():
        raise KnowledgeError(_("The knowledge folder {path} is missing.").format(path=folder))
    key = (str(folder.resolve()), _signature(folder))
    with _lock:
        cached = _cache.get(key)
        if cached is not None:
            return cached
    knowledge = _load(folder)
    with _lock:
        _cache.clear()  # keep one version per process: knowledge files rarely change
        _cache[key] = knowledge
    return knowledge
