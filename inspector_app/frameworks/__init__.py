"""Inspection frameworks, loaded from data files rather than written in code."""

from inspector_app.frameworks.loader import FrameworkError, FrameworkRegistry, load_registry
from inspector_app.frameworks.model import Descriptor, Framework, JudgementArea

__all__ = [
    "Descriptor",
    "Framework",
    "FrameworkError",
    "FrameworkRegistry",
    "JudgementArea",
    "load_registry",
]
