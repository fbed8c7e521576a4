"""Synthetic, realistic-looking inspections for demos, screenshots and benchmarks."""

from inspector_app.demo.generator import DemoSummary, generate_demo

__all__ = ["DemoSummary", "generate_demo"]
