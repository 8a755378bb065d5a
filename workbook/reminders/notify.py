"""Desktop notifications, verified rather than assumed.

plyer is the primary path, but it fails quietly in the commonest setups
(design §10): without the C `dbus` module it shells out to `notify-send` and
ignores its exit status (and drops the timeout); with no session bus or no
notification server it returns as if all went well; a folder `/app` makes it
think it is in Flatpak. So `deliver` wraps it:

* Linux: first ask the session bus whether anything owns (or can be started
  for) `org.freedesktop.Notifications`. If nothing can show a notification we
  say so, with how to fix it, instead of pretending. Then plyer is used only if
  its chosen backend reports failure (dbus-python raises); otherwise the
  notification goes by a path that confirms it: a pure-Python D-Bus `Notify`
  call with jeepney (the server returns the notification's id), else
  `notify-send` (its exit code).
* macOS: plyer's backend gives no answer (and needs pyobjus), so `osascript`
  `display notification`, whose exit code we can check.
* Windows: plyer's balloon tip, called directly so its errors reach us (plyer
  runs it in a thread that swallows them); then a PowerShell toast.

Heavy or platform-only modules (plyer, jeepney, subprocess) are imported inside the
functions, so `workbook remind --once` pays for each only when a path needs it.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import subprocess

    from jeepney import Message
    from jeepney.io.blocking import DBusConnection

APP_NAME = "Workbook"
BUS_NAME = "org.freedesktop.Notifications"
SEND_TIMEOUT = 10.0  # seconds for one delivery attempt (a D-Bus-activated server may take a moment)
EXPIRE_MS = -1  # let the notification server decide (plyer's notify-send path never expires them)


@dataclass(frozen=True)
class Delivery:
    """The outcome of one notification: delivered only if a path confirmed it."""

    delivered: bool
    channel: str  # plyer | dbus | notify-send | osascript | powershell | none
    reason: str = ""  # what went wrong, in plain words (empty when delivered)
    fix: str = ""  # how the user can fix it
    detail: str = ""  # e.g. the notification id, or the server's name


class ServerCheck(NamedTuple):
    """Linux: is there a notification server on the session bus? ok None: could not tell.
    (Private to this module and read by name: a tuple class is cheaper to make than a dataclass.)"""

    ok: bool | None
    reason: str = ""
    fix: str = ""
    server: str = ""
    markup: bool = False


FIX_NO_BUS = (
    "Reminders need your desktop session: run Workbook (and its reminder timer) as the user who is "
    "logged in to the desktop, not over SSH or as another user. If you use cron, run "
    "'workbook reminders install' from a terminal inside your desktop so it records your session's bus address."
)
FIX_NO_SERVER = (
    "Desktops such as GNOME, KDE and Xfce include a notification server. On a minimal window manager, "
    "install and start one, for example dunst or mako (e.g. 'sudo apt install dunst', then run 'dunst &')."
)
FIX_ACTIVATION = (
    "Start the notification server from your desktop session (for example 'dunst &' in your window manager's "
    "start-up file), or let D-Bus start it with your display: 'dbus-update-activation-environment --systemd DISPLAY WAYLAND_DISPLAY'."
)
FIX_NOTIFY_SEND = "Install notify-send (Debian/Ubuntu: 'sudo apt install libnotify-bin'; Fedora: 'sudo dnf install libnotify')."
FIX_MACOS = (
    "Check System Settings > Notifications: allow notifications for 'Script Editor' (osascript uses it), "
    "and check that a Focus mode is not hiding them."
)
FIX_WINDOWS = "Check Settings > System > Notifications (turned on, and not hidden by Focus assist / Do not disturb)."


def deliver(title: str, body: str, *, env: Mapping[str, str] | None = None, platform: str | None = None) -> Delivery:
    """Show one notification; the result says whether it was confirmed, and how."""
    env = dict(os.environ if env is None else env)
    platform = platform or sys.platform
    try:
        if platform.startswith("linux") or "bsd" in platform:
            return _deliver_linux(title, body, env)
        if platform == "darwin":
            return _deliver_macos(title, body, env)
        if platform.startswith("win"):
            return _deliver_windows(title, body, env)
    except Exception as exc:  # a notification must never crash the runner
        return Delivery(False, "none", f"unexpected error while notifying: {exc!r}")
    return Delivery(False, "none", f"no notification method is known for {platform}")


# -- Linux -----------------------------------------------------------------------


def session_bus_address(env: Mapping[str, str]) -> str | None:
    """The session bus address: the environment's, else the usual per-user socket."""
    address = env.get("DBUS_SESSION_BUS_ADDRESS", "").strip()
    if address:
        return address
    runtime = env.get("XDG_RUNTIME_DIR") or (f"/run/user/{os.getuid()}" if hasattr(os, "getuid") else "")
    if runtime and (Path(runtime) / "bus").exists():
        return f"unix:path={Path(runtime) / 'bus'}"
    return None


