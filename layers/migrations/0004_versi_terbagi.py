"""The data version per source is spread over 16 rows (chosen by transaction id), so concurrent writers of one
source (e.g. citizens submitting complaints) do not queue on a single row until they commit. Each write sets
its row to a new sequence number, so the sum over a source's rows grows with every committed write and
never repeats: it is the version the tile cache keys on."""

from django.db import migrations

SQL = """
ALTER TABLE layers_versidata DROP CONSTRAINT layers_versidata_pkey;
ALTER TABLE layers_versidata ADD COLUMN bagian smallint NOT NULL DEFAULT 0;
ALTER TABLE layers_versidata ADD PRIMARY KEY (jenis, bagian);
INSERT INTO layers_versidata (jenis, bagian, versi)
  SELECT j.jenis, b, 0 FROM (SELECT DISTINCT jenis FROM layers_versidata) j, generate_series(1, 15) b;
CREATE OR REPLACE FUNCTION layers_naikkan_versi() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE layers_versidata SET versi = nextval('layers_versi_seq')
   WHERE jenis = TG_ARGV[0] AND bagian = (txid_current() % 16);
  RETURN NULL;
END $$;
"""

REVERSE = """
DELETE FROM layers_versidata WHERE bagian <> 0;
ALTER TABLE layers_versidata DROP CONSTRAINT layers_versidata_pkey;
ALTER TABLE layers_versidata DROP COLUMN bagian;
ALTER TABLE layers_versidata ADD PRIMARY KEY (jenis);
CREATE OR REPLACE FUNCTION layers_naikkan_versi() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE layers_versidata SET versi = nextval('layers_versi_seq') WHERE jenis = TG_ARGV[0];
  RETURN NULL;
END $$;
"""


class Migration(migrations.Migration):
    dependencies = [("layers", "0003_versi_data"), ("reports", "0002_versi_data")]
    operations = [migrations.RunSQL(SQL, REVERSE)]
