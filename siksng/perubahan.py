"""The approved changes a muskel decides: what approved visits in a kelurahan found.

- a recipient's finding in force (`bansos.Verifikasi`, jenis verifikasi): layak ->
  `tetap`, tidak layak -> `keluar` with its reason;
- a proposal (jenis usulan) -> `usul`;
- a visit that recorded a member's death, move or a new member (and, once wired, changed
  household variables) -> `perbaikan data`, one change per visit.

A change is open until a muskel agrees it (or agrees it changed): then it is in that
muskel's month's file for good. A postponed change stays open and comes back.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from bansos.models import JenisVerifikasi, Kelayakan, Verifikasi, alasan_teks
from pendataan.models import AksiAnggota, AnggotaKeluarga, CatatanAnggota, Hubungan, Kunjungan
from pendataan.models import StatusKunjungan as Status
from pendataan.variabel import perubahan_ringkas
from siksng.models import Aksi, Keputusan, Putusan, kunci_perubahan

# ---------------------------------------------------------------- the visit's data changes
# The household variables (issue 14 point 1): `Kunjungan.variabel` holds only what a
# visit changed ({} when nothing), `pendataan.variabel.perubahan_ringkas` says it in words.


def _ada_perubahan_data() -> Q:
    """An approved visit that changed the family's data: a member died, moved or joined,
    or a DTSEN household variable changed."""
    berubah = CatatanAnggota.objects.filter(kunjungan=OuterRef("pk")).exclude(
        aksi=AksiAnggota.TETAP
    )
    return Q(Exists(berubah)) | ~Q(variabel={})


def _variabel_berubah(kunjungan: Kunjungan) -> list[str]:
    """A visit's data changes in words, one per change ("Joko Susilo: meninggal
    (2026-10-02)", "Mobil: 0 → 1"). Reads what `prefetch_catatan` prefetches."""
    teks = []
    for c in kunjungan.anggota_set.all():
        if c.aksi == AksiAnggota.TETAP:
            continue
        if c.aksi == AksiAnggota.BARU:
            teks.append(f"{c.nama}: {AksiAnggota.BARU.label.lower()}")
            continue
        nama = c.anggota.nama if c.anggota else c.nama
        baris = f"{nama}: {c.get_aksi_display().lower()}"
        if c.tanggal:
            baris += f" ({c.tanggal:%Y-%m-%d})"
        teks.append(baris)
    return teks + perubahan_ringkas(kunjungan)


def prefetch_catatan(jalur: str = "") -> list[Prefetch | str]:
    """What `_variabel_berubah` reads, for visits at `jalur`: their member findings, the
    family's members and the variables' history rows."""
    return [
        Prefetch(f"{jalur}anggota_set", queryset=CatatanAnggota.objects.select_related("anggota")),
        f"{jalur}keluarga__anggota_set",
        f"{jalur}riwayat_variabel_set",
    ]


# ---------------------------------------------------------------- one change


def kepala_keluarga(keluarga_ids: list[int]) -> dict[int, AnggotaKeluarga]:
    """Each family's head, else its first member (as bansos.ekspor names a family), with
    the NIK: one query over these families' members."""
    kepala: dict[int, AnggotaKeluarga] = {}
    anggota = AnggotaKeluarga.objects.filter(keluarga_id__in=set(keluarga_ids)).only(
        "pk", "keluarga_id", "nik", "nama", "hubungan"
    )
    for a in anggota.order_by("pk"):
        ada = kepala.get(a.keluarga_id)
        if ada is None or (a.hubungan == Hubungan.KEPALA and ada.hubungan != Hubungan.KEPALA):
            kepala[a.keluarga_id] = a
    return kepala


def aksi_verifikasi(jenis: str, hasil: str) -> str:
    if jenis == JenisVerifikasi.USULAN:
        return Aksi.USUL
    return Aksi.TETAP if hasil == Kelayakan.LAYAK else Aksi.KELUAR


def orang_verifikasi(v: Verifikasi) -> AnggotaKeluarga | None:
    """The person a finding is about, as the exports name them (bansos.ekspor._orang)."""
    if v.penerima_id:
        return v.penerima.terdaftar or v.penerima.anggota or v.anggota
    return v.anggota


def alasan_verifikasi(v: Verifikasi) -> str:
    if v.jenis == JenisVerifikasi.USULAN:
        return v.keterangan
    return alasan_teks(v.alasan, v.alasan_lain) if v.alasan else ""


