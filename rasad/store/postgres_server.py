"""A throwaway PostgreSQL server for the tests and benchmarks: Debian's postgresql binaries
(/usr/lib/postgresql/*/bin), `initdb` and `pg_ctl` into a temporary folder, listening on 127.0.0.1
and a Unix socket on a free port, with trust authentication for its one superuser `rasad`.

As root, initdb refuses to run: the server then runs as the unprivileged `postgres` user (the
Debian package makes it), its folder handed over to it. A watchdog process stops the server and
removes its folder when the process that started it ends, however it ends (a killed test run
included); `stop` does it at once.

    python -m rasad.store.postgres_server       # start one, print its URL, stop it on Ctrl-C
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rasad.errors import ConfigError


def binaries() -> Path | None:
    """The folder of initdb and pg_ctl: the newest Debian postgresql, else the PATH's."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """One temporary PostgreSQL cluster. `url(name)` is a database's URL on it. `fast` turns off
    what makes a crash survivable (fsync); `settings` are more server settings (name -> value)."""

    def __init__(self, fast: bool = True, settings: dict[str, str] | None = None) -> None:
        bin_dir = binaries()
        if bin_dir is None:
            raise ConfigError("PostgreSQL's initdb and pg_ctl are not installed (Debian: apt-get install postgresql)")
        self.bin = bin_dir
        self.folder = Path(tempfile.mkdtemp(prefix="rasad-pg-"))
        self.data = self.folder / "data"
        self.port = _free_port()
        self.user: str | None = None
        if os.geteuid() == 0:  # initdb will not run as root
            self.user = "postgres"
            entry = pwd.getpwnam(self.user)
            os.chmod(self.folder, 0o755)
            os.chown(self.folder, entry.pw_uid, entry.pw_gid)
        self._run("initdb", "-D", str(self.data), "-U", "rasad", "--auth=trust", "--encoding=UTF8",
                  "--locale=C", "--no-sync")
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c max_connections=200"
        if fast:  # a test server: nothing needs to survive a crash
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        for name, value in (settings or {}).items():
            options += f" -c {name}={value}"
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.folder / "server.log"), "-w",
                  "-t", "60", "start")
        self._watchdog = subprocess.Popen(
            [sys.executable, "-m", "rasad.store.postgres_server", "--watch", str(os.getpid()), str(self.folder)],
            start_new_session=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def _run(self, tool: str, *args: str) -> None:
        done = subprocess.run([str(self.bin / tool), *args], capture_output=True, text=True, check=False,
                              user=self.user, group=self.user, cwd=self.folder)
        if done.returncode != 0:
            log = self.folder / "server.log"
            detail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{tool} failed ({done.returncode}): {done.stderr.strip()} {detail}")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://rasad@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        stop_folder(self.folder)
        if self._watchdog.poll() is None:
            self._watchdog.terminate()
            self._watchdog.wait(10)


def stop_folder(folder: Path) -> None:
    """Stop the server whose cluster is in `folder` (if it runs) and remove the folder."""
    data = folder / "data"
    pid_file = data / "postmaster.pid"
    if pid_file.exists():
        try:
            pid = int(pid_file.read_text().split()[0])
            os.kill(pid, signal.SIGQUIT)  # immediate shutdown: nothing here is kept
            for _ in range(100):
                os.kill(pid, 0)
                time.sleep(0.1)
        except (OSError, ValueError, IndexError):
            pass
    shutil.rmtree(folder, ignore_errors=True)


def _watch(owner: int, folder: Path) -> None:
    while folder.exists():
        try:
            os.kill(owner, 0)
        except ProcessLookupError:
            stop_folder(folder)
            return
        except PermissionError:
            pass
        time.sleep(1.0)


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--watch":
        _watch(int(sys.argv[2]), Path(sys.argv[3]))
        return
    server = Server(fast=False)
    print(server.url(), flush=True)
    try:
        signal.pause()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


if __name__ == "__main__":
    main()


__all__ = ["Server", "binaries", "stop_folder"]
