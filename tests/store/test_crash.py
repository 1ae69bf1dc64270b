"""Kill an importing process with SIGKILL at random moments: nothing half-written, verify passes."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time

import pytest

from victimkit.store.case import CaseStore
from victimkit.store.verify import verify_case

from ..conftest import screenshot

IMPORTER = """
import sys
from pathlib import Path
from victimkit.store.case import CaseStore
from victimkit.intake.files import import_files
store = CaseStore.open(Path(sys.argv[1]))
print("ready", flush=True)
import_files(store, [Path(p) for p in sys.argv[2:]], on_progress=lambda p: print(p.done, flush=True))
"""


@pytest.mark.slow
def test_sigkill_during_import(tmp_path):
    src = tmp_path / "phone"
    src.mkdir()
    for i in range(24):
        screenshot([f"第{i}张 截图", "转账 ¥ 100.00"], size=(720, 1600)).save(
            src / f"shot_{i:02d}.png"
        )
    files = sorted(src.iterdir())
    rng = random.Random(20241014)
    kills = 0
    for trial in range(12):
        case = tmp_path / f"case{trial}"
        CaseStore.create(case, title="crash").close()
        proc = subprocess.Popen(
            [sys.executable, "-c", IMPORTER, str(case), *map(str, files)], stdout=subprocess.PIPE
        )
        assert proc.stdout.readline().strip() == b"ready"
        # let a random number of files commit, then kill at a random moment inside the next ones
        target = rng.randrange(0, len(files) - 2)
        while int(proc.stdout.readline() or len(files)) < target:
            pass
        time.sleep(rng.uniform(0.0, 0.05))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait()
        report = verify_case(case)
        assert report.ok, (trial, report.problems)
        with CaseStore.open(case) as store:  # opening cleans leftovers of the interrupted copy
            for ev in store.list_evidence():
                assert store.original_path(ev).read_bytes() == (src / ev.original_name).read_bytes()
        assert not any((case / "originals" / ".incoming").iterdir())
        assert verify_case(case).ok and not verify_case(case).notes
    assert kills >= 10  # the trials really were interrupted mid-import
    with CaseStore.open(case) as store:
        # resuming: importing again completes the set without duplicates
        from victimkit.intake.files import import_files

        import_files(store, files)
        assert sorted(ev.original_name for ev in store.list_evidence()) == [f.name for f in files]
