"""The key fingerprint in "Who am I…": read aloud to be checked face to face, and copied with one button."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from inspector_app.services import identity
from tests.gui.conftest import on_dialog


def test_who_am_i_shows_my_key_fingerprint_to_check_face_to_face_and_copies_it(qtbot, make_window):
    window = make_window()
    window.resize(1366, 768)
    seen: dict[str, str] = {}

    def look_and_copy(dialog) -> None:
        seen["fingerprint"] = dialog.fingerprint.text()
        seen["visible"] = str(dialog.fingerprint.isVisible() and dialog.copy_button.isVisible())
        qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
        seen["button"] = dialog.copy_button.text()
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    on_dialog(qtbot, look_and_copy, window.user_action.trigger)
    mine = identity.signing_key(window.ctx.ws)  # made when the person set up their identity, kept in their database
    assert mine is not None and mine.person == "Lena Lead"
    assert mine.fingerprint in seen["fingerprint"] and seen["visible"] == "True" and seen["button"] == "Copied"
    assert QApplication.clipboard().text() == (f"Lena Lead: public key {mine.public_key} "
                                                f"(fingerprint {mine.fingerprint})")
