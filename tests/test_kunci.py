"""Dependencies are locked with hashes: the locks cover pyproject.toml, agree with each other and with what
is installed, and every pin carries a hash."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent


def pins(path: Path) -> dict[str, str]:
    text = path.read_text()
    found = dict(re.findall(r"^([A-Za-z0-9_.\-\[\]]+)==([^\s;\\]+)", text, re.MULTILINE))
    entries = re.split(r"\n(?=[A-Za-z0-9])", text)
    unhashed = [e.split("==")[0] for e in entries if "==" in e and "--hash=sha256:" not in e]
    assert not unhashed, f"{path.name}: tanpa hash: {unhashed}"
    return {canonicalize_name(re.sub(r"\[.*\]", "", k)): v for k, v in found.items()}


def test_locks_cover_pyproject_and_agree():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    app, dev = pins(ROOT / "requirements" / "app.lock"), pins(ROOT / "requirements" / "dev.lock")
    extras = project["optional-dependencies"]
    every_extra = [line for lines in extras.values() for line in lines]
    for lock, wanted in ((app, project["dependencies"] + extras["build"]), (dev, every_extra)):
        for line in wanted:
            req = Requirement(line)
            name = canonicalize_name(req.name)
            assert name in lock, f"{req.name} tidak ada di lock"
            assert req.specifier.contains(lock[name], prereleases=True), f"{req.name}=={lock[name]} ∉ {req.specifier}"
    for name, version in app.items():
        assert dev.get(name) == version, f"{name}: app.lock {version}, dev.lock {dev.get(name)}"


def test_installed_versions_are_the_locked_ones():
    dev = pins(ROOT / "requirements" / "dev.lock")
    drift = {
        name: (version, metadata.version(name))
        for name, version in dev.items()
        if _installed(name) and metadata.version(name) != version
    }
    assert not drift, f"virtualenv menyimpang dari lock: {drift}"


def _installed(name: str) -> bool:
    try:
        metadata.version(name)
    except metadata.PackageNotFoundError:
        return False
    return True
