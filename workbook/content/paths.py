"""Where Workbook's shipped content lives, the same from a checkout and a wheel.

In a checkout, `exercises/` and `data/` sit beside the `workbook/` package.
A wheel carries them inside the package as `workbook/_content/` (see
pyproject's force-include), so both layouts are looked up here, in one place.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent.parent  # the `workbook` package


def content_dir(name: str) -> Path:
    """Return the folder of shipped content called `name` ("exercises" or "data")."""
    installed = _PACKAGE_DIR / "_content" / name
    if installed.is_dir():
        return installed
    checkout = _PACKAGE_DIR.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(
        f"Workbook's {name!r} folder is missing from this installation "
        f"(looked in {installed} and {checkout}); please reinstall Workbook."
    )


def data_file(*parts: str) -> Path:
    """Path of a file under the shipped `data/` folder."""
    return content_dir("data").joinpath(*parts)
