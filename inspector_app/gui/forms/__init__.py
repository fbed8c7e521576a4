"""Generated from ui/*.ui by packaging/scripts/build_forms.py: do not edit."""
