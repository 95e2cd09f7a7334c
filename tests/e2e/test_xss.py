"""Stored XSS in a real browser: 100+ payloads through every user text field and imported attribute, then
every page and popup that shows them opened in chromium. Zero executions (no dialog, no page error), and no
CSP violation either: a violation would mean markup from data reached the DOM and only the policy stopped it."""

from __future__ import annotations

import json
import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.gis.geos import Point
from django.utils import timezone

from assets.models import AsetDesa, PotensiDesa, ProyekPembangunan
from assets.models.aset import Golongan, JenisAset
from assets.models.potensi import JenisPotensi, StatusPotensi
from reports.models import JenisTanggapan, Pengaduan, Tanggapan
from tests.e2e.test_operator import login
from tests.e2e.test_pengaduan import tunggu

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

VEKTOR = [
    "<script>alert({n})</script>",
    "<img src=x onerror=alert({n})>",
    '<img src="x" onerror="alert({n})">',
    "<svg onload=alert({n})>",
    "<svg><script>alert({n})</script></svg>",
    "<body onload=alert({n})>",
    "<iframe src=javascript:alert({n})>",
    '<a href="javascript:alert({n})">klik</a>',
    "<details open ontoggle=alert({n})>",
    "<input autofocus onfocus=alert({n})>",
    "<video><source onerror=alert({n})></video>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert({n})>",
    '"><img src=x onerror=alert({n})>',
    "'><svg onload=alert({n})>",
    '" onmouseover="alert({n})" x="',
    "</script><script>alert({n})</script>",
    "</textarea><script>alert({n})</script>",
    "</title><script>alert({n})</script>",
    "javascript:alert({n})",
    "{{{{constructor.constructor('alert({n})')()}}}}",
    "${{alert({n})}}",
    "<scr<script>ipt>alert({n})</scr</script>ipt>",
    "<IMG SRC=JaVaScRiPt:alert({n})>",
    "<img src=x onerror=&#97;&#108;&#101;&#114;&#116;({n})>",
    "<object data=javascript:alert({n})>",
    "<style>@import 'javascript:alert({n})';</style>",
    "<marquee onstart=alert({n})>",
    '<form action="javascript:alert({n})"><button>x</button></form>',
    "\\u003cimg src=x onerror=alert({n})\\u003e",
    "<!--<img src=x onerror=alert({n})>-->",
    '<noscript><p title="</noscript><img src=x onerror=alert({n})>">',
    "<template><img src=x onerror=alert({n})></template><div id=t></div>",
    "<base href=javascript:alert({n})//>",
    "<meta http-equiv=refresh content='0;url=javascript:alert({n})'>",
    '<div style="background:url(javascript:alert({n}))">',
]
PAYLOADS = [v.format(n=i) for i, v in enumerate(VEKTOR * 3, start=1)][:105]


def masalah(page) -> list[str]:
    bad = ("dialog", "pageerror", "Refused to", "Content Security Policy")
    return [p for p in page.problems if any(b in p for b in bad)]


