"""A tiny notification server for tests: owns org.freedesktop.Notifications on a private bus.

Run as `python fake_notify_server.py LOG [DELAY_SECONDS]` with DBUS_SESSION_BUS_ADDRESS
set to a private `dbus-daemon`. Each Notify call is appended to LOG as one JSON line
({"id", "app", "summary", "body"}) and answered with a new id after DELAY seconds, so
tests can count exactly what was delivered (and make overlapping runners overlap).
It speaks the same protocol as dunst or GNOME Shell, without needing an X server.
"""

from __future__ import annotations

import json
import sys
import time

from jeepney import HeaderFields, MessageType, new_error, new_method_return
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection

NAME = "org.freedesktop.Notifications"


def main() -> None:
    log_path = sys.argv[1]
    delay = float(sys.argv[2]) if len(sys.argv) > 2 else 0.0
    conn = open_dbus_connection(bus="SESSION")
    reply = conn.send_and_get_reply(message_bus.RequestName(NAME, 4), timeout=5)  # 4: do not queue
    if reply.body[0] != 1:
        raise SystemExit(f"could not own {NAME}: {reply.body}")
    print("ready", flush=True)
    next_id = 1
    while True:
        msg = conn.receive()
        if msg.header.message_type != MessageType.method_call:
            continue
        member = msg.header.fields.get(HeaderFields.member)
        if member == "Notify":
            time.sleep(delay)
            app, _replaces, _icon, summary, body = msg.body[:5]
            with open(log_path, "a", encoding="utf-8") as log:
                log.write(json.dumps({"id": next_id, "app": app, "summary": summary, "body": body}) + "\n")
            conn.send(new_method_return(msg, "u", (next_id,)))
            next_id += 1
        elif member == "GetCapabilities":
            conn.send(new_method_return(msg, "as", (["body"],)))
        elif member == "GetServerInformation":
            conn.send(new_method_return(msg, "ssss", ("fake-notify", "workbook-tests", "1.0", "1.2")))
        else:
            conn.send(new_error(msg, "org.freedesktop.DBus.Error.UnknownMethod", "s", (f"no method {member}",)))


if __name__ == "__main__":
    main()
