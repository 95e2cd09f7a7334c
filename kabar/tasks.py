"""Background jobs of kabar: digests for followers of a desa and agenda reminders, every hour."""

from procrastinate.contrib.django import app

from kabar.ringkasan import ingatkan_agenda, kirim_ringkasan


@app.periodic(cron="7 * * * *")
@app.task(queue="notifikasi")
def ringkasan_langganan(timestamp: int) -> None:
    kirim_ringkasan()
    ingatkan_agenda()
