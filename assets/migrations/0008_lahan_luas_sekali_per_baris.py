"""The area of a parcel on the spheroid, once per written row: the generated columns luas_ha and
potensi_produksi_ton each computed ST_Area(geometri::geography) (~1 µs per vertex, the costliest part of a parcel
import after the write itself). One BEFORE trigger now computes the area and both values from it, on insert and
when the boundary, productivity or harvests change (other updates keep them; a value written to either column
is replaced). The stored values stay (DROP EXPRESSION keeps them), so nothing is recomputed here.
"""

from django.db import migrations

import assets.models.lahan

SQL = r"""
ALTER TABLE assets_lahanpertanian ALTER COLUMN luas_ha DROP EXPRESSION;
ALTER TABLE assets_lahanpertanian ALTER COLUMN potensi_produksi_ton DROP EXPRESSION;

CREATE OR REPLACE FUNCTION assets_lahan_turunan() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ha double precision;
BEGIN
  IF TG_OP = 'UPDATE' AND ST_OrderingEquals(NEW.geometri, OLD.geometri)
     AND NEW.produktivitas_ton_ha = OLD.produktivitas_ton_ha AND NEW.panen_per_tahun = OLD.panen_per_tahun THEN
    NEW.luas_ha := OLD.luas_ha;
    NEW.potensi_produksi_ton := OLD.potensi_produksi_ton;
    RETURN NEW;
  END IF;
  ha := ST_Area(NEW.geometri::geography) / 10000.0;
  NEW.luas_ha := round(ha::numeric, 4);
  NEW.potensi_produksi_ton := round(ha::numeric * NEW.produktivitas_ton_ha * NEW.panen_per_tahun, 2);
  RETURN NEW;
END $$;

CREATE TRIGGER lahan_turunan BEFORE INSERT OR UPDATE OF geometri, produktivitas_ton_ha, panen_per_tahun, luas_ha,
  potensi_produksi_ton ON assets_lahanpertanian FOR EACH ROW EXECUTE FUNCTION assets_lahan_turunan();
"""

REVERSE = r"""
DROP TRIGGER IF EXISTS lahan_turunan ON assets_lahanpertanian;
DROP FUNCTION IF EXISTS assets_lahan_turunan();
ALTER TABLE assets_lahanpertanian DROP COLUMN luas_ha, DROP COLUMN potensi_produksi_ton;
ALTER TABLE assets_lahanpertanian
  ADD COLUMN luas_ha numeric(14, 4) GENERATED ALWAYS AS
    (round((ST_Area(geometri::geography) / 10000.0::double precision)::numeric, 4)) STORED,
  ADD COLUMN potensi_produksi_ton numeric(14, 2) GENERATED ALWAYS AS
    (round((ST_Area(geometri::geography) / 10000.0::double precision)::numeric * produktivitas_ton_ha
           * panen_per_tahun::numeric, 2)) STORED;
"""


class Migration(migrations.Migration):
    dependencies = [("assets", "0007_foto_privat")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunSQL(SQL, REVERSE)],
            state_operations=[
                migrations.AlterField(
                    model_name="lahanpertanian",
                    name="luas_ha",
                    field=assets.models.lahan.NilaiTurunan(
                        blank=True, decimal_places=4, editable=False, max_digits=14, null=True, verbose_name="luas (ha)"
                    ),
                ),
                migrations.AlterField(
                    model_name="lahanpertanian",
                    name="potensi_produksi_ton",
                    field=assets.models.lahan.NilaiTurunan(
                        blank=True,
                        decimal_places=2,
                        editable=False,
                        max_digits=14,
                        null=True,
                        verbose_name="potensi produksi (ton/tahun)",
                    ),
                ),
            ],
        )
    ]
