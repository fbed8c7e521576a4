"""Whether the desktop window can have a screen, asked before Qt is started.

On Linux with no display server Qt aborts (exit 134) with a misleading message about a missing
xcb-cursor library; a person who typed the README's start command over SSH or in a bare terminal
needs one line saying what is wrong and what to do instead. No Qt here: it is asked first."""

from __future__ import annotations

import os
import sys

NO_DISPLAY = ("No display found: start Inspector App from a desktop session, "
              "or use the command line: inspector-app --help")


def no_display_message() -> str | None:
    """The line to print when the window cannot open for want of a display, or None when it can.

    Only Linux (and other X11/Wayland systems) need a display server; a chosen QT_QPA_PLATFORM
    (offscreen, vnc, …) is the person's own decision and is respected."""
    if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return None
    if any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")):
        return None
    return NO_DISPLAY
