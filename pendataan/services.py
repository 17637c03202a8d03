"""Writes of pendataan: an officer's visit, saved once however often the phone retries."""

from __future__ import annotations

import datetime
import hashlib
import json
import uuid as uuidlib
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from akun.models import User
from bansos.tugas.kunjungan import tugas_periksa, tugas_simpan
from bansos.verifikasi import temuan_periksa, temuan_simpan
from dasbor.tandai import ringkasan_tandai
from pendataan.bendera import bendera_hitung
from pendataan.models import (
    AksiAnggota,
    AksiPemeriksaan,
    AnggotaKeluarga,
    CatatanAnggota,
    HasilKunjungan,
    JenisFoto,
    Keluarga,
    Kunjungan,
    RiwayatKunjungan,
)
from pendataan.nik import samarkan, validate_nik
from pendataan.variabel import variabel_bersihkan
from petugas.selectors import penugasan_aktif_for
from wilayah import geo

# A point this far outside the RW's kelurahan is not a slip of the GPS but a
# wrong point (the sea, another town): refused, the officer takes it again.
BATAS_LUAR_KELURAHAN_M = 5000
MAKS_CATATAN = 2000


def sidik(data: dict) -> str:
    """A hash of a submitted visit, to tell a retry from a different visit."""
    return hashlib.sha256(
        json.dumps(data, sort_keys=True, separators=(",", ":"), default=str).encode()
    ).hexdigest()


def _tanggal(nilai, pesan: str) -> datetime.date | None:
    if not nilai:
        return None
    tanggal = parse_date(str(nilai)) if isinstance(nilai, str) else None
    if tanggal is None or tanggal > timezone.localdate():
        raise ValidationError(pesan)
    return tanggal


def _waktu(nilai) -> datetime.datetime | None:
    if not nilai:
        return None
    try:
        waktu = parse_datetime(str(nilai))
        if waktu is not None and not timezone.is_aware(waktu):
            waktu = timezone.make_aware(waktu)
        if waktu is not None and abs(waktu - timezone.now()) > datetime.timedelta(days=366):
            waktu = None
    except (ValueError, OverflowError):
        waktu = None
    if waktu is None:
        raise ValidationError(_("Waktu dari ponsel tidak masuk akal; periksa jam ponsel."))
    return waktu


def _titik(data: dict, keluarga: Keluarga) -> tuple[Decimal | None, Decimal | None, int | None]:
    lat, lng = data.get("latitude"), data.get("longitude")
    if lat in (None, "") and lng in (None, ""):
        if not str(data.get("alasan_tanpa_gps") or "").strip():
            raise ValidationError(
                _("Titik GPS belum diambil. Ambil titik, atau tulis alasan tanpa titik.")
            )
        return None, None, None
    try:
        lat, lng = (
            Decimal(str(lat)).quantize(Decimal("0.000001")),
            Decimal(str(lng)).quantize(Decimal("0.000001")),
        )
        akurasi = data.get("akurasi_m")
        akurasi = None if akurasi in (None, "") else max(0, round(float(akurasi)))
        if akurasi is not None and akurasi > MAKS_AKURASI_M:
            raise ValueError
    except (InvalidOperation, ValueError, TypeError, OverflowError) as exc:
        raise ValidationError(_("Titik GPS tidak terbaca. Ambil ulang titiknya.")) from exc
    if not (lat.is_finite() and lng.is_finite() and -90 <= lat <= 90 and -180 <= lng <= 180):
        raise ValidationError(_("Titik GPS tidak terbaca. Ambil ulang titiknya."))
    kelurahan, rw = keluarga.rw.kelurahan, keluarga.rw
    jarak = None
    if kelurahan.batas:
        jarak = geo.jarak_ke_batas_m(kelurahan.batas, float(lat), float(lng))
    elif rw.latitude is not None:  # no boundary: measure from the RW's centre, more loosely
        jarak = geo.jarak_m(float(lat), float(lng), float(rw.latitude), float(rw.longitude))
        jarak -= BATAS_LUAR_KELURAHAN_M
    if jarak is not None and jarak > BATAS_LUAR_KELURAHAN_M:
        raise ValidationError(
            _(
                "Titik GPS %(km)s km di luar kelurahan %(kel)s (mungkin di laut atau kota "
                "lain). Ambil ulang titik di depan rumah."
            )
            % {"km": f"{jarak / 1000:.0f}", "kel": kelurahan.nama}
        )
    return lat, lng, akurasi


