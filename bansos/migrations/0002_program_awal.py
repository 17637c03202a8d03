"""The national programs every city has, and one city-funded program to rename.

Programs stay configurable in the admin; these rows are only a start.
"""

from django.db import migrations

PROGRAM_AWAL = [
    ("pkh", "Program Keluarga Harapan (PKH)", "apbn", "keluarga", True),
    ("bpnt", "BPNT / Sembako", "apbn", "keluarga", True),
    ("pbi-jk", "PBI Jaminan Kesehatan (PBI-JK)", "apbn", "individu", True),
    ("blt", "Bantuan Langsung Tunai (BLT)", "apbn", "keluarga", False),
    ("apbd-kota", "Bantuan sosial Kota Pekanbaru (APBD)", "apbd", "keluarga", False),
]


def tambah(apps, schema_editor):
    Program = apps.get_model("bansos", "Program")
    for kode, nama, sumber, sasaran, kartu in PROGRAM_AWAL:
        Program.objects.get_or_create(
            kode=kode,
            defaults={
                "nama": nama,
                "sumber_dana": sumber,
                "sasaran": sasaran,
                "punya_nomor_kartu": kartu,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("bansos", "0001_initial")]

    operations = [migrations.RunPython(tambah, migrations.RunPython.noop)]
