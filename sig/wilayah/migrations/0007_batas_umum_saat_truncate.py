"""TRUNCATE of wilayah_desa or wilayah_kecamatan (Django's flush in tests that commit, a manual reset) fires no
DELETE trigger, so their generalised boundaries (0005) stayed behind: a later load found twice its rows per band.
A statement trigger on TRUNCATE empties the level's rows too."""

from django.db import migrations

TABEL = {"desa": "wilayah_desa", "kecamatan": "wilayah_kecamatan"}

SQL = r"""
CREATE OR REPLACE FUNCTION wilayah_umum_kosongkan() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM wilayah_batas_umum WHERE tingkat = TG_ARGV[0];
  RETURN NULL;
END $$;
""" + "".join(
    f"CREATE TRIGGER {t}_umum_kosong AFTER TRUNCATE ON {tabel} "
    f"FOR EACH STATEMENT EXECUTE FUNCTION wilayah_umum_kosongkan('{t}');\n"
    f"DELETE FROM wilayah_batas_umum u WHERE tingkat = '{t}' AND NOT EXISTS (SELECT 1 FROM {tabel} x WHERE x.id = u.wilayah_id);\n"
    for t, tabel in TABEL.items()
)

REVERSE = "".join(f"DROP TRIGGER IF EXISTS {t}_umum_kosong ON {tabel};\n" for t, tabel in TABEL.items()) + (
    "DROP FUNCTION IF EXISTS wilayah_umum_kosongkan();"
)


class Migration(migrations.Migration):
    dependencies = [("wilayah", "0006_muat_nasional_lebih_cepat")]
    operations = [migrations.RunSQL(SQL, REVERSE)]
