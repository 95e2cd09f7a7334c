"""The citizen → operator → public loop in a real browser, the offline queue, and XSS payloads that never run."""

from __future__ import annotations

import re
import time

import pytest
from django.core import mail
from PIL import Image

from reports.models import Pengaduan
from tests.e2e.test_operator import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

XSS_JUDUL = '<img src=x onerror="alert(1)">Banjir'
XSS_URAIAN = '<script>alert(2)</script>"><svg onload=alert(3)> air setinggi lutut'


def masalah(page):
    """Console errors and dialogs, except the blocked online basemap (no internet here)."""
    return [
        p
        for p in page.problems
        if "tile.openstreetmap.org" not in p and "ERR_FAILED" not in p and "ERR_INTERNET_DISCONNECTED" not in p
    ]


def tunggu(check, timeout=15.0):
    """Poll from Python (page-side polling needs eval, which our CSP forbids)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError("kondisi tidak tercapai")


def foto_jpeg(tmp_path):
    path = tmp_path / "banjir.jpg"
    Image.new("RGB", (640, 480), (20, 90, 200)).save(path, "JPEG")
    return path


def test_citizen_operator_public_loop(live_server, browser, page, wilayah, pengguna, tmp_path, settings):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "privat"
    base = live_server.url

    # 1. Browse the portal anonymously and toggle a layer.
    page.set_viewport_size({"width": 1100, "height": 850})
    page.goto(f"{base}/peta/")
    page.wait_for_selector("#peta-portal[data-siap='1']")
    tunggu(lambda: int(page.get_attribute("#peta-portal", "data-dimuat") or 0) > 0)
    checkbox = page.locator("[data-lapisan='pengaduan-warga'] input[type=checkbox]")
    assert checkbox.is_checked()
    checkbox.uncheck()
    assert "pengaduan-warga" not in page.evaluate("location.hash")
    checkbox.check()
    assert "pengaduan-warga" in page.evaluate("location.hash")
    # The legend lists the classes present in the data: no complaint yet, so no status entries.
    tunggu(lambda: page.get_attribute("[data-lapisan='pengaduan-warga'] .legenda", "data-kelas") == "0")

    # 2. Sign up, verify the e-mail, sign in.
    page.goto(f"{base}/akun/signup/")
    page.fill("[name=email]", "siti@contoh.id")
    page.fill("[name=nama]", "Siti Rahmawati")
    page.select_option("[name=desa_domisili]", str(wilayah.desa_a.pk))
    page.fill("[name=password1]", "kopi-garut-2026")
    page.fill("[name=password2]", "kopi-garut-2026")
    page.locator("form [type=submit]").last.click()
    page.wait_for_url(re.compile("confirm-email"))
    link = re.search(r"(/akun/confirm-email/[^\s]+/)", mail.outbox[-1].body).group(1)
    page.goto(base + link)
    page.locator("form [type=submit]").last.click()
    page.goto(f"{base}/akun/login/")
    page.fill("[name=login]", "siti@contoh.id")
    page.fill("[name=password]", "kopi-garut-2026")
    page.locator("form [type=submit]").last.click()
    page.wait_for_load_state()

    # 3. Pin a complaint by tapping the map, with a photo and XSS payloads in every text field.
    page.set_viewport_size({"width": 412, "height": 900})
    page.goto(f"{base}/pengaduan/baru/")
    page.wait_for_selector("#peta-pin[data-siap='1']")
    box = page.locator("#peta-pin").bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.25, box["y"] + box["height"] * 0.5)
    assert page.input_value("[name=lon]") != ""
    page.select_option("[name=kategori]", "banjir")
    page.fill("[name=judul]", XSS_JUDUL)
    page.fill("[name=deskripsi]", XSS_URAIAN)
    page.set_input_files("[name=foto]", str(foto_jpeg(tmp_path)))
    page.locator("#form-pengaduan button[type=submit]").click()
    page.wait_for_url(re.compile(r"/pengaduan/ADU-"))
    p = Pengaduan.objects.get()
    assert p.desa.batas.contains(p.lokasi) and p.foto.count() == 1 and p.judul == XSS_JUDUL
    assert page.locator("h1").inner_text() == XSS_JUDUL  # shown as text, not markup
    assert page.locator("img[src='x']").count() == 0

    # 4. The desa operator sees it in the inbox and moves it to selesai.
    operator = pengguna.operator_a if p.desa == wilayah.desa_a else pengguna.operator_b
    staff = browser.new_context(viewport={"width": 1000, "height": 900})
    op_page = staff.new_page()
    op_page.problems = []
    op_page.on("pageerror", lambda e: op_page.problems.append(f"pageerror: {e}"))
    op_page.on("dialog", lambda d: (op_page.problems.append(f"dialog: {d.message}"), d.dismiss()))
    op_page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    login(op_page, live_server, operator)
    op_page.goto(f"{base}/kelola/pengaduan/")
    op_page.locator(f"a:text('{p.kode_lacak}')").click()
    for ke, teks in (
        ("diverifikasi", "Laporan diterima."),
        ("diproses", ""),
        ("selesai", "Selokan sudah dikeruk <b>bersih</b>."),
    ):
        op_page.select_option("#id_ke", ke)
        op_page.fill("#aksi-status textarea", teks)
        op_page.locator("#aksi-status button[type=submit]").click()
        op_page.wait_for_selector(f"[data-status='{ke}']")
    assert op_page.problems == []
    staff.close()

    # 5. The public timeline shows the whole story to an anonymous visitor.
    public = browser.new_context()
    pub = public.new_page()
    pub.problems = []
    pub.on("dialog", lambda d: (pub.problems.append(f"dialog: {d.message}"), d.dismiss()))
    pub.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    pub.goto(f"{base}/pengaduan/lacak/?kode={p.kode_lacak}")
    assert pub.locator("[data-status]").first.get_attribute("data-status") == "selesai"
    timeline = pub.locator("[data-linimasa]").inner_text()
    assert "Laporan diterima." in timeline and "Selokan sudah dikeruk <b>bersih</b>." in timeline
    assert "Siti" not in pub.content()
    assert pub.problems == []
    public.close()
    assert masalah(page) == []


def test_offline_complaint_is_queued_and_sent_once(live_server, page, wilayah, pengguna, tmp_path, settings):
    from allauth.account.models import EmailAddress

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "privat"
    EmailAddress.objects.create(user=pengguna.warga, email=pengguna.warga.email, verified=True, primary=True)
    login(page, live_server, pengguna.warga)
    page.goto(f"{live_server.url}/pengaduan/baru/?lon=107.82&lat=-7.25")
    page.wait_for_selector("#peta-pin[data-siap='1']")
    page.select_option("[name=kategori]", "sampah")
    page.fill("[name=judul]", "Sampah di saluran")
    page.fill("[name=deskripsi]", "Sampah plastik menyumbat saluran air.")
    page.set_input_files("[name=foto]", str(foto_jpeg(tmp_path)))
    page.context.set_offline(True)
    page.locator("#form-pengaduan button[type=submit]").click()
    page.wait_for_selector("#form-pengaduan[data-antre]")
    assert "Tidak ada sinyal" in page.inner_text("#status-antrean")
    assert Pengaduan.objects.count() == 0
    page.context.set_offline(False)
    tunggu(lambda: "ADU-" in page.inner_text("#status-antrean"))
    p = Pengaduan.objects.get()
    assert (
        p.sumber == "pwa"
        and p.foto.count() == 1
        and str(p.client_id) == page.get_attribute("#form-pengaduan", "data-antre")
    )
    # Replaying the same queued submission (a flaky link delivering twice) stores nothing new.
    page.evaluate(
        """(cid) => { const f = new FormData(document.getElementById('form-pengaduan'));
            f.set('client_id', cid); f.set('judul', 'Sampah di saluran'); f.set('kategori', 'sampah');
            f.set('deskripsi', 'Sampah plastik menyumbat saluran air.'); f.set('lon', '107.82'); f.set('lat', '-7.25');
            return window.SigAntrean.simpan(window.SigAntrean.toEntry('/pengaduan/baru/', f))
              .then(() => window.SigAntrean.kirimSemua()).then((done) => done.map((d) => d.res.status)); }""",
        str(p.client_id),
    )
    time.sleep(0.5)
    assert Pengaduan.objects.count() == 1
    assert masalah(page) == []
