"""Channel messages: sent after commit by the worker; a sweep every minute resends what is due and clears
abandoned conversations."""

from procrastinate.contrib.django import app

from saluran.keluar import kirim, kirim_ulang_antrean
from saluran.percakapan import bersihkan_percakapan_lama


@app.task(queue="notifikasi")
def kirim_pesan(pesan_id: int) -> None:
    kirim(pesan_id)  # a failure is scheduled for the sweep, not retried at once


@app.periodic(cron="* * * * *")
@app.task(queue="notifikasi")
def sapu_pesan(timestamp: int) -> None:
    kirim_ulang_antrean()
    bersihkan_percakapan_lama()
