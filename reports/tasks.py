"""Background jobs: e-mail notifications sent after commit; a sweep every minute resends what is due (growing
pauses, reports.services.pemberitahuan.JEDA_MENIT), so an SMTP outage burns no attempts."""

from django.db import transaction
from procrastinate.contrib.django import app

from reports.models import Pengaduan
from reports.services.pemberitahuan import beritahu_baru_sekarang, kirim, kirim_ulang_antrean


@app.task(queue="notifikasi")
def kirim_notifikasi(notifikasi_id: int) -> None:
    kirim(notifikasi_id)  # a failure is scheduled for the sweep, not retried at once


@app.task(queue="notifikasi", retry=5)
def beritahukan_pengaduan_baru(pengaduan_id: int, bahasa: str = "id") -> None:
    """Queue the e-mails about a new complaint (the reporter's receipt, staff of its desa, area subscribers)."""
    with transaction.atomic():
        pengaduan = Pengaduan.objects.select_related("desa", "kategori").filter(pk=pengaduan_id).first()
        if pengaduan is not None:
            beritahu_baru_sekarang(pengaduan, bahasa)


@app.periodic(cron="* * * * *")
@app.task(queue="notifikasi")
def sapu_notifikasi(timestamp: int) -> None:
    kirim_ulang_antrean()
