"""A channel reporter's phone number or chat id is back-office data: staff of the desa see it, nobody else."""

from __future__ import annotations

from reports.models import Pengaduan
from tests.reports.test_publik import semua_keluaran
from tests.saluran.conftest import CHAT, DI_DESA_A, NOMOR, kirim_tg, kirim_wa, tg_update, wa_body, wa_lokasi, wa_teks


def test_channel_identity_never_reaches_public_outputs(client, saluran_aktif, pengguna):
    kirim_wa(client, wa_body(wa_lokasi("p1", *DI_DESA_A), nama="Rahmat Hidayat"))
    kirim_wa(client, wa_body(wa_teks("p2", "LEWATI"), nama="Rahmat Hidayat"))
    kirim_wa(client, wa_body(wa_teks("p3", "Genangan tinggi di depan masjid #genangan"), nama="Rahmat Hidayat"))
    kirim_tg(client, tg_update(1, 1, location={"latitude": DI_DESA_A[1], "longitude": DI_DESA_A[0] + 0.001}))
    kirim_tg(client, tg_update(2, 2, text="lewati"))
    kirim_tg(client, tg_update(3, 3, text="Lampu penerangan gang padam #penerangan"))
    wa, tg = Pengaduan.objects.get(sumber="whatsapp"), Pengaduan.objects.get(sumber="telegram")
    rahasia = (NOMOR, NOMOR[2:], "Rahmat", str(CHAT), "Budi")
    for p in (wa, tg):
        for name, response in semua_keluaran(client, p).items():
            body = response.content.decode("utf-8", "replace")
            assert response.status_code == 200, name
            for s in rahasia:
                assert s not in body, (p.sumber, name, s)
    assert "lewat WhatsApp" in client.get(wa.get_absolute_url()).content.decode()
    client.force_login(pengguna.operator_b)  # another desa's operator
    assert NOMOR not in client.get(wa.get_absolute_url()).content.decode()
    assert client.get(f"/kelola/pengaduan/{wa.kode_lacak}/").status_code == 403
    client.force_login(pengguna.operator_a)
    halaman = client.get(f"/kelola/pengaduan/{wa.kode_lacak}/").content.decode()
    assert f"+{NOMOR}" in halaman and "Rahmat Hidayat" in halaman and "lewat WhatsApp" in halaman
