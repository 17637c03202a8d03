"""Boundaries stored simplified and rounded, once (issue 12: maps that don't redo work).

New imports store them so (wilayah.services); this brings boundaries imported
before to the same form. The maps then draw what is stored, with no work per request.
"""

from django.db import migrations

from wilayah.geo import sederhanakan


def sederhanakan_batas(apps, schema_editor):
    for nama in ("Kelurahan", "Kecamatan"):
        model = apps.get_model("wilayah", nama)
        for obj in model.objects.exclude(batas=None).only("pk", "batas"):
            obj.batas = sederhanakan(obj.batas)
            obj.save(update_fields=["batas"])


class Migration(migrations.Migration):
    dependencies = [("wilayah", "0003_rw_titik_sumber")]

    operations = [migrations.RunPython(sederhanakan_batas, migrations.RunPython.noop)]