def _catatan_anggota(data: dict, anggota_list: list[AnggotaKeluarga]) -> list[CatatanAnggota]:
    anggota = {a.pk: a for a in anggota_list}
    catatan = []
    for baris in data.get("anggota") or []:
        try:
            pk = int(baris.get("id"))
        except (TypeError, ValueError):
            pk = None
        if pk not in anggota:
            raise ValidationError(_("Anggota keluarga tidak dikenal dalam kiriman ini."))
        aksi = baris.get("aksi")
        if aksi not in (AksiAnggota.TETAP, AksiAnggota.MENINGGAL, AksiAnggota.PINDAH):
            raise ValidationError(_("Status anggota tidak dikenal."))
        tanggal = None
        if aksi == AksiAnggota.MENINGGAL:
            tanggal = _tanggal(
                baris.get("tanggal"),
                _("Tanggal meninggal %(nama)s wajib diisi dan tidak boleh di masa depan.")
                % {"nama": anggota[pk].nama},
            )
            if tanggal is None:
                raise ValidationError(
                    _("Tanggal meninggal %(nama)s wajib diisi.") % {"nama": anggota[pk].nama}
                )
        catatan.append(CatatanAnggota(anggota=anggota[pk], aksi=aksi, tanggal=tanggal))
    nik_keluarga = {a.nik for a in anggota.values()}
    nik_baru: set[str] = set()
    for baris in data.get("anggota_baru") or []:
        nama = str(baris.get("nama") or "").strip()[:150]
        try:
            nik = validate_nik(str(baris.get("nik") or "")).nik
        except ValueError as exc:
            raise ValidationError(
                _("NIK anggota baru %(nama)s: %(err)s") % {"nama": nama or "-", "err": exc}
            ) from exc
        if not nama:
            raise ValidationError(_("Nama anggota baru wajib diisi."))
        # Whether this NIK is in another family is not told here (that would reveal who
        # is in the welfare register anywhere in the city); the reviewer checks it.
        if nik in nik_keluarga or nik in nik_baru:
            raise ValidationError(
                _("NIK %(nik)s sudah ada di keluarga ini atau ganda dalam kiriman.")
                % {"nik": samarkan(nik)}
            )
        nik_baru.add(nik)
        catatan.append(CatatanAnggota(aksi=AksiAnggota.BARU, nik=nik, nama=nama))
    return catatan


def _foto_diharapkan(data: dict) -> list[dict]:
    hasil = []
    for foto in data.get("foto") or []:
        try:
            foto_uuid = str(uuidlib.UUID(str(foto.get("uuid"))))
        except (ValueError, AttributeError) as exc:
            raise ValidationError(_("Kode foto tidak sah.")) from exc
        if foto.get("jenis") not in JenisFoto.values:
            raise ValidationError(_("Jenis foto tidak dikenal."))
        hasil.append({"uuid": foto_uuid, "jenis": foto["jenis"]})
    return hasil


BENTUK = {
    "anggota": list,
    "anggota_baru": list,
    "variabel": dict,
    "foto": list,
    "catatan": str,
    "alasan_tanpa_gps": str,
    "hasil": str,
    "verifikasi": list,
    "usulan": list,
    "tugas": list,
}
MAKS_AKURASI_M = 100_000


class KonflikKunjungan(ValidationError):
    """The visit's UUID is taken by a visit with other content."""


def _periksa_bentuk(data: dict) -> None:
    """The shape of what the phone sent, before any field is read: a wrong shape is a
    broken or forged request, answered with a message, never a crash."""
    rusak = ValidationError(_("Kiriman rusak; muat ulang formulir lalu kirim lagi."))
    for kunci, jenis in BENTUK.items():
        nilai = data.get(kunci)
        if nilai is not None and not isinstance(nilai, jenis):
            raise rusak
    for kunci in ("anggota", "anggota_baru", "foto", "verifikasi", "usulan", "tugas"):
        if any(not isinstance(x, dict) for x in data.get(kunci) or []):
            raise rusak
    for kunci in ("latitude", "longitude", "akurasi_m", "dibuka_at", "dikirim_at"):
        if not isinstance(data.get(kunci), (str, int, float, type(None))):
            raise rusak


def _kunjungan_yang_ada(
    ada: Kunjungan, *, keluarga: Keluarga, petugas_id: int, tanda: str
) -> Kunjungan:
    """A visit whose UUID is already saved: the same one resent, or a conflict.

    A resend is the same content from the same officer for the same family; the
    same UUID at another family's address is not "already saved" there."""
    if ada.keluarga_id != keluarga.pk:
        raise KonflikKunjungan(
            _(
                "Kode kunjungan ini sudah dipakai untuk kunjungan ke keluarga lain; "
                "kunjungan ini tidak disimpan. Buat kunjungan baru dari halaman keluarga."
            )
        )
    if ada.sidik != tanda or ada.petugas_id != petugas_id:
        raise KonflikKunjungan(
            _("Kode kunjungan ini sudah dipakai untuk kunjungan lain dengan isi berbeda.")
        )
    return ada


