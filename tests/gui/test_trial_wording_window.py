"""The window's words from the trial: a repeat that differs is named before the passphrase's strength,
in every dialog that asks for a new passphrase twice; a fault while not saving is not called "not saved"."""

from __future__ import annotations

from PySide6.QtCore import Qt

from inspector_app.gui.dialogs.passphrase import PassphraseDialog
from inspector_app.gui.guard import UnexpectedErrorDialog
from inspector_app.services.workspace import PASSPHRASES_DIFFER


def test_a_short_passphrase_repeated_differently_is_said_to_differ_first(qtbot):
    dialog = PassphraseDialog("New database", "Choose a passphrase.", new=True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.first, "abc")
    qtbot.keyClicks(dialog.second, "abd")
    qtbot.keyClick(dialog.second, Qt.Key.Key_Return)
    assert dialog.error.text() == PASSPHRASES_DIFFER and "differ" in PASSPHRASES_DIFFER
    qtbot.keyClick(dialog.second, Qt.Key.Key_Backspace)
    qtbot.keyClicks(dialog.second, "c")
    qtbot.keyClick(dialog.second, Qt.Key.Key_Return)
    assert dialog.error.text().startswith("Too short")  # the same now: the strength is what is left


def test_the_bundle_dialog_says_the_passphrases_differ_before_their_length(qtbot):
    from inspector_app.gui.dialogs.bundle_export import BundleExportDialog

    dialog = BundleExportDialog("Amir", must_encrypt=True)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.passphrase, "abc")
    qtbot.keyClicks(dialog.repeat, "abd")
    dialog._check()
    assert dialog.error.text() == PASSPHRASES_DIFFER


def test_a_fault_outside_a_save_says_what_was_happening_not_that_nothing_was_saved(qtbot):
    saving = UnexpectedErrorDialog("details", doing="saving")
    exporting = UnexpectedErrorDialog("details", doing="exporting the case study", saving=False)
    browsing = UnexpectedErrorDialog("details", doing="working in the window", saving=False)
    for dialog in (saving, exporting, browsing):
        qtbot.addWidget(dialog)
    assert "not saved" in saving.message.text() and saving.windowTitle() == "Not saved"
    assert "while exporting the case study" in exporting.message.text()
    assert "while working in the window" in browsing.message.text()
    for dialog in (exporting, browsing):
        assert "not saved" not in dialog.message.text() and dialog.windowTitle() != "Not saved"
        assert "Copy details" in dialog.message.text()
