"""Pass 2 in batches through the ORM (SQLite, the embedded default), and what both
pass 2s share: the period's rows the file left out.

The file is read again and written a batch at a time in the caller's transaction:
families and members not yet known are created; each row's recipient of the period
is matched (a family program by family, a person program by member) and updated,
or created. PostgreSQL does the same set-based (postgres.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet

from bansos.impor import progres
from bansos.impor.berkas import KOLOM_KARTU, buka
from bansos.impor.periksa import Pemeriksaan, Tempat, pesan_keluarga_lain
from bansos.models import ImporPenerima, Penerima, Sasaran
from pendataan.impor import Rujukan
from pendataan.models import AnggotaKeluarga, Hubungan, Keluarga
from pendataan.nik import bersihkan, validate_nik

BATCH = 1000


class BerubahSelamaImpor(Exception):
    """A NIK was moved to another family between pass 1 and pass 2: refused, not merged."""

    def __init__(self, row: int, pesan: str):
        super().__init__(pesan)
        self.row, self.pesan = row, pesan


def hasil_kosong() -> dict:
    """The summary of a write: what the status page shows."""
    return {
        "penerima_baru": 0,
        "diperbarui": 0,
        "tetap": 0,  # named by the file as they are: not written
        "dikeluarkan": 0,
        "dihapus": 0,
        "dinonaktifkan": 0,
        "keluarga_baru": 0,
        "anggota_baru": 0,
    }


# ------------------------------------------------------------------ pass 1


class TampungBatch:
    """Pass 1's database check a batch at a time: a NIK stored in another family than
    the row's KK is refused (the import never moves a member to another KK)."""

    def __init__(self) -> None:
        self.tertunda: list[tuple[int, str, str]] = []  # (row, NIK, KK)

    def tambah(self, number, nik, kk, nama, alamat, kartu, lokasi, lahir, pertama) -> None:
        self.tertunda.append((number, nik, kk))

    def setor(self, p: Pemeriksaan, *, akhir: bool) -> None:
        for i in range(0, len(self.tertunda), BATCH):
            batch = self.tertunda[i : i + BATCH]
            tersimpan = dict(
                AnggotaKeluarga.objects.filter(nik__in=[nik for _, nik, _ in batch]).values_list(
                    "nik", "keluarga__nomor_kk"
                )
            )
            for number, nik, kk in batch:
                kk_lain = tersimpan.get(nik)
                if kk_lain is not None and kk_lain != kk:
                    p.catat_tersimpan(number, nik, kk_lain)
        self.tertunda.clear()

    def tutup(self) -> None:
        pass


# ------------------------------------------------------------------ pass 2


@dataclass(frozen=True)
class _BarisSah:
    number: int
    nik: str
    kk: str
    nama: str
    alamat: str
    kartu: str
    rw_id: int
    rt: int


def tulis_batch(impor: ImporPenerima, *, encoding: str) -> dict:
    """Write the checked file a batch at a time; to run inside the caller's transaction."""
    hasil = hasil_kosong()
    program_keluarga = impor.periode.program.sasaran == Sasaran.KELUARGA
    tempat = Tempat(Rujukan.load())
    ditulis = 0
    # the period's recipients the file names as they are (not written, so not stamped)
    tetap: set[int] = set()
    with buka(impor, encoding=encoding) as tabel:
        kolom = tabel.kolom
        i_kartu = kolom.get(KOLOM_KARTU)
        batch: list[_BarisSah] = []
        for number, values in tabel.baris:  # pass 1 found every row sound
            rw_id, rt, _teks = tempat.dari(
                values[kolom["kelurahan"]], values[kolom["rw"]], values[kolom["rt"]]
            )
            batch.append(
                _BarisSah(
                    number=number,
                    nik=bersihkan(values[kolom["nik"]]),
                    kk=bersihkan(values[kolom["nomor_kk"]]),
                    nama=" ".join(values[kolom["nama"]].split()),
                    alamat=" ".join(values[kolom["alamat"]].split()),
                    kartu=values[i_kartu].strip() if i_kartu is not None else "",
                    rw_id=rw_id,
                    rt=rt,
                )
            )
            if len(batch) >= BATCH:
                _tulis_batch(batch, impor, program_keluarga, hasil, tetap)
                ditulis += len(batch)
                progres.catat(impor.pk, ditulis)
                batch = []
        _tulis_batch(batch, impor, program_keluarga, hasil, tetap)
    hasil["tetap"] = len(tetap)
    tertinggal = [
        pk
        for pk in Penerima.objects.filter(periode_id=impor.periode_id)
        .exclude(impor_id=impor.pk)
        .values_list("pk", flat=True)
        .iterator()
        if pk not in tetap
    ]
    for i in range(0, max(len(tertinggal), 1), BATCH):
        keluarkan(Penerima.objects.filter(pk__in=tertinggal[i : i + BATCH]), hasil)
    return hasil


