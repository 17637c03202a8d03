"""Flags for the reviewer: what about a visit deserves a second look, in plain Indonesian.

Computed when a visit is saved and again after each of its photos is
processed (the photo checks need the worker's EXIF and perceptual hash).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from dasbor.tandai import ringkasan_tandai
from dasbor.tembolok import versi_naikkan_saat_commit
from pendataan.models import FotoKunjungan, Kunjungan, StatusFoto
from wilayah import geo
from wilayah.models import RW, SumberTitik

JARAK_RW_M = 1000  # from an RW point set on the map, when its boundary is not known
# From a centre learned from approved visits: twice the distance holding 90% of them,
# at least this (an RW of a few dozen houses still has a street or two of room).
JARAK_RW_BELAJAR_MIN_M = 250
JARAK_TITIK_LAMA_M = 150  # from the family's earlier point
AKURASI_LEMAH_M = 50
SELISIH_EXIF_JAM = 24
KUNJUNGAN_SINGKAT_DETIK = 60
HAMMING_SAMA = 4  # perceptual hashes this close are the same picture


def _b(kode: str, pesan: str) -> dict:
    return {"kode": kode, "pesan": pesan}


def _bendera_gps(k: Kunjungan) -> list[dict]:
    if k.latitude is None:
        return [
            _b("tanpa_gps", _("Tanpa titik GPS. Alasan petugas: %(a)s") % {"a": k.alasan_tanpa_gps})
        ]
    hasil = []
    lat, lng = float(k.latitude), float(k.longitude)
    if k.akurasi_m is not None and k.akurasi_m > AKURASI_LEMAH_M:
        hasil.append(_b("gps_lemah", _("Akurasi GPS lemah: %(m)d m.") % {"m": k.akurasi_m}))
    hasil += _bendera_rw(k.rw, lat, lng)
    titik_lama = _titik_lama(k)
    if titik_lama is not None:
        jarak = geo.jarak_m(lat, lng, *titik_lama)
        if jarak > JARAK_TITIK_LAMA_M:
            hasil.append(
                _b(
                    "jauh_dari_titik_lama",
                    _("Titik GPS %(m)d m dari titik rumah yang tercatat sebelumnya.")
                    % {"m": round(jarak)},
                )
            )
    return hasil


def _bendera_rw(rw: RW, lat: float, lng: float) -> list[dict]:
    """A point away from the RW, by the best the portal knows of where the RW is: its
    drawn boundary; else its kelurahan's boundary, then a real point (set on the map or
    learned from approved visits). An estimated point is never used (see area_rw)."""
    if rw.batas:
        jarak = geo.jarak_ke_batas_m(rw.batas, lat, lng)
        if jarak <= geo.TOLERANSI_BATAS_M:
            return []
        return [
            _b(
                "jauh_dari_rw",
                _("Titik GPS %(m)d m di luar batas RW yang digambar di peta.")
                % {"m": round(jarak)},
            )
        ]
    kelurahan = rw.kelurahan
    if kelurahan.batas and not geo.dalam_batas(kelurahan.batas, lat, lng):
        jarak = geo.jarak_ke_batas_m(kelurahan.batas, lat, lng)
        return [
            _b(
                "jauh_dari_rw",
                _("Titik GPS %(m)d m di luar batas kelurahan %(kel)s, tempat RW ini berada.")
                % {"m": round(jarak), "kel": kelurahan.nama},
            )
        ]
    if rw.latitude is None or rw.titik_sumber == SumberTitik.ESTIMASI:
        return []
    jarak = geo.jarak_m(lat, lng, float(rw.latitude), float(rw.longitude))
    if rw.titik_sumber == SumberTitik.DITETAPKAN:
        if jarak <= JARAK_RW_M:
            return []
        pesan = _(
            "Titik GPS %(m)d m dari titik RW yang ditetapkan di peta (batas %(batas)d m)."
        ) % {"m": round(jarak), "batas": JARAK_RW_M}
        return [_b("jauh_dari_rw", pesan)]
    batas = max(2 * (rw.sebaran_m or 0), JARAK_RW_BELAJAR_MIN_M)
    if jarak <= batas:
        return []
    pesan = _(
        "Titik GPS %(m)d m dari pusat RW, lebih dari %(batas)d m. Pusat dihitung dari "
        "%(n)d titik kunjungan yang disetujui; 90%% di antaranya dalam %(r)d m, batasnya "
        "dua kali jarak itu."
    ) % {"m": round(jarak), "batas": batas, "n": rw.jumlah_titik, "r": rw.sebaran_m or 0}
    return [_b("jauh_dari_rw", pesan)]


def _titik_lama(k: Kunjungan) -> tuple[float, float] | None:
    """The family's recorded point, else the point of its latest earlier visit."""
    keluarga = k.keluarga
    if keluarga.latitude is not None:
        return float(keluarga.latitude), float(keluarga.longitude)
    sebelumnya = Kunjungan.objects.filter(keluarga_id=k.keluarga_id, latitude__isnull=False)
    if k.pk is not None:  # a visit being saved: every earlier visit is earlier
        sebelumnya = sebelumnya.exclude(pk=k.pk).filter(created_at__lt=k.created_at)
    sebelumnya = sebelumnya.order_by("-created_at").values_list("latitude", "longitude").first()
    return (float(sebelumnya[0]), float(sebelumnya[1])) if sebelumnya else None


