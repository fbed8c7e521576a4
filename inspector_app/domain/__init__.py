"""Plain domain vocabulary and rules: no Qt, no SQL."""
