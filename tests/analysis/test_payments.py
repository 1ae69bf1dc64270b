"""Payment records from screenshots: fields paired by layout, each linked to its box."""

from __future__ import annotations

import random
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from benchmarks.analysis_bench import FIELDS, expected, predicted, same
from benchmarks.synth.payment import KINDS, render_payment_page
from victimkit.analysis.payments import match_label, read_payment
from victimkit.core.models import OcrLine


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_reads_right_from_its_lines(kind):
    for seed in range(3):
        _image, truth, lines = render_payment_page(kind, seed)
        got, want = predicted(read_payment(lines)), expected(truth)
        wrong = {
            f: (got[f], want[f])
            for f in FIELDS
            if not (same(f, got[f], want[f]) if want[f] else not got[f])
        }
        assert not wrong, f"{kind}#{seed}: {wrong}"


def test_pairing_is_by_layout_not_line_order():
    _image, truth, lines = render_payment_page("alipay_bill", 4)
    shuffled = list(lines)
    random.Random(1).shuffle(shuffled)
    a, b = read_payment(lines), read_payment(shuffled)
    assert (a.amount, a.order_number, a.payee_name, a.payment_method, a.occurred_at) == (
        b.amount,
        b.order_number,
        b.payee_name,
        b.payment_method,
        b.occurred_at,
    )
    assert a.order_number == truth["order_number"]


def test_value_below_its_label_and_wrapped_values():
    lines = [
        ("转账成功", (300, 200, 600, 250)),
        ("¥1,130.00", (250, 300, 700, 400)),
        ("收款人", (48, 500, 160, 540)),
        ("王小明", (48, 560, 170, 600)),
        ("收款账号", (48, 640, 200, 680)),
        ("6222 0212 3456 7890 128", (48, 700, 560, 740)),
        ("交易时间", (48, 780, 200, 820)),
        ("2024-10-14 23:35:05", (48, 840, 460, 880)),
        ("交易流水号", (48, 920, 240, 960)),
        ("HQ22512290818707", (48, 980, 400, 1020)),
        ("5247", (48, 1030, 140, 1070)),
    ]
    tx = read_payment(lines, zone="Asia/Shanghai")
    assert tx.amount == Decimal("-1130.00") and tx.direction == "out"
    assert tx.payee_name == "王小明"
    assert tx.payee_account == "6222021234567890128"
    assert tx.order_number == "HQ225122908187075247"
    assert tx.occurred_at == datetime(2024, 10, 14, 23, 35, 5, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert tx.status == "success" and not tx.confirmed


def test_a_value_on_the_right_beats_the_next_label_below():
    # the next row's label sits directly below the label: it must not be taken as the value
    lines = [
        ("-88.00", (300, 100, 700, 200)),
        ("付款方式", (48, 300, 200, 340)),
        ("招商银行储蓄卡(1234)", (600, 300, 1030, 340)),
        ("订单号", (48, 380, 160, 420)),
        ("2024101422001412345678901234", (400, 380, 1030, 420)),
        ("支付时间", (48, 460, 200, 500)),
        ("2024-10-14 23:35:05", (640, 460, 1030, 500)),
    ]
    tx = read_payment(lines)
    assert tx.payment_method == "招商银行储蓄卡(1234)"
    assert tx.fields["card_tail"]["value"] == "1234"
    assert tx.order_number == "2024101422001412345678901234"


def test_each_field_keeps_its_box_confidence_and_line():
    _image, truth, lines = render_payment_page("wechat_bill", 2)
    ocr = [OcrLine(text, box, 0.97) for text, box in lines]
    tx = read_payment(ocr)
    for name in ("amount", "occurred_at", "payee_name", "order_number", "payment_method"):
        rec = tx.fields[name]
        assert len(rec["box"]) == 4 and 0 < rec["confidence"] <= 1
        x0, y0, x1, y1 = rec["box"]
        assert x1 > x0 and y1 > y0
    order_box = tx.fields["order_number"]["box"]
    assert any(text == truth["order_number"] and tuple(order_box) == box for text, box in lines)


def test_not_a_payment_page():
    lines = [
        ("你好，在吗", (100, 300, 400, 340)),
        ("¥500", (600, 400, 700, 440)),
        ("晚上 8:05", (400, 200, 520, 230)),
    ]
    assert read_payment(lines) is None


def test_labels_with_ocr_slips_and_merged_values():
    assert match_label("付款方武")[0] == "payment_method"  # one character misread
    assert match_label("订单号：2024101422001412345678")[0:3:2] == (
        "order_number",
        "2024101422001412345678",
    )
    assert match_label("商品总价")[0] == "other"


@pytest.mark.slow
@pytest.mark.ocr
def test_read_from_real_ocr_output():
    """The real RapidOCR engine on rendered pages: every key field right."""
    from benchmarks.analysis_bench import KEY_FIELDS, ocr_lines_function

    ocr = ocr_lines_function()
    for kind in ("alipay_bill", "wechat_bill", "bank_receipt", "taobao_order"):
        image, truth, _lines = render_payment_page(kind, 7)
        lines, _engine = ocr(image)
        got, want = predicted(read_payment(lines)), expected(truth)
        wrong = {
            f: (got[f], want[f])
            for f in KEY_FIELDS
            if not (same(f, got[f], want[f]) if want[f] else not got[f])
        }
        assert not wrong, f"{kind}: {wrong}"


def test_amount_in_words_corrects_a_misread_figure():
    lines = [
        ("转账成功", (300, 200, 600, 250)),
        ("492.31元", (250, 300, 700, 400)),  # OCR dropped "4,"
        ("大写金额", (48, 500, 200, 540)),
        ("人民币肆仟肆佰玖拾贰元叁角壹分", (48, 560, 700, 600)),
        ("收款人", (48, 640, 160, 680)),
        ("宋梅", (48, 700, 130, 740)),
        ("交易时间", (48, 780, 200, 820)),
        ("2023-07-08 22:35:40", (48, 840, 460, 880)),
    ]
    tx = read_payment(lines)
    assert tx.amount == Decimal("-4492.31")
    assert tx.fields["amount"]["how"] == "amount_in_words"
    assert tx.fields["amount"]["conflict"] == "492.31元"
    assert tx.payee_name == "宋梅"