def _bendera_foto(k: Kunjungan, semua: list[FotoKunjungan]) -> list[dict]:
    hasil = []
    waktu_kunjungan = k.dikirim_at or k.created_at
    fotos = [f for f in semua if f.status == StatusFoto.SELESAI]
    for foto in fotos:
        label = foto.get_jenis_display()
        if foto.phash:
            sama = _foto_sama(foto, k)
            if sama is not None:
                hasil.append(
                    _b(
                        "foto_dipakai_ulang",
                        _("Foto %(jenis)s sama dengan foto kunjungan keluarga lain (%(tgl)s).")
                        % {"jenis": label, "tgl": f"{sama.kunjungan.created_at:%d-%m-%Y}"},
                    )
                )
        if not foto.exif_kamera and foto.exif_waktu is None:
            hasil.append(
                _b(
                    "tanpa_exif",
                    _(
                        "Foto %(jenis)s tanpa data kamera: mungkin dari galeri, bukan difoto di "
                        "tempat."
                    )
                    % {"jenis": label},
                )
            )
        elif foto.exif_waktu and waktu_kunjungan:
            selisih = abs((waktu_kunjungan - foto.exif_waktu).total_seconds()) / 3600
            if selisih > SELISIH_EXIF_JAM:
                hasil.append(
                    _b(
                        "foto_lama",
                        _("Foto %(jenis)s diambil %(jam)d jam dari waktu kunjungan.")
                        % {"jenis": label, "jam": round(selisih)},
                    )
                )
    for f in semua:
        if f.status == StatusFoto.GAGAL:
            hasil.append(
                _b(
                    "foto_gagal",
                    _("Foto %(jenis)s bukan gambar yang sah.") % {"jenis": f.get_jenis_display()},
                )
            )
    return hasil


def _foto_sama(foto: FotoKunjungan, k: Kunjungan) -> FotoKunjungan | None:
    """A processed photo of another family's visit with (nearly) the same perceptual hash."""
    nilai = int(foto.phash, 16)
    lain = (
        FotoKunjungan.objects.filter(status=StatusFoto.SELESAI)
        .exclude(kunjungan__keluarga_id=k.keluarga_id)
        .exclude(phash="")
        .select_related("kunjungan")
        .only("phash", "kunjungan__created_at")
    )
    # Exact matches come from the index; near ones need the distance (kept to this RW's
    # kecamatan, where a reused picture would be passed off).
    tepat = lain.filter(phash=foto.phash).first()
    if tepat:
        return tepat
    for kandidat in lain.filter(kunjungan__rw__kelurahan__kecamatan_id=k.rw.kelurahan.kecamatan_id):
        if bin(nilai ^ int(kandidat.phash, 16)).count("1") <= HAMMING_SAMA:
            return kandidat
    return None


def bendera_hitung(*, kunjungan: Kunjungan, foto: list[FotoKunjungan] | None = None) -> list[dict]:
    """`foto`: the visit's photos when the caller knows them (none, for a visit just
    saved: photos follow it); else they are read."""
    k = kunjungan
    hasil = _bendera_gps(k)
    if k.dibuka_at and k.dikirim_at:
        detik = (k.dikirim_at - k.dibuka_at).total_seconds()
        if detik < KUNJUNGAN_SINGKAT_DETIK:
            hasil.append(
                _b(
                    "terlalu_singkat",
                    _("Kunjungan hanya %(d)d detik.") % {"d": max(0, round(detik))},
                )
            )
    return hasil + _bendera_foto(k, list(k.foto_set.all()) if foto is None else foto)


def bendera_perbarui(
    *, kunjungan: Kunjungan, foto: list[FotoKunjungan] | None = None
) -> list[dict]:
    """Recompute and store a visit's flags; returns them ([{"kode", "pesan"}])."""
    bendera = bendera_hitung(kunjungan=kunjungan, foto=foto)
    if bendera != kunjungan.bendera:
        Kunjungan.objects.filter(pk=kunjungan.pk).update(
            bendera=bendera, jumlah_bendera=len(bendera)
        )
        if bool(bendera) != bool(kunjungan.jumlah_bendera):  # the dashboards count flagged visits
            ringkasan_tandai(rw_ids=[kunjungan.rw_id])
        else:  # the review queue shows the flags themselves
            versi_naikkan_saat_commit(rw_ids=[kunjungan.rw_id])
        kunjungan.bendera, kunjungan.jumlah_bendera = bendera, len(bendera)
    return bendera
