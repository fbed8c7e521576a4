"""The Qt window: the only part of the app that imports PySide6."""
