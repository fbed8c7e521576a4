"""TLS and passwords against a real server: a throwaway cluster with ``ssl=on`` and a certificate made here
by a test CA, reached as a server on another machine would be.

Every test host is this machine, and the app treats ``localhost``, ``127.0.0.1``, ``::1`` and a Unix socket
as "this machine" (``postgresql._is_local``). So the store is named ``store.region.test`` and libpq is told
to dial ``hostaddr=127.0.0.1``: the app's decision sees a host name that is not this machine's (and asks for
``sslmode=verify-full``), libpq checks the certificate against that name, and no DNS is needed. This is
exactly how a remote store is reached, only the packets stay on loopback.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pg import PASSWORD, PASSWORD_ROLE, Cluster, ServerTls, running_cluster

from inspector_app.cli import run
from inspector_app.services import open_workspace
from inspector_app.storage.database import DatabaseOpenError
from inspector_app.storage.engines import postgresql
from inspector_app.storage.errors import Reason

STORE_NAME = "store.region.test"  # what the certificate names; dialled at 127.0.0.1 through hostaddr


@dataclass(frozen=True)
class Authority:
    name: str
    key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate

    def pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _authority(common: str) -> Authority:
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    certificate = (x509.CertificateBuilder().subject_name(_name(common)).issuer_name(_name(common))
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=1))
                   .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
                   .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                                content_commitment=False, key_encipherment=False,
                                                data_encipherment=False, key_agreement=False, encipher_only=False,
                                                decipher_only=False), critical=True)
                   .sign(key, hashes.SHA256()))
    return Authority(common, key, certificate)


def _server(authority: Authority) -> ServerTls:
    """A server certificate for the store's name, localhost and 127.0.0.1, signed by ``authority``."""
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    names = x509.SubjectAlternativeName([x509.DNSName(STORE_NAME), x509.DNSName("localhost"),
                                         x509.IPAddress(ipaddress.ip_address("127.0.0.1"))])
    certificate = (x509.CertificateBuilder().subject_name(_name(STORE_NAME)).issuer_name(authority.certificate.subject)
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=1))
                   .add_extension(names, critical=False)
                   .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
                   .sign(authority.key, hashes.SHA256()))
    return ServerTls(certificate.public_bytes(serialization.Encoding.PEM),
                     key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))


@dataclass(frozen=True)
class TlsStore:
    cluster: Cluster
    trusted_ca: Path  # the CA that signed the server's certificate
    other_ca: Path  # a CA that did not

    def url(self, *, host: str = STORE_NAME, ca: Path | None = None, sslmode: str | None = "verify-full",
            port: int | None = None) -> str:
        query = ["hostaddr=127.0.0.1"] + ([f"sslmode={sslmode}"] if sslmode else []) + (
            [f"sslrootcert={ca}"] if ca else [])
        return f"postgresql://{PASSWORD_ROLE}@{host}:{port or self.cluster.port}/postgres?{'&'.join(query)}"


@pytest.fixture(scope="module")
def tls_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TlsStore]:
    """One extra cluster for this module, speaking TLS with a certificate from a CA made here."""
    folder = tmp_path_factory.mktemp("tls")
    trusted, other = _authority("Inspector App test CA"), _authority("Somebody else's CA")
    (folder / "root.crt").write_bytes(trusted.pem())
    (folder / "other.crt").write_bytes(other.pem())
    with running_cluster(tls=_server(trusted)) as cluster:
        yield TlsStore(cluster, folder / "root.crt", folder / "other.crt")


@pytest.fixture
def password_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The role's password in a private password file, where libpq looks (PGPASSFILE), for any host."""
    path = tmp_path / "pgpass"
    path.write_text(f"*:*:*:{PASSWORD_ROLE}:{PASSWORD}\n")
    os.chmod(path, 0o600)
    monkeypatch.setenv("PGPASSFILE", str(path))
    monkeypatch.delenv("PGPASSWORD", raising=False)
    return path


def _one_clean_line(message: str) -> None:
    assert message.count("\n") <= 1 and "Traceback" not in message, message
    for leak in (PASSWORD, "SELECT", "psycopg", "SSL error", "certificate verify failed"):
        assert leak not in message, message


