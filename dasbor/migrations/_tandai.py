"""Shared by the data migrations that add a summary column: every RW out of date."""

from django.utils import timezone


def tandai_semua(apps, schema_editor):
    """Every RW out of date: beat's sweep (dasbor.hitung.ringkasan_sapu) counts the new
    column for each, so an existing city needs no manual rebuild."""
    RW = apps.get_model("wilayah", "RW")
    RWKotor = apps.get_model("dasbor", "RWKotor")
    sekarang = timezone.now()
    ids = list(RW.objects.values_list("pk", flat=True))
    for awal in range(0, len(ids), 1000):
        RWKotor.objects.bulk_create(
            [RWKotor(rw_id=i, ditandai_at=sekarang) for i in ids[awal : awal + 1000]],
            update_conflicts=True,
            unique_fields=["rw"],
            update_fields=["ditandai_at"],
        )