@pytest.fixture
def tercemar(wilayah, pengguna, settings, tmp_path):
    """Every user text field of every kind of data filled with payloads, in desa A."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "privat"
    op, warga = pengguna.operator_a, pengguna.warga
    warga.nama = PAYLOADS[0]
    warga.save()
    desa = wilayah.desa_a
    desa.deskripsi, desa.kepala_desa, desa.alamat_kantor = PAYLOADS[1], PAYLOADS[2], PAYLOADS[3]
    desa.save()
    now = timezone.now()
    aduan, aset, potensi, proyek = [], [], [], []
    for i, text in enumerate(PAYLOADS):
        x = 107.801 + (i % 40) * 0.001
        y = -7.29 + (i // 40) * 0.01
        aduan.append(
            Pengaduan(
                desa=desa,
                kategori_id="banjir",
                judul=text[:120],
                deskripsi=text,
                lokasi=Point(x, y, srid=4326),
                pelapor=warga,
                teks_asli={"judul": text, "deskripsi": text},
            )
        )
        aset.append(
            AsetDesa(
                desa=desa,
                nama=text[:200],
                keterangan=text,
                golongan=Golongan.GEDUNG_BANGUNAN,
                jenis=JenisAset.BALAI_DESA,
                geometri=Point(x, y + 0.005, srid=4326),
            )
        )
        potensi.append(
            PotensiDesa(
                desa=desa,
                jenis=JenisPotensi.KULINER,
                nama=text[:150],
                tagline=text[:200],
                deskripsi=text,
                kontak=text[:150],
                status=StatusPotensi.TERBIT,
                terbit_pada=now,
                geometri=Point(x, y + 0.002, srid=4326),
            )
        )
        proyek.append(
            ProyekPembangunan(
                desa=desa,
                nama=text[:200],
                pelaksana=text[:200],
                deskripsi=text,
                tahun_anggaran=now.year,
                geometri=Point(x, y + 0.003, srid=4326),
                progres_persen=Decimal(10),
            )
        )
    Pengaduan.objects.bulk_create(aduan)
    AsetDesa.objects.bulk_create(aset)
    PotensiDesa.objects.bulk_create(potensi)
    ProyekPembangunan.objects.bulk_create(proyek)
    first = Pengaduan.objects.order_by("pk").first()
    Tanggapan.objects.bulk_create(
        Tanggapan(pengaduan=first, jenis=JenisTanggapan.BALASAN, teks=t, oleh=op, oleh_staf=True) for t in PAYLOADS
    )
    from kabar import services as kabar_services

    for text in PAYLOADS[:35]:  # through the service: the body is stored cleaned, titles and places as text
        kabar = kabar_services.kabar_simpan(
            by=op, desa=desa, judul=text[:150], isi=text, ringkasan=text[:300], jenis="kabar", terbit=True
        )
        agenda = kabar_services.agenda_simpan(
            by=op, desa=desa, judul=text[:150], isi=text, ringkasan=text[:300], jenis="rapat", tempat=text[:200],
            mulai=now + timedelta(days=1), terbit=True,
        )  # fmt: skip
    return {
        "kabar": kabar,
        "agenda": agenda,
        "aduan": first,
        "aset": AsetDesa.objects.order_by("pk").first(),
        "potensi": PotensiDesa.objects.order_by("pk").first(),
        "proyek": ProyekPembangunan.objects.order_by("pk").first(),
    }


def buka_popup_tengah(page):
    """Wait for the portal's first layer, click the feature at the map centre, return its popup."""
    page.wait_for_selector("#peta-portal[data-siap='1']")
    tunggu(lambda: int(page.get_attribute("#peta-portal", "data-dimuat") or 0) >= 1, timeout=10)
    box = page.locator("#peta-portal").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    return page.wait_for_selector(".leaflet-popup-content", timeout=5000)


