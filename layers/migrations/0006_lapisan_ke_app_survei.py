"""The map layers' survey and raster references follow those models into the survei app (state only: same tables)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("layers", "0005_analisis_tersimpan"),
        ("survei", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='lapisan',
                    name='raster',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='lapisan_peta', to='survei.lapisanraster'),
                ),
                migrations.AlterField(
                    model_name='lapisan',
                    name='survei',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='lapisan_peta', to='survei.lapisansurvei'),
                ),
            ],
            database_operations=[],
        ),
    ]
