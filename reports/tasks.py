"""Background jobs: e-mail notifications, sent with retries; a periodic sweep resends what failed."""

from django.db import transaction
from procrastinate.contrib.django import app

from reports.models import Pengaduan
from reports.services.kabar import kabar_baru_sekarang, kirim, kirim_ulang_antrean


class KirimGagal(RuntimeError):
    """Raised so procrastinate retries the job."""


@app.task(queue="notifikasi", retry=5)
def kirim_notifikasi(notifikasi_id: int) -> None:
    if not kirim(notifikasi_id):
        raise KirimGagal(f"notifikasi {notifikasi_id} belum terkirim")


@app.task(queue="notifikasi", retry=5)
def kabarkan_pengaduan_baru(pengaduan_id: int) -> None:
    """Queue the e-mails about a new complaint (staff of its desa, area subscribers)."""
    with transaction.atomic():
        pengaduan = Pengaduan.objects.select_related("desa", "kategori").filter(pk=pengaduan_id).first()
        if pengaduan is not None:
            kabar_baru_sekarang(pengaduan)


@app.periodic(cron="*/5 * * * *")
@app.task(queue="notifikasi")
def sapu_notifikasi(timestamp: int) -> None:
    kirim_ulang_antrean()
