"""Generalised boundaries per zoom band, so a province- or national-level map tile stays small and quick.

`wilayah_pita_zoom` says which level a band of zooms shows and with what tolerance (one 256-px pixel at the band's
largest zoom, two for the national band; in metres); `wilayah_batas_umum` holds each boundary simplified for each band of its level,
in EPSG:3857 (the tile grid), kept current by statement triggers on wilayah_desa and wilayah_kecamatan (every
path: imports, admin, SQL). Zooms without a band (12 and more) draw the stored desa boundaries themselves.
Simplification per polygon (ST_SimplifyPreserveTopology, simplified in degrees first so only the kept vertices
are reprojected): neighbours may show hairline gaps of up to a pixel.
"""

from django.db import migrations

TABEL = {"desa": "wilayah_desa", "kecamatan": "wilayah_kecamatan"}

SQL = r"""
-- A band added later needs its partial index below (the tile query names the band as a literal).
CREATE TABLE wilayah_pita_zoom (
  pita smallint PRIMARY KEY,
  tingkat text NOT NULL CHECK (tingkat IN ('kecamatan', 'desa')),
  z_min smallint NOT NULL,
  z_max smallint NOT NULL,
  toleransi_m double precision NOT NULL CHECK (toleransi_m > 0),
  CHECK (z_min <= z_max)
);
INSERT INTO wilayah_pita_zoom VALUES
  (0, 'kecamatan', 0, 5, 9784),
  (1, 'kecamatan', 6, 7, 1223),
  (2, 'kecamatan', 8, 8, 611),
  (3, 'desa', 9, 10, 153),
  (4, 'desa', 11, 11, 76);

CREATE TABLE wilayah_batas_umum (
  tingkat text NOT NULL,
  wilayah_id bigint NOT NULL,
  pita smallint NOT NULL REFERENCES wilayah_pita_zoom (pita) ON DELETE CASCADE,
  kode text NOT NULL,
  nama text NOT NULL,
  geom geometry(MultiPolygon, 3857) NOT NULL,
  PRIMARY KEY (tingkat, wilayah_id, pita)
);
CREATE INDEX wilayah_batas_umum_pita0 ON wilayah_batas_umum USING gist (geom) WHERE pita = 0;
CREATE INDEX wilayah_batas_umum_pita1 ON wilayah_batas_umum USING gist (geom) WHERE pita = 1;
CREATE INDEX wilayah_batas_umum_pita2 ON wilayah_batas_umum USING gist (geom) WHERE pita = 2;
CREATE INDEX wilayah_batas_umum_pita3 ON wilayah_batas_umum USING gist (geom) WHERE pita = 3;
CREATE INDEX wilayah_batas_umum_pita4 ON wilayah_batas_umum USING gist (geom) WHERE pita = 4;

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

CREATE OR REPLACE FUNCTION wilayah_umum_tambah() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM wilayah_umum_segarkan(TG_ARGV[0], ARRAY(SELECT id FROM baru));
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION wilayah_umum_ubah() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM wilayah_umum_segarkan(TG_ARGV[0], ARRAY(
    SELECT n.id FROM baru n JOIN lama o ON o.id = n.id
    WHERE n.kode <> o.kode OR n.nama <> o.nama OR NOT coalesce(ST_OrderingEquals(n.batas, o.batas), n.batas IS NULL
                                                               AND o.batas IS NULL)));
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION wilayah_umum_hapus() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM wilayah_batas_umum WHERE tingkat = TG_ARGV[0] AND wilayah_id IN (SELECT id FROM lama);
  RETURN NULL;
END $$;
"""

TRIGGERS = "".join(
    f"""
CREATE TRIGGER {t}_umum_tambah AFTER INSERT ON {tabel} REFERENCING NEW TABLE AS baru
  FOR EACH STATEMENT EXECUTE FUNCTION wilayah_umum_tambah('{t}');
CREATE TRIGGER {t}_umum_ubah AFTER UPDATE ON {tabel} REFERENCING OLD TABLE AS lama NEW TABLE AS baru
  FOR EACH STATEMENT EXECUTE FUNCTION wilayah_umum_ubah('{t}');
CREATE TRIGGER {t}_umum_hapus AFTER DELETE ON {tabel} REFERENCING OLD TABLE AS lama
  FOR EACH STATEMENT EXECUTE FUNCTION wilayah_umum_hapus('{t}');
SELECT wilayah_umum_segarkan('{t}', ARRAY(SELECT id FROM {tabel}));
"""
    for t, tabel in TABEL.items()
)

REVERSE = (
    "".join(
        f"DROP TRIGGER IF EXISTS {t}_umum_tambah ON {tabel}; DROP TRIGGER IF EXISTS {t}_umum_ubah ON {tabel}; "
        f"DROP TRIGGER IF EXISTS {t}_umum_hapus ON {tabel};\n"
        for t, tabel in TABEL.items()
    )
    + """
DROP FUNCTION IF EXISTS wilayah_umum_tambah(); DROP FUNCTION IF EXISTS wilayah_umum_ubah();
DROP FUNCTION IF EXISTS wilayah_umum_hapus(); DROP FUNCTION IF EXISTS wilayah_umum_segarkan(text, bigint[]);
DROP TABLE IF EXISTS wilayah_batas_umum; DROP TABLE IF EXISTS wilayah_pita_zoom;
"""
)


class Migration(migrations.Migration):
    dependencies = [("wilayah", "0004_kecamatan_dari_desa_dimuat_massal")]
    operations = [migrations.RunSQL(SQL + TRIGGERS, REVERSE)]
