"""Render resources/icons/app.svg to the PNG sizes desktops want, and a Windows .ico.

    python packaging/scripts/render_icons.py
"""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QImageWriter, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parents[2]
SIZES = [16, 24, 32, 48, 64, 128, 256, 512]


def render(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    QSvgRenderer(str(ROOT / "resources" / "icons" / "app.svg")).render(painter)
    painter.end()
    return image


def main() -> None:
    QGuiApplication([])
    for size in SIZES:
        target = ROOT / "packaging" / "linux" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "inspector-app.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        render(size).save(str(target))
        print(target.relative_to(ROOT))
    ico = ROOT / "packaging" / "windows" / "inspector-app.ico"
    if b"ico" in [bytes(f) for f in QImageWriter.supportedImageFormats()]:
        render(256).save(str(ico))
        print(ico.relative_to(ROOT))


if __name__ == "__main__":
    main()
