"""The CLI as a person uses it: case new, add (exit codes), show --json, verify, help texts."""

from __future__ import annotations

import json
import os
import sqlite3

import click
from click.testing import CliRunner

from victimkit.cli import main


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_case_new_add_show_verify(tmp_path, shot):
    case = tmp_path / "c"
    r = run("case", "new", case, "--title", "冒充客服", "--victim", "张三", "--lang", "zh")
    assert r.exit_code == 0, r.output
    good = shot()
    r = run("add", case, good, "--no-ocr")
    assert r.exit_code == 0, r.output
    r = run("show", case, "--json")
    data = json.loads(r.output)
    assert set(data) >= {"case", "evidence"}
    assert data["case"]["title"] == "冒充客服" and data["case"]["victim_name"] == "张三"
    (ev,) = data["evidence"]
    for key in (
        "id",
        "sha256",
        "kind",
        "original_name",
        "source_path",
        "size",
        "media_type",
        "imported_at",
        "captured_at",
        "width",
        "height",
        "problems",
    ):
        assert key in ev, key
    assert ev["kind"] == "image" and ev["original_name"] == good.name and ev["problems"] == []
    assert run("verify", case).exit_code == 0


def test_add_exit_1_when_some_rejected(tmp_path, shot):
    case = tmp_path / "c"
    run("case", "new", case)
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    r = run("add", case, empty, shot(), "--no-ocr")
    assert r.exit_code == 1
    assert "empty.jpg" in r.output and "empty" in r.output
    assert len(json.loads(run("show", case, "--json").output)["evidence"]) == 1


def test_verify_exit_1_names_the_problem(tmp_path, shot):
    case = tmp_path / "c"
    run("case", "new", case)
    run("add", case, shot(), "--no-ocr")
    sqlite3.connect(case / "case.sqlite", isolation_level=None).execute(
        "UPDATE evidence SET size = 1"
    )
    r = run("verify", case)
    assert r.exit_code == 1
    assert "E-001" in r.output and "changed" in r.output


def test_not_a_case_is_one_clear_line(tmp_path):
    r = run("show", tmp_path)
    assert r.exit_code == 2
    assert "not a victimkit case" in r.output and "Traceback" not in r.output


def test_every_command_has_help():
    def walk(cmd, path):
        yield path, cmd
        if isinstance(cmd, click.Group):
            for name, sub in cmd.commands.items():
                yield from walk(sub, [*path, name])

    for path, cmd in walk(main, []):
        assert cmd.help or cmd.short_help, f"`victimkit {' '.join(path)}` has no help text"
        r = CliRunner().invoke(main, [*path, "--help"])
        assert r.exit_code == 0


def test_python_m_victimkit_runs(tmp_path):
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-m", "victimkit", "--version"],
        capture_output=True,
        text=True,
        env={**os.environ},
    )
    assert out.returncode == 0 and "victimkit" in out.stdout
