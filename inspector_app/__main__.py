"""Entry point for ``inspector-app`` and ``python -m inspector_app``."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from inspector_app.cli import run

    return run(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())
