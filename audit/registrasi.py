"""Which models django-auditlog follows: every change keeps who, when, and before/after.

Bulk paths (imports, COPY, bulk_create) send no model signals, and run inside
`audit.services.tanpa_audit_per_baris`, which writes one entry per import instead.
"""

from auditlog.registry import auditlog
from django.apps import apps

# model -> fields left out of its entries (noise or secrets, never a person's data)
DIIKUTI: dict[str, list[str]] = {
    "pendataan.Keluarga": ["updated_at"],
    "pendataan.AnggotaKeluarga": ["updated_at"],
    "pendataan.Kunjungan": ["sidik", "jumlah_bendera", "bendera"],
    "pendataan.CatatanAnggota": [],
    "pendataan.FotoKunjungan": ["phash", "lebar", "tinggi", "ukuran_bytes", "pesan"],
    "bansos.Program": [],
    "bansos.Periode": [],
    "bansos.Penerima": [],
    "bansos.Verifikasi": [],  # the officer's findings (layak / tidak layak and why)
    # the monthly SIKS-NG cycle: the cut-off day, closed months, each muskel's decisions
    "siksng.Pengaturan": ["updated_at"],
    "siksng.BulanSiksng": [],
    "siksng.Muskel": [],
    "siksng.PesertaMuskel": [],
    "siksng.Keputusan": [],
    "bansos.TugasLapangan": ["updated_at"],  # usul/sanggah: placed, answered, closed
    "petugas.OPD": [],  # the quotas
    "petugas.Petugas": ["updated_at"],  # availability (`tersedia`) among the rest
    "petugas.Penugasan": [],
    "petugas.KartuPetugas": ["token"],  # issue and revoke (the actor is who revoked)
    "akun.User": ["last_login", "password"],  # a reset is written on its own (services)
}


def daftarkan() -> None:
    for label, tanpa in DIIKUTI.items():
        model = apps.get_model(label)
        if not auditlog.contains(model):
            auditlog.register(model, exclude_fields=tanpa, serialize_data=False)
