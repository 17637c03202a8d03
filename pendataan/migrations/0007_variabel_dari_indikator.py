"""The old visit answers (Kunjungan.indikator) carried into the DTSEN codes; the
mapping is written down in pendataan/variabel/migrasi.py."""

from django.db import migrations

from pendataan.variabel.migrasi import migrasi_jalankan


def maju(apps, schema_editor):
    migrasi_jalankan(
        apps.get_model("pendataan", "Keluarga"),
        apps.get_model("pendataan", "Kunjungan"),
        apps.get_model("pendataan", "RiwayatVariabel"),
    )


class Migration(migrations.Migration):
    dependencies = [("pendataan", "0006_variabel_dtsen")]

    # backwards keeps the new values (the old answers are still in `indikator` until 0008)
    operations = [migrations.RunPython(maju, migrations.RunPython.noop)]
