"""Dialogs, most of them laid out in Qt Designer (ui/*.ui)."""
