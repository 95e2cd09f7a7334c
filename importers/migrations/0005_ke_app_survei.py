"""Survey layers, rasters and imagery now belong to the survei app: only the model state moves, the tables stay
(their names are kept by survei's Meta.db_table)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("importers", "0004_citra_udara_peta_dasar"),
        ("layers", "0006_lapisan_ke_app_survei"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='fitursurvei',
                    name='lapisan',
                ),
                migrations.RemoveField(
                    model_name='lapisanraster',
                    name='dibuat_oleh',
                ),
                migrations.RemoveField(
                    model_name='lapisansurvei',
                    name='desa',
                ),
                migrations.RemoveField(
                    model_name='lapisansurvei',
                    name='dibuat_oleh',
                ),
                migrations.DeleteModel(
                    name='CitraUdara',
                ),
                migrations.DeleteModel(
                    name='FiturSurvei',
                ),
                migrations.DeleteModel(
                    name='LapisanRaster',
                ),
                migrations.DeleteModel(
                    name='LapisanSurvei',
                ),
            ],
            database_operations=[],
        ),
    ]
