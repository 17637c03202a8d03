"""Who sees the ground-check tasks, placing a task in a family, and Dinsos's own entry."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from akun.access import peran_efektif
from akun.models import Peran, User
from bansos.models import StatusTugas, TugasLapangan
from bansos.tugas.periksa import DataTugas
from dasbor.tandai import ringkasan_tandai
from pendataan.models import AnggotaKeluarga, Keluarga
from pendataan.nik import samarkan

PERAN_TUGAS = {Peran.DINSOS, Peran.SUPERADMIN}


def tugas_for(user: User) -> QuerySet[TugasLapangan]:
    """Dinsos (and superadmin) see every task, the unplaced ones included; nobody else
    lists them (the officer meets a task on their worklist and visit form)."""
    if peran_efektif(user) not in PERAN_TUGAS:
        return TugasLapangan.objects.none()
    return TugasLapangan.objects.select_related(
        "program", "keluarga__rw__kelurahan", "kunjungan", "verifikasi"
    ).defer("keluarga__rw__kelurahan__batas")


def tempatkan(daftar: list[DataTugas]) -> list[tuple[Keluarga | None, str]]:
    """Each task's family, by its KK number, else its NIK; with the reason in words when
    there is none (two queries for the whole list)."""
    per_kk = {
        k.nomor_kk: k
        for k in Keluarga.objects.filter(nomor_kk__in={d.nomor_kk for d in daftar if d.nomor_kk})
        .select_related("rw")
        .order_by()
    }
    per_nik = {
        a.nik: a.keluarga
        for a in AnggotaKeluarga.objects.filter(nik__in={d.nik for d in daftar if d.nik})
        .select_related("keluarga__rw")
        .order_by()
    }
    hasil: list[tuple[Keluarga | None, str]] = []
    for d in daftar:
        dari_kk = per_kk.get(d.nomor_kk) if d.nomor_kk else None
        dari_nik = per_nik.get(d.nik) if d.nik else None
        if dari_kk is not None and dari_nik is not None and dari_kk.pk != dari_nik.pk:
            pesan = _(
                "NIK %(nik)s tercatat di KK lain, bukan KK %(kk)s: masuk daftar tidak "
                "terpetakan untuk diperiksa Dinsos."
            ) % {"nik": samarkan(d.nik), "kk": samarkan(d.nomor_kk)}
            hasil.append((None, pesan))
        elif dari_kk is not None or dari_nik is not None:
            hasil.append((dari_kk or dari_nik, ""))
        else:
            hasil.append((None, _tidak_dikenal(d)))
    return hasil


def _tidak_dikenal(d: DataTugas) -> str:
    if d.nomor_kk and d.nik:
        nama = _("KK %(kk)s dan NIK %(nik)s") % {
            "kk": samarkan(d.nomor_kk),
            "nik": samarkan(d.nik),
        }
    elif d.nomor_kk:
        nama = _("KK %(kk)s") % {"kk": samarkan(d.nomor_kk)}
    else:
        nama = _("NIK %(nik)s") % {"nik": samarkan(d.nik)}
    return _(
        "%(nama)s tidak ada di keluarga mana pun di portal, jadi tidak bisa ditempatkan di "
        "RW: masuk daftar tidak terpetakan untuk Dinsos."
    ) % {"nama": nama}


def tugas_baru(d: DataTugas, keluarga: Keluarga | None, oleh: User) -> TugasLapangan:
    """A task as it will be saved (not saved yet)."""
    return TugasLapangan(
        jenis=d.jenis,
        sumber=d.sumber,
        tanggal=d.tanggal,
        referensi=d.referensi or f"PORTAL-{d.tanggal:%Y%m%d}-{secrets.token_hex(3).upper()}",
        nik=d.nik,
        nomor_kk=d.nomor_kk,
        keluarga=keluarga,
        program=d.program,
        keluhan=d.keluhan,
        status=StatusTugas.TERBUKA if keluarga is not None else StatusTugas.TIDAK_TERPETAKAN,
        dibuat_oleh=oleh,
    )


def tugas_buat(*, data: DataTugas, oleh: User) -> tuple[TugasLapangan, str]:
    """Dinsos enters one task by hand. Returns (task, why it is unplaced, or "").
    The same source and reference twice is refused: it is one complaint."""
    [(keluarga, pesan)] = tempatkan([data])
    tugas = tugas_baru(data, keluarga, oleh)
    if TugasLapangan.objects.filter(sumber=tugas.sumber, referensi=tugas.referensi).exists():
        raise ValidationError(_referensi_ganda(tugas))
    try:
        with transaction.atomic():
            tugas.save()
            if keluarga is not None:
                ringkasan_tandai(rw_ids=[keluarga.rw_id])
    except IntegrityError as exc:  # the same form sent twice at one moment
        raise ValidationError(_referensi_ganda(tugas)) from exc
    return tugas, pesan


def _referensi_ganda(tugas: TugasLapangan) -> str:
    return _(
        "Tugas dari %(sumber)s dengan referensi %(ref)s sudah tercatat; tidak dibuat lagi."
    ) % {"sumber": tugas.sumber, "ref": tugas.referensi}


def tugas_tempatkan_ulang() -> int:
    """Place the unplaced tasks whose NIK or KK is now in a family (the family was
    imported since). Returns how many were placed."""
    with transaction.atomic():
        tugas = list(
            TugasLapangan.objects.select_for_update().filter(status=StatusTugas.TIDAK_TERPETAKAN)
        )
        data = [
            DataTugas(t.jenis, t.sumber, t.tanggal, t.referensi, t.nik, t.nomor_kk, None, "")
            for t in tugas
        ]
        rw_ids = []
        for t, (keluarga, _pesan) in zip(tugas, tempatkan(data), strict=True):
            if keluarga is None:
                continue
            t.keluarga, t.status = keluarga, StatusTugas.TERBUKA
            t.save(update_fields=["keluarga", "status", "updated_at"])
            rw_ids.append(keluarga.rw_id)
        ringkasan_tandai(rw_ids=rw_ids)
    return len(rw_ids)
