"""Inspection frameworks, loaded from data files rather than written in code."""

from inspector_app.domain.framework import Descriptor, Framework, JudgementArea
from inspector_app.frameworks.loader import FrameworkError, FrameworkRegistry, load_registry

__all__ = [
    "Descriptor",
    "Framework",
    "FrameworkError",
    "FrameworkRegistry",
    "JudgementArea",
    "load_registry",
]
