"""Background jobs (procrastinate, PostgreSQL-based): imports run here when IMPOR_LATAR is on."""

from procrastinate.contrib.django import app

from importers.jalankan import jalankan_run, tandai_impor_macet


@app.task(queue="impor", retry=2)
def jalankan_impor(run_id: str) -> None:
    """Run a stored import; a worker killed mid-way leaves the database as before (one transaction)."""
    jalankan_run(run_id)


@app.periodic(cron="*/10 * * * *")
@app.task(queue="impor")
def sapu_impor_macet(timestamp: int) -> None:
    """Every 10 minutes: runs abandoned by a killed worker are marked failed so operators can retry."""
    tandai_impor_macet()
