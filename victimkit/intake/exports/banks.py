"""Chinese bank statements: ICBC, CMB, BOC, BOCOM, ABC, CCB, CGB, CITIC, SPDB (CSV, XLS, XLSX).

Each bank's layout is told apart by its header's column names, found wherever the banner rows
put it. Income and expense are either one signed column, two columns (收入/支出, 存入/取出), a
借贷 flag (BOCOM), or, on credit-card statements, a positive amount for spending. Total rows
(合计, 人民币合计) and the notes below the data are not transactions.
"""

from __future__ import annotations

from pathlib import Path

from victimkit.intake.exports.bill import BillSpec, flag_cn, match_spec, read_bill
from victimkit.intake.exports.probe import Options, Probe

BANKS = ("icbc", "cmb", "boc", "bocom", "abc", "ccb", "cgb", "citic", "spdb")
FORMATS = {
    f"{bank}_{container}": "bill_export" for bank in BANKS for container in ("csv", "xls", "xlsx")
}

# 广发 and 中信 debit-card statements name their columns alike: 收入金额 / 支出金额 and the payee.
_DEBIT_IN_OUT_COLUMNS = {
    "date": ("交易日期",),
    "time": ("交易时间",),
    "income": ("收入金额",),
    "expense": ("支出金额",),
    "balance": ("账户余额", "余额"),
    "description": ("摘要", "交易摘要"),
    "counterparty": ("对方户名", "对方名称"),
    "account": ("对方账号",),
    "bank": ("对方行名", "对方开户行"),
}

