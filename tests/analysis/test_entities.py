"""Entities in text: what a police officer needs, with checks that catch misreadings."""

from __future__ import annotations

from decimal import Decimal

import pytest

from victimkit.analysis.entities import extract_entities, mask, parse_amount


def kinds(text: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for e in extract_entities(text):
        out.setdefault(e.kind, []).append(e.value)
    return out


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("转账 ¥1,130.00", "1130.00", "CNY"),
        ("-1130.00", "-1130.00", "CNY"),
        ("共2.5万元", "25000.00", "CNY"),
        ("RMB 500", "500.00", "CNY"),
        ("CNY 88.8", "88.80", "CNY"),
        ("USD 300", "300.00", "USD"),
        ("$45.99", "45.99", "USD"),
        ("HK$1,200.50", "1200.50", "HKD"),
        ("5000块", "5000.00", "CNY"),
        ("付了3000元", "3000.00", "CNY"),
        ("￥９９．００", "99.00", "CNY"),
        ("200美元", "200.00", "USD"),
    ],
)
def test_amounts_with_currency_and_sign(text, value, currency):
    amounts = [e for e in extract_entities(text) if e.kind == "amount"]
    assert len(amounts) == 1, amounts
    assert amounts[0].value == value
    assert amounts[0].extra["currency"] == currency


def test_parse_amount_keeps_the_sign():
    a = parse_amount("-1,130.00", default_currency="CNY")
    assert a.value == Decimal("-1130.00") and a.explicit_sign == "-" and a.currency == "CNY"
    assert parse_amount("+50.00").value == Decimal("50.00")
    assert parse_amount("交易成功") is None


def test_phone_numbers_and_service_numbers():
    found = kinds("联系电话 13812345678，客服 95588 或 400-123-4567，报警 110，反诈 96110")
    assert found["phone"] == ["+8613812345678"]
    assert found["service_number"] == ["95588", "4001234567", "110", "96110"]
    services = {
        e.value: e.extra["service"]
        for e in extract_entities("95188 96110")
        if e.kind == "service_number"
    }
    assert services == {"95188": "Alipay", "96110": "Anti-fraud hotline"}


def test_a_mobile_number_inside_an_order_number_is_not_a_phone():
    found = kinds("订单号 2024101413812345678123")
    assert "phone" not in found
    assert found["order_number"] == ["2024101413812345678123"]


def test_bank_cards_are_luhn_checked():
    good = [
        e for e in extract_entities("收款卡号 6222 0212 3456 7890 128") if e.kind == "bank_card"
    ]
    assert good[0].value == "6222021234567890128" and good[0].valid is True
    bad = [e for e in extract_entities("收款卡号 6222021234567890120") if e.kind == "bank_card"]
    assert bad[0].valid is False and bad[0].confidence < good[0].confidence
    # a long number with no card context and a wrong check digit is not a card
    assert "bank_card" not in kinds("编号 6222021234567890120")


def test_resident_id_checksum_sensitivity_and_mask():
    ents = [e for e in extract_entities("身份证号 11010519491231002X") if e.kind == "resident_id"]
    assert ents and ents[0].valid and ents[0].sensitive
    assert mask(ents[0].value, "resident_id") == "110105********002X"
    assert "resident_id" not in kinds("身份证号 110105194912310021")  # wrong check digit


def test_chat_app_identifiers():
    found = kinds("加我微信 abc_12345，QQ:123456789，抖音号: dy_abc123，支付宝账号 li.ming@163.com")
    assert found["wechat_id"] == ["abc_12345"]
    assert found["qq"] == ["123456789"]
    assert found["douyin_id"] == ["dy_abc123"]
    assert found["alipay"] == ["li.ming@163.com"]


def test_email_url_domain():
    found = kinds(
        "登录 https://scam-invest.top/login?id=7 或 www.fake-bank.cn，邮箱 Li.Ming@163.com，客服站 kefu.help.vip"
    )
    assert found["url"] == ["https://scam-invest.top/login?id=7", "www.fake-bank.cn"]
    assert set(found["domain"]) == {"scam-invest.top", "www.fake-bank.cn", "kefu.help.vip"}
    assert found["email"] == ["li.ming@163.com"]


def test_crypto_addresses_with_checksums():
    ents = {e.value: e for e in extract_entities(
        "USDT-TRC20 TXYZopYRdj2D9XRtbG411XZZ3kM5VkAeBf "
        "ETH 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed "
        "BTC 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"
    )}  # fmt: skip
    assert ents["TXYZopYRdj2D9XRtbG411XZZ3kM5VkAeBf"].kind == "crypto_tron"
    assert ents["TXYZopYRdj2D9XRtbG411XZZ3kM5VkAeBf"].valid is True
    assert ents["0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"].valid is True
    assert ents["1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"].kind == "crypto_btc"
    assert ents["bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"].valid is True
    # one character misread by OCR: the checksums notice
    wrong = {
        e.value: e
        for e in extract_entities(
            "TXYZopYRdj2D9XRtbG411XZZ3kM5VkAeBg 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"
        )
    }
    assert all(e.valid is False for e in wrong.values())


def test_order_transaction_and_serial_numbers():
    found = kinds(
        "交易单号 4200001234202410141234567890 商户单号 M2024ABC123456 流水号 HQ225122908187075247"
    )
    assert found["transaction_number"] == ["4200001234202410141234567890"]
    assert found["merchant_order_number"] == ["M2024ABC123456"]
    assert found["serial_number"] == ["HQ225122908187075247"]


def test_spans_point_into_the_original_text():
    text = "请转账到６２２２０２１２３４５６７８９０１２８（工商银行）"
    for e in extract_entities(text):
        assert text[e.start : e.end] == e.text


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("人民币壹仟壹佰叁拾元整", "1130"),
        ("人民币壹万零伍元整", "10005"),
        ("壹拾贰万叁仟肆佰伍拾陆元柒角捌分", "123456.78"),
        ("叁佰元伍角", "300.5"),
        ("人民币零元零伍分", "0.05"),
        ("壹亿贰仟万元整", "120000000"),
    ],
)
def test_amounts_in_words(text, value):
    from victimkit.analysis.entities import parse_chinese_amount

    assert parse_chinese_amount(text) == Decimal(value)


def test_not_an_amount_in_words():
    from victimkit.analysis.entities import parse_chinese_amount

    assert parse_chinese_amount("交易成功") is None
    assert parse_chinese_amount("元旦快乐") is None


def test_dates_and_times_are_not_phone_numbers():
    for text in ("支付时间 2024-10-14 23:35:05", "2023年04月10日 13:55:25", "10:30"):
        assert "phone" not in kinds(text), text
    assert kinds("2024/10/14 13812345678")["phone"] == ["+8613812345678"]
    assert kinds("座机 010-62345678")["phone"] == ["+861062345678"]
    assert kinds("Call +1 415-555-2671")["phone"] == ["+14155552671"]
