"""Import speed of large chat exports and bills through the real case store, and search after it.

    python benchmarks/export_bench.py [--messages 50000] [--rows 10000] [--out benchmarks/out/export_bench.json]

Generates (in a temporary folder) a 50,000-message WhatsApp chat, a 50,000-message MemoTrace
WeChat CSV and a 10,000-row Alipay bill (GBK, banner, padded cells) in the exporters' layouts,
imports each with ``import_files`` into a fresh case on disk (copy, hash, parse, insert, audit),
and reports seconds per file. When ``victimkit.store.search`` exists, the time of a few searches
over the imported messages is measured too; otherwise a plain ``LIKE`` query stands in.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from victimkit.analysis.analyse import analyse_case
from victimkit.intake.files import import_files
from victimkit.store.case import CaseStore

WORDS = [
    "please",
    "send",
    "the",
    "deposit",
    "today",
    "profit",
    "guaranteed",
    "account",
    "frozen",
    "verify",
    "fee",
    "保证金",
    "转账",
    "收益",
    "客服",
    "平台",
    "提现",
    "解冻",
]


def _sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 14)))


def write_whatsapp(path: Path, n: int, rng: random.Random) -> None:
    t = datetime(2023, 1, 1, 8, 0)
    lines = [
        "01/01/23, 08:00 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them."
    ]
    for i in range(n - 1):
        t += timedelta(seconds=rng.randint(5, 600))
        who = "Kevin Trader" if i % 3 else "Mary Jones"
        body = _sentence(rng)
        if i % 50 == 0:
            body += "\n" + _sentence(rng)
        if i % 97 == 0:
            body = "<Media omitted>"
        lines.append(f"{t:%d/%m/%y, %H:%M} - {who}: {body}")
    path.write_text("\n".join(lines) + "\n", "utf-8")


def write_wechat_csv(path: Path, n: int, rng: random.Random) -> None:
    buf = io.StringIO(newline="")
    w = csv.writer(buf)
    w.writerow(
        [
            "localId",
            "TalkerId",
            "Type",
            "SubType",
            "IsSender",
            "CreateTime",
            "Status",
            "StrContent",
            "StrTime",
            "Remark",
            "NickName",
            "Sender",
        ]
    )
    ts = 1672531200
    for i in range(n):
        ts += rng.randint(5, 600)
        local = datetime.utcfromtimestamp(ts + 8 * 3600)
        type_ = 3 if i % 40 == 0 else 1
        content = "<msg><img /></msg>" if type_ == 3 else _sentence(rng)
        w.writerow([i + 1, 7, type_, 0, i % 2, ts, 2, content, f"{local:%Y-%m-%d %H:%M:%S}"])
    path.write_bytes(buf.getvalue().encode("utf-8-sig"))


def write_alipay(path: Path, rows: int, rng: random.Random) -> None:
    head = (
        "-"
        * 84
        + "\n导出信息：\n姓名：张三\n支付宝账户：138****0000\n起始时间：[2023-01-01 00:00:00]    终止时间：[2023-12-31 23:59:59]\n"
        "导出交易类型：[全部]\n导出时间：[2024-01-01 09:00:00]\n共10000笔记录\n收入：0笔 0.00元\n支出：0笔 0.00元\n不计收支：0笔 0.00元\n\n特别提示：\n"
        + "".join(f"{k}.说明文字；\n" for k in range(1, 10))
        + "\n------------------------支付宝（中国）网络技术有限公司  电子客户回单------------------------\n"
        "交易时间            ,交易分类                ,交易对方                ,对方账号                ,商品说明                ,收/支                 ,金额                  ,收/付款方式              ,交易状态                ,交易订单号     ,商家订单号           ,备注                  ,\n"
    )
    out = [head]
    t = datetime(2023, 1, 1)
    for i in range(rows):
        t += timedelta(seconds=rng.randint(60, 3000))
        flag = rng.choice(["支出", "支出", "收入", "不计收支"])
        status = rng.choice(["交易成功", "交易成功", "交易关闭", "退款成功"])
        out.append(
            f"{t:%Y-%m-%d %H:%M:%S} ,转账红包                ,收款人{i % 300:<14},acc{i % 300}@x.com        ,转账                  ,{flag:<18},"
            f"{rng.randint(1, 500000) / 100:<20.2f},余额                  ,{status:<20},2023{i:024d}\t,\t,                    ,\n"
        )
    path.write_bytes("".join(out).encode("gbk"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--messages", type=int, default=50_000)
    ap.add_argument("--rows", type=int, default=10_000)
    ap.add_argument(
        "--out", type=Path, default=Path(__file__).resolve().parent / "out" / "export_bench.json"
    )
    args = ap.parse_args()
    rng = random.Random(5)
    results: dict = {"messages": args.messages, "rows": args.rows}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        files = {
            "whatsapp_txt": tmp / "WhatsApp Chat with Kevin.txt",
            "wechat_memotrace_csv": tmp / "小林_utf8.csv",
            "alipay_csv": tmp / "alipay_record_2023.csv",
        }
        write_whatsapp(files["whatsapp_txt"], args.messages, rng)
        write_wechat_csv(files["wechat_memotrace_csv"], args.messages, rng)
        write_alipay(files["alipay_csv"], args.rows, rng)
        store = CaseStore.create(tmp / "case", title="bench", timezone="Asia/Shanghai")
        try:
            for fmt, path in files.items():
                start = time.perf_counter()
                report = import_files(store, [path], me="Mary Jones")
                elapsed = time.perf_counter() - start
                item = report.items[0]
                start = time.perf_counter()  # what `victimkit add` does next: find the facts
                analyse_case(store, report.new_ids)
                analysed = time.perf_counter() - start
                results[fmt] = {
                    "bytes": path.stat().st_size,
                    "seconds": round(elapsed, 2),
                    "analysis_seconds": round(analysed, 2),
                    "problems": item.problems,
                    "messages": store.db.execute(
                        "SELECT COUNT(*) FROM messages WHERE evidence_id = ?", [item.evidence_id]
                    ).fetchone()[0],
                    "transactions": store.db.execute(
                        "SELECT COUNT(*) FROM transactions WHERE evidence_id = ?",
                        [item.evidence_id],
                    ).fetchone()[0],
                }
                print(
                    f"{fmt:22} {results[fmt]['bytes'] / 1e6:6.1f} MB  import {elapsed:6.2f} s  "
                    f"analysis {analysed:6.2f} s  "
                    f"{results[fmt]['messages']} messages, {results[fmt]['transactions']} transactions"
                )
            results["search"] = _search(store)
        finally:
            store.close()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", "utf-8")
    print(json.dumps(results["search"], ensure_ascii=False))


def _search(store: CaseStore) -> dict:
    terms = ["保证金", "deposit", "frozen account"]
    try:
        from victimkit.store import search as search_mod  # written by another helper
    except ImportError:
        search_mod = None
    out = {
        "engine": "victimkit.store.search"
        if search_mod
        else "SQL LIKE (search module not present yet)"
    }
    for term in terms:
        start = time.perf_counter()
        if search_mod is not None and hasattr(search_mod, "search"):
            hits = search_mod.search(store, term)
            count = len(hits) if hasattr(hits, "__len__") else sum(1 for _ in hits)
        else:
            count = store.db.execute(
                "SELECT COUNT(*) FROM messages WHERE text LIKE ?", [f"%{term}%"]
            ).fetchone()[0]
        out[term] = {"hits": count, "ms": round((time.perf_counter() - start) * 1000, 1)}
    return out


if __name__ == "__main__":
    main()