def _deliver_linux(title: str, body: str, env: dict[str, str]) -> Delivery:
    notes: list[str] = []
    fix = ""
    address = session_bus_address(env)
    check = ServerCheck(False, "no desktop session bus was found (DBUS_SESSION_BUS_ADDRESS is not set)", FIX_NO_BUS)
    if address is not None:
        check, sent = _dbus_path(address, title, body)
        if sent is not None and sent.delivered:
            return sent
        if sent is not None:
            notes.append(sent.reason)
            fix = sent.fix
    if check.ok is False:
        return Delivery(False, "none", check.reason, check.fix)
    if check.ok is None and check.reason:
        notes.append(check.reason)
    sent = _notify_send(title, _escape(body) if check.markup else body, env)
    if sent.delivered:
        return sent
    notes.append(sent.reason)
    return Delivery(False, "none", "; ".join(n for n in notes if n), fix or sent.fix or FIX_NO_SERVER)


def _escape(text: str) -> str:
    """Servers with body markup read '&' and '<' as markup; keep the patient's words as written."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _dbus_path(address: str, title: str, body: str) -> tuple[ServerCheck, Delivery | None]:
    """Check the server, then notify through plyer (if it can confirm) or jeepney."""
    if (missing := _missing_socket(address)) is not None:
        return missing, None
    try:
        from jeepney import DBusAddress, MessageType, new_method_call
        from jeepney.bus_messages import message_bus
        from jeepney.io.blocking import open_dbus_connection
    except ImportError:
        return ServerCheck(None, "jeepney is not installed, so the notification server cannot be checked"), None
    try:
        conn = open_dbus_connection(bus=address, auth_timeout=2.0)
    except RuntimeError as exc:  # a transport jeepney does not speak (e.g. tcp)
        return ServerCheck(None, f"cannot check the session bus ({exc})"), None
    except (OSError, TimeoutError, ValueError) as exc:
        return _unreachable(address, exc), None
    with conn:
        target = DBusAddress("/org/freedesktop/Notifications", bus_name=BUS_NAME, interface=BUS_NAME)
        try:  # the bus's two questions and the server's two in one round trip (a server D-Bus starts may be slow)
            owner, names, info, caps = _ask_together(conn, [
                message_bus.NameHasOwner(BUS_NAME), message_bus.ListActivatableNames(),
                new_method_call(target, "GetServerInformation"), new_method_call(target, "GetCapabilities")],
                timeout=SEND_TIMEOUT)
        except Exception as exc:
            return ServerCheck(None, f"the session bus did not answer ({exc!r})"), None
        if owner is None or names is None:  # cannot happen: _ask_together raised without them
            return ServerCheck(None, "the session bus did not answer"), None
        if owner.header.message_type != MessageType.method_return or names.header.message_type != MessageType.method_return:
            return ServerCheck(None, f"the session bus did not answer ({(owner.body or names.body or ('an error',))[0]})"), None
        owned = owner.body[0]
        if not (owned or BUS_NAME in names.body[0]):
            return ServerCheck(False, "no notification server is running (nothing owns org.freedesktop.Notifications)", FIX_NO_SERVER), None
        server, markup = "", False
        if info is not None and info.header.message_type == MessageType.method_return:  # optional: Notify counts
            server = f"{info.body[0]} {info.body[2]}".strip()
        if caps is not None and caps.header.message_type == MessageType.method_return:
            markup = "body-markup" in caps.body[0]
        check = ServerCheck(True, server=server, markup=markup)
        text = _escape(body) if markup else body
        by_plyer = _plyer(title, text) if _plyer_can_confirm() else None
        if by_plyer is not None and by_plyer.delivered:
            return check, by_plyer
        try:
            message = new_method_call(target, "Notify", "susssasa{sv}i",
                                      (APP_NAME, 0, "", title, text, [], {"urgency": ("y", 1)}, EXPIRE_MS))
            reply = conn.send_and_get_reply(message, timeout=SEND_TIMEOUT)
        except Exception as exc:
            return check, Delivery(False, "dbus", f"the D-Bus Notify call failed ({exc!r})")
        if reply.header.message_type != MessageType.method_return:
            said = reply.body[0] if reply.body else "error"
            if not owned:
                return check, Delivery(False, "dbus", f"a notification server is installed but could not be started ({said})", FIX_ACTIVATION)
            return check, Delivery(False, "dbus", f"the notification server refused it ({said})")
        return check, Delivery(True, "dbus", detail=f"id {reply.body[0]}" + (f" from {server}" if server else ""))


def _ask_together(conn: DBusConnection, messages: list[Message], timeout: float) -> list[Message | None]:
    """Send every method call at once and gather the replies by serial: one round trip, not one each.

    A name nobody owns or can start gets an error reply from the bus at once. A server the bus is
    starting may take longer than `timeout` (or fail to start): its replies are then None, as long
    as the bus's own (the first two) came; without those, TimeoutError."""
    import time

    from jeepney import HeaderFields

    serials = []
    for message in messages:
        serial = next(conn.outgoing_serial)
        conn.send_message(message, serial=serial)
        serials.append(serial)
    replies: dict[int, Message] = {}
    deadline = time.monotonic() + timeout
    while len(replies) < len(serials):
        left = deadline - time.monotonic()
        if left <= 0 and all(serial in replies for serial in serials[:2]):
            break
        reply = conn.receive(timeout=max(left, 0.0))  # TimeoutError once the time is up
        answered = reply.header.fields.get(HeaderFields.reply_serial)
        if answered in serials:
            replies[answered] = reply
    return [replies.get(serial) for serial in serials]


