"""Geometries are valid and of the kinds each model accepts; 3857 indexes for vector tiles (dropped in 0009)."""

from django.db import migrations

TABLES = {
    "assets_asetdesa": "('POINT','LINESTRING','POLYGON','MULTIPOINT','MULTILINESTRING','MULTIPOLYGON')",
    "assets_lahanpertanian": "('MULTIPOLYGON')",
    "assets_proyekpembangunan": "('POINT','LINESTRING','POLYGON','MULTIPOINT','MULTILINESTRING','MULTIPOLYGON')",
    "assets_potensidesa": "('POINT','POLYGON','MULTIPOLYGON')",
}

SQL = "\n".join(
    f"""
ALTER TABLE {table} ADD CONSTRAINT {table}_geometri_valid
  CHECK (ST_IsValid(geometri) AND NOT ST_IsEmpty(geometri) AND ST_NDims(geometri) = 2);
ALTER TABLE {table} ADD CONSTRAINT {table}_geometri_jenis CHECK (GeometryType(geometri) IN {kinds});
CREATE INDEX {table}_geometri_3857 ON {table} USING gist (ST_Transform(geometri, 3857));
"""
    for table, kinds in TABLES.items()
)

REVERSE = "\n".join(
    f"""
DROP INDEX IF EXISTS {table}_geometri_3857;
ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {table}_geometri_jenis;
ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {table}_geometri_valid;
"""
    for table in TABLES
)


class Migration(migrations.Migration):
    dependencies = [("assets", "0001_initial")]
    operations = [migrations.RunSQL(SQL, REVERSE)]
