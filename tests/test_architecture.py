"""The engine never imports the UI: `workbook` must not load `textual` or `screens`
(the reminder runner starts from a system timer and must start fast)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
UI = ("textual", "screens")

IMPORT_EVERYTHING = r"""
import importlib, json, pkgutil, sys
import workbook

failed = {}
for info in pkgutil.walk_packages(workbook.__path__, "workbook."):
    if info.name.endswith(".__main__"):
        continue  # running it is `python -m workbook`
    try:
        importlib.import_module(info.name)
    except Exception as exc:  # reported, not hidden
        failed[info.name] = f"{type(exc).__name__}: {exc}"
loaded = sorted(name for name in sys.modules if name.split(".")[0] in ("textual", "screens"))
print(json.dumps({"loaded": loaded, "failed": failed,
                  "modules": sorted(n for n in sys.modules if n.startswith("workbook"))}))
"""


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=REPO, timeout=120)


def test_importing_every_engine_module_loads_no_ui() -> None:
    import json

    proc = _run("-c", IMPORT_EVERYTHING)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["failed"] == {}, report["failed"]
    assert report["loaded"] == [], f"the engine pulled in UI modules: {report['loaded']}"
    for module in ("workbook.cli", "workbook.facade.workbook", "workbook.storage.store", "workbook.planning.schedule", "workbook.outputs.demo"):
        assert module in report["modules"]


def test_the_cli_entry_imports_no_ui() -> None:
    """-X importtime lists every module a process imports, even ones later removed."""
    proc = _run("-X", "importtime", "-c", "import workbook.cli, workbook.facade, workbook.outputs.demo")
    assert proc.returncode == 0, proc.stderr
    imported = {line.split("|")[-1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")}
    assert "workbook.cli" in imported
    offending = sorted(m for m in imported if m.split(".")[0] in UI)
    assert offending == []


def test_a_cli_command_run_imports_no_ui(tmp_path: Path) -> None:
    code = ("import sys; from workbook.cli import main; "
            f"rc = main(['--home', {str(tmp_path / 'h')!r}, 'today']); "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'screens')]; "
            "print(bad); sys.exit(rc or bool(bad))")
    proc = _run("-c", code)
    assert proc.returncode == 0, (proc.stdout, proc.stderr)


def test_import_linter_contracts_hold() -> None:
    lint = shutil.which("lint-imports")
    if lint is None:
        pytest.skip("import-linter is not installed (pip install -e '.[test]' installs it)")
    proc = subprocess.run([lint, "--no-cache"], capture_output=True, text=True, cwd=REPO, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "The engine never imports the UI KEPT" in proc.stdout
    assert "The engine's layers: each folder imports only the folders below it KEPT" in proc.stdout


def test_the_opening_screen_loads_no_session_pack_or_exercise_reading() -> None:
    """The first paint waits for every module the app imports: reading session packs and exercise
    files comes later, when they are used (exercise names follow the first paint)."""
    proc = _run("-c", "import sys, screens.app, screens.launch; import workbook.facade; workbook.facade.Workbook\n"
                      "print(sorted(m for m in sys.modules if m in ('workbook.planning.session_pack', "
                      "'workbook.planning.pack_import', 'workbook.planning.plan_kind', 'workbook.content.exercises')))")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"