def kunjungi(page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("load")
    time.sleep(0.2)  # handlers such as onload/onerror/ontoggle fire right after load


def test_payloads_never_execute_on_any_page(live_server, browser, page, wilayah, pengguna, tercemar, tmp_path):
    base = live_server.url
    public = [
        "/",
        f"/desa/{wilayah.desa_a.kode}/",
        f"/kecamatan/{wilayah.kecamatan.kode}/",
        "/pengaduan/",
        f"/pengaduan/{tercemar['aduan'].kode_lacak}/",
        f"/aset/{tercemar['aset'].pk}/",
        f"/potensi/{tercemar['potensi'].pk}/",
        f"/proyek/{tercemar['proyek'].pk}/",
        f"/transparansi/desa/{wilayah.desa_a.kode}/",
        f"/transparansi/kecamatan/{wilayah.kecamatan.kode}/",
        "/open311/v2/requests.xml",
        tercemar["kabar"].get_absolute_url(),
        tercemar["agenda"].get_absolute_url(),
        f"/desa/{wilayah.desa_a.kode}/kabar/",
    ]
    for url in public:
        kunjungi(page, base + url)
        assert masalah(page) == [], url
    body = page.content()
    assert "&lt;" in body or "<" not in PAYLOADS[0]
    # The portal: feature popups (canvas markers) opened by clicking the feature at the map centre.
    for slug, props in (
        ("aset-desa", tercemar["aset"]),
        ("pengaduan-warga", tercemar["aduan"]),
        ("potensi-desa", tercemar["potensi"]),
    ):
        geom = props.geometri if hasattr(props, "geometri") else props.lokasi
        kunjungi(page, f"{base}/peta/#peta=19/{geom.y:.6f}/{geom.x:.6f}&lapisan={slug}")
        popup = buka_popup_tengah(page)
        assert popup.inner_text().strip(), slug
        assert (
            page.locator(
                ".leaflet-popup-content img, .leaflet-popup-content script, .leaflet-popup-content svg"
            ).count()
            == 0
        )
        assert masalah(page) == [], slug
    # Signed-in screens: the operator's lists and handling page, the citizen's profile.
    login(page, live_server, pengguna.operator_a)
    for url in [
        "/kelola/kabar/",
        f"/kelola/kabar/kabar/{tercemar['kabar'].pk}/",
        f"/kelola/kabar/agenda/{tercemar['agenda'].pk}/",
        "/kelola/pengaduan/",
        f"/kelola/pengaduan/{tercemar['aduan'].kode_lacak}/",
        "/kelola/aset/",
        "/kelola/potensi/",
        "/kelola/proyek/",
        f"/kelola/aset/{tercemar['aset'].pk}/",
    ]:
        kunjungi(page, base + url)
        assert masalah(page) == [], url
    login(page, live_server, pengguna.warga)
    kunjungi(page, base + "/akun/profil/")
    assert masalah(page) == []


def test_imported_attributes_never_execute(live_server, page, wilayah, pengguna, tmp_path, settings):
    """A GeoJSON whose attribute names and values are payloads, through the upload preview and its page."""
    settings.IMPORT_UPLOAD_DIR = tmp_path / "impor"
    settings.IMPOR_LATAR = False
    features = [
        {
            "type": "Feature",
            "properties": {"NAMA": text, PAYLOADS[(i + 7) % len(PAYLOADS)][:60]: text},
            "geometry": {"type": "Point", "coordinates": [107.81 + i * 0.0002, -7.25]},
        }
        for i, text in enumerate(PAYLOADS)
    ]
    path = tmp_path / "survei_xss.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    login(page, live_server, pengguna.operator_a)
    page.goto(f"{live_server.url}/impor/")
    page.click("a[data-tujuan=survei]")
    page.set_input_files("[name=berkas]", str(path))
    page.select_option("[name=desa]", str(wilayah.desa_a.pk))
    page.fill("[name=nama_lapisan]", PAYLOADS[5])
    page.locator("form [type=submit]").last.click()
    page.wait_for_load_state("load")
    time.sleep(0.3)
    assert "/impor/" in page.url
    assert masalah(page) == []
    page.get_by_role("button", name="Simpan ke basis data").click()
    page.wait_for_load_state("load")
    from layers.models import Lapisan
    from survei.models import LapisanSurvei

    survei = LapisanSurvei.objects.get()
    Lapisan.objects.create(slug="survei-xss", judul_id=PAYLOADS[9][:150], jenis="survei", survei=survei, min_zoom=10)
    page.goto(f"{live_server.url}/peta/#peta=19/-7.250000/107.810000&lapisan=survei-xss")
    popup = buka_popup_tengah(page)
    assert PAYLOADS[0] in popup.inner_text()  # the attribute value shown as text
    assert page.locator(".leaflet-popup-content img, .leaflet-popup-content script").count() == 0
    assert PAYLOADS[9][:40] in page.inner_text("#daftar-lapisan")  # the layer title, as text
    time.sleep(0.3)
    assert masalah(page) == []
