"""A national boundary load (~83k desa) spent most of its time in three places that do not need it:

- Generalised boundaries (0005): ST_SimplifyPreserveTopology costs ~0.6 ms per 200-vertex desa per band. Plain
  Douglas-Peucker (ST_Simplify, rings kept) gives the same polygon whenever its result is valid, ~30x faster; the
  topology-preserving simplification (then ST_MakeValid, as before) now runs only where that result is not valid.
- The desa trigger (0004) read the kecamatan's whole boundary for every desa, also when the containment check is
  skipped; it now reads it only for the check.
- Boundaries of more than ~2 kB were offered to pglz on every write, which gains nothing on coordinates; they are
  now stored uncompressed (STORAGE EXTERNAL: also no decompression on reads). Rows already stored keep their form.
"""

from django.db import migrations

UMUM = r"""
CREATE OR REPLACE FUNCTION wilayah_umum_segarkan(lvl text, ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM wilayah_batas_umum WHERE tingkat = lvl AND wilayah_id = ANY(ids);
  -- OFFSET 0 keeps the subquery apart, so each simplification is computed once per row and band.
  EXECUTE format(
    'INSERT INTO wilayah_batas_umum (tingkat, wilayah_id, pita, kode, nama, geom)
     SELECT %L, id, pita, kode, nama,
            CASE WHEN ST_IsValid(cepat) AND NOT ST_IsEmpty(cepat) THEN ST_Multi(cepat)
                 ELSE ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Transform(
                        ST_SimplifyPreserveTopology(batas, toleransi), 3857)), 3)) END
     FROM (SELECT t.id, p.pita, t.kode, t.nama, t.batas, p.toleransi_m / 111320.0 AS toleransi,
                  ST_Transform(ST_Simplify(t.batas, p.toleransi_m / 111320.0, true), 3857) AS cepat
           FROM %I t JOIN wilayah_pita_zoom p ON p.tingkat = %L
           WHERE t.id = ANY($1) AND t.batas IS NOT NULL OFFSET 0) s',
    lvl, CASE lvl WHEN 'desa' THEN 'wilayah_desa' ELSE 'wilayah_kecamatan' END, lvl)
  USING ids;
END $$;
"""

UMUM_LAMA = r"""
CREATE OR REPLACE FUNCTION wilayah_umum_segarkan(lvl text, ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM wilayah_batas_umum WHERE tingkat = lvl AND wilayah_id = ANY(ids);
  EXECUTE format(
    'INSERT INTO wilayah_batas_umum (tingkat, wilayah_id, pita, kode, nama, geom)
     SELECT %L, t.id, p.pita, t.kode, t.nama,
            ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Transform(
              ST_SimplifyPreserveTopology(t.batas, p.toleransi_m / 111320.0), 3857)), 3))
     FROM %I t JOIN wilayah_pita_zoom p ON p.tingkat = %L
     WHERE t.id = ANY($1) AND t.batas IS NOT NULL',
    lvl, CASE lvl WHEN 'desa' THEN 'wilayah_desa' ELSE 'wilayah_kecamatan' END, lvl)
  USING ids;
END $$;
"""

DESA = r"""
CREATE OR REPLACE FUNCTION wilayah_periksa_desa() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  kode_kec text;
  batas_kec geometry;
BEGIN
  SELECT kode INTO kode_kec FROM wilayah_kecamatan WHERE id = NEW.kecamatan_id;
  IF NEW.kode NOT LIKE kode_kec || '.%' THEN
    RAISE EXCEPTION 'Kode desa % tidak berada di bawah kode kecamatan %.', NEW.kode, kode_kec
      USING ERRCODE = 'check_violation', CONSTRAINT = 'desa_kode_hierarki';
  END IF;
  IF to_regclass('pg_temp.wilayah_muat_gabungan') IS NOT NULL AND to_regclass('pg_temp.wilayah_muat') IS NOT NULL
     AND wilayah_desa_dalam_gabungan(NEW.kode, NEW.kecamatan_id) THEN
    RETURN NEW;
  END IF;
  SELECT batas INTO batas_kec FROM wilayah_kecamatan WHERE id = NEW.kecamatan_id;
  IF NOT wilayah_sebagian_besar_di_dalam(NEW.batas, batas_kec) THEN
    RAISE EXCEPTION 'Batas desa % (%) sebagian besar berada di luar kecamatan %.', NEW.nama, NEW.kode, kode_kec
      USING ERRCODE = 'check_violation', CONSTRAINT = 'desa_di_dalam_kecamatan';
  END IF;
  RETURN NEW;
END $$;
"""

DESA_LAMA = r"""
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
"""

TABEL = ("wilayah_kabupaten", "wilayah_kecamatan", "wilayah_desa", "wilayah_dusun")
SIMPAN = "".join(f"ALTER TABLE {t} ALTER batas SET STORAGE EXTERNAL;\n" for t in TABEL)
SIMPAN_LAMA = "".join(f"ALTER TABLE {t} ALTER batas SET STORAGE MAIN;\n" for t in TABEL)


class Migration(migrations.Migration):
    dependencies = [("wilayah", "0005_batas_umum_per_zoom")]
    operations = [migrations.RunSQL(UMUM + DESA + SIMPAN, UMUM_LAMA + DESA_LAMA + SIMPAN_LAMA)]
