"""Storage faults are told by SQLite's result code, so a message in another wording changes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DatabaseError

from inspector_app.storage import cipher
from inspector_app.storage.errors import Reason, reason_of


def test_a_file_that_is_not_a_database_is_told_by_its_code(tmp_path):
    path = tmp_path / "garbage.sqlite"
    path.write_bytes(b"not a database at all" * 500)
    connection = cipher.dbapi().connect(str(path))
    with pytest.raises(cipher.dbapi().DatabaseError) as info:
        connection.execute("SELECT * FROM sqlite_master")
    connection.close()
    assert reason_of(info.value) is Reason.NOT_A_DATABASE


def test_the_code_is_found_through_sqlalchemys_wrapper(tmp_path):
    path = tmp_path / "garbage.sqlite"
    path.write_bytes(b"x" * 8192)
    engine = create_engine(f"sqlite:///{path}")
    with pytest.raises(DatabaseError) as info, engine.connect() as connection:
        connection.execute(text("SELECT * FROM sqlite_master"))
    engine.dispose()
    assert reason_of(info.value) is Reason.NOT_A_DATABASE


def test_an_error_without_a_code_is_no_storage_fault():
    assert reason_of(ValueError("database disk image is malformed")) is None
