from django.db import migrations, models

from dasbor.migrations._tandai import tandai_semua


class Migration(migrations.Migration):
    """The results pages' counts from the RW summaries: proposals, visits waiting for
    review, recipients above the desil ceiling. Every RW is marked, so beat's sweep
    counts them for an existing city."""

    dependencies = [
        ("dasbor", "0002_ringkasan_perubahan_siksng"),
    ]

    operations = [
        migrations.AddField(
            model_name="ringkasanpenerimarw",
            name="usulan",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="ringkasanpenerimarw",
            name="menunggu",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="ringkasanpenerimarw",
            name="di_atas_desil",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RunPython(tandai_semua, migrations.RunPython.noop),
    ]
