"""Persistence: SQLAlchemy models, the one function that opens a database, and migrations."""
