"""Permission matrix: every URL pattern × every role × GET/POST against one declared table (fail closed).

The table is `aturan_izin.txt`; outcomes: ok, masuk (sent to sign in), isi (the view ran and refused the
empty input: 400/409/429), tiada (the admin does not show the object), or an HTTP status (403, 404, 405).
A pattern missing from the table, or an outcome that differs, fails the test. Regenerate a draft with
`SIG_MATRIKS_TULIS=1 pytest tests/keamanan` and review every changed line before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.keamanan.matriks import ROLES, baca_tabel, jalankan, kunci_pola, semua_pola

TABEL = Path(__file__).with_name("aturan_izin.txt")


def tanpa_aturan() -> list[str]:
    declared = {key for key, _ in baca_tabel(TABEL)}
    return [k for k in kunci_pola(semua_pola()) if k not in declared]


def test_every_url_pattern_has_a_rule():
    missing = tanpa_aturan()
    assert not missing, f"URL tanpa aturan izin (tambahkan ke {TABEL.name}): {missing}"


def test_a_new_view_without_a_rule_is_caught(settings):
    from django.urls import clear_url_caches

    settings.ROOT_URLCONF = "tests.keamanan.urls_tambahan"
    clear_url_caches()
    try:
        assert tanpa_aturan() == ["fitur_baru"]
    finally:
        clear_url_caches()


@pytest.mark.django_db
def test_permission_matrix(dunia):
    hasil = jalankan(dunia)
    if os.environ.get("SIG_MATRIKS_TULIS"):
        lines = [f"# key method {' '.join(ROLES)}"]
        lines += [f"{key} {method} {' '.join(row[r] for r in ROLES)}" for (key, method), row in hasil.items()]
        TABEL.write_text("\n".join(lines) + "\n")
    table = baca_tabel(TABEL)
    assert not [k for k in hasil if k[1] == "URL"], "pola tanpa contoh URL"
    diffs = []
    for (key, method), row in hasil.items():
        expected = table.get((key, method))
        if expected != row:
            diffs.append(f"{key} {method}: diharapkan {expected} — terjadi {row}")
    assert not diffs, "\n".join(diffs)
    assert len(hasil) == 2 * len(semua_pola())