@dataclass
class Perubahan:
    """One change as the muskel form and the files show it."""

    kunjungan: Kunjungan
    aksi: str
    verifikasi: Verifikasi | None = None
    orang: AnggotaKeluarga | None = None
    program: str = ""
    alasan: str = ""
    rincian: list[str] = field(default_factory=list)
    ditunda: bool = False  # a muskel postponed it before

    @property
    def kunci(self) -> str:
        return kunci_perubahan(self.verifikasi.pk if self.verifikasi else None, self.kunjungan.pk)

    @property
    def keluarga(self):
        return self.kunjungan.keluarga

    @property
    def aksi_teks(self) -> str:
        return str(Aksi(self.aksi).label)


def verifikasi_disetujui() -> QuerySet[Verifikasi]:
    return Verifikasi.objects.filter(berlaku=True, kunjungan__status=Status.DISETUJUI)


def kunjungan_berubah() -> QuerySet[Kunjungan]:
    return Kunjungan.objects.filter(status=Status.DISETUJUI).filter(_ada_perubahan_data())


def sudah_terkirim() -> tuple[QuerySet, QuerySet]:
    """The verifikasi ids and the visit ids (data changes) already in a month's file."""
    terkirim = Keputusan.objects.filter(bulan__isnull=False)
    return (
        terkirim.filter(verifikasi__isnull=False).values("verifikasi_id"),
        terkirim.filter(verifikasi__isnull=True).values("kunjungan_id"),
    )


def perubahan_terbuka(*, kelurahan, sampai: datetime.datetime) -> list[Perubahan]:
    """The kelurahan's changes approved before `sampai` and in no month's file yet,
    by RW, RT, family and action. Seven queries, whatever their number."""
    v_terkirim, k_terkirim = sudah_terkirim()
    verifikasi = (
        verifikasi_disetujui()
        .filter(kunjungan__diperiksa_at__lt=sampai, keluarga__rw__kelurahan=kelurahan)
        .exclude(pk__in=v_terkirim)
        .select_related(
            "periode__program",
            "penerima__terdaftar",
            "penerima__anggota",
            "anggota",
            "kunjungan__keluarga__rw",
        )
    )
    kunjungan = (
        kunjungan_berubah()
        .filter(diperiksa_at__lt=sampai, keluarga__rw__kelurahan=kelurahan)
        .exclude(pk__in=k_terkirim)
        .select_related("keluarga__rw")
        .prefetch_related(*prefetch_catatan())
    )
    daftar = [
        Perubahan(
            kunjungan=v.kunjungan,
            aksi=aksi_verifikasi(v.jenis, v.hasil),
            verifikasi=v,
            orang=orang_verifikasi(v),
            program=v.periode.program.nama,
            alasan=alasan_verifikasi(v),
        )
        for v in verifikasi
    ]
    daftar += [
        Perubahan(kunjungan=k, aksi=Aksi.PERBAIKAN_DATA, rincian=_variabel_berubah(k))
        for k in kunjungan
    ]
    kepala = kepala_keluarga([p.keluarga.pk for p in daftar])
    ditunda = {
        kunci_perubahan(*kunci)
        for kunci in Keputusan.objects.filter(
            putusan=Putusan.DITUNDA, muskel__kelurahan=kelurahan
        ).values_list("verifikasi_id", "kunjungan_id")
    }
    for p in daftar:
        p.orang = p.orang or kepala.get(p.keluarga.pk)
        p.ditunda = p.kunci in ditunda
    urutan = {a: i for i, a in enumerate(Aksi.values)}
    daftar.sort(
        key=lambda p: (
            p.keluarga.rw.nomor,
            p.keluarga.rt,
            p.keluarga.alamat,
            p.keluarga.pk,
            urutan[p.aksi],
            p.program,
        )
    )
    return daftar


def belum_terkirim(qs: QuerySet) -> QuerySet:
    """Findings (`Verifikasi`) or visits (their data changes) in no month's file yet, as
    an anti-join on the partial unique indexes that hold "one month's file per change"
    (read per RW by dasbor's summaries: dasbor.hitung._perubahan_terbuka)."""
    terkirim = Keputusan.objects.filter(bulan__isnull=False)
    if qs.model is Verifikasi:
        terkirim = terkirim.filter(verifikasi=OuterRef("pk"))
    else:
        terkirim = terkirim.filter(verifikasi__isnull=True, kunjungan=OuterRef("pk"))
    return qs.filter(~Exists(terkirim))