def kunjungan_simpan(*, user: User, keluarga: Keluarga, data: dict) -> tuple[Kunjungan, bool]:
    """Save a visit sent from the phone. Returns (visit, created).

    The same UUID with the same content returns the visit already saved (a
    retry after a timeout); with other content it is refused. Everything is
    checked before anything is written.
    """
    _periksa_bentuk(data)
    try:
        kunjungan_uuid = uuidlib.UUID(str(data.get("uuid")))
    except ValueError as exc:
        raise ValidationError(_("Kode kunjungan (UUID) tidak sah.")) from exc
    # the officer's id only (no joins to build)
    petugas_id = (
        penugasan_aktif_for(user)
        .filter(rw=keluarga.rw_id)
        .values_list("petugas_id", flat=True)
        .first()
    )
    if petugas_id is None:
        raise ValidationError(
            _("Anda tidak sedang ditugaskan di RW keluarga ini; kunjungan tidak disimpan.")
        )
    isi = {k: v for k, v in data.items() if k != "uuid"}
    tanda = sidik(isi)
    ada = Kunjungan.objects.filter(uuid=kunjungan_uuid).first()
    if ada is not None:
        return _kunjungan_yang_ada(
            ada, keluarga=keluarga, petugas_id=petugas_id, tanda=tanda
        ), False

    hasil = data.get("hasil")
    if hasil not in HasilKunjungan.values:
        raise ValidationError(_("Pilih hasil kunjungan."))
    lat, lng, akurasi = _titik(data, keluarga)
    anggota = list(keluarga.anggota_set.all())
    perubahan, salah = variabel_bersihkan(
        data.get("variabel"),
        anggota={a.pk: a.nama for a in anggota},
        sekarang_keluarga=keluarga.variabel,
        sekarang_anggota={a.pk: a.variabel for a in anggota},
    )
    if salah:
        raise ValidationError(salah)
    catatan = _catatan_anggota(data, anggota)
    temuan = temuan_periksa(keluarga=keluarga, data=data)
    jawaban_tugas = tugas_periksa(
        keluarga=keluarga, data=data, hasil_kunjungan=hasil, temuan=temuan
    )
    catatan_teks = str(data.get("catatan") or "").strip()
    if len(catatan_teks) > MAKS_CATATAN:
        raise ValidationError(_("Catatan terlalu panjang (maksimal 2.000 huruf)."))
    kunjungan = Kunjungan(
        uuid=kunjungan_uuid,
        sidik=tanda,
        keluarga=keluarga,
        petugas_id=petugas_id,
        rw=keluarga.rw,
        hasil=hasil,
        variabel=perubahan,
        catatan=catatan_teks,
        latitude=lat,
        longitude=lng,
        akurasi_m=akurasi,
        alasan_tanpa_gps="" if lat is not None else str(data.get("alasan_tanpa_gps")).strip()[:255],
        foto_diharapkan=_foto_diharapkan(data),
        dibuka_at=_waktu(data.get("dibuka_at")),
        dikirim_at=_waktu(data.get("dikirim_at")),
    )
    # its flags before it is saved (its photos follow it, none is here yet): one write,
    # and the dashboards' count of flagged visits is right from the first recompute
    kunjungan.bendera = bendera_hitung(kunjungan=kunjungan, foto=[])
    kunjungan.jumlah_bendera = len(kunjungan.bendera)
    try:
        with transaction.atomic():
            kunjungan.save()
            for c in catatan:
                c.kunjungan = kunjungan
            CatatanAnggota.objects.bulk_create(catatan)
            baru = temuan_simpan(kunjungan=kunjungan, temuan=temuan)
            tugas_simpan(kunjungan=kunjungan, jawaban=jawaban_tugas, temuan=temuan, baru=baru)
            RiwayatKunjungan.objects.create(
                kunjungan=kunjungan, aksi=AksiPemeriksaan.DIKIRIM, oleh=user
            )
            ringkasan_tandai(rw_ids=[keluarga.rw_id])
    except IntegrityError:
        # the same visit arrived twice at the same moment: the other request saved it
        ada = Kunjungan.objects.filter(uuid=kunjungan_uuid).first()
        if ada is None:
            raise
        return _kunjungan_yang_ada(
            ada, keluarga=keluarga, petugas_id=petugas_id, tanda=tanda
        ), False
    return kunjungan, True


def foto_kurang(kunjungan: Kunjungan) -> list[dict]:
    """The photos the phone announced that have not arrived yet."""
    if not kunjungan.foto_diharapkan:
        return []
    ada = {str(u) for u in kunjungan.foto_set.values_list("foto_uuid", flat=True)}
    return [f for f in kunjungan.foto_diharapkan if f["uuid"] not in ada]
