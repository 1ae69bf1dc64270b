"""Payment exports: row counts, amounts with their sign, directions, statuses, times and payees."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from tests.intake.exports.conftest import read


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_alipay_gbk_banner_padding_tabs_trailing_commas():
    p = read("alipay.csv", expect="alipay_csv")
    assert p.encoding == "gb18030"
    t = p.transactions
    assert len(t) == 6
    assert t[0].source_ref == "row 26"  # the header is on line 25, under the banner
    assert t[0].occurred_at == utc(2024, 1, 15, 2, 20, 31)
    assert (t[0].amount, t[0].direction, t[0].status, t[0].is_loss) == (
        Decimal("-5000.00"),
        "out",
        "success",
        True,
    )
    assert (t[0].payee_name, t[0].payee_account) == ("刘**", "liu***@163.com")
    assert t[0].order_number == "20240115200040011100820012345678"  # TAB and padding gone
    assert t[0].payment_method == "招商银行储蓄卡(1234)"
    assert t[1].merchant_order_number == "T202401150001"
    assert (t[2].direction, t[2].status, t[2].is_loss) == (
        "neutral",
        "refunded",
        False,
    )  # 不计收支 / 退款成功
    assert (t[3].status, t[3].is_loss) == ("closed", False)  # 交易关闭 is no loss
    assert (t[4].amount, t[4].direction, t[4].is_loss) == (Decimal("200.00"), "in", False)
    assert (t[5].amount, t[5].status, t[5].is_loss) == (Decimal("-1299.00"), "pending", True)
    assert sum(x.amount for x in t if x.is_loss) == Decimal("-18299.00")


@pytest.mark.parametrize(
    ("name", "fmt"), [("wechatpay.csv", "wechatpay_csv"), ("wechatpay.xlsx", "wechatpay_xlsx")]
)
def test_wechatpay(name, fmt):
    p = read(name, expect=fmt)
    t = p.transactions
    assert len(t) == 5
    assert t[0].source_ref == "row 18"
    assert (t[0].amount, t[0].direction, t[0].status, t[0].is_loss) == (
        Decimal("-8000.00"),
        "out",
        "success",
        True,
    )
    assert t[0].counterparty == "客服小李" and t[0].description == "转账备注:保证金"
    assert t[0].order_number == "1000050001202401200123456789"
    assert t[0].occurred_at == utc(2024, 1, 20, 13, 15, 1)
    assert (t[1].direction, t[1].is_loss) == ("in", False)
    assert (t[2].status, t[2].is_loss) == ("refunded", False)  # 已全额退款
    assert (t[3].status, t[3].is_loss) == ("partially_refunded", True)  # 已退款(￥5.00)
    assert (t[4].direction, t[4].amount, t[4].is_loss) == (
        "neutral",
        Decimal("500.00"),
        False,
    )  # 零钱提现, 收/支 "/"


def test_icbc_split_columns_and_total_row_skipped():
    p = read("icbc_debit.csv", expect="icbc_csv")
    t = p.transactions
    assert len(t) == 2  # 人民币合计 is not a transaction
    assert (t[0].amount, t[0].direction, t[0].payee_name) == (Decimal("-20000.00"), "out", "陈某某")
    assert t[0].description == "跨行汇款"
    assert (t[1].amount, t[1].direction) == (Decimal("1500.00"), "in")
    assert p.problems == []


@pytest.mark.parametrize(
    ("name", "fmt", "rows", "first_amount", "first_time", "payee"),
    [
        ("cmb_debit.csv", "cmb_csv", 2, "-30000.00", utc(2024, 1, 31, 16), "赵某 6217000011112222"),
        ("boc_debit.csv", "boc_csv", 2, "-9999.00", utc(2024, 3, 1, 2, 11, 12), "某支付公司"),
        ("bocom_debit.csv", "bocom_csv", 2, "-6000.00", utc(2024, 4, 1, 1), "孙某"),
        ("abc_debit.csv", "abc_csv", 2, "-2000.00", utc(2024, 5, 1, 13, 30, 45), "周某"),
        ("cgb_credit.csv", "cgb_csv", 2, "-3000.00", utc(2024, 6, 4, 16), ""),
        ("ccb_debit.xlsx", "ccb_xlsx", 2, "-15000.00", utc(2024, 7, 1, 10, 53, 19), "吴某"),
        (
            "ccb_debit.xls",
            "ccb_xls",
            6,
            "-67.00",
            utc(2025, 1, 1, 10, 53, 19),
            "中***融科技有限公司",
        ),
        ("citic_credit.xls", "citic_xls", 13, "-5.90", utc(2024, 11, 8, 16), ""),
        ("citic_debit_text.xls", "citic_xls", 1, "-7777.00", utc(2024, 8, 1, 2), "冯某"),
        ("spdb_debit.xls", "spdb_xls", 4, "-3.88", utc(2025, 12, 3, 6, 6, 51), "基金销售有限公司"),
    ],
)
def test_banks(name, fmt, rows, first_amount, first_time, payee):
    p = read(name, expect=fmt)
    t = p.transactions
    assert len(t) == rows
    assert t[0].amount == Decimal(first_amount)
    assert t[0].direction == "out" and t[0].is_loss
    assert t[0].occurred_at == first_time
    assert t[0].payee_name == payee
    assert t[0].currency == "CNY"
    assert p.problems == []


def test_bank_income_rows_are_not_losses():
    for name in (
        "cmb_debit.csv",
        "boc_debit.csv",
        "bocom_debit.csv",
        "abc_debit.csv",
        "ccb_debit.xlsx",
    ):
        t = read(name).transactions
        assert t[1].direction == "in" and t[1].amount > 0 and not t[1].is_loss, name
    refund = read("cgb_credit.csv").transactions[1]  # a card refund: negative on the statement
    assert (refund.amount, refund.direction, refund.is_loss) == (Decimal("3000.00"), "in", False)


def test_paypal_activity_quoted_thousands_day_first():
    p = read("paypal_activity_en.csv", expect="paypal_csv")
    t = p.transactions
    assert len(t) == 3
    assert (t[0].amount, t[0].currency, t[0].occurred_at) == (
        Decimal("-1250.00"),
        "USD",
        utc(2024, 3, 15, 14, 22, 5),
    )
    assert t[0].payee_name == "Crypto Wallet Ltd" and t[0].payee_account == "pay@cw-ltd.example"
    assert t[0].order_number == "7XK12345AB678901C"
    assert (t[1].status, t[1].is_loss) == ("pending", True)
    assert (t[2].direction, t[2].is_loss) == ("in", False)


def test_paypal_spanish_decimal_commas():
    t = read("paypal_activity_es.csv", expect="paypal_csv").transactions
    assert t[0].amount == Decimal("-4626.81") and t[0].currency == "EUR"
    assert t[0].occurred_at == utc(2024, 4, 2, 17, 30)  # CET
    assert t[1].amount == Decimal("10.00")


def test_paypal_statement_month_first_with_iana_zone():
    t = read("paypal_statement_us.csv", expect="paypal_csv").transactions
    assert t[0].occurred_at == utc(2024, 4, 20, 20, 5)  # 13:05 in Los Angeles (PDT)
    assert t[0].amount == Decimal("-99.99") and t[0].payee_name == "Gift Card Store"


def test_generic_bill_by_column_names():
    p = read("generic_bill.csv", expect="generic_bill_csv", timezone="Asia/Shanghai")
    t = p.transactions
    assert [x.amount for x in t] == [Decimal("-8000.00"), Decimal("-12000.00")]
    assert t[0].payee_name == "某投资公司" and t[0].payee_account == "6222333344445555"
    assert t[1].occurred_at == utc(2024, 9, 2, 3, 30)
