"""Complaints bump the 'pengaduan' data version, so cached public tiles follow every write."""

from django.db import migrations

SQL = """
INSERT INTO layers_versidata (jenis) VALUES ('pengaduan') ON CONFLICT DO NOTHING;
CREATE TRIGGER reports_pengaduan_versi AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON reports_pengaduan
  FOR EACH STATEMENT EXECUTE FUNCTION layers_naikkan_versi('pengaduan');
"""
REVERSE = "DROP TRIGGER IF EXISTS reports_pengaduan_versi ON reports_pengaduan;"


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial"), ("layers", "0003_versi_data")]
    operations = [migrations.RunSQL(SQL, REVERSE)]
