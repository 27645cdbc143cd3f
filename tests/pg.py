"""A throwaway PostgreSQL server for the tests: initdb into a temporary folder, start, tear down.

``start_cluster()`` finds the server binaries (``pg_ctl`` on ``PATH`` or Debian's
``/usr/lib/postgresql/*/bin``), installs Debian's ``postgresql`` package with apt-get when
they are missing and this process is root, and otherwise raises ``Unavailable`` with the
reason (the tests that need it are then skipped). The server listens only on a Unix socket
inside its folder, runs without fsync (a test server), and is stopped and deleted by
``Cluster.stop()``. ``RASID_TEST_PG_URL`` (a ``postgresql://`` URL of an existing server whose
user may create databases) skips all of this; ``RASID_TEST_PG=0`` turns PostgreSQL tests off.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

SERVER_USER = "rasid"
_APT_TIMEOUT_S = 600


class Unavailable(RuntimeError):
    """No PostgreSQL server can be had here; the message says why."""


def _bin_dir() -> Path | None:
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4]))
    return Path(versions[-1]).parent if versions else None


def _install_with_apt() -> None:
    """Install Debian's postgresql package (root only, non-interactive), or raise ``Unavailable``."""
    if os.geteuid() != 0:
        raise Unavailable("PostgreSQL server binaries are missing and installing them needs root")
    if shutil.which("apt-get") is None:
        raise Unavailable("PostgreSQL server binaries are missing and there is no apt-get to install them")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (
        ["apt-get", "update", "-q"],
        ["apt-get", "install", "-y", "-q", "--no-install-recommends", "postgresql"],
    ):
        try:
            done = subprocess.run(
                command, env=env, capture_output=True, text=True, timeout=_APT_TIMEOUT_S, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise Unavailable(f"could not install PostgreSQL with apt-get: {exc}") from exc
        if done.returncode != 0:
            raise Unavailable(f"`{' '.join(command)}` failed: {done.stderr.strip()[-300:]}")


@dataclass
class Cluster:
    """A running throwaway server (or an external one given by ``RASID_TEST_PG_URL``)."""

    base_url: str  # a URL without database name, e.g. postgresql://rasid@/?host=/tmp/rasid-pg-x
    folder: Path | None = None
    bin_dir: Path | None = None
    run_as: int | None = None
    databases: list[str] = field(default_factory=list)

    def url(self, database: str) -> str:
        """The URL of ``database`` on this server."""
        head, _, query = self.base_url.partition("?")
        return f"{head.rstrip('/')}/{database}" + (f"?{query}" if query else "")

    def create_database(self, *, template: str | None = None) -> str:
        """Create a new, uniquely named database (a copy of ``template`` if given); returns its name."""
        import psycopg

        name = f"t_{uuid.uuid4().hex[:16]}"
        clause = f" TEMPLATE {template}" if template else ""
        with psycopg.connect(_libpq_url(self.url("postgres")), autocommit=True) as connection:
            connection.execute(f"CREATE DATABASE {name}{clause}")  # names made here, not user input
        self.databases.append(name)
        return name

    def stop(self) -> None:
        """Stop the server and delete its folder (an external server only loses our databases)."""
        if self.folder is None or self.bin_dir is None:
            self._drop_databases()
            return
        _run(
            [str(self.bin_dir / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate", "stop"],
            self.run_as,
            check=False,
        )
        shutil.rmtree(self.folder, ignore_errors=True)

    def _drop_databases(self) -> None:
        import psycopg

        with psycopg.connect(_libpq_url(self.url("postgres")), autocommit=True) as connection:
            for name in self.databases:
                connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _libpq_url(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def _run(command: list[str], run_as: int | None, *, check: bool = True) -> subprocess.CompletedProcess[str]:
    def demote() -> None:
        if run_as is not None:
            entry = pwd.getpwuid(run_as)
            os.setgid(entry.pw_gid)
            os.setuid(run_as)

    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        preexec_fn=demote if run_as is not None else None,
        env={**os.environ, "LC_ALL": "C.UTF-8"},
    )
    if check and done.returncode != 0:
        raise Unavailable(f"`{' '.join(command)}` failed: {(done.stderr or done.stdout).strip()[-500:]}")
    return done


def start_cluster() -> Cluster:
    """Start a throwaway server (or use ``RASID_TEST_PG_URL``); raises ``Unavailable`` with the reason."""
    if os.environ.get("RASID_TEST_PG") == "0":
        raise Unavailable("PostgreSQL tests are turned off (RASID_TEST_PG=0)")
    try:
        import psycopg  # noqa: F401
    except ImportError as exc:
        raise Unavailable("psycopg is not installed: pip install -e '.[dev]'") from exc
    external = os.environ.get("RASID_TEST_PG_URL")
    if external:
        return Cluster(base_url=external)
    bin_dir = _bin_dir()
    if bin_dir is None:
        _install_with_apt()
        bin_dir = _bin_dir()
        if bin_dir is None:
            raise Unavailable("apt-get installed postgresql but no pg_ctl was found")
    run_as: int | None = None
    if os.geteuid() == 0:
        # The server refuses to run as root: run it as Debian's postgres user.
        try:
            run_as = pwd.getpwnam("postgres").pw_uid
        except KeyError:
            raise Unavailable("running as root and there is no 'postgres' user to run the server") from None
    folder = Path(tempfile.mkdtemp(prefix="rasid-pg-"))
    if run_as is not None:
        os.chown(folder, run_as, -1)
    data = folder / "data"
    try:
        _run(
            [
                str(bin_dir / "initdb"),
                "-D",
                str(data),
                "-U",
                SERVER_USER,
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-locale",
                "--no-sync",
            ],
            run_as,
        )
        options = (
            f"-k {folder} -c listen_addresses='' -F -c synchronous_commit=off "
            "-c full_page_writes=off -c max_connections=50"
        )
        _run(
            [
                str(bin_dir / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(folder / "log"),
                "-w",
                "start",
            ],
            run_as,
        )
    except Unavailable:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return Cluster(
        base_url=f"postgresql+psycopg://{SERVER_USER}@/?host={folder}",
        folder=folder,
        bin_dir=bin_dir,
        run_as=run_as,
    )
