"""The visit's answer to its family's open tasks, and what the review does to them.

The form shows each open task of the family. The officer says whether the person was
found; for a sanggah, layak or tidak layak with a standard reason, which IS the
verification of the recipient the sanggah names when that recipient is on the form
(so it flows into the results); for an usul, whether the family is proposed, which
becomes the visit's usulan for the task's program when the family may be proposed
for it. A proposal needs the family met (`ditemui`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from bansos.models import (
    JenisTugas,
    JenisVerifikasi,
    Kelayakan,
    Penerima,
    StatusTugas,
    TugasLapangan,
    Verifikasi,
)
from bansos.verifikasi import (
    MAKS_KETERANGAN,
    Temuan,
    hasil_bersihkan,
    penerima_keluarga,
    program_usulan,
)
from pendataan.models import HasilKunjungan, Keluarga, Kunjungan


def tugas_terbuka(keluarga: Keluarga) -> list[TugasLapangan]:
    return list(
        TugasLapangan.objects.filter(keluarga=keluarga, status=StatusTugas.TERBUKA)
        .select_related("program")
        .order_by("tanggal", "pk")
    )


def penerima_tugas(tugas: TugasLapangan, penerima: list[Penerima]) -> Penerima | None:
    """The recipient a sanggah is about among the family's entries being verified now:
    of its program, the person it names first."""
    if tugas.jenis != JenisTugas.SANGGAH or tugas.program_id is None:
        return None
    sama = [p for p in penerima if p.periode.program_id == tugas.program_id]
    for p in sama:
        orang = p.anggota or p.terdaftar
        if tugas.nik and orang is not None and orang.nik == tugas.nik:
            return p
    return sama[0] if sama else None


def tugas_formulir(keluarga: Keluarga, penerima: list[Penerima]) -> list[TugasLapangan]:
    """The open tasks for the visit form, each with `penerima` (a sanggah's recipient on
    the form, whose verification answers it) or None."""
    tugas = tugas_terbuka(keluarga)
    for t in tugas:
        t.penerima = penerima_tugas(t, penerima)
    return tugas


@dataclass
class Jawaban:
    tugas: TugasLapangan
    ditemukan: bool
    hasil: str = ""
    alasan: str = ""
    alasan_lain: str = ""
    diusulkan: bool | None = None
    temuan: Temuan | None = None  # the finding that answers it, saved with the visit


def _ya_tidak(nilai: object, pesan: str) -> bool:
    if not isinstance(nilai, bool):
        raise ValidationError(pesan)
    return nilai


def tugas_periksa(
    *, keluarga: Keluarga, data: dict, hasil_kunjungan: str, temuan: list[Temuan]
) -> list[Jawaban]:
    """Check the visit's answers to tasks ("tugas"); nothing is written. A finding the
    answers need that the visit did not send is added to `temuan`.

    A task no longer open (answered by another visit meanwhile) is left out, so a visit
    queued offline is not refused for it; a task that is not this family's is refused.
    """
    kiriman = data.get("tugas") or []
    if not isinstance(kiriman, list) or any(not isinstance(x, dict) for x in kiriman):
        raise ValidationError(_("Kiriman rusak; muat ulang formulir lalu kirim lagi."))
    if not kiriman:
        return []
    semua = {
        t.pk: t for t in TugasLapangan.objects.filter(keluarga=keluarga).select_related("program")
    }
    penerima = penerima_keluarga(keluarga)
    jawaban: list[Jawaban] = []
    dilihat: set[int] = set()
    for baris in kiriman:
        nomor = baris.get("tugas")
        tugas = semua.get(nomor) if isinstance(nomor, int) else None
        if tugas is None or tugas.pk in dilihat:
            raise ValidationError(_("Tugas lapangan tidak dikenal dalam kiriman ini."))
        dilihat.add(tugas.pk)
        if tugas.status != StatusTugas.TERBUKA:
            continue
        label = tugas.judul
        j = Jawaban(
            tugas=tugas,
            ditemukan=_ya_tidak(
                baris.get("ditemukan"),
                _("Pilih ditemukan atau tidak ditemukan untuk %(t)s.") % {"t": label},
            ),
        )
        if tugas.jenis == JenisTugas.SANGGAH:
            _sanggah(j, baris, penerima, temuan)
        else:
            _usul(j, baris, keluarga, penerima, temuan, hasil_kunjungan)
        jawaban.append(j)
    return jawaban


def _sanggah(j: Jawaban, baris: dict, penerima: list[Penerima], temuan: list[Temuan]) -> None:
    p = penerima_tugas(j.tugas, penerima)
    sudah = next((t for t in temuan if p is not None and t.penerima == p), None)
    if sudah is not None:
        j.temuan = sudah  # the recipient's verification on the form is the answer
        return
    j.hasil, j.alasan, j.alasan_lain = hasil_bersihkan(
        label=j.tugas.judul,
        hasil=baris.get("hasil"),
        alasan=baris.get("alasan"),
        alasan_lain=baris.get("alasan_lain"),
    )
    if p is not None:  # a recipient the phone's form did not show: verified by the task
        j.temuan = Temuan(
            penerima=p,
            periode=p.periode,
            jenis=JenisVerifikasi.VERIFIKASI,
            hasil=j.hasil,
            alasan=j.alasan,
            alasan_lain=j.alasan_lain,
            anggota=p.anggota,
        )
        temuan.append(j.temuan)
        j.hasil = j.alasan = j.alasan_lain = ""


def _usul(
    j: Jawaban,
    baris: dict,
    keluarga: Keluarga,
    penerima: list[Penerima],
    temuan: list[Temuan],
    hasil_kunjungan: str,
) -> None:
    t = j.tugas
    j.diusulkan = _ya_tidak(
        baris.get("diusulkan"), _("Pilih diusulkan atau tidak untuk %(t)s.") % {"t": t.judul}
    )
    if not j.diusulkan:
        return
    if hasil_kunjungan != HasilKunjungan.DITEMUI:
        raise ValidationError(
            _(
                "%(t)s: keluarga hanya bisa diusulkan bila ditemui (hasil kunjungan "
                "\u201cBertemu anggota keluarga\u201d) dan data rumahnya dicatat."
            )
            % {"t": t.judul}
        )
    if t.program_id is None:
        return
    periode = next(
        (p for p in program_usulan(keluarga, penerima) if p.program_id == t.program_id), None
    )
    if periode is None:  # the family already receives it, or it takes no proposals now
        return
    sudah = next(
        (x for x in temuan if x.jenis == JenisVerifikasi.USULAN and x.periode == periode), None
    )
    if sudah is not None:
        j.temuan = sudah
        return
    keterangan = f"{t.get_jenis_display()} {t.sumber} {t.referensi}: {t.keluhan}"
    j.temuan = Temuan(
        penerima=None,
        periode=periode,
        jenis=JenisVerifikasi.USULAN,
        hasil=Kelayakan.LAYAK,
        keterangan=keterangan[:MAKS_KETERANGAN],
    )
    temuan.append(j.temuan)


def tugas_simpan(
    *, kunjungan: Kunjungan, jawaban: list[Jawaban], temuan: list[Temuan], baru: list[Verifikasi]
) -> None:
    """Record the answers on their tasks (inside the visit's transaction); `baru` are the
    saved findings, in the order of `temuan`. A task answered meanwhile is left."""
    if not jawaban:
        return
    terbuka = set(
        TugasLapangan.objects.select_for_update()
        .filter(pk__in=[j.tugas.pk for j in jawaban], status=StatusTugas.TERBUKA)
        .values_list("pk", flat=True)
    )
    indeks = {id(t): i for i, t in enumerate(temuan)}
    for j in jawaban:
        if j.tugas.pk not in terbuka:
            continue
        t = j.tugas
        t.status, t.kunjungan = StatusTugas.MENUNGGU, kunjungan
        t.ditemukan, t.diusulkan = j.ditemukan, j.diusulkan
        t.hasil, t.alasan, t.alasan_lain = j.hasil, j.alasan, j.alasan_lain
        t.verifikasi = baru[indeks[id(j.temuan)]] if j.temuan is not None else None
        t.save()


def tugas_selesaikan(*, kunjungan: Kunjungan) -> None:
    """The visit was approved: the tasks it answered are done."""
    for t in TugasLapangan.objects.filter(kunjungan=kunjungan, status=StatusTugas.MENUNGGU):
        t.status = StatusTugas.SELESAI
        t.save(update_fields=["status", "updated_at"])


def tugas_buka_lagi(*, kunjungan: Kunjungan) -> None:
    """The visit was rejected: the tasks it answered are open again for the next visit."""
    for t in TugasLapangan.objects.filter(kunjungan=kunjungan, status=StatusTugas.MENUNGGU):
        t.status, t.kunjungan, t.verifikasi = StatusTugas.TERBUKA, None, None
        t.ditemukan = t.diusulkan = None
        t.hasil = t.alasan = t.alasan_lain = ""
        t.save()


def hasil_tugas_teks(t: TugasLapangan) -> str:
    """A task's answer in words, for the review page and the lists."""
    if t.ditemukan is None:
        return ""
    bagian = [_("Ditemukan") if t.ditemukan else _("Tidak ditemukan")]
    if t.verifikasi is not None and t.verifikasi.jenis == JenisVerifikasi.VERIFIKASI:
        v = t.verifikasi
        bagian.append(v.get_hasil_display() + (f" ({v.alasan_teks})" if v.alasan else ""))
    elif t.hasil:
        bagian.append(t.get_hasil_display() + (f" ({t.alasan_teks})" if t.alasan else ""))
    if t.diusulkan is not None:
        bagian.append(_("diusulkan") if t.diusulkan else _("tidak diusulkan"))
    return "; ".join(str(b) for b in bagian)


def tugas_perbaiki(*, kunjungan: Kunjungan, jawaban: dict[int, dict]) -> list[str]:
    """The officer's fix of a returned visit: a sanggah answered on its own (no recipient
    verification holds its answer) gets a new layak / tidak layak. Returns the changes
    in words, for the visit's history. Inside the fix's transaction."""
    perubahan = []
    tugas = TugasLapangan.objects.filter(
        kunjungan=kunjungan,
        status=StatusTugas.MENUNGGU,
        jenis=JenisTugas.SANGGAH,
        verifikasi__isnull=True,
    )
    for t in tugas:
        baru = jawaban.get(t.pk)
        if baru is None:
            continue
        sebelum = hasil_tugas_teks(t)
        t.hasil, t.alasan, t.alasan_lain = hasil_bersihkan(
            label=t.judul,
            hasil=baru.get("hasil"),
            alasan=baru.get("alasan"),
            alasan_lain=baru.get("alasan_lain"),
        )
        sesudah = hasil_tugas_teks(t)
        if sesudah != sebelum:
            t.save(update_fields=["hasil", "alasan", "alasan_lain", "updated_at"])
            perubahan.append(f"{t.judul}: {sebelum} \u2192 {sesudah}")
    return perubahan
