"""The offline queue on a 360×740 phone: a report leaves the phone only when the server has accepted it."""

from __future__ import annotations

import pytest

from reports.models import Pengaduan
from tests.e2e.test_operator import login
from tests.e2e.test_pengaduan import foto_jpeg, masalah, tunggu

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def warga(pengguna, settings, tmp_path):
    from allauth.account.models import EmailAddress

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "privat"
    u = pengguna.warga
    EmailAddress.objects.create(user=u, email=u.email, verified=True, primary=True)
    return u


def isi_dan_antrekan(page, live_server, tmp_path, lon="107.82", lat="-7.25"):
    page.goto(f"{live_server.url}/pengaduan/baru/?lon={lon}&lat={lat}")
    page.wait_for_selector("#peta-pin[data-siap='1']")
    page.select_option("[name=kategori]", "sampah")
    page.fill("[name=judul]", "Sampah di saluran")
    page.fill("[name=deskripsi]", "Sampah plastik menyumbat saluran air.")
    page.set_input_files("[name=foto]", str(foto_jpeg(tmp_path)))
    page.context.set_offline(True)
    page.locator("#form-pengaduan button[type=submit]").click()
    page.wait_for_selector("#form-pengaduan[data-antre]")


def antrean(page):
    return page.evaluate(
        "() => window.SigAntrean.semua().then((es) => es.map((e) => [e.status || 'antre', e.files.length]))"
    )


def test_expired_session_keeps_the_report_until_the_citizen_signs_in(live_server, ponsel, warga, tmp_path):
    login(ponsel, live_server, warga)
    isi_dan_antrekan(ponsel, live_server, tmp_path)
    ponsel.context.clear_cookies()  # the session (and even the CSRF cookie) went while the phone had no signal
    ponsel.context.set_offline(False)
    ponsel.evaluate("() => window.dispatchEvent(new Event('online'))")
    pesan = ponsel.locator("#form-pengaduan .errorlist.js")
    pesan.wait_for()
    assert "tetap tersimpan" in pesan.inner_text() and pesan.locator("a").inner_text() == "Masuk sekarang"
    assert Pengaduan.objects.count() == 0
    assert antrean(ponsel) == [["perlu_masuk", 1]]
    # Other pages say so too, with the sign-in link, in people's words.
    ponsel.goto(f"{live_server.url}/")
    spanduk = ponsel.locator("#spanduk-antrean")
    spanduk.wait_for()
    assert "belum terkirim" in spanduk.inner_text()
    box = spanduk.bounding_box()
    assert box and box["width"] <= 360
    # Signing in again sends it, photo included, exactly once.
    login(ponsel, live_server, warga)
    ponsel.goto(f"{live_server.url}/pengaduan/baru/")
    tunggu(lambda: "ADU-" in ponsel.inner_text("#status-antrean"))
    p = Pengaduan.objects.get()
    assert p.judul == "Sampah di saluran" and p.foto.count() == 1 and p.pelapor == warga
    assert antrean(ponsel) == []
    assert masalah(ponsel) == []


def test_server_error_keeps_the_report_and_retries_after_reload(live_server, ponsel, warga, tmp_path):
    login(ponsel, live_server, warga)
    ponsel.goto(f"{live_server.url}/pengaduan/baru/?lon=107.82&lat=-7.25")
    ponsel.wait_for_selector("#peta-pin[data-siap='1']")
    ponsel.select_option("[name=kategori]", "sampah")
    ponsel.fill("[name=judul]", "Jalan berlubang")
    ponsel.fill("[name=deskripsi]", "Lubang besar di depan sekolah.")
    ponsel.route(
        "**/pengaduan/baru/**",
        lambda route: (
            route.fulfill(status=502, body="Bad Gateway") if route.request.method == "POST" else route.continue_()
        ),
    )
    ponsel.locator("#form-pengaduan button[type=submit]").click()
    ponsel.wait_for_selector("#form-pengaduan[data-antre]")
    assert Pengaduan.objects.count() == 0
    assert antrean(ponsel) == [["antre", 0]]
    ponsel.reload()  # still failing: nothing is lost across a reload either
    ponsel.wait_for_selector("#peta-pin[data-siap='1']")
    ponsel.wait_for_timeout(1000)
    assert antrean(ponsel) == [["antre", 0]]
    ponsel.unroute("**/pengaduan/baru/**")
    ponsel.reload()
    tunggu(lambda: Pengaduan.objects.filter(judul="Jalan berlubang").count() == 1)
    tunggu(lambda: antrean(ponsel) == [])
    assert masalah(ponsel) == []


def test_refused_report_is_kept_and_can_be_restored_into_the_form(live_server, ponsel, warga, tmp_path):
    login(ponsel, live_server, warga)
    isi_dan_antrekan(ponsel, live_server, tmp_path, lon="109.5", lat="-7.25")  # outside every desa
    ponsel.context.set_offline(False)
    ponsel.evaluate("() => window.dispatchEvent(new Event('online'))")
    kotak = ponsel.locator(".js-ditolak")
    kotak.wait_for()
    assert "Sampah di saluran" in kotak.inner_text()
    assert Pengaduan.objects.count() == 0
    assert antrean(ponsel) == [["ditolak", 1]]
    kotak.get_by_role("button", name="Kembalikan ke formulir").click()
    assert ponsel.input_value("[name=judul]") == "Sampah di saluran"
    assert ponsel.input_value("[name=deskripsi]") == "Sampah plastik menyumbat saluran air."
    assert float(ponsel.input_value("[name=lon]")) == 109.5
    assert ponsel.evaluate("() => document.querySelector('[name=foto]').files.length") == 1
    tunggu(lambda: antrean(ponsel) == [])
    assert masalah(ponsel) == []


def test_a_shared_phone_never_sends_a_report_under_another_account(live_server, ponsel, warga, tmp_path):
    from allauth.account.models import EmailAddress

    from tests.factories import UserFactory

    login(ponsel, live_server, warga)
    isi_dan_antrekan(ponsel, live_server, tmp_path)
    ponsel.context.clear_cookies()
    ponsel.context.set_offline(False)
    adik = UserFactory(email="adik@contoh.id")
    EmailAddress.objects.create(user=adik, email=adik.email, verified=True, primary=True)
    login(ponsel, live_server, adik)  # someone else signs in on the same phone
    ponsel.goto(f"{live_server.url}/pengaduan/baru/")
    spanduk = ponsel.locator("#spanduk-antrean")
    spanduk.wait_for()
    assert "akun lain" in spanduk.inner_text()
    ponsel.wait_for_timeout(1000)
    assert Pengaduan.objects.count() == 0 and [foto for _status, foto in antrean(ponsel)] == [1]
    ponsel.context.clear_cookies()
    login(ponsel, live_server, warga)  # the writer signs in again: it goes, under the writer's name
    ponsel.goto(f"{live_server.url}/pengaduan/baru/")
    tunggu(lambda: Pengaduan.objects.count() == 1)
    assert Pengaduan.objects.get().pelapor == warga
