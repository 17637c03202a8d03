"""Scoped reads of officers and placements."""

from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet

from akun.access import peran_efektif
from akun.models import Peran, User
from petugas import penempatan
from petugas.models import OPD, Penugasan, Petugas, RencanaPenempatan
from wilayah.models import RW, Kecamatan
from wilayah.selectors import kecamatan_ringkasan

PERAN_PETUGAS_DATA = {Peran.BKPSDM, Peran.SUPERADMIN}


def _boleh(user: User) -> bool:
    return peran_efektif(user) in PERAN_PETUGAS_DATA


def petugas_for(user: User) -> QuerySet[Petugas]:
    """Officers and candidates: BKPSDM (and superadmin) see the whole city, no one else."""
    if not _boleh(user):
        return Petugas.objects.none()
    aktif = Penugasan.objects.filter(petugas=OuterRef("pk"), selesai__isnull=True)
    return Petugas.objects.select_related("opd", "kelurahan_domisili__kecamatan", "user").annotate(
        ditempatkan=Exists(aktif)
    )


def penugasan_for(user: User) -> QuerySet[Penugasan]:
    if not _boleh(user):
        return Penugasan.objects.none()
    return Penugasan.objects.select_related(
        "petugas__opd", "rw__kelurahan__kecamatan", "created_by", "diakhiri_oleh"
    )


def opd_for(user: User) -> QuerySet[OPD]:
    """OPDs with their quota use: officers placed now, and candidates not placed."""
    if not _boleh(user):
        return OPD.objects.none()
    aktif = Q(petugas_set__penugasan_set__selesai__isnull=True) & Q(
        petugas_set__penugasan_set__pk__isnull=False
    )
    return OPD.objects.annotate(
        jumlah_ditempatkan=Count("petugas_set", filter=aktif, distinct=True),
        jumlah_kandidat=Count("petugas_set", distinct=True),
    ).annotate(sisa_kuota=F("kuota") - F("jumlah_ditempatkan"))


def rencana_for(user: User) -> QuerySet[RencanaPenempatan]:
    if not _boleh(user):
        return RencanaPenempatan.objects.none()
    return RencanaPenempatan.objects.select_related("kecamatan", "created_by")


def penugasan_aktif_for(user: User) -> QuerySet[Penugasan]:
    """The active placements of the officer who is logged in (none once ended)."""
    return (
        Penugasan.objects.filter(petugas__user=user, selesai__isnull=True)
        .select_related("rw__kelurahan__kecamatan", "petugas__opd")
        # the boundaries are tens of KB each, and no page with a placement draws them
        .defer("rw__batas", "rw__kelurahan__batas", "rw__kelurahan__kecamatan__batas")
    )