def _missing_socket(address: str) -> ServerCheck | None:
    """The check's answer when the address is one socket file that is not there (the desktop session
    has ended; the usual failed timer run), found without loading the D-Bus client; else None."""
    kind, _, params = address.partition(":")
    if kind != "unix" or ";" in params:
        return None
    options = dict(part.partition("=")[::2] for part in params.split(","))
    path = options.get("path")
    if not path or os.path.lexists(path):
        return None
    return _unreachable(address, FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT)))


def _unreachable(address: str, exc: Exception) -> ServerCheck:
    reason = f"cannot connect to the desktop session bus at {address} ({exc.__class__.__name__}: {exc})"
    return ServerCheck(False, reason, FIX_NO_BUS)


def _plyer_can_confirm() -> bool:
    """Linux: plyer confirms a notification only through dbus-python (its other backends, notify-send
    and the Flatpak portal, ignore errors), so without that module it is not loaded at all."""
    from importlib.util import find_spec

    try:
        return find_spec("dbus") is not None
    except (ImportError, ValueError):  # an odd module in its place: let plyer itself say
        return True


def _plyer(title: str, body: str) -> Delivery | None:
    """plyer, but only where its backend tells us about failure; None when it cannot confirm."""
    import warnings

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import importlib

            from plyer.utils import platform as plyer_platform

            backend = importlib.import_module(f"plyer.platforms.{plyer_platform}.notification").instance()
    except Exception:
        return None
    name = type(backend).__name__
    try:
        if name == "NotifyDbus":  # dbus-python: a failed call raises
            backend.notify(title=title, message=body, app_name=APP_NAME, timeout=30)
            return Delivery(True, "plyer", detail="plyer via dbus-python")
        if name == "WindowsNotification":  # call the balloon tip here, not in plyer's error-swallowing thread
            from plyer.platforms.win.libs.balloontip import WindowsBalloonTip

            WindowsBalloonTip(title=title, message=body, app_name=APP_NAME, timeout=10)
            return Delivery(True, "plyer", detail="plyer balloon tip")
        if name == "Notification":  # plyer's bare facade: raises NotImplementedError
            backend.notify(title=title, message=body, app_name=APP_NAME)
    except NotImplementedError:
        return Delivery(False, "plyer", "plyer has no notification support on this system")
    except Exception as exc:
        return Delivery(False, "plyer", f"plyer failed ({exc!r})")
    return None  # notify-send / portal / pyobjus backends ignore errors: use a confirming path instead


