"""Writing a checked family file: families and members created or updated in bulk,
inside the caller's transaction."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from dasbor.tandai import ringkasan_tandai
from lib.bulk import bulk_upsert
from lib.tabular import RowError
from pendataan.impor.kolom import BATCH
from pendataan.impor.periksa import Baris
from pendataan.models import AnggotaKeluarga, Hubungan, Keluarga, RiwayatVariabel
from pendataan.nik import samarkan


@dataclass
class HasilImporKeluarga:
    keluarga_baru: int = 0
    keluarga_diperbarui: int = 0
    keluarga_tetap: int = 0
    anggota_baru: int = 0
    anggota_diperbarui: int = 0
    anggota_tetap: int = 0

    @property
    def diperbarui(self) -> int:
        return self.keluarga_diperbarui + self.anggota_diperbarui

    @property
    def tetap(self) -> int:
        return self.keluarga_tetap + self.anggota_tetap


def keluarga_ada(semua_kk: list[str]) -> dict[str, Keluarga]:
    ada: dict[str, Keluarga] = {}
    for i in range(0, len(semua_kk), BATCH):
        chunk = semua_kk[i : i + BATCH]
        ada.update(
            (k.nomor_kk, k) for k in Keluarga.objects.select_for_update().filter(nomor_kk__in=chunk)
        )
    return ada


def anggota_ada(semua_nik: list[str], *, kunci: bool) -> dict[str, AnggotaKeluarga]:
    """Members by NIK, each with `nomor_kk_tersimpan`: the KK they are in now.

    `kunci` locks them until the end of the caller's transaction (to be written).
    """
    anggota = AnggotaKeluarga.objects.annotate(nomor_kk_tersimpan=F("keluarga__nomor_kk"))
    if kunci:
        anggota = anggota.select_for_update(of=("self",))
    ada: dict[str, AnggotaKeluarga] = {}
    for i in range(0, len(semua_nik), BATCH):
        ada.update((a.nik, a) for a in anggota.filter(nik__in=semua_nik[i : i + BATCH]))
    return ada


def pindah_kk_periksa(
    nik_kk: list[tuple[int, str, str]], ada: dict[str, AnggotaKeluarga]
) -> list[RowError]:
    errors = []
    for number, nik, nomor_kk in nik_kk:
        anggota = ada.get(nik)
        if anggota is not None and anggota.nomor_kk_tersimpan != nomor_kk:
            errors.append(
                RowError(
                    number,
                    _(
                        "NIK %(nik)s sudah terdaftar di KK lain (%(kk)s). Impor tidak "
                        "memindahkan anggota ke KK lain: periksa nomor KK di baris ini."
                    )
                    % {"nik": samarkan(nik), "kk": samarkan(anggota.nomor_kk_tersimpan)},
                )
            )
    return errors


def simpan(
    keluarga: dict[str, dict],
    baris: list[Baris],
    ada_keluarga: dict[str, Keluarga],
    ada_anggota: dict[str, AnggotaKeluarga],
    variabel_kk: dict[str, dict] | None = None,
) -> HasilImporKeluarga:
    """Write in bulk, inside the caller's transaction (the rows found were locked there).

    `variabel_kk`: the DTSEN variables the file gives per KK (a member's are on its
    `Baris`); each value that changes is kept as a RiwayatVariabel without a visit."""
    hasil = HasilImporKeluarga()
    now = timezone.now()
    riwayat_kk = []  # (nomor KK, kunci, lama, baru)
    for kk, nilai in (variabel_kk or {}).items():
        lama = ada_keluarga[kk].variabel if kk in ada_keluarga else {}
        if {**lama, **nilai} != lama:
            keluarga[kk]["variabel"] = {**lama, **nilai}
            riwayat_kk += [(kk, k, lama.get(k), v) for k, v in nilai.items() if lama.get(k) != v]

    # the RWs the families are in now, and those a moved family leaves
    ringkasan_tandai(
        rw_ids=[*(k["rw_id"] for k in keluarga.values()), *(k.rw_id for k in ada_keluarga.values())]
    )
    tulis = bulk_upsert(Keluarga, key="nomor_kk", rows=keluarga, existing=ada_keluarga)
    baru = tulis.created
    hasil.keluarga_baru, hasil.keluarga_diperbarui = len(baru), len(tulis.updated)
    hasil.keluarga_tetap = tulis.unchanged
    pk_keluarga = {k.nomor_kk: k.pk for k in [*ada_keluarga.values(), *baru]}
    if None in pk_keluarga.values():  # a database that does not return the new ids
        pk_keluarga.update(
            Keluarga.objects.filter(nomor_kk__in=[k.nomor_kk for k in baru]).values_list(
                "nomor_kk", "pk"
            )
        )

    anggota_baru: list[AnggotaKeluarga] = []
    anggota_berubah: list[AnggotaKeluarga] = []
    riwayat_anggota = []  # (member, kunci, lama, baru)
    kolom_berubah = set()
    for b in baris:
        a = ada_anggota.get(b.nik)
        if a is None:
            nilai = {
                "hubungan": Hubungan.LAINNYA,
                "tanggal_lahir": b.tanggal_lahir_nik,
                **b.nilai,
                "variabel": b.variabel,
            }
            anggota_baru.append(
                AnggotaKeluarga(nik=b.nik, keluarga_id=pk_keluarga[b.nomor_kk], **nilai)
            )
            riwayat_anggota += [(anggota_baru[-1], k, None, v) for k, v in b.variabel.items()]
            continue
        nilai = dict(b.nilai)
        if {**a.variabel, **b.variabel} != a.variabel:
            nilai["variabel"] = {**a.variabel, **b.variabel}
            riwayat_anggota += [
                (a, k, a.variabel.get(k), v)
                for k, v in b.variabel.items()
                if a.variabel.get(k) != v
            ]
        if a.tanggal_lahir is None:
            nilai.setdefault("tanggal_lahir", b.tanggal_lahir_nik)
        beda = [f for f, v in nilai.items() if getattr(a, f) != v]
        if not beda:
            hasil.anggota_tetap += 1
            continue
        for f in beda:
            setattr(a, f, nilai[f])
        a.updated_at = now
        anggota_berubah.append(a)
        kolom_berubah.update(beda)
    AnggotaKeluarga.objects.bulk_create(anggota_baru, batch_size=BATCH)
    if anggota_berubah:
        AnggotaKeluarga.objects.bulk_update(
            anggota_berubah, fields=sorted(kolom_berubah | {"updated_at"}), batch_size=BATCH
        )
    hasil.anggota_baru, hasil.anggota_diperbarui = len(anggota_baru), len(anggota_berubah)
    _riwayat_tulis(riwayat_kk, riwayat_anggota, pk_keluarga)
    return hasil


# history rows are small (6 columns): 4,000 a statement stays under SQLite's and
# PostgreSQL's limits on parameters, and a whole demo file's history is one statement
BATCH_RIWAYAT = 4000


def _riwayat_tulis(riwayat_kk: list, riwayat_anggota: list, pk_keluarga: dict) -> None:
    """The import's changes of DTSEN variables, as history rows without a visit."""
    if any(a.pk is None for a, *_ in riwayat_anggota):  # no ids back from the database
        pk = dict(
            AnggotaKeluarga.objects.filter(
                nik__in=[a.nik for a, *_ in riwayat_anggota if a.pk is None]
            ).values_list("nik", "pk")
        )
        for a, *_ in riwayat_anggota:
            a.pk = a.pk or pk[a.nik]
    RiwayatVariabel.objects.bulk_create(
        [
            RiwayatVariabel(keluarga_id=pk_keluarga[kk], kunci=k, nilai_lama=lama, nilai_baru=baru)
            for kk, k, lama, baru in riwayat_kk
        ]
        + [
            RiwayatVariabel(
                keluarga_id=a.keluarga_id,
                anggota_id=a.pk,
                kunci=k,
                nilai_lama=lama,
                nilai_baru=baru,
            )
            for a, k, lama, baru in riwayat_anggota
        ],
        batch_size=BATCH_RIWAYAT,
    )
