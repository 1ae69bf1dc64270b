"""Alipay 交易明细 CSV (支付宝 → 账单 → 开具交易流水证明 / 下载账单).

GBK without a BOM. About 24 lines of export information, numbered notes and a
``----…电子客户回单----`` separator stand above the header; cells are padded with spaces, order
numbers end with a TAB, and every row ends with a comma. ``收/支`` is 收入, 支出 or 不计收支.
The older 交易记录明细查询 layout (交易号, 交易创建时间, 付款时间 … 成功退款（元）) is read too.
"""

from __future__ import annotations

from pathlib import Path

from victimkit.intake.exports.bill import BillSpec, flag_cn, match_spec, read_bill
from victimkit.intake.exports.probe import Options, Probe

FORMATS = {"alipay_csv": "bill_export", "alipay_xlsx": "bill_export"}

CURRENT = BillSpec(
    name="alipay",
    signature=("交易时间", "交易对方", "收/支", "金额", "交易状态"),
    columns={
        "datetime": ("交易时间",),
        "category": ("交易分类",),
        "counterparty": ("交易对方",),
        "account": ("对方账号",),
        "description": ("商品说明",),
        "flag": ("收/支",),
        "amount": ("金额",),
        "method": ("收/付款方式",),
        "status": ("交易状态",),
        "order": ("交易订单号",),
        "merchant_order": ("商家订单号",),
        "note": ("备注",),
    },
    sign="flag",
    flag_map=flag_cn,
)
OLDER = BillSpec(
    name="alipay_old",
    signature=("交易号", "交易创建时间", "交易对方", "金额(元)", "收/支", "交易状态"),
    columns={
        "datetime": ("付款时间", "交易创建时间"),
        "category": ("类型",),
        "counterparty": ("交易对方",),
        "description": ("商品名称",),
        "flag": ("收/支",),
        "amount": ("金额(元)",),
        "status": ("交易状态",),
        "order": ("交易号",),
        "merchant_order": ("商家订单号",),
        "note": ("备注",),
        "fee": ("服务费(元)",),
        "refund": ("成功退款(元)",),
    },
    sign="flag",
    flag_map=flag_cn,
)
SPECS = (CURRENT, OLDER)


def sniff(probe: Probe) -> str | None:
    rows = probe.rows
    if not rows or match_spec(rows, SPECS) is None:
        return None
    text = " ".join(" ".join(r) for r in rows[:40])
    if (
        "支付宝" not in text
        and "alipay" not in str(probe.path).lower()
        and match_spec(rows, (CURRENT,)) is None
    ):
        return None
    return "alipay_xlsx" if probe.is_xlsx else "alipay_csv"


def parse(path: Path, fmt: str, options: Options):
    return read_bill(path, SPECS, fmt, options)
