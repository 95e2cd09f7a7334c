"""The English side lives in one place, locale/en/LC_MESSAGES/django.po: every source text is in it, translated."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
SKIP = {".venv", "node_modules", "vendor", ".data", ".git", "locale", "tests", "bench", "__pycache__"}


def msgids(text: str) -> set[str]:
    ids = set()
    for block in text.split("\n\n"):
        if re.search(r"^#~", block, re.M):
            continue  # obsolete entries
        m = re.search(r'^msgid ((?:".*"\n?)+)', block + "\n", re.M)
        if m:
            ids.add("".join(re.findall(r'"(.*)"', m.group(1))))
    return ids - {""}


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="gettext (msgfmt) tidak terpasang")
def test_every_text_is_translated_and_none_is_fuzzy():
    out = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(PO)], capture_output=True, text=True, check=True
    ).stderr
    assert "fuzzy" not in out and "untranslated" not in out, out


@pytest.mark.skipif(not shutil.which("xgettext"), reason="gettext (xgettext) tidak terpasang")
def test_the_po_file_holds_every_source_text(tmp_path):
    """makemessages on a copy of the sources: a new text without its English entry fails here."""
    salinan = tmp_path / "src"
    shutil.copytree(ROOT, salinan, ignore=lambda d, names: [n for n in names if n in SKIP or n.endswith(".mo")])
    (salinan / "locale" / "en" / "LC_MESSAGES").mkdir(parents=True)
    shutil.copy(PO, salinan / "locale" / "en" / "LC_MESSAGES" / "django.po")
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "-v0", "--no-obsolete"],
        cwd=salinan,
        check=True,
        capture_output=True,
    )
    baru = msgids((salinan / "locale" / "en" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8"))
    ada = msgids(PO.read_text(encoding="utf-8"))
    assert sorted(baru - ada) == [], "teks baru tanpa terjemahan: jalankan ./sigdesa messages lalu terjemahkan"
