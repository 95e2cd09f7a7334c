"""Background jobs (procrastinate, PostgreSQL-based): imports run here when IMPOR_LATAR is on."""

from procrastinate.contrib.django import app

from importers.jalankan import jalankan_run


@app.task(queue="impor", retry=2)
def jalankan_impor(run_id: str) -> None:
    """Run a stored import; a worker killed mid-way leaves the database as before (one transaction)."""
    jalankan_run(run_id)
