"""WeChat Pay 账单 (微信 → 我 → 服务 → 钱包 → 账单 → 下载账单), CSV and XLSX.

CSV: UTF-8 with a BOM; 16 lines of account information and notes (each padded with commas),
``----------------------微信支付账单明细列表--------------------``, then the header 交易时间, 交易类型,
交易对方, 商品, 收/支, 金额(元), 支付方式, 当前状态, 交易单号, 商户单号, 备注. Amounts start with ``¥``;
order numbers end with a TAB; ``收/支`` is 收入, 支出 or ``/`` (neutral: 零钱提现, 理财通 …).
XLSX (the current export) holds the same rows on its first sheet.
"""

from __future__ import annotations

from pathlib import Path

from victimkit.intake.exports.bill import BillSpec, flag_cn, match_spec, read_bill
from victimkit.intake.exports.probe import Options, Probe

FORMATS = {"wechatpay_csv": "bill_export", "wechatpay_xlsx": "bill_export"}

SPEC = BillSpec(
    name="wechatpay",
    signature=("交易时间", "交易类型", "交易对方", "收/支", "金额(元)", "当前状态"),
    columns={
        "datetime": ("交易时间",),
        "category": ("交易类型",),
        "counterparty": ("交易对方",),
        "description": ("商品",),
        "flag": ("收/支",),
        "amount": ("金额(元)",),
        "method": ("支付方式",),
        "status": ("当前状态",),
        "order": ("交易单号",),
        "merchant_order": ("商户单号",),
        "note": ("备注",),
    },
    sign="flag",
    flag_map=flag_cn,
)
SPECS = (SPEC,)


def sniff(probe: Probe) -> str | None:
    rows = probe.rows
    if not rows or match_spec(rows, SPECS) is None:
        return None
    return "wechatpay_xlsx" if probe.is_xlsx else "wechatpay_csv"


def parse(path: Path, fmt: str, options: Options):
    return read_bill(path, SPECS, fmt, options)
