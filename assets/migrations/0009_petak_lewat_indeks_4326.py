"""Tiles find their features through the plain (EPSG:4326) spatial index every table has: a web-mercator tile is
a latitude/longitude box too (layers.selectors._mvt). The 3857 expression indexes are dropped, so every write,
an import above all, maintains one spatial index instead of two."""

from django.db import migrations

TABLES = ["assets_asetdesa", "assets_lahanpertanian", "assets_proyekpembangunan", "assets_potensidesa"]


class Migration(migrations.Migration):
    dependencies = [("assets", "0008_lahan_luas_sekali_per_baris")]
    operations = [
        migrations.RunSQL(
            "\n".join(f"DROP INDEX IF EXISTS {t}_geometri_3857;" for t in TABLES),
            "\n".join(f"CREATE INDEX {t}_geometri_3857 ON {t} USING gist (ST_Transform(geometri, 3857));" for t in TABLES),
        )
    ]
