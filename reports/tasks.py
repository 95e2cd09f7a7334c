"""Background jobs: e-mail notifications, sent with retries; a periodic sweep resends what failed."""

from procrastinate.contrib.django import app

from reports.services.kabar import kirim, kirim_ulang_antrean


class KirimGagal(RuntimeError):
    """Raised so procrastinate retries the job."""


@app.task(queue="notifikasi", retry=5)
def kirim_notifikasi(notifikasi_id: int) -> None:
    if not kirim(notifikasi_id):
        raise KirimGagal(f"notifikasi {notifikasi_id} belum terkirim")


@app.periodic(cron="*/5 * * * *")
@app.task(queue="notifikasi")
def sapu_notifikasi(timestamp: int) -> None:
    kirim_ulang_antrean()
