"""Default layers now come from a post_migrate handler (layers.bawaan); kept as a no-op for history."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("layers", "0001_initial")]
    operations = []
