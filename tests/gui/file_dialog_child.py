"""Run by ``test_dialog_focus``: a page in a scrolling frame, watched by ``FocusInView`` as every view is, opens
Qt's own Save As dialog and a person tabs through it and names the file. Its own process: keeping a field of
the dialog in view once walked on past the dialog into the page and never came back (offscreen Qt spun
for ever; on X11 each step raised, and the error box, itself focused, raised again)."""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QMainWindow, QPushButton, QVBoxLayout, QWidget

from inspector_app.gui.a11y import FocusInView, scrolling


def main(folder: str) -> None:
    app = QApplication([])
    errors: list[BaseException] = []
    sys.excepthook = lambda _t, exc, _tb: errors.append(exc)
    window = QMainWindow()
    page = QWidget()
    column = QVBoxLayout(page)
    for n in range(40):  # taller than the window: the frame scrolls
        column.addWidget(QPushButton(f"Button {n}"))
    window.setCentralWidget(scrolling(page, "A view"))
    window.resize(500, 300)
    window.show()
    FocusInView(window)

    def name_the_file() -> None:
        dialog = QApplication.activeModalWidget()
        for _ in range(6):  # round the dialog's controls, as a person looking for the name box
            QTest.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Tab)
        field = dialog.findChild(QWidget, "fileNameEdit")
        field.setFocus()
        QTest.keyClicks(field, "draft.pdf")
        QTest.keyClick(field, Qt.Key.Key_Return)

    QTimer.singleShot(200, name_the_file)
    chosen, _ = QFileDialog.getSaveFileName(page, "Save the document as", folder, "PDF files (*.pdf)",
                                            options=QFileDialog.Option.DontUseNativeDialog)
    print(chosen.rsplit("/", 1)[-1], len(errors), app is not None)


if __name__ == "__main__":
    main(sys.argv[1])
