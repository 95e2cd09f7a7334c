"""The shared cache table (sig.cache_pg): public tiles and abuse counters for every process."""

from django.db import migrations

from sig.cache_pg import DDL, TABEL


class Migration(migrations.Migration):
    initial = True
    dependencies: list = []
    operations = [migrations.RunSQL(DDL, f"DROP TABLE IF EXISTS {TABEL}")]
