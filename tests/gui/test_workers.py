"""The background task runner the window uses for backups, imports and exports."""

from __future__ import annotations

import threading

from inspector_app.gui.workers import Task


def test_a_gui_thread_waiting_on_a_task_sees_it_end_when_its_work_ends(qapp):
    """Closing the window during a backup waits for the backup: that wait must end with the work,
    not when its timeout runs out because the thread's end was queued behind the waiting GUI thread."""
    release = threading.Event()
    task = Task(lambda _progress, _cancelled: release.wait(10))
    task.start()
    release.set()
    assert task.wait(5000), "the task's thread was still running after its work had returned"