SPECS = (
    BillSpec(  # 工商银行 明细查询文件下载 (debit v1, v2 with 交易详情/对方账户, and credit)
        name="icbc",
        signature=("交易日期", "摘要", "交易金额(收入)", "交易金额(支出)"),
        columns={
            "date": ("交易日期",),
            "description": ("摘要", "交易详情"),
            "note": ("交易场所",),
            "income": ("记账金额(收入)", "交易金额(收入)"),
            "expense": ("记账金额(支出)", "交易金额(支出)"),
            "currency": ("记账币种", "交易币种"),
            "balance": ("余额",),
            "counterparty": ("对方户名",),
            "account": ("对方账户",),
        },
        sign="split",
    ),
    BillSpec(  # 招商银行 交易流水 (一网通 / 手机银行 CSV)
        name="cmb_debit",
        signature=("记账日期", "交易金额", "联机余额", "交易摘要"),
        columns={
            "date": ("记账日期",),
            "currency": ("货币",),
            "amount": ("交易金额",),
            "balance": ("联机余额",),
            "description": ("交易摘要",),
            "counterparty": ("对手信息",),
            "note": ("客户摘要",),
        },
    ),
    BillSpec(  # 招商银行 older "# 招商银行交易记录" CSV with split columns
        name="cmb_debit_split",
        signature=("交易日期", "交易时间", "收入", "支出", "余额", "交易类型"),
        columns={
            "date": ("交易日期",),
            "time": ("交易时间",),
            "income": ("收入",),
            "expense": ("支出",),
            "balance": ("余额",),
            "description": ("交易类型",),
            "note": ("交易备注",),
        },
        sign="split",
        banner=("招商银行", "CMB"),
    ),
    BillSpec(  # 招商银行信用卡对账单: "12/29" dates, year from the banner
        name="cmb_credit",
        signature=("交易日", "记账日", "交易摘要", "人民币金额"),
        columns={
            "date": ("交易日", "记账日"),
            "description": ("交易摘要",),
            "amount": ("人民币金额",),
            "note": ("卡号末四位",),
        },
        sign="card",
        year_from_banner=True,
    ),
    BillSpec(  # 中国银行交易流水明细单
        name="boc_debit",
        signature=("记账日期", "记账时间", "币别", "金额", "余额", "交易名称"),
        columns={
            "date": ("记账日期",),
            "time": ("记账时间",),
            "currency": ("币别",),
            "amount": ("金额",),
            "balance": ("余额",),
            "description": ("交易名称",),
            "method": ("渠道",),
            "note": ("附言",),
            "counterparty": ("对方账户名",),
            "account": ("对方卡号/账号",),
            "bank": ("对方开户行",),
        },
    ),
    BillSpec(  # 中国银行信用卡账单
        name="boc_credit",
        signature=("交易日", "银行记账日", "交易描述", "存入", "支出"),
        columns={
            "date": ("交易日",),
            "description": ("交易描述",),
            "income": ("存入",),
            "expense": ("支出",),
            "currency": ("币种",),
        },
        sign="split",
    ),
    BillSpec(  # 交通银行 借记卡: 借贷 flag "借 Dr" / "贷 Cr"
        name="bocom_debit",
        signature=("交易日期", "交易时间", "借贷", "交易金额", "余额"),
        columns={
            "date": ("交易日期",),
            "time": ("交易时间",),
            "category": ("交易类型",),
            "flag": ("借贷",),
            "amount": ("交易金额",),
            "balance": ("余额",),
            "account": ("对方账号",),
            "counterparty": ("对方户名",),
            "description": ("摘要", "交易类型"),
            "note": ("交易地点",),
        },
        sign="flag",
        flag_map=flag_cn,
    ),
    BillSpec(  # 交通银行信用卡: unsigned "CNY 123.18"; 退货 / 还款 is money back
        name="bocom_credit",
        signature=("交易日期", "记账日期", "交易说明", "入账币种/金额"),
        columns={
            "date": ("交易日期",),
            "description": ("交易说明",),
            "amount": ("入账币种/金额", "交易币种/金额"),
            "currency": ("入账币种/金额",),
        },
        sign="card",
        keywords_in=("退货", "还款", "退款", "返现"),
    ),
    BillSpec(  # 中国农业银行 活期明细: 交易时间 as HHMMSS, signed +/- amounts
        name="abc",
        signature=("交易日期", "交易摘要", "交易金额", "本次余额"),
        columns={
            "date": ("交易日期",),
            "time": ("交易时间",),
            "description": ("交易摘要",),
            "amount": ("交易金额",),
            "balance": ("本次余额",),
            "counterparty": ("对手信息",),
            "method": ("交易渠道",),
            "note": ("交易附言",),
        },
    ),
    BillSpec(  # 中国建设银行 交易明细 XLS: banner rows, split 支出/收入, a note row below
        name="ccb",
        signature=("记账日", "交易日期", "支出", "收入", "账户余额", "摘要"),
        columns={
            "date": ("交易日期", "记账日"),
            "time": ("交易时间",),
            "expense": ("支出",),
            "income": ("收入",),
            "balance": ("账户余额",),
            "currency": ("币种",),
            "description": ("摘要",),
            "account": ("对方账号",),
            "counterparty": ("对方户名",),
            "note": ("交易地点",),
        },
        sign="split",
    ),
    BillSpec(  # 广发银行信用卡: positive spending, negative refunds and repayments
        name="cgb_credit",
        signature=("交易日期", "入账日期", "交易摘要", "交易金额", "交易货币"),
        columns={
            "date": ("交易日期",),
            "description": ("交易摘要",),
            "amount": ("入账金额", "交易金额"),
            "currency": ("入账货币", "交易货币"),
        },
        sign="card",
    ),
    BillSpec(  # 广发银行 借记卡
        name="cgb_debit",
        signature=("交易日期", "收入金额", "支出金额"),
        columns=_DEBIT_IN_OUT_COLUMNS,
        sign="split",
        banner=("广发", "CGB"),
    ),
    BillSpec(  # 中信银行信用卡 XLS
        name="citic_credit",
        signature=("交易日期", "入账日期", "交易描述", "卡末四位", "结算金额"),
        columns={
            "date": ("交易日期",),
            "description": ("交易描述",),
            "amount": ("结算金额", "交易金额"),
            "currency": ("结算币种", "交易币种"),
        },
        sign="card",
    ),
    BillSpec(  # 中信银行 借记卡 XLS
        name="citic_debit",
        signature=("交易日期", "收入金额", "支出金额"),
        columns=_DEBIT_IN_OUT_COLUMNS,
        sign="split",
        banner=("中信", "CITIC"),
    ),
    BillSpec(  # 浦发银行 借记卡 XLS: "2025/12/03  14:06:51", 存入/取出
        name="spdb",
        signature=("交易日期", "交易类型", "存入金额", "取出金额", "余额"),
        columns={
            "date": ("交易日期",),
            "category": ("交易类型",),
            "description": ("交易类型",),
            "income": ("存入金额",),
            "expense": ("取出金额",),
            "balance": ("余额",),
            "counterparty": ("交易对手名称",),
            "account": ("交易对手账号",),
            "note": ("附言",),
        },
        sign="split",
    ),
)


def _container(probe: Probe) -> str:
    if probe.is_xlsx:
        return "xlsx"
    if probe.is_xls or probe.path.suffix.lower() in (".xls", ".xlsx"):
        return "xls"  # banks' "XLS" that is really tab-separated text or an HTML table
    return "csv"


def sniff(probe: Probe) -> str | None:
    rows = probe.rows
    spec = match_spec(rows, SPECS) if rows else None
    if spec is None:
        return None
    return f"{spec.name.split('_')[0]}_{_container(probe)}"


def parse(path: Path, fmt: str, options: Options):
    bank = fmt.rsplit("_", 1)[0]
    specs = tuple(s for s in SPECS if s.name.split("_")[0] == bank) or SPECS
    return read_bill(path, specs, fmt, options)