def _run(args: list[str], env: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
    import subprocess

    return subprocess.run(args, env=dict(env), capture_output=True, text=True, timeout=SEND_TIMEOUT, stdin=subprocess.DEVNULL)


def _notify_send(title: str, body: str, env: Mapping[str, str]) -> Delivery:
    import shutil
    import subprocess

    exe = shutil.which("notify-send", path=env.get("PATH", os.defpath))
    if exe is None:
        return Delivery(False, "notify-send", "notify-send is not installed", FIX_NOTIFY_SEND)
    try:
        done = _run([exe, f"--app-name={APP_NAME}", "--", title, body], env)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return Delivery(False, "notify-send", f"notify-send did not finish ({exc})", FIX_NO_SERVER)
    if done.returncode != 0:
        said = (done.stderr.strip().splitlines() or [""])[-1]
        return Delivery(False, "notify-send", f"notify-send failed (exit {done.returncode}{': ' + said if said else ''})", FIX_NO_SERVER)
    return Delivery(True, "notify-send")


# -- macOS and Windows -------------------------------------------------------------

_APPLESCRIPT = ["-e", "on run argv", "-e", "display notification (item 2 of argv) with title (item 1 of argv)", "-e", "end run"]


def _deliver_macos(title: str, body: str, env: dict[str, str]) -> Delivery:
    import shutil
    import subprocess

    exe = shutil.which("osascript", path=env.get("PATH", os.defpath)) or ("/usr/bin/osascript" if Path("/usr/bin/osascript").exists() else None)
    if exe is None:
        return Delivery(False, "osascript", "osascript was not found", FIX_MACOS)
    try:
        done = _run([exe, *_APPLESCRIPT, title, body], env)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return Delivery(False, "osascript", f"osascript did not finish ({exc})", FIX_MACOS)
    if done.returncode != 0:
        return Delivery(False, "osascript", f"osascript failed (exit {done.returncode}): {done.stderr.strip()}", FIX_MACOS)
    return Delivery(True, "osascript")


_POWERSHELL_TOAST = r"""
$ErrorActionPreference = 'Stop'
[Windows.UI.Notifications.ToastNotificationManager, Windows.UI.Notifications, ContentType = WindowsRuntime] > $null
$xml = [Windows.UI.Notifications.ToastNotificationManager]::GetTemplateContent([Windows.UI.Notifications.ToastTemplateType]::ToastText02)
$texts = $xml.GetElementsByTagName('text')
$texts.Item(0).AppendChild($xml.CreateTextNode($env:WORKBOOK_TITLE)) > $null
$texts.Item(1).AppendChild($xml.CreateTextNode($env:WORKBOOK_BODY)) > $null
$app = '{1AC14E77-02E7-4E5D-B744-2EB1AE5198B7}\WindowsPowerShell\v1.0\powershell.exe'
[Windows.UI.Notifications.ToastNotificationManager]::CreateToastNotifier($app).Show([Windows.UI.Notifications.ToastNotification]::new($xml))
"""


def _deliver_windows(title: str, body: str, env: dict[str, str]) -> Delivery:
    import shutil
    import subprocess

    by_plyer = _plyer(title, body)
    if by_plyer is not None and by_plyer.delivered:
        return by_plyer
    exe = shutil.which("powershell", path=env.get("PATH", os.defpath))
    if exe is None:
        return Delivery(False, "none", (by_plyer.reason if by_plyer else "plyer could not notify") + "; PowerShell was not found", FIX_WINDOWS)
    try:
        done = _run([exe, "-NoProfile", "-NonInteractive", "-Command", _POWERSHELL_TOAST], {**env, "WORKBOOK_TITLE": title, "WORKBOOK_BODY": body})
    except (OSError, subprocess.TimeoutExpired) as exc:
        return Delivery(False, "powershell", f"PowerShell did not finish ({exc})", FIX_WINDOWS)
    if done.returncode != 0:
        return Delivery(False, "powershell", f"the PowerShell toast failed (exit {done.returncode})", FIX_WINDOWS)
    return Delivery(True, "powershell")
