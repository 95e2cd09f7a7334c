"""The sandbox zygote: a clean Python process (no Django, no secrets in its environment) that loads the
readers and GDAL once, confines GDAL, then forks one child per request. Each child limits itself before it
touches the file: memory (RLIMIT_AS), CPU time, file size, no core dumps, no new privileges, an empty network
namespace when the kernel allows it, and an unprivileged user when started as root.

Run as `python -m importers.sandbox.zygote <control-fd> <module>`; `<module>.FUNGSI` names the functions a
request may call, each `f(permintaan: dict, fd: int)` writing its messages to `fd`.
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib
import json
import os
import pwd
import resource
import signal
import socket
import stat
import struct
import sys
import sysconfig
from typing import Any

from importers.sandbox.protocol import tulis_json

PR_SET_PDEATHSIG = 1
PR_SET_NO_NEW_PRIVS = 38
CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
MB = 1024 * 1024
_libc = ctypes.CDLL(None, use_errno=True)


def _terbaca_semua(path: str) -> bool:
    """Can any user read `path` (every folder above it searchable by others, the folder itself readable)?"""
    current = os.path.realpath(path)
    if not (os.stat(current).st_mode & stat.S_IROTH):
        return False
    while current != "/":
        if not (os.stat(current).st_mode & stat.S_IXOTH):
            return False
        current = os.path.dirname(current)
    return True


def _pengguna_anak(nama: str) -> tuple[tuple[int, int] | None, str]:
    """(uid, gid) the children switch to, or None with the reason. Only a zygote running as root switches, and
    only when the other user can read the interpreter and the project (a child imports lazily)."""
    if os.getuid() != 0 or not nama:
        return None, ""
    try:
        entry = pwd.getpwnam(nama)
    except KeyError:
        return None, f"pengguna {nama} tidak ada"
    for path in (sysconfig.get_paths()["stdlib"], sysconfig.get_paths()["purelib"], os.environ.get("PYTHONPATH", "/")):
        if not _terbaca_semua(path):
            return None, f"{path} tidak terbaca oleh {nama}"
    return (entry.pw_uid, entry.pw_gid), ""


def _putus_jaringan() -> bool:
    """Move into a new, empty network namespace (only a loopback that is down): no socket can reach anything."""
    flags = CLONE_NEWNET if os.geteuid() == 0 else CLONE_NEWUSER | CLONE_NEWNET
    return _libc.unshare(flags) == 0


def _batasi(batas: dict[str, Any], fd: int, pengguna: tuple[int, int] | None) -> None:
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_NOFILE, (256, 256))
    fsize = int(batas["berkas_mb"]) * MB
    resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the cap fails with EFBIG instead
    cpu = int(batas["cpu_detik"])
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))

    def waktu_habis(signum: int, frame: Any) -> None:
        tulis_json(fd, {"galat": "cpu"})
        os._exit(3)

    signal.signal(signal.SIGXCPU, waktu_habis)
    _libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
    jaringan_putus = _putus_jaringan()
    if pengguna is not None:
        uid, gid = pengguna
        os.setgroups([])
        os.setgid(gid)
        os.setuid(uid)
    mem = int(batas["memori_mb"]) * MB
    resource.setrlimit(resource.RLIMIT_AS, (mem, mem))
    tulis_json(fd, {"pid": os.getpid(), "jaringan_putus": jaringan_putus, "uid": os.getuid()})


def _anak(fungsi: dict[str, Any], permintaan: dict[str, Any], fd: int, pengguna: tuple[int, int] | None) -> None:
    code = 0
    try:
        os.setsid()
        _batasi(permintaan["batas"], fd, pengguna)
        fungsi[permintaan["fungsi"]](permintaan["permintaan"], fd)
        tulis_json(fd, {"selesai": True})
    except MemoryError:
        _kirim_galat(fd, {"galat": "memori"})
        code = 2
    except BaseException as exc:  # the parent gets a message it can show; never a raw text with paths
        if getattr(exc, "untuk_pengguna", False):
            _kirim_galat(fd, {"galat": "pengguna", "pesan": str(exc)[:2000]})
        else:
            _kirim_galat(fd, {"galat": "tak_terduga", "jenis": type(exc).__name__})
        code = 1
    finally:
        os._exit(code)


def _kirim_galat(fd: int, pesan: dict[str, Any]) -> None:
    with contextlib.suppress(OSError):
        tulis_json(fd, pesan)


def main() -> None:
    control = socket.socket(fileno=int(sys.argv[1]))
    _libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)  # the zygote dies with its parent
    module = importlib.import_module(sys.argv[2])
    fungsi: dict[str, Any] = module.FUNGSI
    from sig import gdal_aman

    drivers = gdal_aman.kurung()
    pengguna, alasan = _pengguna_anak(os.environ.get("SANDBOX_PENGGUNA", ""))
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel
    hello = {
        "uid": pengguna[0] if pengguna else os.getuid(),
        "gid": pengguna[1] if pengguna else os.getgid(),
        "tanpa_ganti_pengguna": alasan,
    }
    control.send(json.dumps({**hello, "driver": sorted({d for names in drivers.values() for d in names})}).encode())
    while True:
        try:
            data, fds, _flags, _addr = socket.recv_fds(control, 1 << 20, 1)
        except (ConnectionError, OSError):
            return
        if not data:
            return
        permintaan = json.loads(data)
        pid = os.fork()
        if pid == 0:
            control.close()
            _anak(fungsi, permintaan, fds[0], pengguna)
        for fd in fds:
            os.close(fd)
        control.send(struct.pack("!i", pid))


if __name__ == "__main__":
    main()
