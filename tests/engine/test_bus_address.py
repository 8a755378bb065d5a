"""The session bus check answers a missing bus socket without loading the D-Bus client.

A timer run after the desktop session has ended is the commonest failed run, and it must say the
same plain reason the D-Bus client would have given.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from workbook.reminders import notify


@pytest.mark.parametrize("suffix", ["", ",guid=0123456789abcdef"])
def test_a_missing_socket_gets_the_clients_own_reason(tmp_path: Path, suffix: str) -> None:
    address = f"unix:path={tmp_path / 'bus'}{suffix}"
    quick = notify._missing_socket(address)
    assert quick is not None and quick.ok is False
    pytest.importorskip("jeepney")
    from jeepney.io.blocking import open_dbus_connection

    with pytest.raises(FileNotFoundError) as raised:
        open_dbus_connection(bus=address, auth_timeout=2.0)
    assert quick == notify._unreachable(address, raised.value)
    assert quick.fix == notify.FIX_NO_BUS


@pytest.mark.parametrize("address", ["unix:abstract=/tmp/dbus-x", "tcp:host=localhost,port=1", "unix:path=/tmp/a;unix:path=/tmp/b"])
def test_other_addresses_go_to_the_client(address: str) -> None:
    assert notify._missing_socket(address) is None


def test_an_existing_socket_goes_to_the_client(tmp_path: Path) -> None:
    sock = tmp_path / "bus"
    sock.write_text("")  # anything there: the client finds out what it is
    assert notify._missing_socket(f"unix:path={sock}") is None


def test_no_d_bus_client_is_loaded_for_a_missing_socket(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from workbook.reminders.notify import _dbus_path\n"
        f"check, sent = _dbus_path('unix:path={tmp_path / 'gone'}', 'title', 'body')\n"
        "assert check.ok is False and sent is None, check\n"
        "print('jeepney' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
