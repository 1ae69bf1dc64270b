"""`victimkit add` does the whole job: import, OCR, and the facts a person only has to confirm."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from benchmarks.synth.payment import render_payment_page
from victimkit.cli import main

pytestmark = [pytest.mark.ocr, pytest.mark.slow]


def test_add_reads_a_bank_receipt_into_the_transaction_table(tmp_path):
    image, truth, _lines = render_payment_page("bank_receipt", 1)
    phone = tmp_path / "phone"
    phone.mkdir()
    image.save(phone / "Screenshot_20230409-103700.png")
    case = tmp_path / "case"
    runner = CliRunner()
    assert (
        runner.invoke(main, ["case", "new", str(case), "--timezone", "Asia/Shanghai"]).exit_code
        == 0
    )
    r = runner.invoke(main, ["add", str(case), str(phone)], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    data = json.loads(runner.invoke(main, ["show", str(case), "--json"]).output)
    (ev,) = data["evidence"]
    assert ev["ocr"] and ev["ocr"]["lines"], "the screenshot was OCR'd"
    assert all(line["confirmed"] is False for line in ev["ocr"]["lines"])
    txs = [t for t in data["transactions"] if t["evidence_id"] == ev["id"]]
    assert len(txs) == 1, txs
    tx = txs[0]
    assert tx["amount"] == truth["amount"] == "-997.00"
    assert tx["payee_account"] == truth["payee_account"]
    assert tx["payee_name"] == truth["payee_name"]
    assert tx["confirmed"] is False
    assert {"kind": "bank_card", "value": truth["payee_account"]}.items() <= next(
        i for i in data["identifiers"] if i["value"] == truth["payee_account"]
    ).items()
