"""Scoped reads of families, visits and photos: the one place that says who sees which.

- petugas: the families of the RW of their active placement (none once it ends);
- admin kecamatan: the families of their kecamatan;
- Dinsos and superadmin: the whole city;
- BKPSDM and pimpinan: no household data at all.
"""

from collections import Counter

from django.db import connection
from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import Left

from akun.access import peran_efektif
from akun.models import Peran, User
from bansos.models import Penerima, Verifikasi
from lib.kueri import ExistsPerBaris
from pendataan.models import (
    AnggotaKeluarga,
    FotoKunjungan,
    Hubungan,
    Keluarga,
    Kunjungan,
    StatusKunjungan,
)
from pendataan.risiko import anotasi_risiko
from petugas.selectors import rw_aktif_ids, sql_rw_aktif

PERAN_DATA_KELUARGA = {Peran.PETUGAS, Peran.ADMIN_KECAMATAN, Peran.DINSOS, Peran.SUPERADMIN}
# Whole NIK and KK numbers only where the role works with them: the officer at the door
# and Dinsos, who hold the register; the kecamatan reviewer sees them masked.
PERAN_NIK_UTUH = {Peran.PETUGAS, Peran.DINSOS, Peran.SUPERADMIN}
PERAN_SEKOTA_DATA = {Peran.DINSOS, Peran.SUPERADMIN}


def _saring_rw(user: User, jalur: str, *, satu: bool = False) -> Q:
    """The RWs of the user's scope as a filter on `jalur` (a path to an RW), written so
    PostgreSQL plans for one RW or one kecamatan: an officer's RW ids are read first and
    named as values, a kecamatan is named by its id; the whole city needs no filter.
    `satu`: the query reads one row by its key, so an officer's placements are a
    subquery of it instead (one round trip, the same rows)."""
    peran = peran_efektif(user)
    if peran in PERAN_SEKOTA_DATA:
        return Q()
    if peran == Peran.ADMIN_KECAMATAN:
        return Q(**{f"{jalur}__kelurahan__kecamatan_id": user.kecamatan_id})
    if satu:  # the same placements as rw_aktif_ids, as a subquery
        return Q(**{f"{jalur}_id__in": RawSQL(sql_rw_aktif(), [user.pk])})  # noqa: S611 (constant SQL, bound id)
    return Q(**{f"{jalur}_id__in": rw_aktif_ids(user)})


def keluarga_for(user: User, *, satu: bool = False) -> QuerySet[Keluarga]:
    """The families of the user's scope (`satu`: to read one by its key, _saring_rw)."""
    if peran_efektif(user) not in PERAN_DATA_KELUARGA:
        return Keluarga.objects.none()
    keluarga = Keluarga.objects.filter(_saring_rw(user, "rw", satu=satu))
    # the kelurahan's boundary (tens of KB) only where a page needs it
    return keluarga.select_related("rw__kelurahan").defer("rw__kelurahan__batas")


def keluarga_rw_for(user: User, pk: int) -> int | None:
    """The RW of one family of the user's scope, or None outside it: one query by the
    family's key (an officer's placement joined in, not read first), for the check a
    page makes before it is served from the cache."""
    peran = peran_efektif(user)
    if peran not in PERAN_DATA_KELUARGA:
        return None
    if peran == Peran.PETUGAS:  # every officer page: written out (petugas.selectors)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT k.rw_id FROM {connection.ops.quote_name(Keluarga._meta.db_table)} k "  # noqa: S608
                f"WHERE k.id = %s AND k.rw_id IN ({sql_rw_aktif()}) LIMIT 1",
                [pk, user.pk],
            )
            baris = cursor.fetchone()
        return baris[0] if baris else None
    keluarga = Keluarga.objects.filter(_saring_rw(user, "rw", satu=True), pk=pk)
    return next(iter(keluarga.order_by().values_list("rw_id", flat=True)[:1]), None)


def anggota_for(user: User) -> QuerySet[AnggotaKeluarga]:
    return AnggotaKeluarga.objects.filter(keluarga__in=keluarga_for(user))


def kunjungan_for(user: User) -> QuerySet[Kunjungan]:
    """Visits made in the RWs of the user's scope: by the visit's own RW (the family's
    when it was visited), which the index (rw, status) serves; a kecamatan's review
    queue then reads its few thousand waiting visits, not the city's."""
    kunjungan = Kunjungan.objects.select_related("keluarga", "petugas", "rw__kelurahan").defer(
        "rw__kelurahan__batas"
    )
    if peran_efektif(user) not in PERAN_DATA_KELUARGA:
        return kunjungan.none()
    return kunjungan.filter(_saring_rw(user, "rw"))


def foto_for(user: User) -> QuerySet[FotoKunjungan]:
    return FotoKunjungan.objects.filter(kunjungan__in=kunjungan_for(user))


SARINGAN_KERJA = ("belum", "sudah", "dikembalikan", "verifikasi", "tugas")


