"""What the portal holds on one person, by NIK: the data-subject report (UU 27/2022, hak akses).

Read only by superadmin and the data-protection officer (the view checks the role).
Photos are listed (kind, when taken, whether still kept), never shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from auditlog.models import LogEntry
from django.db.models import Q

from audit.models import LogBaca, PermintaanSubjek
from audit.selectors import objek_nik
from bansos.models import Penerima, Verifikasi
from pendataan.models import AnggotaKeluarga, CatatanAnggota, FotoKunjungan, Keluarga, Kunjungan

BATAS_RIWAYAT = 500  # a printed report: the latest entries, the page says when cut


@dataclass
class LaporanSubjek:
    nik: str
    anggota: AnggotaKeluarga | None = None
    keluarga: Keluarga | None = None
    kunjungan: list = field(default_factory=list)
    temuan: list = field(default_factory=list)
    foto: list = field(default_factory=list)
    penerima: list = field(default_factory=list)
    perubahan: list = field(default_factory=list)
    dibaca: list = field(default_factory=list)
    permintaan: list = field(default_factory=list)
    batas: int = BATAS_RIWAYAT


def laporan_subjek(*, nik: str) -> LaporanSubjek:
    laporan = LaporanSubjek(nik=nik)
    anggota = (
        AnggotaKeluarga.objects.select_related("keluarga__rw__kelurahan")
        .defer("keluarga__rw__kelurahan__batas")
        .filter(nik=nik)
        .first()
    )
    if anggota:
        keluarga_id = anggota.keluarga_id
    else:  # a new member a visit proposed, not (yet) on the family card
        keluarga_id = (
            CatatanAnggota.objects.filter(nik=nik)
            .values_list("kunjungan__keluarga_id", flat=True)
            .first()
        )
    if anggota:
        laporan.anggota, laporan.keluarga = anggota, anggota.keluarga
    elif keluarga_id:
        laporan.keluarga = Keluarga.objects.select_related("rw__kelurahan").get(pk=keluarga_id)
    if keluarga_id:
        kunjungan = Kunjungan.objects.filter(keluarga_id=keluarga_id).select_related("petugas")
        laporan.kunjungan = list(kunjungan.order_by("-created_at"))
        laporan.foto = list(
            FotoKunjungan.objects.filter(kunjungan__keluarga_id=keluarga_id)
            .select_related("kunjungan")
            .order_by("-created_at")
        )
        temuan = Verifikasi.objects.filter(keluarga_id=keluarga_id)
        if anggota:
            temuan = temuan.filter(Q(anggota__isnull=True) | Q(anggota=anggota))
        laporan.temuan = list(temuan.select_related("periode__program", "kunjungan"))
        penerima = Penerima.objects.filter(keluarga_id=keluarga_id)
        if anggota:
            penerima = penerima.filter(
                Q(anggota__isnull=True) | Q(anggota=anggota) | Q(terdaftar=anggota)
            )
        laporan.penerima = list(penerima.select_related("periode__program"))
    laporan.perubahan = list(
        LogEntry.objects.filter(objek_nik(nik))
        .select_related("actor", "content_type")
        .order_by("-timestamp")[:BATAS_RIWAYAT]
    )
    nomor = [nik] + ([laporan.keluarga.nomor_kk] if laporan.keluarga else [])
    laporan.dibaca = list(
        LogBaca.objects.filter(nomor__in=nomor).select_related("user")[:BATAS_RIWAYAT]
    )
    laporan.permintaan = list(PermintaanSubjek.objects.filter(nik=nik))
    return laporan
