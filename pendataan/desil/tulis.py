"""Pass 2 of a desil file: matched to families a batch at a time, written set-based.

Every batch is a few statements whatever its size (the families by KK, by NIK, their
stored rankings, one insert, one update), and the desil in force is copied onto the
families it changed with one UPDATE per batch of them: a file of 300,000 families is
some hundreds of statements, not a query per row. On PostgreSQL the matched rows go
to a TEMP table (COPY) and are written with two statements (postgres.py).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from bansos.impor import progres
from pendataan.desil.periksa import JENIS_PROGRES, BarisDesil, Laporan
from pendataan.desil.postgres import postgres_siapkan, postgres_tampung, postgres_tulis
from pendataan.models import AnggotaKeluarga, DesilKeluarga, ImporDesil, Keluarga
from pendataan.nik import samarkan

BATCH = 5000


def hasil_kosong() -> dict:
    return {"baru": 0, "diperbarui": 0, "tetap": 0, "tidak_dikenal": 0, "keluarga_diubah": 0}


def tulis(impor: ImporDesil, baris: list[BarisDesil], laporan: Laporan) -> dict:
    """Write the checked rows; to run inside the caller's transaction. Rows whose family
    the portal does not know go to `laporan` and are left out."""
    hasil = hasil_kosong()
    # (family, date) -> row: one family named by its KK in one row and by its head's NIK
    # in another, for the same date, is written once
    tertulis: dict[tuple[int, object], int] = {}
    berubah: set[int] = set()
    postgres = connection.vendor == "postgresql"
    if postgres:
        postgres_siapkan()
    for i in range(0, len(baris), BATCH):
        batch = baris[i : i + BATCH]
        cocok = _cocokkan(batch, laporan, tertulis)
        hasil["tidak_dikenal"] += len(batch) - len(cocok)
        if postgres:
            postgres_tampung(cocok)
        else:
            berubah |= _simpan(impor, cocok, hasil)
        progres.catat(impor.pk, i + len(batch), jenis=JENIS_PROGRES)
    if postgres:
        hasil["keluarga_diubah"] = postgres_tulis(impor, hasil)
    else:
        hasil["keluarga_diubah"] = perbarui_desil_keluarga(berubah)
    return hasil


def _cocokkan(
    batch: list[BarisDesil], laporan: Laporan, tertulis: dict
) -> list[tuple[int, BarisDesil]]:
    """Each row's family id; the rows that name none (or two) are reported."""
    per_kk = dict(
        Keluarga.objects.filter(nomor_kk__in={b.kk for b in batch if b.kk})
        .order_by()  # the model's ordering joins the RW and its kelurahan: not needed here
        .values_list("nomor_kk", "pk")
    )
    per_nik = dict(
        AnggotaKeluarga.objects.filter(nik__in={b.nik for b in batch if b.nik})
        .order_by()
        .values_list("nik", "keluarga_id")
    )
    cocok = []
    for b in batch:
        dari_kk = per_kk.get(b.kk) if b.kk else None
        dari_nik = per_nik.get(b.nik) if b.nik else None
        if b.kk and dari_kk is None:
            laporan.catat(
                b.number,
                _("KK %(kk)s tidak dikenal di portal: baris ini dilewati.")
                % {"kk": samarkan(b.kk)},
            )
            continue
        if not b.kk and dari_nik is None:
            laporan.catat(
                b.number,
                _("NIK %(nik)s tidak ada di keluarga mana pun di portal: baris ini dilewati.")
                % {"nik": samarkan(b.nik)},
            )
            continue
        if dari_kk is not None and b.nik and dari_nik != dari_kk:
            laporan.catat(
                b.number,
                _("NIK %(nik)s bukan anggota KK %(kk)s: baris ini dilewati.")
                % {"nik": samarkan(b.nik), "kk": samarkan(b.kk)},
            )
            continue
        keluarga_id = dari_kk if dari_kk is not None else dari_nik
        kunci = (keluarga_id, b.berlaku_mulai)
        if kunci in tertulis:
            laporan.catat(
                b.number,
                _(
                    "keluarga ini sudah disebut di baris %(baris)d untuk tanggal yang sama: "
                    "baris ini dilewati."
                )
                % {"baris": tertulis[kunci]},
            )
            continue
        tertulis[kunci] = b.number
        cocok.append((keluarga_id, b))
    return cocok


def _simpan(impor: ImporDesil, cocok: list[tuple[int, BarisDesil]], hasil: dict) -> set[int]:
    """New rankings created, changed ones corrected, equal ones left; the families changed."""
    tersimpan = {
        (d.keluarga_id, d.berlaku_mulai): d
        for d in DesilKeluarga.objects.filter(keluarga_id__in={k for k, _b in cocok}).only(
            "pk", "keluarga_id", "berlaku_mulai", "desil"
        )
    }
    baru, diperbarui = [], []
    for keluarga_id, b in cocok:
        ada = tersimpan.get((keluarga_id, b.berlaku_mulai))
        if ada is None:
            baru.append(
                DesilKeluarga(
                    keluarga_id=keluarga_id,
                    desil=b.desil,
                    berlaku_mulai=b.berlaku_mulai,
                    impor=impor,
                )
            )
        elif ada.desil != b.desil:
            ada.desil, ada.impor = b.desil, impor
            diperbarui.append(ada)
        else:
            hasil["tetap"] += 1
    DesilKeluarga.objects.bulk_create(baru, batch_size=1000)
    DesilKeluarga.objects.bulk_update(diperbarui, ["desil", "impor"], batch_size=1000)
    hasil["baru"] += len(baru)
    hasil["diperbarui"] += len(diperbarui)
    return {d.keluarga_id for d in baru} | {d.keluarga_id for d in diperbarui}


def perbarui_desil_keluarga(keluarga_ids: Iterable[int]) -> int:
    """Copy each family's desil in force (its latest ranking) onto the family."""
    terbaru = DesilKeluarga.objects.filter(keluarga=OuterRef("pk")).order_by("-berlaku_mulai")
    ids = sorted(keluarga_ids)
    jumlah = 0
    for i in range(0, len(ids), BATCH):
        jumlah += Keluarga.objects.filter(pk__in=ids[i : i + BATCH]).update(
            desil=Subquery(terbaru.values("desil")[:1]),
            desil_berlaku_mulai=Subquery(terbaru.values("berlaku_mulai")[:1]),
        )
    return jumlah