def daftar_kerja_for(user: User, *, saring: str = "", q: str = "") -> QuerySet[Keluarga]:
    """The officer's worklist: the families of their RW, returned ones first, then by risk
    (pendataan/risiko.py: an open usul/sanggah first, then the recipients to verify by
    the weight of their risks, never or longest unvisited first), then the rest by RT
    and address.

    Each family carries `sudah` (visited), `dikembalikan` with the returned visit's
    `kembali_uuid` and `kembali_komentar`, and `perlu_verifikasi` (a recipient on a list
    being verified now with no finding yet; a rejected visit's finding does not count).
    `saring` keeps one of SARINGAN_KERJA; `q` finds a NIK or KK number by its first
    digits, or a name or address.

    Bound by the RW, whatever the city's size: the RW ids are read first and go into the
    SQL as values, so the families are read by the RW's index, and every EXISTS is a
    per-family probe by index (lib/kueri.py). Planned as before, PostgreSQL hashed every
    visit, recipient and finding of the city first (2.7 s at 300,000 families).
    tests/pendataan/test_daftar_kerja_rencana.py holds the plan to that shape.
    """
    from bansos.selectors import periode_terbaru  # bansos reads this module's selectors

    if peran_efektif(user) != Peran.PETUGAS:
        return Keluarga.objects.none()
    keluarga = Keluarga.objects.filter(rw_id__in=rw_aktif_ids(user))
    dikunjungi = Kunjungan.objects.filter(keluarga=OuterRef("pk"))
    dikembalikan = dikunjungi.filter(status=StatusKunjungan.DIKEMBALIKAN).order_by("-created_at")
    periode_ids = [p.pk for p in periode_terbaru()]
    belum_diverifikasi = Penerima.objects.filter(
        keluarga=OuterRef("pk"), aktif=True, periode__in=periode_ids
    ).exclude(
        ExistsPerBaris(
            Verifikasi.objects.filter(penerima=OuterRef("pk")).exclude(
                kunjungan__status=StatusKunjungan.DITOLAK
            )
        )
    )
    keluarga = keluarga.annotate(
        sudah=ExistsPerBaris(dikunjungi),
        dikembalikan=ExistsPerBaris(dikembalikan),
        kembali_uuid=Subquery(dikembalikan.values("uuid")[:1]),
        kembali_komentar=Subquery(dikembalikan.values("komentar_pemeriksa")[:1]),
        perlu_verifikasi=ExistsPerBaris(belum_diverifikasi),
    )
    keluarga = anotasi_risiko(keluarga, periode_ids=periode_ids)
    if saring == "belum":
        keluarga = keluarga.filter(sudah=False)
    elif saring == "sudah":
        keluarga = keluarga.filter(sudah=True)
    elif saring == "dikembalikan":
        keluarga = keluarga.filter(dikembalikan=True)
    elif saring == "verifikasi":
        keluarga = keluarga.filter(perlu_verifikasi=True)
    elif saring == "tugas":
        keluarga = keluarga.filter(r_tugas=True)
    q = q.strip()[:100]
    if q:
        anggota = AnggotaKeluarga.objects.filter(keluarga=OuterRef("pk"))
        angka = "".join(ch for ch in q if ch.isdigit())
        if len(angka) >= 4 and len(angka) == len(q.replace(" ", "")):
            # LEFT(nik, n) = digits, not LIKE 'digits%': a LIKE would be read from the NIK
            # index over the whole city's members sharing the prefix, once per family
            # (150 ms for an RW); this is read by the family's own few members
            nik_awal = anggota.annotate(awal=Left("nik", len(angka))).filter(awal=angka)
            keluarga = keluarga.filter(Q(nomor_kk__startswith=angka) | ExistsPerBaris(nik_awal))
        else:
            keluarga = keluarga.filter(
                Q(alamat__icontains=q) | ExistsPerBaris(anggota.filter(nama__icontains=q))
            )
    return keluarga.order_by(
        "-dikembalikan",
        "-skor_risiko",
        "-perlu_verifikasi",
        F("urut_lama").asc(nulls_first=True),
        "rw__nomor",
        "rt",
        "alamat",
        "pk",
    )


def kepala_dan_jumlah(keluarga: list[Keluarga]) -> dict[int, AnggotaKeluarga]:
    """The head of each of these families (by family id); sets each family's
    `jumlah_anggota`. One query over the page's members, not a join over the RW's."""
    kepala: dict[int, AnggotaKeluarga] = {}
    jumlah: Counter[int] = Counter()
    anggota = AnggotaKeluarga.objects.filter(keluarga__in=[k.pk for k in keluarga])
    for a in anggota.only("pk", "keluarga_id", "nama", "hubungan").order_by("pk"):
        jumlah[a.keluarga_id] += 1
        if a.hubungan == Hubungan.KEPALA:
            kepala.setdefault(a.keluarga_id, a)
    for k in keluarga:
        k.jumlah_anggota = jumlah[k.pk]
    return kepala
