"""Database-level integrity of territory: valid boundaries, hierarchical codes, desa inside kecamatan.

Real boundary datasets do not nest exactly (in the Samarang data a desa lies up to 27% outside its
kecamatan polygon), so "inside" means: most of the desa's area (>= 50%) lies in its kecamatan.
"""

from django.db import migrations

SQL = r"""
ALTER TABLE wilayah_kabupaten ADD CONSTRAINT kabupaten_batas_valid CHECK (batas IS NULL OR ST_IsValid(batas));
ALTER TABLE wilayah_kecamatan ADD CONSTRAINT kecamatan_batas_valid CHECK (batas IS NULL OR ST_IsValid(batas));
ALTER TABLE wilayah_desa ADD CONSTRAINT desa_batas_valid CHECK (ST_IsValid(batas) AND NOT ST_IsEmpty(batas));
ALTER TABLE wilayah_dusun ADD CONSTRAINT dusun_batas_valid CHECK (batas IS NULL OR ST_IsValid(batas));

CREATE OR REPLACE FUNCTION wilayah_sebagian_besar_di_dalam(anak geometry, induk geometry)
RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  -- Invalid geometries are left to the CHECK constraints, which give the clearer error.
  SELECT induk IS NULL OR anak IS NULL OR ST_IsEmpty(anak) OR NOT ST_IsValid(anak) OR NOT ST_IsValid(induk)
      OR ST_CoveredBy(anak, induk)
      OR ST_Area(ST_Intersection(anak, induk)::geography)
         >= 0.5 * NULLIF(ST_Area(anak::geography), 0)
$$;

CREATE OR REPLACE FUNCTION wilayah_periksa_kecamatan() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  induk text;
  keluar text;
BEGIN
  SELECT kode INTO induk FROM wilayah_kabupaten WHERE id = NEW.kabupaten_id;
  IF NEW.kode NOT LIKE induk || '.%' THEN
    RAISE EXCEPTION 'Kode kecamatan % tidak berada di bawah kode kabupaten %.', NEW.kode, induk
      USING ERRCODE = 'check_violation', CONSTRAINT = 'kecamatan_kode_hierarki';
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.batas IS NOT NULL THEN
    SELECT string_agg(d.nama || ' (' || d.kode || ')', ', ') INTO keluar
    FROM wilayah_desa d
    WHERE d.kecamatan_id = NEW.id AND NOT wilayah_sebagian_besar_di_dalam(d.batas, NEW.batas);
    IF keluar IS NOT NULL THEN
      RAISE EXCEPTION 'Batas kecamatan % tidak lagi memuat desa: %.', NEW.kode, keluar
        USING ERRCODE = 'check_violation', CONSTRAINT = 'desa_di_dalam_kecamatan';
    END IF;
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER kecamatan_integritas BEFORE INSERT OR UPDATE OF kode, kabupaten_id, batas
ON wilayah_kecamatan FOR EACH ROW EXECUTE FUNCTION wilayah_periksa_kecamatan();

CREATE OR REPLACE FUNCTION wilayah_periksa_desa() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  kec record;
BEGIN
  SELECT kode, batas INTO kec FROM wilayah_kecamatan WHERE id = NEW.kecamatan_id;
  IF NEW.kode NOT LIKE kec.kode || '.%' THEN
    RAISE EXCEPTION 'Kode desa % tidak berada di bawah kode kecamatan %.', NEW.kode, kec.kode
      USING ERRCODE = 'check_violation', CONSTRAINT = 'desa_kode_hierarki';
  END IF;
  IF NOT wilayah_sebagian_besar_di_dalam(NEW.batas, kec.batas) THEN
    RAISE EXCEPTION 'Batas desa % (%) sebagian besar berada di luar kecamatan %.', NEW.nama, NEW.kode, kec.kode
      USING ERRCODE = 'check_violation', CONSTRAINT = 'desa_di_dalam_kecamatan';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER desa_integritas BEFORE INSERT OR UPDATE OF kode, kecamatan_id, batas
ON wilayah_desa FOR EACH ROW EXECUTE FUNCTION wilayah_periksa_desa();

CREATE OR REPLACE FUNCTION wilayah_periksa_dusun() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  induk geometry;
BEGIN
  SELECT batas INTO induk FROM wilayah_desa WHERE id = NEW.desa_id;
  IF NOT wilayah_sebagian_besar_di_dalam(NEW.batas, induk) THEN
    RAISE EXCEPTION 'Batas dusun % sebagian besar berada di luar desanya.', NEW.nama
      USING ERRCODE = 'check_violation', CONSTRAINT = 'dusun_di_dalam_desa';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER dusun_integritas BEFORE INSERT OR UPDATE OF desa_id, batas
ON wilayah_dusun FOR EACH ROW EXECUTE FUNCTION wilayah_periksa_dusun();

CREATE INDEX wilayah_desa_batas_3857 ON wilayah_desa USING gist (ST_Transform(batas, 3857));
"""

REVERSE = r"""
DROP INDEX IF EXISTS wilayah_desa_batas_3857;
DROP TRIGGER IF EXISTS dusun_integritas ON wilayah_dusun;
DROP TRIGGER IF EXISTS desa_integritas ON wilayah_desa;
DROP TRIGGER IF EXISTS kecamatan_integritas ON wilayah_kecamatan;
DROP FUNCTION IF EXISTS wilayah_periksa_dusun();
DROP FUNCTION IF EXISTS wilayah_periksa_desa();
DROP FUNCTION IF EXISTS wilayah_periksa_kecamatan();
DROP FUNCTION IF EXISTS wilayah_sebagian_besar_di_dalam(geometry, geometry);
ALTER TABLE wilayah_dusun DROP CONSTRAINT IF EXISTS dusun_batas_valid;
ALTER TABLE wilayah_desa DROP CONSTRAINT IF EXISTS desa_batas_valid;
ALTER TABLE wilayah_kecamatan DROP CONSTRAINT IF EXISTS kecamatan_batas_valid;
ALTER TABLE wilayah_kabupaten DROP CONSTRAINT IF EXISTS kabupaten_batas_valid;
"""


class Migration(migrations.Migration):
    dependencies = [("wilayah", "0001_initial")]
    operations = [migrations.RunSQL(SQL, REVERSE)]
