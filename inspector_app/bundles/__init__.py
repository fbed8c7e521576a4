"""Inspection bundles: each inspector's work exported to one file and merged by the lead, offline."""
