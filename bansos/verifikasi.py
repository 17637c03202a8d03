"""Verification at the door: each recipient of a visited family gets layak or tidak layak
with a standard reason, and a family that receives nothing may be proposed (usulan).

The findings are part of the visit: checked with it, saved with it, reviewed with
it. Approving the visit puts them in force (`berlaku`), replacing the finding of an
earlier approved visit.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from audit.services import dibuat_catat, diubah_catat
from bansos.models import (
    AlasanTidakLayak,
    JenisVerifikasi,
    Kelayakan,
    Penerima,
    Periode,
    Sasaran,
    Verifikasi,
)
from bansos.selectors import periode_terbaru
from pendataan.models import AksiAnggota, AnggotaKeluarga, HasilKunjungan, Keluarga, Kunjungan

MAKS_ALASAN_LAIN = 255
MAKS_KETERANGAN = 1000

# What a visit's outcome already says about every recipient of the family.
SARAN_DARI_HASIL = {
    HasilKunjungan.PINDAH: AlasanTidakLayak.PINDAH,
    HasilKunjungan.TIDAK_DITEMUKAN: AlasanTidakLayak.ALAMAT_TIDAK_DITEMUKAN,
    HasilKunjungan.TIDAK_ADA_ORANG: AlasanTidakLayak.TIDAK_DITEMUI,
    HasilKunjungan.RUMAH_KOSONG: AlasanTidakLayak.TIDAK_DITEMUI,
}
# What a member's status says about a recipient who is that member.
SARAN_DARI_ANGGOTA = {
    AksiAnggota.MENINGGAL: AlasanTidakLayak.MENINGGAL,
    AksiAnggota.PINDAH: AlasanTidakLayak.PINDAH,
}


def orang_penerima(penerima: Penerima) -> int | None:
    """The member a recipient entry is about: the person, or the one the list names."""
    return penerima.anggota_id or penerima.terdaftar_id


def alasan_disarankan(*, hasil: str, aksi_anggota: dict[int, str], penerima: Penerima) -> str:
    """The reason the visit itself suggests for this recipient, or "" when it suggests none.

    `aksi_anggota` maps member pk -> what the visit found (AksiAnggota).
    """
    if hasil in SARAN_DARI_HASIL:
        return SARAN_DARI_HASIL[hasil]
    return SARAN_DARI_ANGGOTA.get(aksi_anggota.get(orang_penerima(penerima)), "")


def penerima_keluarga(keluarga: Keluarga) -> list[Penerima]:
    """The family's entries on the lists being verified now (each program's newest period)."""
    return list(
        Penerima.objects.filter(
            keluarga=keluarga, aktif=True, periode__in=[p.pk for p in periode_terbaru()]
        )
        .select_related("periode__program", "anggota", "terdaftar")
        .order_by("periode__program__nama", "pk")
    )


def program_usulan(keluarga: Keluarga, penerima: list[Penerima]) -> list[Periode]:
    """The newest periods of family programs this family is not on: it may be proposed."""
    sudah = {p.periode_id for p in penerima}
    return [
        p for p in periode_terbaru() if p.pk not in sudah and p.program.sasaran == Sasaran.KELUARGA
    ]


@dataclass
class Temuan:
    """One finding as the officer set it, checked and ready to save."""

    penerima: Penerima | None
    periode: Periode
    jenis: str
    hasil: str
    alasan: str = ""
    alasan_lain: str = ""
    keterangan: str = ""
    anggota: AnggotaKeluarga | None = None

    @property
    def program(self) -> str:
        return self.periode.program.nama


def teks_bersih(nilai: object) -> str:
    """Text a person typed, without control characters (PostgreSQL refuses NUL); lines
    and tabs stay."""
    teks = str(nilai or "")
    return "".join(ch for ch in teks if ch in "\n\t" or ch.isprintable()).strip()


def waktu_kunjungan(jalur: str = "") -> Coalesce:
    """When a visit happened: the phone's send time, else when the server got it (a
    visit queued offline for days arrives late but happened early)."""
    return Coalesce(f"{jalur}dikirim_at", f"{jalur}created_at")


def _nama_penerima(penerima: Penerima) -> str:
    orang = penerima.anggota or penerima.terdaftar
    nama = penerima.periode.program.nama
    return f"{nama} ({orang.nama})" if orang else nama


def hasil_bersihkan(
    *, label: str, hasil: object, alasan: object, alasan_lain: object
) -> tuple[str, str, str]:
    """A result with its reason, checked: tidak layak needs a standard reason, "lainnya"
    needs its text; a layak result carries no reason."""
    if hasil not in Kelayakan.values:
        raise ValidationError(_("Pilih layak atau tidak layak untuk %(p)s.") % {"p": label})
    if hasil == Kelayakan.LAYAK:
        return hasil, "", ""
    if not alasan:
        raise ValidationError(_("Pilih alasan tidak layak untuk %(p)s.") % {"p": label})
    if alasan not in AlasanTidakLayak.values:
        raise ValidationError(_("Alasan untuk %(p)s tidak dikenal.") % {"p": label})
    teks = " ".join(teks_bersih(alasan_lain).split())
    if alasan == AlasanTidakLayak.LAINNYA:
        if not teks:
            raise ValidationError(_("Tulis alasan lainnya untuk %(p)s.") % {"p": label})
        if len(teks) > MAKS_ALASAN_LAIN:
            raise ValidationError(
                _("Alasan lainnya untuk %(p)s terlalu panjang (maksimal 255 huruf).") % {"p": label}
            )
        return hasil, alasan, teks
    return hasil, alasan, ""


def _angka(nilai) -> int | None:
    if isinstance(nilai, bool):
        return None
    try:
        return int(nilai)
    except (TypeError, ValueError):
        return None


def temuan_periksa(*, keluarga: Keluarga, data: dict) -> list[Temuan]:
    """Check the findings a visit sends ("verifikasi" and "usulan"); nothing is written.

    Every entry must be complete; entries about recipients not (or no longer) of this
    family are refused. A recipient the form did not show (a list imported after the
    phone loaded the form) is simply left for the next visit, so a visit queued
    offline is never refused for it.
    """
    bentuk_rusak = ValidationError(_("Kiriman rusak; muat ulang formulir lalu kirim lagi."))
    verifikasi = data.get("verifikasi") or []
    usulan = data.get("usulan") or []
    if not isinstance(verifikasi, list) or not isinstance(usulan, list):
        raise bentuk_rusak
    if any(not isinstance(x, dict) for x in [*verifikasi, *usulan]):
        raise bentuk_rusak
    if not verifikasi and not usulan:
        return []
    daftar = {
        p.pk: p
        for p in Penerima.objects.filter(keluarga=keluarga, aktif=True)
        .select_related("periode__program", "anggota", "terdaftar")
        .order_by()  # looked up by key: no sort, no join to the family's area for one
    }
    temuan: list[Temuan] = []
    dilihat: set[int] = set()
    for baris in verifikasi:
        penerima = daftar.get(_angka(baris.get("penerima")))
        if penerima is None or penerima.pk in dilihat:
            raise ValidationError(_("Penerima bantuan tidak dikenal dalam kiriman ini."))
        dilihat.add(penerima.pk)
        hasil, alasan, alasan_lain = hasil_bersihkan(
            label=_nama_penerima(penerima),
            hasil=baris.get("hasil"),
            alasan=baris.get("alasan"),
            alasan_lain=baris.get("alasan_lain"),
        )
        temuan.append(
            Temuan(
                penerima=penerima,
                periode=penerima.periode,
                jenis=JenisVerifikasi.VERIFIKASI,
                hasil=hasil,
                alasan=alasan,
                alasan_lain=alasan_lain,
                anggota=penerima.anggota,
            )
        )
    # the periods open to a proposal, read only when the visit proposes something
    terbuka = {p.pk: p for p in program_usulan(keluarga, list(daftar.values()))} if usulan else {}
    diusulkan: set[int] = set()
    for baris in usulan:
        periode = terbuka.get(_angka(baris.get("periode")))
        if periode is None or periode.pk in diusulkan:
            raise ValidationError(
                _(
                    "Program usulan tidak dikenal, sudah diterima keluarga ini, atau "
                    "periodenya sudah berganti; muat ulang formulir."
                )
            )
        diusulkan.add(periode.pk)
        keterangan = " ".join(teks_bersih(baris.get("keterangan")).split())
        if not keterangan:
            raise ValidationError(
                _("Tulis alasan mengusulkan keluarga ini untuk %(p)s.")
                % {"p": periode.program.nama}
            )
        if len(keterangan) > MAKS_KETERANGAN:
            raise ValidationError(_("Alasan usulan terlalu panjang (maksimal 1.000 huruf)."))
        temuan.append(
            Temuan(
                penerima=None,
                periode=periode,
                jenis=JenisVerifikasi.USULAN,
                hasil=Kelayakan.LAYAK,
                keterangan=keterangan,
            )
        )
    return temuan


def temuan_simpan(*, kunjungan: Kunjungan, temuan: list[Temuan]) -> list[Verifikasi]:
    """Save a visit's checked findings (inside the visit's transaction); returns them in
    the order of `temuan`."""
    baru = Verifikasi.objects.bulk_create(
        Verifikasi(
            kunjungan=kunjungan,
            jenis=t.jenis,
            periode=t.periode,
            penerima=t.penerima,
            keluarga_id=kunjungan.keluarga_id,
            anggota=t.anggota,
            hasil=t.hasil,
            alasan=t.alasan,
            alasan_lain=t.alasan_lain,
            keterangan=t.keterangan,
        )
        for t in temuan
    )
    dibuat_catat(baru)
    return baru


def temuan_berlakukan(*, kunjungan: Kunjungan) -> None:
    """An approved visit's findings come into force, unless a later approved visit
    already said otherwise about the same recipient (or the same proposal)."""
    waktu = kunjungan.dikirim_at or kunjungan.created_at
    for v in kunjungan.verifikasi_set.all():
        if v.jenis == JenisVerifikasi.VERIFIKASI:
            lain = Verifikasi.objects.filter(penerima_id=v.penerima_id, berlaku=True)
        else:
            lain = Verifikasi.objects.filter(
                jenis=JenisVerifikasi.USULAN,
                periode_id=v.periode_id,
                keluarga_id=v.keluarga_id,
                berlaku=True,
            )
        lain = lain.exclude(pk=v.pk)
        if lain.annotate(waktu=waktu_kunjungan("kunjungan__")).filter(waktu__gt=waktu).exists():
            continue
        diganti = list(lain.filter(berlaku=True))
        lain.update(berlaku=False)
        Verifikasi.objects.filter(pk=v.pk).update(berlaku=True)
        diubah_catat(diganti, changes={"berlaku": [True, False]})
        if not v.berlaku:
            diubah_catat([v], changes={"berlaku": [False, True]})


def ringkas(v: Verifikasi) -> str:
    """One finding in words, for the history: "PKH: Tidak layak (Meninggal dunia)"."""
    teks = f"{v.periode.program.nama}: {v.get_hasil_display()}"
    if v.alasan:
        teks += f" ({v.alasan_teks})"
    return teks
