"""The app writes English dates whatever the machine's language: Qt switches the C locale to the
system's when the application starts, which would turn "Mar" into "Mär" in every strftime."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

GERMAN = "de_DE.UTF-8"
PROBE = (
    "import datetime\n"
    "from inspector_app.gui.app import application\n"
    "from PySide6.QtCore import QDate, QLocale\n"
    "application()\n"
    "print(f'{datetime.date(2026, 3, 2):%a %d %b %Y}')\n"
    "print(QLocale().toString(QDate(2026, 3, 2), 'd MMMM yyyy'))\n"
)


def _german_available() -> bool:
    listed = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.lower()
    return "de_de.utf8" in listed


@pytest.mark.skipif(not _german_available(), reason="packaging/debian/install-deps.sh generates de_DE.UTF-8")
def test_dates_stay_english_under_a_german_locale():
    env = {**os.environ, "LC_ALL": GERMAN, "LANG": GERMAN, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.splitlines() == ["Mon 02 Mar 2026", "2 March 2026"]