def _tulis_batch(
    baris: list[_BarisSah],
    impor: ImporPenerima,
    program_keluarga: bool,
    hasil: dict,
    tetap: set[int],
) -> None:
    if not baris:
        return
    keluarga = dict(
        Keluarga.objects.filter(nomor_kk__in={b.kk for b in baris}).values_list("nomor_kk", "pk")
    )
    baru: dict[str, Keluarga] = {}
    for b in baris:  # a new family takes the address of its first row
        if b.kk not in keluarga and b.kk not in baru:
            baru[b.kk] = Keluarga(nomor_kk=b.kk, rw_id=b.rw_id, rt=b.rt, alamat=b.alamat)
    if baru:
        Keluarga.objects.bulk_create(baru.values(), batch_size=BATCH)
        keluarga.update(Keluarga.objects.filter(nomor_kk__in=baru).values_list("nomor_kk", "pk"))
        hasil["keluarga_baru"] += len(baru)

    anggota = _anggota_tersimpan([b.nik for b in baris])
    anggota_baru = []
    for b in baris:
        if b.nik in anggota:
            kk_tersimpan = anggota[b.nik][1]
            if kk_tersimpan != b.kk:  # moved by someone else since pass 1
                raise BerubahSelamaImpor(b.number, pesan_keluarga_lain(b.nik, kk_tersimpan))
            continue
        data_nik = validate_nik(b.nik)
        anggota_baru.append(
            AnggotaKeluarga(
                keluarga_id=keluarga[b.kk],
                nik=b.nik,
                nama=b.nama,
                hubungan=Hubungan.LAINNYA,
                jenis_kelamin=data_nik.jenis_kelamin,
                tanggal_lahir=data_nik.tanggal_lahir,
            )
        )
    if anggota_baru:
        AnggotaKeluarga.objects.bulk_create(anggota_baru, batch_size=BATCH)
        anggota.update(_anggota_tersimpan([a.nik for a in anggota_baru]))
        hasil["anggota_baru"] += len(anggota_baru)

    _penerima_upsert(baris, impor, program_keluarga, keluarga, anggota, hasil, tetap)


def _penerima_upsert(baris, impor, program_keluarga, keluarga, anggota, hasil, tetap) -> None:
    """Each row's recipient of the period: matched by family (a family program) or by
    member (a person program), updated where the row changes it, or created."""
    if program_keluarga:
        kunci = {b.number: keluarga[b.kk] for b in baris}
        ada = Penerima.objects.filter(
            periode_id=impor.periode_id, anggota__isnull=True, keluarga_id__in=kunci.values()
        )
        tersimpan = {p.keluarga_id: p for p in ada}
    else:
        kunci = {b.number: anggota[b.nik][0] for b in baris}
        ada = Penerima.objects.filter(periode_id=impor.periode_id, anggota_id__in=kunci.values())
        tersimpan = {p.anggota_id: p for p in ada}
    diperbarui, baru = [], []
    for b in baris:
        terdaftar_id = anggota[b.nik][0]
        penerima = tersimpan.get(kunci[b.number])
        if penerima is None:
            baru.append(
                Penerima(
                    periode_id=impor.periode_id,
                    keluarga_id=keluarga[b.kk],
                    anggota_id=None if program_keluarga else terdaftar_id,
                    terdaftar_id=terdaftar_id,
                    nomor_kartu=b.kartu,
                    impor=impor,
                )
            )
            continue
        if (penerima.nomor_kartu, penerima.terdaftar_id, penerima.aktif) == (
            b.kartu,
            terdaftar_id,
            True,
        ):
            tetap.add(penerima.pk)
            continue
        penerima.nomor_kartu, penerima.terdaftar_id = b.kartu, terdaftar_id
        penerima.impor, penerima.aktif = impor, True
        diperbarui.append(penerima)
    Penerima.objects.bulk_create(baru, batch_size=BATCH)
    Penerima.objects.bulk_update(
        diperbarui, ["nomor_kartu", "terdaftar", "impor", "aktif"], batch_size=BATCH
    )
    hasil["penerima_baru"] += len(baru)
    hasil["diperbarui"] += len(diperbarui)


def _anggota_tersimpan(semua_nik: list[str]) -> dict[str, tuple[int, str]]:
    """NIK -> (member pk, the KK it is in now)."""
    return {
        nik: (pk, kk)
        for nik, pk, kk in AnggotaKeluarga.objects.filter(nik__in=semua_nik).values_list(
            "nik", "pk", "keluarga__nomor_kk"
        )
    }


# ------------------------------------------------------- the rows left out


def keluarkan(tertinggal: QuerySet[Penerima], hasil: dict) -> None:
    """The period's recipients the file did not name (`tertinggal`) leave the list:
    deleted, or, where a verification refers to one, kept inactive (its history
    stays whole). Adds to the counts in `hasil`.

    Two statements per call whatever the number of rows (the batch path calls it a
    thousand rows at a time, the PostgreSQL one once): Django's delete() would load
    every row into memory to check the PROTECT relations, so the delete is written out.
    """
    dirujuk = reduce(
        or_,
        [
            Exists(rel.related_model._base_manager.filter(**{rel.field.name: OuterRef("pk")}))
            for rel in Penerima._meta.related_objects
        ],
        Q(pk__in=[]),
    )
    dinonaktifkan = tertinggal.filter(dirujuk, aktif=True).update(aktif=False)
    bebas = tertinggal.exclude(dirujuk).values("pk")
    try:
        sql, params = bebas.query.sql_with_params()
    except EmptyResultSet:  # pk__in=[]: nothing left out
        sql = None
    dihapus = 0
    tabel, pk = connection.ops.quote_name(Penerima._meta.db_table), Penerima._meta.pk.column
    if sql is not None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {tabel} WHERE {connection.ops.quote_name(pk)} IN ({sql})",  # noqa: S608
                params,
            )
            dihapus = cursor.rowcount
    hasil["dinonaktifkan"] += dinonaktifkan
    hasil["dihapus"] += dihapus
    hasil["dikeluarkan"] += dinonaktifkan + dihapus