def test_verify_full_with_the_test_ca_connects_and_the_connection_is_encrypted(tls_store, password_file):
    address = postgresql.check_address(tls_store.url(ca=tls_store.trusted_ca))
    assert address.params["host"] == STORE_NAME and not postgresql._is_local(STORE_NAME)  # treated as remote
    engine = postgresql.make_engine(address)  # the app's own engine, as a workspace opens it
    try:
        with engine.connect() as connection:
            ssl, version = connection.exec_driver_sql(
                "SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()").one()
            assert ssl is True and version.startswith("TLS")
            assert connection.connection.dbapi_connection.pgconn.ssl_in_use  # type: ignore[union-attr]
    finally:
        engine.dispose()


@pytest.mark.parametrize(("which", "host", "says"), [
    ("other", STORE_NAME, "did not sign"),  # a CA that did not sign the server's certificate
    ("trusted", "other.region.test", "not for other.region.test"),  # the right CA, another name
    ("missing", STORE_NAME, "~/.postgresql/root.crt"),  # no CA file at all
])
def test_a_certificate_that_does_not_check_out_is_refused_in_one_clean_line(tls_store, password_file, tmp_path,
                                                                            capsys, registry, which, host, says):
    ca = {"other": tls_store.other_ca, "trusted": tls_store.trusted_ca, "missing": tmp_path / "absent.crt"}[which]
    url = tls_store.url(host=host, ca=ca)
    with pytest.raises(DatabaseOpenError) as refused:
        open_workspace(url, registry=registry)
    assert refused.value.reason is Reason.TLS_REFUSED and says in str(refused.value), str(refused.value)
    assert refused.value.__cause__ is None and refused.value.__suppress_context__
    _one_clean_line(str(refused.value))
    assert run(["inspections", "--db", url]) == 1  # the command line says the same, in one line
    out, err = capsys.readouterr()
    assert says in err and err.count("\n") == 1 and not out
    _one_clean_line(err)


def test_a_server_without_tls_is_refused_when_verify_full_is_asked_for(tls_store, pg_cluster, password_file, registry):
    """The suite's main cluster runs without ssl: a store address with verify-full never reaches it in clear."""
    url = tls_store.url(ca=tls_store.trusted_ca, port=pg_cluster.port)
    with pytest.raises(DatabaseOpenError) as refused:
        open_workspace(url, registry=registry)
    assert refused.value.reason is Reason.TLS_REFUSED and "does not offer TLS" in str(refused.value)
    _one_clean_line(str(refused.value))


@pytest.mark.parametrize("sslmode", [None, "disable", "prefer", "require"])
def test_a_store_on_another_machine_without_verify_full_is_refused_before_connecting(tls_store, sslmode, registry):
    listener = socket.create_server(("127.0.0.1", 0))  # where the address points: it must never be dialled
    listener.setblocking(False)
    try:
        url = tls_store.url(sslmode=sslmode, port=listener.getsockname()[1])
        with pytest.raises(DatabaseOpenError) as refused:
            open_workspace(url, registry=registry)
        assert refused.value.reason is Reason.BAD_ADDRESS and "sslmode=verify-full" in str(refused.value)
        assert STORE_NAME in str(refused.value)
        _one_clean_line(str(refused.value))
        with pytest.raises(BlockingIOError):
            listener.accept()  # nobody connected
    finally:
        listener.close()


def _service_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **settings: object) -> None:
    path = tmp_path / "pg_service.conf"
    path.write_text("[region]\n" + "".join(f"{k}={v}\n" for k, v in settings.items()))
    os.chmod(path, 0o600)
    monkeypatch.setenv("PGSERVICEFILE", str(path))


def test_a_service_file_names_the_store_and_a_plain_connection_it_allows_is_still_refused(tls_store, password_file,
                                                                                       tmp_path, monkeypatch):
    port = tls_store.cluster.port
    common = {"host": STORE_NAME, "hostaddr": "127.0.0.1", "port": port, "dbname": "postgres", "user": PASSWORD_ROLE}
    _service_file(tmp_path, monkeypatch, sslmode="verify-full", sslrootcert=tls_store.trusted_ca, **common)
    address = postgresql.check_address("postgresql://?service=region")
    connection = postgresql.connect(address)  # the password from the password file, TLS from the service file
    try:
        assert connection.execute("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").fetchone() == (True,)
    finally:
        connection.close()
    _service_file(tmp_path, monkeypatch, sslmode="disable", **common)  # the address says nothing of the host
    with pytest.raises(postgresql.ServerError) as refused:
        postgresql.connect(postgresql.check_address("postgresql://?service=region"))
    assert refused.value.reason is Reason.BAD_ADDRESS and "without TLS" in str(refused.value)
    _one_clean_line(str(refused.value))


