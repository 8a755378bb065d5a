"""The clinical safety case names real tests: every pytest node id in docs/safety/hazard-log.md is
collected by pytest itself, every hazard names at least one, and the hazards the safety case must
cover are all there, each with the DCB0129 parts."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOG = ROOT / "docs" / "safety" / "hazard-log.md"
NODE = re.compile(r"`(tests/[\w/]+\.py::\w+)`")
PARTS = ("**Hazard:**", "**Cause:**", "**Effect:**", "**Before mitigation:**", "**Mitigations:**",
         "**Residual risk:**")
REQUIRED = ("risk answer", "crisis numbers", "lock screen", "entries are lost", "misleading score",
            "shared computer")


def _hazards() -> dict[str, str]:
    text = LOG.read_text(encoding="utf-8")
    sections = re.split(r"^## ", text, flags=re.M)[1:]
    return {s.splitlines()[0]: s for s in sections}


def _collected(files: set[str]) -> set[str]:
    """Node ids (without parameters) pytest collects from these files, run as a separate process."""
    done = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                           *sorted(files)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return {line.split("[", 1)[0] for line in done.stdout.splitlines() if "::" in line}


def test_every_hazard_has_each_part_and_names_tests() -> None:
    hazards = _hazards()
    assert len(hazards) >= 6
    for title, body in hazards.items():
        for part in PARTS:
            assert part in body, f"{title}: no {part}"
        assert NODE.search(body), f"{title}: its mitigations name no test"
        assert re.search(r"risk \d", body.split("**Residual risk:**")[1]), f"{title}: no residual rating"


def test_the_required_hazards_are_in_the_log() -> None:
    titles = " | ".join(_hazards()).lower()
    for hazard in REQUIRED:
        assert hazard in titles, hazard


def test_every_named_test_still_exists() -> None:
    named = set(NODE.findall(LOG.read_text(encoding="utf-8")))
    missing_files = sorted(n for n in named if not (ROOT / n.split("::")[0]).is_file())
    assert missing_files == []
    collected = _collected({n.split("::")[0] for n in named})
    assert sorted(named - collected) == []
