"""A data version per source, bumped by statement-level triggers, so cached tiles follow every write
(also bulk imports and admin edits) without scanning the data."""

from django.db import migrations

SUMBER = {"aset": "assets_asetdesa", "lahan": "assets_lahanpertanian", "proyek": "assets_proyekpembangunan",
          "potensi": "assets_potensidesa", "wilayah": "wilayah_desa"}

SQL = """
-- Versions come from a sequence: a rolled-back write never hands its number to another write.
CREATE SEQUENCE layers_versi_seq;
CREATE TABLE layers_versidata (jenis text PRIMARY KEY, versi bigint NOT NULL DEFAULT nextval('layers_versi_seq'));
CREATE OR REPLACE FUNCTION layers_naikkan_versi() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE layers_versidata SET versi = nextval('layers_versi_seq') WHERE jenis = TG_ARGV[0];
  RETURN NULL;
END $$;
""" + "".join(
    f"""
INSERT INTO layers_versidata (jenis) VALUES ('{jenis}');
CREATE TRIGGER {table}_versi AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
  FOR EACH STATEMENT EXECUTE FUNCTION layers_naikkan_versi('{jenis}');
"""
    for jenis, table in SUMBER.items()
)

REVERSE = "".join(f"DROP TRIGGER IF EXISTS {table}_versi ON {table};" for table in SUMBER.values()) + """
DROP FUNCTION IF EXISTS layers_naikkan_versi();
DROP TABLE IF EXISTS layers_versidata;
DROP SEQUENCE IF EXISTS layers_versi_seq;
"""


class Migration(migrations.Migration):
    dependencies = [("layers", "0002_lapisan_bawaan"), ("assets", "0004_lahanpertanian_lahan_kode_persil_unik"),
                    ("wilayah", "0002_integritas")]
    operations = [migrations.RunSQL(SQL, REVERSE)]
