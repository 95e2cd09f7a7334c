"""Which desa a location belongs to when boundaries overlap (a demo desa under real ones, slivers between two
sources): one SQL function, `wilayah_desa_berlaku(geometry)`, used by complaint routing, citizen pins and the
boundary-import preview.

The rule: among the desa whose boundary contains the point, the one whose boundary came into force most
recently (the latest import or edit of that boundary supersedes an older overlapping one); then the smallest
area (the more specific polygon); then the code, so the answer is always the same. `batas_sejak` is kept by
a trigger, so every path that changes a boundary (imports, admin, SQL) moves it.

Also: kecamatan and kabupaten created from codes alone were named "Kecamatan 32.05.01" (shown as "Kecamatan
Kecamatan 32.05.01"); their name is unknown, stored empty and shown as such.
"""

import django.utils.timezone
from django.db import migrations, models

SQL = r"""
UPDATE wilayah_desa SET batas_sejak = diubah;
UPDATE wilayah_kecamatan SET nama = '' WHERE nama = 'Kecamatan ' || kode;
UPDATE wilayah_kabupaten SET nama = '' WHERE nama = 'Kabupaten ' || kode;

-- A boundary change that does not say since when (an admin edit, plain SQL) is in force from this moment; a
-- boundary import gives all desa of its file one moment itself. The comparison lives in the function, not in a
-- WHEN clause: pg_restore creates triggers with an empty search_path, where geometry operators do not resolve.
CREATE OR REPLACE FUNCTION wilayah_batas_sejak() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.batas_sejak IS NOT DISTINCT FROM OLD.batas_sejak
     AND NOT coalesce(ST_OrderingEquals(OLD.batas, NEW.batas), false) THEN
    NEW.batas_sejak := clock_timestamp();
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER desa_batas_sejak BEFORE UPDATE OF batas ON wilayah_desa FOR EACH ROW
EXECUTE FUNCTION wilayah_batas_sejak();

CREATE OR REPLACE FUNCTION wilayah_desa_berlaku(titik geometry) RETURNS bigint LANGUAGE sql STABLE AS $$
  SELECT id FROM wilayah_desa WHERE ST_Intersects(batas, titik)
  ORDER BY batas_sejak DESC, luas_ha ASC NULLS LAST, kode LIMIT 1
$$;
"""

REVERSE = r"""
DROP FUNCTION IF EXISTS wilayah_desa_berlaku(geometry);
DROP TRIGGER IF EXISTS desa_batas_sejak ON wilayah_desa;
DROP FUNCTION IF EXISTS wilayah_batas_sejak();
"""


class Migration(migrations.Migration):
    dependencies = [("wilayah", "0002_integritas")]
    operations = [
        migrations.AddField(
            model_name="desa",
            name="batas_sejak",
            field=models.DateTimeField(
                default=django.utils.timezone.now, editable=False, verbose_name="batas berlaku sejak"
            ),
        ),
        migrations.RunSQL(SQL, REVERSE),
    ]
