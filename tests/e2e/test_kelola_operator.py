"""The camat's operator screen on a 360×740 phone: readable labels, no sideways scrolling, actions work."""

from __future__ import annotations

import pytest

from sig.akun.models import Peran, User
from tests.e2e.test_operator import login
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MELUAP = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def test_camat_manages_operators_on_a_phone(live_server, ponsel, pengguna, wilayah):
    panjang = UserFactory(
        email="operator.desa.sukamulya.kecamatan.samarang@kabupaten-garut.go.id",
        nama="Asep Operator Sukamulya",
        peran=Peran.OPERATOR,
    )
    panjang.desa_kerja.add(wilayah.desa_a)
    login(ponsel, live_server, pengguna.admin_kecamatan)
    ponsel.goto(f"{live_server.url}/")
    ponsel.get_by_role("link", name="Operator", exact=True).click()
    ponsel.wait_for_url("**/akun/operator/")
    assert ponsel.get_by_role("heading", name="Operator desa").is_visible()
    kartu = ponsel.locator(f"[data-operator='{panjang.pk}']")
    assert "Asep Operator Sukamulya" in kartu.inner_text() and "Desa tugas: Desa A" in kartu.inner_text()
    assert ponsel.get_by_role("heading", name="Undang operator baru").is_visible()
    assert ponsel.get_by_label("Desa A — Kec. Samarang Uji").count() == 1
    assert ponsel.get_by_label("Email operator").is_visible()
    assert ponsel.evaluate(MELUAP) <= 0, "halaman operator bergeser ke samping di ponsel"

    kartu.get_by_role("link", name="Atur Asep Operator Sukamulya").click()
    ponsel.get_by_label("Desa B — Kec. Samarang Uji").check()
    ponsel.get_by_role("button", name="Simpan desa tugas").click()
    assert ponsel.locator(".pesan").inner_text().startswith("Desa tugas Asep Operator Sukamulya tersimpan")
    assert set(panjang.desa_kerja.values_list("nama", flat=True)) == {"Desa A", "Desa B"}
    assert ponsel.evaluate(MELUAP) <= 0

    ponsel.get_by_role("button", name="Nonaktifkan akun").click()
    assert "dinonaktifkan" in ponsel.locator(".pesan").inner_text()
    assert ponsel.get_by_text("Nonaktif", exact=True).is_visible()
    assert not User.objects.get(pk=panjang.pk).is_active
    ponsel.get_by_role("button", name="Aktifkan kembali").click()
    assert "aktif kembali" in ponsel.locator(".pesan").inner_text()
    assert User.objects.get(pk=panjang.pk).is_active
    assert ponsel.evaluate(MELUAP) <= 0
    assert not ponsel.problems, ponsel.problems
