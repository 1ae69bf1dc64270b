"""The knowledge files: schema validation, clear errors, references, and the allow-list."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from victimkit.guide.knowledge import KNOWLEDGE_DIR, KnowledgeError, load_knowledge

ROOT = Path(__file__).resolve().parents[2]


def test_shipped_knowledge_is_valid_and_complete():
    k = load_knowledge()
    ids = {t["id"] for t in k.scam_types}
    # the research notes' 17 types are all there
    for t in (
        "cn.task_rebate",
        "cn.fake_investment",
        "cn.fake_loan",
        "cn.fake_ecommerce_cs",
        "cn.impersonate_authority",
        "cn.fake_credit_repair",
        "cn.fake_shopping_service",
        "cn.impersonate_boss_acquaintance",
        "cn.game_trade",
        "cn.romance_pig_butchering",
        "recovery_scam",
        "douyin.fake_live_membership",
        "douyin.fake_official_cs",
        "douyin.gift_via_third_party_app",
        "douyin.paid_membership",
        "douyin.welfare_group",
        "douyin.scratch_card",
    ):
        assert t in ids
    assert k.step_ids[0] == "act_now"
    assert {
        "stay_calm",
        "collect_evidence",
        "contact_platform",
        "legal_advice",
        "report_police",
        "other_channels",
        "prevent_repeat",
    } <= set(k.step_ids)
    assert len(k.platform_abuse) == 4
    assert k.channels("CN") and k.channels("US") and k.channels("UK")


def test_loading_is_cached():
    assert load_knowledge() is load_knowledge()


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, folder)
    return folder


def test_an_invalid_file_gives_a_clear_error(tmp_path):
    folder = _copy(tmp_path)
    data = yaml.safe_load((folder / "scam_types.yaml").read_text(encoding="utf-8"))
    del data["types"][0]["advice"]["zh"]
    (folder / "scam_types.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True), encoding="utf-8"
    )
    with pytest.raises(KnowledgeError) as exc:
        load_knowledge(folder)
    assert "scam_types.yaml" in exc.value.message
    assert "'zh' is a required property" in exc.value.message


def test_broken_yaml_names_the_file(tmp_path):
    folder = _copy(tmp_path)
    (folder / "steps.yaml").write_text("steps: [unclosed\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"steps\.yaml"):
        load_knowledge(folder)


def test_unknown_references_are_refused(tmp_path):
    folder = _copy(tmp_path)
    data = yaml.safe_load((folder / "scam_types.yaml").read_text(encoding="utf-8"))
    data["types"][0]["evidence"].append("no_such_item")
    (folder / "scam_types.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True), encoding="utf-8"
    )
    with pytest.raises(KnowledgeError, match="no_such_item"):
        load_knowledge(folder)


def test_allow_list_holds_verified_channels_only():
    k = load_knowledge()
    assert k.is_allowed("110") and k.is_allowed("96110") and k.is_allowed("0300 123 2040")
    assert k.is_allowed("https://www.ic3.gov") and k.is_allowed("https://reportfraud.ftc.gov/")
    assert k.is_allowed("report@phishing.gov.uk")
    assert not k.is_allowed("4840161")  # seed 001's "recovery" contact
    assert not k.is_allowed("http://www.hkvip2.cn")
    for country in ("CN", "US", "UK"):
        for ch in k.channels(country, verified_only=False):
            if not ch["verified"]:
                assert not ch.get("phones") and not ch.get("web")
            assert ch["sources"], ch["id"]


PHONE = re.compile(r"(?<![\w.])(?:\+?\d[\d\- ]{1,14}\d)(?![\w.])")
URL = re.compile(
    r"(?:https?://|www\.)[^\s\"'<>)\]，。]+|\b[a-z0-9\-]+\.(?:gov|com|cn|org|uk)(?:\.uk)?\b", re.I
)


def _user_texts(obj):
    if isinstance(obj, dict):
        for key, value in obj.items():
            if key in (
                "sources",
                "source",
                "regex",
                "red_flags",
                "warning_markers",
                "homophones",
                "detect",
            ):
                continue
            yield from _user_texts(value)
    elif isinstance(obj, list):
        for value in obj:
            yield from _user_texts(value)
    elif isinstance(obj, str):
        yield obj


def test_every_link_and_service_number_shown_is_on_the_allow_list():
    """Nothing victimkit shows points anywhere not on the channel allow-list."""
    k = load_knowledge()
    texts = list(_user_texts({key: v for key, v in k.data.items() if key != "channels"}))
    po = ROOT / "resources" / "locale" / "zh" / "guide.po"
    if po.exists():
        texts += [
            line for line in po.read_text(encoding="utf-8").splitlines() if line.startswith("msg")
        ]
    for text_ in texts:
        for url in URL.findall(text_):
            assert k.is_allowed(url), (url, text_)
        for number in PHONE.findall(text_):
            digits = re.sub(r"\D", "", number)
            # amounts and dates are not numbers to call: only those after "call", "拨打" ...
            if (
                len(digits) >= 3
                and not re.fullmatch(r"(19|20)\d\d", digits)
                and re.search(
                    r"(拨打|打|call|phone|电话|热线|dial)\s*$",
                    text_[: text_.find(number)].lower()[-8:],
                )
            ):
                assert k.is_allowed(number), (number, text_)
