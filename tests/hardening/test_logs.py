"""Nothing personal in logs: victimkit does not log file contents, victims' names or OCR text.

Two checks: no victimkit module writes log records or prints outside the command line and the
demo (a scan of the source), and a whole run — import, analysis, red flags, export — with every
logger at DEBUG leaves no record and no console output holding the case's personal data.
"""

from __future__ import annotations

import ast
import logging
from pathlib import Path

import victimkit
from victimkit.analysis.analyse import analyse_case
from victimkit.analysis.redflags import check_text
from victimkit.dossier.export import export_case
from victimkit.intake.files import import_files
from victimkit.store.case import CaseStore

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "exports"
LOG_METHODS = {"debug", "info", "warning", "warn", "error", "exception", "critical", "log"}
# talking to the person is their job; quantise.py is a developer's build script (python -m)
MAY_PRINT = {"cli.py", "cli_guide.py", "demo.py", "quantise.py"}


def _calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            yield node


def test_no_module_logs_or_prints_behind_the_persons_back():
    root = Path(victimkit.__file__).parent
    offenders = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for call in _calls(tree):
            f = call.func
            name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
            owner = f.value if isinstance(f, ast.Attribute) else None
            owner_name = getattr(owner, "id", "") or getattr(owner, "attr", "")
            if name in LOG_METHODS and owner_name.lower() in {"logging", "log", "logger", "_log"}:
                offenders.append(f"{path.relative_to(root)}:{call.lineno}: {owner_name}.{name}")
            if name in {"basicConfig", "FileHandler", "RotatingFileHandler"}:
                offenders.append(f"{path.relative_to(root)}:{call.lineno}: {name}")
            if name == "print" and isinstance(f, ast.Name) and path.name not in MAY_PRINT:
                offenders.append(f"{path.relative_to(root)}:{call.lineno}: print")
    assert offenders == []


def test_a_whole_run_logs_nothing_personal(tmp_path, shot, caplog, capfd):
    secrets = ["张三", "13800000000", "冒充抖音客服", "6222021001123456", "Li Wei", "Anna Schmidt"]
    caplog.set_level(logging.DEBUG)  # every logger, every level
    for name in list(logging.root.manager.loggerDict):
        logging.getLogger(name).setLevel(logging.DEBUG)
    case = tmp_path / "case"
    with CaseStore.create(
        case, victim_name="张三", victim_contact="13800000000", title="冒充抖音客服"
    ) as store:
        screenshot = shot(["张三 转账 ¥1,130.00", "收款账户 6222021001123456"], size=(540, 900))
        import_files(
            store,
            [screenshot, SAMPLES / "alipay.csv", SAMPLES / "whatsapp_android_en.txt"],
            me="Li Wei",
        )
        analyse_case(store)
        check_text("张三 您好，我是抖音官方客服，请转账到安全账户 6222021001123456")
        export_case(store, tmp_path / "out" / "d.pdf", bundle_path=tmp_path / "out" / "b.zip")
    out, err = capfd.readouterr()
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for secret in secrets:
        assert secret not in logged, secret
        assert secret not in out and secret not in err, secret
