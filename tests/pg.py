"""A real, throwaway PostgreSQL server for the tests: no mock of PostgreSQL anywhere.

One cluster per test session: ``initdb`` into a private temporary folder, owned by a non-root
user when the tests run as root (PostgreSQL refuses to run as root; CI runs as root, so the
cluster belongs to Debian's ``postgres`` user, or ``nobody``), started with ``pg_ctl`` listening
on a Unix socket in that folder and on a free loopback port, and stopped and deleted when the
session ends. Settings trade durability for speed (no fsync): the data is thrown away anyway.

Each test that wants a store gets a fresh database copied from a template that was migrated to
head once (``CREATE DATABASE … TEMPLATE``), which costs a few milliseconds instead of a migration.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest

SUPERUSER = "inspector_test_admin"
PASSWORD_ROLE = "inspector_pw"  # a login role that needs a password over TCP (for the refused-password tests)
PASSWORD = "correct horse battery staple"
_VERSIONS = ("17", "16", "15")


def _bin_dir() -> Path | None:
    configured = os.environ.get("INSPECTOR_APP_PG_BIN")
    if configured:
        return Path(configured)
    for version in _VERSIONS:
        candidate = Path(f"/usr/lib/postgresql/{version}/bin")
        if (candidate / "initdb").exists():
            return candidate
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _owner() -> str | None:
    """Whom the cluster runs as: None for the current user, a system account when we are root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    raise RuntimeError("running as root, and there is neither a postgres nor a nobody user to run PostgreSQL as")


@dataclass
class Cluster:
    """A running server: where its socket is, its port, and how to reach it as its superuser."""

    folder: Path
    port: int
    bin_dir: Path
    owner: str | None
    _names: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def socket_dir(self) -> str:
        return str(self.folder)

    def url(self, dbname: str, user: str = SUPERUSER) -> str:
        """A libpq URL over the Unix socket (local: no TLS needed, no password: trust on the socket)."""
        return f"postgresql://{user}@/{dbname}?host={self.socket_dir}&port={self.port}"

    def tcp_url(self, dbname: str, user: str = PASSWORD_ROLE) -> str:
        return f"postgresql://{user}@127.0.0.1:{self.port}/{dbname}"

    def connect(self, dbname: str = "postgres", user: str = SUPERUSER,
                autocommit: bool = True) -> psycopg.Connection[tuple[object, ...]]:
        return psycopg.connect(host=self.socket_dir, port=self.port, dbname=dbname, user=user, autocommit=autocommit)

    def new_database(self, template: str = "template0") -> str:
        name = f"t{os.getpid()}_{next(self._names)}"
        with self.connect() as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}" STRATEGY FILE_COPY')
        return name

    def drop_database(self, name: str) -> None:
        with self.connect() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _run(cluster_owner: str | None, args: list[str]) -> None:
    command = ["runuser", "-u", cluster_owner, "--", *args] if cluster_owner else args
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
    if done.returncode != 0:
        raise RuntimeError(f"{Path(args[0]).name} failed: {done.stderr.strip() or done.stdout.strip()}")


@dataclass(frozen=True)
class ServerTls:
    """A server certificate and its private key (PEM) for a cluster that speaks TLS."""

    certificate: bytes
    key: bytes


def _private_file(path: Path, content: bytes, owner: str | None) -> None:
    """Written 0600 and owned by the cluster's user: PostgreSQL refuses a key others may read."""
    path.write_bytes(content)
    os.chmod(path, 0o600)
    if owner is not None:
        info = pwd.getpwnam(owner)
        os.chown(path, info.pw_uid, info.pw_gid)


@contextlib.contextmanager
def running_cluster(tls: ServerTls | None = None) -> Iterator[Cluster]:
    """A started throwaway cluster, stopped and deleted afterwards; with ``tls``, it also speaks TLS
    (``ssl=on``) with that certificate, and still accepts plain TCP (libpq's sslmode decides)."""
    bin_dir = _bin_dir()
    if bin_dir is None:
        pytest.fail("PostgreSQL is not installed: run packaging/debian/install-deps.sh (it installs postgresql)")
    owner = _owner()
    folder = Path(tempfile.mkdtemp(prefix="inspector-pg-"))
    data = folder / "data"
    if owner is not None:
        info = pwd.getpwnam(owner)
        os.chown(folder, info.pw_uid, info.pw_gid)
    port = 0
    started = False
    try:
        _run(owner, [str(bin_dir / "initdb"), "-D", str(data), "-U", SUPERUSER, "--auth-local=trust",
                     "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"])
        ssl_options = ""
        if tls is not None:
            _private_file(folder / "server.crt", tls.certificate, owner)
            _private_file(folder / "server.key", tls.key, owner)
            ssl_options = f" -c ssl=on -c ssl_cert_file={folder / 'server.crt'} -c ssl_key_file={folder / 'server.key'}"
        for attempt in range(3):  # a free port can be taken by another process before the server binds it
            port = _free_port()
            options = (f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={folder} "
                       "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60 "
                       "-c shared_buffers=32MB -c log_min_messages=fatal" + ssl_options)
            try:
                _run(owner, [str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l",
                             str(folder / "server.log"), "-w", "-t", "60", "start"])
                break
            except RuntimeError:
                if attempt == 2:
                    raise
        started = True
        cluster = Cluster(folder, port, bin_dir, owner)
        with cluster.connect() as conn:
            conn.execute(f"CREATE ROLE {PASSWORD_ROLE} LOGIN PASSWORD '{PASSWORD}'")
        yield cluster
    finally:
        if started:
            _run(owner, [str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"])
        shutil.rmtree(folder, ignore_errors=True)
