from django.db import migrations, models

from dasbor.migrations._tandai import tandai_semua


class Migration(migrations.Migration):
    dependencies = [
        ("dasbor", "0001_ringkasan"),
    ]

    operations = [
        migrations.AddField(
            model_name="ringkasanrw",
            name="perubahan_terbuka",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RunPython(tandai_semua, migrations.RunPython.noop),
    ]
