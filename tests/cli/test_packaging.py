"""The wheel works on its own: built-in exercises and data files ship inside it.

Builds a wheel from this checkout, installs it (without dependencies, which the
machine already has) into a fresh virtual environment, and runs the `workbook`
script from a folder outside the repo, checking that the content was loaded from
the venv's site-packages and not from this checkout.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv  # noqa: F401 - fail early and clearly if the stdlib venv module is missing
from pathlib import Path

import pytest
from helpers import REPO

pytestmark = pytest.mark.slow


def _run(args: list[str | Path], *, cwd: Path, env: dict[str, str] | None = None, timeout: float = 180) -> subprocess.CompletedProcess:
    proc = subprocess.run([str(a) for a in args], capture_output=True, text=True, cwd=cwd, env=env, timeout=timeout)
    assert proc.returncode == 0, f"{args}\n{proc.stdout}\n{proc.stderr}"
    return proc


def _see_these_dependencies(python: Path) -> None:
    """Let the new venv import the dependencies this interpreter has, wherever they live.

    `venv --system-site-packages` would show the *base* interpreter's packages, which
    inside a venv are not the ones installed for the tests. A .pth of plain folder
    lines adds this interpreter's site folders after the new venv's own (the wheel's
    copy of workbook comes first), without running the .pth files inside them.
    """
    import site

    folders = [*site.getsitepackages(), site.getusersitepackages()]
    own = _run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=REPO).stdout.strip()
    lines = [folder for folder in folders if Path(folder).is_dir() and not folder.startswith(str(REPO))]
    (Path(own) / "_outer_site.pth").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("packaging")
    wheels = root / "wheels"
    try:
        import hatchling  # noqa: F401
    except ImportError:
        isolation = []  # pip fetches the build backend
    else:
        isolation = ["--no-build-isolation"]  # the backend is here: no download needed
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", *isolation, "-q", "-w", wheels, REPO], cwd=root)
    (wheel,) = wheels.glob("workbook_cbt-*.whl")
    env_dir = root / "venv"
    _run([sys.executable, "-m", "venv", env_dir], cwd=root)
    python = env_dir / "bin" / "python"
    _see_these_dependencies(python)
    # --ignore-installed: the checkout's editable install is visible through the system site-packages.
    _run([python, "-m", "pip", "install", "--no-deps", "--ignore-installed", "--no-index", "-q", wheel], cwd=root)
    env = {k: v for k, v in os.environ.items() if k not in ("WORKBOOK_HOME", "PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = f"{env_dir / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    outside = root / "elsewhere"
    outside.mkdir()
    return env_dir, outside, env


def test_the_wheel_carries_the_content(installed) -> None:
    env_dir, outside, env = installed
    probe = ("import json, workbook, workbook.content.paths as p; "
             "print(json.dumps([workbook.__file__, str(p.content_dir('exercises')), str(p.data_file('barriers.toml'))]))")
    module, exercises, barriers = json.loads(_run([env_dir / "bin" / "python", "-c", probe], cwd=outside, env=env).stdout)
    site = str(env_dir / "lib")
    for path in (module, exercises, barriers):
        assert path.startswith(site), f"{path} is not from the wheel in {site}"
        assert not path.startswith(str(REPO))
    assert Path(exercises).name == "exercises" and "_content" in exercises
    assert len(list(Path(exercises).glob("*.toml"))) >= 10
    for data in ("barriers.toml", "techniques.toml", "crisis.toml", "copy.toml", "measures/phq9.toml", "measures/gad7.toml", "measures/wsas.toml"):
        assert (Path(barriers).parent / data).is_file(), data
    # The browser page of `workbook serve` ships beside its code.
    page = _run([env_dir / "bin" / "python", "-c", "import screens.serve.page as p; print(p.HERE)"], cwd=outside,
                env=env).stdout.strip()
    assert page.startswith(site)
    for name in ("page.html", "page.css", "page.js"):
        assert (Path(page) / name).is_file(), name


def test_the_installed_script_runs_from_anywhere(installed) -> None:
    env_dir, outside, env = installed
    script = env_dir / "bin" / "workbook"
    assert script.exists()
    listing = _run([script, "exercises"], cwd=outside, env=env).stdout
    assert "activity-scheduling" in listing and "thought-record" in listing and "built-in" in listing

    home = outside / "home"
    demo = _run([script, "--home", home, "demo", "--at", "2026-11-20T12:00:00"], cwd=outside, env=env)
    assert "6 plans" in demo.stdout
    today = _run([script, "--home", home, "today", "--at", "2026-11-20T12:00:00"], cwd=outside, env=env)
    assert today.stdout.startswith("Today, Friday 20 November")
    doctor = _run([script, "--home", home, "doctor"], cwd=outside, env=env)
    assert "PROBLEM" not in doctor.stdout
    # The shipped data files parse from the wheel: crisis contacts, barriers, questionnaires.
    probe = ("from workbook.content.crisis import default_crisis; from workbook.content.barriers import load_taxonomy; "
             "from workbook.content.measures import all_measures; "
             "print(bool(default_crisis()), len(load_taxonomy().barriers), [m.id for m in all_measures()])")
    shipped = _run([env_dir / "bin" / "python", "-c", probe], cwd=outside, env=env).stdout.split(None, 2)
    assert shipped[0] == "True" and int(shipped[1]) >= 5 and "phq9" in shipped[2]
