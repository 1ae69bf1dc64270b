"""Red-flag detection: phrases, evasions, verdicts, locations, the seeds, and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from victimkit.analysis.redflags import (
    CLEAN,
    SUSPICIOUS,
    WARNING,
    case_scam_types,
    check_text,
    scan_case,
)
from victimkit.cli import main
from victimkit.guide.knowledge import load_knowledge

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def types_of(text: str) -> list[str]:
    return [t.id for t in check_text(text, lang="en").types]


def test_impersonating_police_is_suspicious_with_its_type():
    report = check_text(
        "您好，我是公安局的，你涉嫌洗钱，请把钱转到安全账户，不要告诉家人", lang="zh"
    )
    assert report.verdict == SUSPICIOUS
    assert report.types[0].id == "cn.impersonate_authority"


def test_ordinary_texts_have_no_red_flags():
    for text in ("明天一起吃饭吧", "客服态度很好，退款很快", "Are you coming to dinner tonight?"):
        assert check_text(text).verdict == CLEAN


@pytest.mark.parametrize(
    "text",
    [
        "加 V 领取礼品，刷单日结300",  # split by spaces
        "加\u200bv领取礼品，刷\u200b单日结300",  # zero-width characters
        "加薇信领取礼品，刷单日结300",  # homophone
        "加威信领取礼品，刷单日结300",
        "加ＶＸ领取礼品，刷单日结300",  # full-width letters
    ],
)
def test_evasions_are_read_through(text):
    report = check_text(text, lang="zh")
    assert report.verdict == SUSPICIOUS
    assert "douyin.gift_via_third_party_app" in [t.id for t in report.types]


def test_full_width_digits_and_letters_in_english():
    report = check_text(
        "ＹＯＵ ＨＡＶＥ ＷＯＮ a guaranteed £1000 cash prize! Call ０９０６１７０１４６１",
        lang="en",
    )
    assert report.verdict == SUSPICIOUS
    assert "prize_lottery" in [t.id for t in report.types]


def test_match_offsets_point_into_the_original_text():
    text = "你好！请把钱转到 安全\u200b账户，配合资金清查"
    report = check_text(text, lang="zh")
    found = {text[m.start : m.end] for m in report.matches}
    assert "安全\u200b账户" in found
    assert "资金清查" in found


def test_json_shape():
    result = check_text("你涉嫌洗钱，把钱转到安全账户", lang="en").to_json()
    assert set(result) == {"verdict", "scam_types", "matches", "advice"}
    assert {"id", "score", "name"} <= set(result["scam_types"][0])
    assert {"phrase", "scam_type", "start", "end"} <= set(result["matches"][0])
    assert 0 < result["scam_types"][0]["score"] <= 1


def test_recovery_offer_carries_the_plain_fact():
    k = load_knowledge()
    result = check_text(
        "网赌被黑不给出款？专业团队帮你追回损失，先出款后收费，加v: zhuihui888", lang="en"
    ).to_json()
    assert result["verdict"] == SUSPICIOUS
    assert result["scam_types"][0]["id"] == "recovery_scam"
    assert result["advice"][0] == k.lexicon["recovery_fact"]["en"]
    assert "free of charge" in result["advice"][0]


def test_seed_001_is_a_recovery_scam():
    text = (SEEDS / "001_f5a0ff907a184bb4.txt").read_text(encoding="utf-8")
    report = check_text(text, lang="zh")
    assert report.verdict == SUSPICIOUS
    assert report.types[0].id == "recovery_scam"
    assert report.is_recovery_offer


def test_seed_000_is_a_warning_about_scams():
    text = (SEEDS / "000_9adb7f6f6282c836.txt").read_text(encoding="utf-8")
    report = check_text(text, lang="zh")
    assert report.verdict == WARNING
    assert report.types[0].id == "douyin.fake_live_membership"


def test_a_warning_that_quotes_a_contact_is_still_suspicious():
    text = "警方提醒：谨防诈骗分子冒充客服。想追回损失请加v: abc12345，先出款后收费"
    assert check_text(text).verdict == SUSPICIOUS


def _ocr(store, evidence_id: int, lines: list[str]) -> None:
    (result_id,) = store.insert(
        "ocr_results",
        [
            {
                "evidence_id": evidence_id,
                "engine": "test",
                "text": "\n".join(lines),
                "layout": "chat",
            }
        ],
        action="ocr_test",
    )
    store.insert(
        "ocr_lines",
        [
            {
                "ocr_result_id": result_id,
                "evidence_id": evidence_id,
                "line_no": n,
                "text": line,
                "x0": 10,
                "y0": 100 * n,
                "x1": 500,
                "y1": 100 * n + 40,
                "confidence": 0.99,
            }
            for n, line in enumerate(lines)
        ],
        action="ocr_test",
    )


def _evidence(store, name: str) -> int:
    import hashlib

    sha = hashlib.sha256(name.encode()).hexdigest()
    (ev,) = store.insert(
        "evidence",
        [
            {
                "sha256": sha,
                "kind": "image",
                "original_name": name,
                "source_path": name,
                "size": 1,
                "media_type": "image/png",
                "ext": "png",
                "imported_at": "2026-01-01T00:00:00Z",
                "problems": "[]",
            }
        ],
        action="test_import",
    )
    return ev


def test_scan_case_gives_evidence_and_box_for_ocr_lines(store):
    ev = _evidence(store, "a.png")
    _ocr(store, ev, ["您好，这里是公安局", "你涉嫌洗钱", "请把钱转到安全账户"])
    ev2 = _evidence(store, "b.png")
    _ocr(store, ev2, ["晚上一起吃饭吗"])
    flags = scan_case(store)
    assert flags and all(f["evidence_id"] == ev for f in flags)
    safe = next(f for f in flags if f["phrase"] == "安全账户")
    assert safe["scam_type"] == "cn.impersonate_authority"
    assert safe["location"]["kind"] == "ocr_line"
    assert safe["location"]["line_no"] == 2
    assert safe["location"]["box"] == [10, 200, 500, 240]
    assert case_scam_types(flags)[0] == "cn.impersonate_authority"


def test_scan_case_uses_incoming_messages_only(store):
    ev = _evidence(store, "chat.txt")
    store.insert(
        "messages",
        [
            {
                "evidence_id": ev,
                "seq": 1,
                "sender": "客服",
                "text": "您好，因工作人员失误给您开通了会员",
                "direction": "incoming",
            },
            {
                "evidence_id": ev,
                "seq": 2,
                "sender": "客服",
                "text": "请下载腾讯会议，共享屏幕，我们帮您取消扣费",
                "direction": "incoming",
            },
            {
                "evidence_id": ev,
                "seq": 3,
                "sender": "me",
                "text": "安全账户是什么？我要追回损失",
                "direction": "outgoing",
            },
        ],
        action="test_messages",
    )
    flags = scan_case(store)
    assert flags
    assert {f["location"]["kind"] for f in flags} == {"message"}
    ids = {f["location"]["message_id"] for f in flags}
    assert 3 not in ids  # the victim's own words are not flagged
    assert "cn.fake_ecommerce_cs" in {f["scam_type"] for f in flags}


def test_show_json_has_red_flags_and_steps(case_dir, store):
    ev = _evidence(store, "a.png")
    _ocr(store, ev, ["你涉嫌洗钱", "请把钱转到安全账户"])
    store.close()
    result = CliRunner().invoke(main, ["show", str(case_dir), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["red_flags"][0].keys() >= {"scam_type", "phrase", "evidence_id", "location"}
    assert data["steps"][0] == {"id": "act_now", "status": "todo", "updated_at": None}


def test_cli_check_text_json_and_stdin():
    runner = CliRunner()
    result = runner.invoke(main, ["check-text", "--json", "你涉嫌洗钱，把钱转到安全账户"])
    assert result.exit_code == 0
    assert json.loads(result.output)["verdict"] == SUSPICIOUS
    result = runner.invoke(main, ["check-text", "-", "--json"], input="明天见\n")
    assert json.loads(result.output)["verdict"] == CLEAN


def test_cli_check_text_batch_keeps_order():
    texts = [
        "明天见",
        "你涉嫌洗钱，把钱转到安全账户",
        "See you at 6",
        "U have WON a £1000 prize, call 09061701461",
    ]
    result = CliRunner().invoke(main, ["check-text", "--batch"], input="\n".join(texts) + "\n")
    assert result.exit_code == 0
    out = [json.loads(line) for line in result.output.splitlines()]
    assert [o["verdict"] for o in out] == [CLEAN, SUSPICIOUS, CLEAN, SUSPICIOUS]


@pytest.mark.slow
def test_benchmark_on_dev_does_not_regress_from_the_frozen_detector():
    """Dev is in-sample (the issue's target is judged on the sealed held-out sets, see
    benchmarks/data/redflags/README.md): this guards the frozen round-9 detector's recorded dev
    figures (results_round9_dev.json; dev now holds the spent heldout4 and heldout5) against
    regressions, and the false-positive limit."""
    from benchmarks.redflag_bench import evaluate, load

    recorded = json.loads(
        (Path(__file__).parents[2] / "benchmarks/data/redflags/results_round9_dev.json").read_text()
    )["results"]
    for lang in ("zh", "en"):
        rows = [r for r in load(lang) if r["split"] == "dev"]
        result = evaluate(rows)
        assert result["fp_rate_ordinary"] <= 0.03
        assert result["tp"] >= recorded[f"{lang}/dev"]["tp"], (lang, result)
        assert result["fp"] <= recorded[f"{lang}/dev"]["fp"], (lang, result)
        assert result["f1"] >= recorded[f"{lang}/dev"]["f1"] - 0.001, (lang, result["f1"])


# ---------------------------------------------------------------- generalising (issue 6, item 8)


def test_traditional_chinese_is_read_as_simplified():
    trad = "您好，我是網警，可以幫你追回損失，加薇信 abc12345"
    simp = "您好，我是网警，可以帮你追回损失，加薇信 abc12345"
    assert check_text(trad).verdict == check_text(simp).verdict == SUSPICIOUS
    report = check_text(trad)
    assert any(report.matches[i].matched_text(trad) for i in range(len(report.matches)))
    assert report.types[0].id == "recovery_scam"


def test_the_shape_of_a_scam_sms_is_suspicious_without_a_known_phrase():
    from victimkit.analysis.redflags import find_signals, structural

    text = (
        "【某某银行】尊敬的客户，您的账户存在异常，请于今日内点击 abc-bank.top 核实，否则将停用。"
    )
    signals = find_signals(text)
    assert {"authority", "problem", "call_to_action", "link"} <= set(signals)
    assert structural(signals)
    report = check_text(text)
    assert report.verdict == SUSPICIOUS and report.structural
    # The signals that explain the verdict are shown with the matches, with offsets.
    shown = {m.matched_text(text) for m in report.matches}
    assert "abc-bank.top" in shown


def test_ordinary_notifications_are_not_flagged():
    for text in (
        "【顺丰速运】您的快件已由本人签收，如有疑问请致电95338",
        "明天开会改到下午两点，记得带材料",
        "Are you coming to dinner tonight?",
    ):
        assert check_text(text).verdict == CLEAN, text


def test_model_file_has_a_model_per_language_of_bounded_size():
    from victimkit.analysis.redflags import load_model

    models = load_model()
    # round 6: zh gets a learned component too; round 7: chosen by cross-validation grouped
    # by kind of scam, the zh model reads the structural signals and the lexicon's families,
    # not character n-grams (they did not carry over to kinds of scam left out of training);
    # en keeps word n-grams. Round 9: with heldout5 held out as a fold of its own (before the
    # round-9 rules were written), character n-grams + the lexicon's families carried over best
    # to its unseen campaigns, so zh reads n-grams again. The weights stay in the tens of
    # thousands, not millions.
    assert {"en", "zh"} <= set(models)
    for m in models.values():
        assert 0.0 < m.threshold < 1.0
        assert 0 < len(m.weights) < 50000
    assert models["zh"].ngrams and models["en"].ngrams
    assert any(k.startswith("c2:") for k in models["zh"].weights)
    assert any(k.startswith("type:") for k in models["zh"].weights)
    assert any(k.startswith("w:") for k in models["en"].weights)
    report = check_text(
        "Sorry I missed your call let's talk when you have the time. I'm on 07090201529"
    )
    assert report.probability is not None
    assert check_text("See you at 6", use_model=False).probability is None


def test_model_only_flag_names_a_type_and_keeps_the_json_shape():
    report = check_text(
        "Sorry I missed your call let's talk when you have the time. I'm on 07090201529"
    )
    data = report.to_json()
    assert set(data) == {"verdict", "scam_types", "matches", "advice"}
    if data["verdict"] == SUSPICIOUS:
        assert data["scam_types"] and data["matches"]


@pytest.mark.slow
def test_model_training_is_deterministic(tmp_path):
    from benchmarks.redflag_train import run

    assert run("en", 3) == run("en", 3)


@pytest.mark.parametrize(
    "text",
    [
        "【ETC服务】您的ETC通行卡已于今日停用，请点击 etc-tx.cn 重新认证",
        "您 的 E T C 已\u200b失 效，请 点 击 链 接 重 新 认 证",  # spaces and zero-width
        "您的ＥＴＣ已失效，请于１２月５日前完成认证",  # full-width, a deadline
        "尊敬的用户，您的醫保卡已停用，請點擊網址完善信息",  # Traditional
        "您累计的36280分明日作废，请及时点击换取礼品",
    ],
)
def test_a_service_said_to_lapse_with_a_link_or_deadline_is_suspicious(text):
    assert check_text(text, lang="zh").verdict == SUSPICIOUS


def test_a_lapse_notice_that_sends_you_to_the_counter_is_not_flagged():
    text = "【中国银行】您的账户因长期未使用已冻结，请本人携带身份证到网点办理"
    assert check_text(text, lang="zh").verdict == CLEAN
    # the same words with a link to "fix" it are the phishing SMS
    assert check_text(text + "，或点击 boc-jd.top 解冻", lang="zh").verdict == SUSPICIOUS


@pytest.mark.parametrize(
    "text",
    [
        "【中国移动】您本月话费账单已出，消费58.00元。积分可在中国移动APP兑换话费。",
        "【抖音】您的账号验证码是6620，10分钟内有效，请勿泄露给他人。",
        "【图书馆】您借阅的图书将于11月28日到期，请按时归还或在线续借。",
        "小李，你明天上午到我办公室来一下",
    ],
)
def test_ordinary_notices_and_chat_are_not_flagged(text):
    assert check_text(text, lang="zh").verdict != SUSPICIOUS


def test_membership_auto_charge_and_easy_money_lures():
    assert check_text("会员订单预定成功，不取消每月自动扣款800元", lang="zh").verdict == SUSPICIOUS
    assert check_text("足不出户，动动手指，日入300元", lang="zh").verdict == SUSPICIOUS


def test_new_number_message_in_english():
    text = (
        "Hi mum, my phone just broke so this is my new number, can you send me £200 for a new one"
    )
    report = check_text(text, lang="en")
    assert report.verdict == SUSPICIOUS
    assert report.types[0].id == "cn.impersonate_boss_acquaintance"


@pytest.mark.parametrize(
    "text",
    [
        "警方提醒：凡是自称客服、以会员不取消会自动扣费为由要求转账的，都是诈骗。",
        "警惕！ETC发行机构不会发送带链接的短信，“您的ETC已失效，请点击链接认证”这类短信都是诈骗。",
        "民警提醒，冒充公检法的骗子会谎称你涉嫌洗钱，要求转账到安全账户，公安机关绝不会这样做。",
    ],
)
def test_texts_that_warn_about_scams(text):
    assert check_text(text, lang="zh").verdict == WARNING


# ---- Round 4: the published fraud types that now have their own shapes. The texts below are
# written for these tests from the type descriptions (not copied from the benchmark data).


@pytest.mark.parametrize(
    ("text", "type_id"),
    [
        (
            "各位家长：本学期教材费260元，请扫描群里二维码缴费后截图私信我。",
            "cn.impersonate_teacher",
        ),
        ("您有一笔个税退税待领取，请登录链接认证，逾期视为放弃。", "cn.fake_tax_refund_subsidy"),
        ("您预订的航班因天气原因取消，请拨打改签专线办理，可获延误补偿。", "cn.flight_rebooking"),
        (
            "我行将于今晚扣除您的信用卡年费1800元，如有疑问请致电客服中心。",
            "cn.credit_card_fee_limit",
        ),
        (
            "妈，我在外面出车祸了，急需手术费，快打5000元到这个账户，先别打电话。",
            "cn.relative_emergency",
        ),
        ("我换号了，旧号已停用，请惠存，收到请回复。", "cn.impersonate_boss_acquaintance"),
        ("您的社保卡异常，今天下午将被冻结，按9转人工服务。", "cn.social_insurance_card"),
        ("您在京东开通的白条还没注销，不注销会影响个人征信。", "cn.fake_credit_repair"),
        ("您的百万保障免费期已结束，今晚不关闭将每月自动扣费。", "cn.fake_ecommerce_cs"),
    ],
)
def test_round4_chinese_types(text, type_id):
    report = check_text(text, lang="zh")
    assert report.verdict == SUSPICIOUS
    assert type_id in [t.id for t in report.types]


@pytest.mark.parametrize(
    "text",
    [
        "各 位 家 长 ：本学期资料费 150 元，请扫\u200b码缴费",  # spaces and zero-width characters
        "各位家長：本學期資料費150元，請掃碼繳費",  # Traditional characters
        "妳的醫保卡異常，將被凍結",  # Traditional, short threat with no link or deadline
        "ｍｙ　ｎｅｗ number: Hi Mum, this is my new number, save it and delete the old one",
    ],
)
def test_round4_evasions_are_read_through(text):
    assert check_text(text).verdict == SUSPICIOUS


@pytest.mark.parametrize(
    "text",
    [
        "Hi Dad, I dropped my phone and it's broken, this is my new number x",
        "Your PayPal account has been limited. Click here to restore access.",
        "HOT BUY! Strong-buy stock alert, up over 400% this week, get in now",
        "We need your address and DOB to complete the delivery",
        "Your card has been suspended due to unusual activity. Text back YES to reactivate it.",
    ],
)
def test_round4_english_shapes(text):
    assert check_text(text, lang="en").verdict == SUSPICIOUS


@pytest.mark.parametrize(
    "text",
    [
        "Sent from my phone via www.example.com",
        "Check out the photos at www.flickr.com/photos/ourtrip tonight",
        "这家店的官网 www.example.cn 上有说明书，挺详细的。",
        "See you at 7, the menu is on http://restaurant.co.uk",
    ],
)
def test_a_web_address_alone_is_not_suspicious(text):
    assert check_text(text).verdict == CLEAN


@pytest.mark.parametrize(
    "text",
    [
        "【工商银行】您的验证码为123456，请勿向任何人提供此验证码。",
        "【学校】下周一开学，教材费已从学费中统一扣除，无需另行缴费。",
        "【中国国航】您的航班CA1234已确认，请提前两小时到机场值机。",
        "妈，我到学校了，宿舍挺好的，周末给你打电话。",
        "I lost my phone yesterday so call me on the landline later.",
    ],
)
def test_round4_legitimate_notices_stay_clean(text):
    assert check_text(text).verdict != SUSPICIOUS
