"""Reads an application's accessibility tree from the AT-SPI bus, as a screen reader does.

Run with the system Python, which has pyatspi (Debian's python3-pyatspi), not the project's venv:
``/usr/bin/python3 tests/gui/atspi_reader.py APP_NAME SECONDS``. Waits up to SECONDS for the
application to appear on the bus, then prints its tree as JSON lines: depth, role, name, states.
Only the standard library and pyatspi are used here.
"""

import json
import sys
import time

import pyatspi

MAX_NODES = 3000
MAX_CHILDREN = 60  # a long table's first screenful is enough to judge its cells


def find_application(name, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        desktop = pyatspi.Registry.getDesktop(0)
        for index in range(desktop.childCount):
            app = desktop.getChildAtIndex(index)
            if app is not None and app.name == name:
                return app
        time.sleep(0.3)
    return None


def walk(node, depth, out):
    if node is None or len(out) >= MAX_NODES:
        return
    try:
        states = node.getState()
        labels = [target.name for relation in node.getRelationSet()
                  if relation.getRelationType() == pyatspi.RELATION_LABELLED_BY
                  for target in (relation.getTarget(i) for i in range(relation.getNTargets())) if target]
        out.append({"depth": depth, "role": node.getRoleName(), "name": node.name or "", "labelled_by": labels,
                    "description": node.description or "",
                    "showing": states.contains(pyatspi.STATE_SHOWING),
                    "focusable": states.contains(pyatspi.STATE_FOCUSABLE),
                    "focused": states.contains(pyatspi.STATE_FOCUSED)})
        for index in range(min(node.childCount, MAX_CHILDREN)):
            walk(node.getChildAtIndex(index), depth + 1, out)
    except Exception as exc:  # an object that went away while being read
        out.append({"depth": depth, "role": "gone", "name": type(exc).__name__, "description": "", "labelled_by": [],
                    "showing": False, "focusable": False, "focused": False})


def main():
    app = find_application(sys.argv[1], float(sys.argv[2]))
    if app is None:
        print(json.dumps({"error": "application not found on the AT-SPI bus"}))
        return 1
    nodes = []
    walk(app, 0, nodes)
    for node in nodes:
        print(json.dumps(node))
    return 0


if __name__ == "__main__":
    sys.exit(main())
