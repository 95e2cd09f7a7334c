"""Scheduled backups (queue `cadangan`, run by the `worker` role): one a day, rotated to 7 daily and 4 weekly."""

from pathlib import Path

from django.conf import settings
from procrastinate.contrib.django import app

from sig.cadangan import backup, rotasi


def cadangkan_dan_rotasi() -> Path:
    tujuan = Path(settings.BACKUP_DIR)
    folder = backup(
        settings.DATABASES["default"], Path(settings.MEDIA_ROOT), tujuan, privat_root=Path(settings.PRIVATE_MEDIA_ROOT)
    )
    rotasi(tujuan, harian=settings.CADANGAN_HARIAN, mingguan=settings.CADANGAN_MINGGUAN)
    return folder


@app.periodic(cron="30 2 * * *")  # 02:30 WIB: villages sleep, uploads rarely run
@app.task(queue="cadangan", retry=2)
def cadangan_terjadwal(timestamp: int) -> None:
    cadangkan_dan_rotasi()


@app.task(queue="cadangan")
def cadangan_sekarang() -> None:
    cadangkan_dan_rotasi()