def test_a_password_in_the_service_file_works(tls_store, tmp_path, monkeypatch):
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-such-file"))
    monkeypatch.delenv("PGPASSWORD", raising=False)
    _service_file(tmp_path, monkeypatch, host=STORE_NAME, hostaddr="127.0.0.1", port=tls_store.cluster.port,
                  dbname="postgres", user=PASSWORD_ROLE, password=PASSWORD, sslmode="verify-full",
                  sslrootcert=tls_store.trusted_ca)
    connection = postgresql.connect(postgresql.check_address("postgresql://?service=region"))
    try:
        assert connection.execute("SELECT current_user").fetchone() == (PASSWORD_ROLE,)
    finally:
        connection.close()


def test_the_password_file_in_the_home_folder_and_the_ca_in_dot_postgresql_work(tls_store, tmp_path, monkeypatch):
    """The places docs/regional-store.md tells people to use: ~/.pgpass and ~/.postgresql/root.crt."""
    for variable in ("PGPASSFILE", "PGPASSWORD", "PGSSLROOTCERT", "PGSERVICEFILE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / ".pgpass").write_text(f"{STORE_NAME}:{tls_store.cluster.port}:postgres:{PASSWORD_ROLE}:{PASSWORD}\n")
    os.chmod(tmp_path / ".pgpass", 0o600)
    (tmp_path / ".postgresql").mkdir()
    (tmp_path / ".postgresql" / "root.crt").write_bytes(tls_store.trusted_ca.read_bytes())
    connection = postgresql.connect(postgresql.check_address(tls_store.url()))
    try:
        assert connection.pgconn.ssl_in_use and connection.info.user == PASSWORD_ROLE
    finally:
        connection.close()


# --- passwords: never from the environment or the address, on every route -------------------------------------

ROUTES = [
    ["inspections", "--db", "{url}"],
    ["sync", "--store", "{url}", "--db", "{laptop}"],
    ["store", "init", "{url}"],
    ["store", "grant", "{url}", "--login", "amir", "--group", "inspector"],
    ["store", "roster-add", "{url}", "--login", "amir", "--inspection", "1"],
    ["store", "roster-remove", "{url}", "--login", "amir", "--inspection", "1"],
]


@pytest.mark.parametrize("where", ["environment", "address"])
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: " ".join(r[:2]))
def test_a_password_from_the_environment_or_in_the_address_is_refused_on_every_route(
        tls_store, tmp_path, monkeypatch, capsys, route, where):
    """PGPASSWORD holding the right password (or the address holding it) would let libpq in: each route refuses
    before connecting, says where the password goes, and prints it nowhere."""
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-such-file"))
    monkeypatch.setenv("INSPECTOR_APP_DATA_DIR", str(tmp_path / "data"))
    url = tls_store.url(ca=tls_store.trusted_ca)
    if where == "environment":
        monkeypatch.setenv("PGPASSWORD", PASSWORD)
    else:
        monkeypatch.delenv("PGPASSWORD", raising=False)
        url = url.replace(f"{PASSWORD_ROLE}@", f"{PASSWORD_ROLE}:{PASSWORD.replace(' ', '%20')}@")
    argv = [a.format(url=url, laptop=tmp_path / "laptop.sqlite") for a in route]
    assert run(argv) == 1
    out, err = capsys.readouterr()
    assert "~/.pgpass" in err and err.count("\n") == 1 and not out, err
    assert ("PGPASSWORD" in err) == (where == "environment")
    for secret in (PASSWORD, PASSWORD.replace(" ", "%20")):
        assert secret not in err
    _one_clean_line(err)
    assert not (tmp_path / "data" / "regional-store.json").exists()  # nothing remembered