def _tabel(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def sql_rw_aktif() -> str:
    """SQL of the RW ids of one user's active placements (one parameter: the user's id),
    to write into a scope check (pendataan.selectors.keluarga_rw_for)."""
    return (
        f"SELECT p.rw_id FROM {_tabel(Penugasan)} p JOIN {_tabel(Petugas)} t "  # noqa: S608
        "ON t.id = p.petugas_id WHERE t.user_id = %s AND p.selesai IS NULL"
    )


def rw_aktif_ids(user: User) -> list[int]:
    """The RW ids of the officer's active placements, sorted (none once ended).

    What `wilayah.selectors.rw_for` names for an officer, read on every officer page
    (the scope of a page kept in the cache, dasbor/tembolok.py) and so written out:
    built through the ORM, the query cost more than running it.
    tests/test_cakupan_sql.py holds both to the same rows."""
    with connection.cursor() as cursor:
        cursor.execute(f"{sql_rw_aktif()} ORDER BY 1", [user.pk])
        return sorted({baris[0] for baris in cursor.fetchall()})


def ringkasan_penempatan() -> QuerySet[Kecamatan]:
    """Per kecamatan: RW in all, filled and vacant. Officer data only, no households."""
    return kecamatan_ringkasan(Kecamatan.objects.all()).order_by("-dalam_program", "kode")


def sisa_kuota() -> dict[int, int]:
    """Per OPD id: its quota less the officers it has placed now (never below 0)."""
    placed = dict(
        Penugasan.objects.filter(selesai__isnull=True)
        .values("petugas__opd")
        .annotate(n=Count("pk"))
        .values_list("petugas__opd", "n")
    )
    return {opd.pk: max(0, opd.kuota - placed.get(opd.pk, 0)) for opd in OPD.objects.all()}


def kandidat_tersedia() -> list[penempatan.Kandidat]:
    """Every willing officer without an active placement, with their home point.

    The home point is the officer's own coordinates, else the centre of their
    home RW, else the centre of their kelurahan.
    """
    aktif = Penugasan.objects.filter(petugas=OuterRef("pk"), selesai__isnull=True)
    rw_pusat = {
        (rw.kelurahan_id, rw.nomor): (rw.latitude, rw.longitude)
        for rw in RW.objects.filter(latitude__isnull=False).only(
            "kelurahan_id", "nomor", "latitude", "longitude"
        )
    }
    hasil = []
    for p in (
        Petugas.objects.filter(tersedia=True)
        .exclude(Exists(aktif))
        .select_related("kelurahan_domisili")
        .order_by("ni_pppk")
    ):
        kel = p.kelurahan_domisili
        titik = (p.latitude, p.longitude)
        if titik[0] is None:
            titik = rw_pusat.get((kel.pk, p.rw_domisili), (kel.latitude, kel.longitude))
        hasil.append(
            penempatan.Kandidat(
                id=p.pk,
                ni_pppk=p.ni_pppk,
                opd_id=p.opd_id,
                kelurahan_id=kel.pk,
                kecamatan_id=kel.kecamatan_id,
                rw_nomor=p.rw_domisili,
                latitude=float(titik[0]) if titik[0] is not None else None,
                longitude=float(titik[1]) if titik[1] is not None else None,
            )
        )
    return hasil


def kandidat_titik(petugas: Petugas) -> tuple[float, float] | None:
    """An officer's home point (lat, lng): own coordinates, else the centre of
    their home RW, else the centre of their kelurahan."""
    if petugas.latitude is not None:
        return float(petugas.latitude), float(petugas.longitude)
    rw = RW.objects.filter(
        kelurahan_id=petugas.kelurahan_domisili_id, nomor=petugas.rw_domisili
    ).first()
    if rw is not None and rw.latitude is not None:
        return float(rw.latitude), float(rw.longitude)
    kel = petugas.kelurahan_domisili
    if kel.latitude is not None:
        return float(kel.latitude), float(kel.longitude)
    return None


def rw_kosong(rws: QuerySet[RW]) -> list[penempatan.SlotRW]:
    """The RWs in `rws` without an active officer, with their centre point."""
    aktif = Penugasan.objects.filter(rw=OuterRef("pk"), selesai__isnull=True)
    return _slot(rws.exclude(Exists(aktif)))


def _slot(rws: QuerySet[RW]) -> list[penempatan.SlotRW]:
    hasil = []
    for rw in rws.select_related("kelurahan"):
        kel = rw.kelurahan
        lat, lng = (
            (rw.latitude, rw.longitude)
            if rw.latitude is not None
            else (
                kel.latitude,
                kel.longitude,
            )
        )
        hasil.append(
            penempatan.SlotRW(
                id=rw.pk,
                kode=kel.kode,
                kelurahan_id=kel.pk,
                kecamatan_id=kel.kecamatan_id,
                nomor=rw.nomor,
                latitude=float(lat) if lat is not None else None,
                longitude=float(lng) if lng is not None else None,
            )
        )
    return hasil


def kandidat_untuk_rw(*, rw: RW, batas: int = 15) -> list[tuple[Petugas, str, int | None]]:
    """Willing, unplaced officers ranked for one RW by the placement's own rules,
    those whose OPD has quota left first: (officer, level, distance in metres)."""
    slot = _slot(RW.objects.filter(pk=rw.pk))
    kandidat = kandidat_tersedia()
    if not slot or not kandidat:
        return []
    tingkat, jarak = penempatan.biaya(kandidat, slot)
    kuota = sisa_kuota()
    urut = sorted(
        range(len(kandidat)),
        key=lambda i: (
            kuota.get(kandidat[i].opd_id, 0) <= 0,
            int(tingkat[i, 0]),
            int(jarak[i, 0]),
            kandidat[i].ni_pppk,
        ),
    )[:batas]
    petugas = Petugas.objects.select_related("opd", "kelurahan_domisili").in_bulk(
        [kandidat[i].id for i in urut]
    )
    return [
        (
            petugas[kandidat[i].id],
            penempatan.URUTAN_TINGKAT[int(tingkat[i, 0])],
            None if jarak[i, 0] >= penempatan.JARAK_TIDAK_DIKETAHUI_M else int(jarak[i, 0]),
        )
        for i in urut
    ]
