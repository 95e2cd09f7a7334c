"""A national boundary load (~83k desa) creates most kecamatan from the union of their desa. Each of those desa
lies inside that outline by construction, yet the containment check of every inserted desa cost ~1 ms (a full
DE-9IM relate: the edges coincide). The desa trigger now skips that check, and only that check, for a desa the
running load staged itself (pg_temp.wilayah_muat) into a kecamatan whose outline the same load built from the
staged desa (pg_temp.wilayah_muat_gabungan, see sig.wilayah.muat.Penampung). Both tables are temporary: they
exist only in the loading session, and only until its transaction ends. Every other path is checked as before.
"""

from django.db import migrations

SQL = r"""
CREATE OR REPLACE FUNCTION wilayah_periksa_desa() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  kec record;
BEGIN
  SELECT id, kode, batas INTO kec FROM wilayah_kecamatan WHERE id = NEW.kecamatan_id;
  IF NEW.kode NOT LIKE kec.kode || '.%' THEN
    RAISE EXCEPTION 'Kode desa % tidak berada di bawah kode kecamatan %.', NEW.kode, kec.kode
      USING ERRCODE = 'check_violation', CONSTRAINT = 'desa_kode_hierarki';
  END IF;
  IF to_regclass('pg_temp.wilayah_muat_gabungan') IS NOT NULL AND to_regclass('pg_temp.wilayah_muat') IS NOT NULL
     AND wilayah_desa_dalam_gabungan(NEW.kode, kec.id) THEN
    RETURN NEW;
  END IF;
  IF NOT wilayah_sebagian_besar_di_dalam(NEW.batas, kec.batas) THEN
    RAISE EXCEPTION 'Batas desa % (%) sebagian besar berada di luar kecamatan %.', NEW.nama, NEW.kode, kec.kode
      USING ERRCODE = 'check_violation', CONSTRAINT = 'desa_di_dalam_kecamatan';
  END IF;
  RETURN NEW;
END $$;

-- Separate, so the temporary tables are only planned once they exist.
CREATE OR REPLACE FUNCTION wilayah_desa_dalam_gabungan(kode_desa text, kecamatan bigint)
RETURNS boolean LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN EXISTS (SELECT 1 FROM pg_temp.wilayah_muat_gabungan g WHERE g.kecamatan_id = kecamatan)
     AND EXISTS (SELECT 1 FROM pg_temp.wilayah_muat s WHERE s.kode = kode_desa);
END $$;
"""

REVERSE = r"""
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
DROP FUNCTION IF EXISTS wilayah_desa_dalam_gabungan(text, bigint);
"""


class Migration(migrations.Migration):
    dependencies = [("wilayah", "0003_batas_berlaku")]
    operations = [migrations.RunSQL(SQL, REVERSE)]
