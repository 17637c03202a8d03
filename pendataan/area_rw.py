"""Where an RW is: learned from its approved visit points, or set on the map by a person.

A city has no RW centres or boundaries until someone records them, and the demo's are
estimates. Flagging a visit "far from the RW" against an estimate flags every visit,
which teaches reviewers to ignore flags (issue 15). So an RW's point is used for flags
only once it is real (`SumberTitik`):

- DITETAPKAN: the admin kecamatan or BKPSDM set it on the map; never overwritten here;
- KUNJUNGAN: learned once `MIN_TITIK` approved visit points lie in the kelurahan: their
  coordinate-wise median (a few wrong points do not move it) and the distance within
  which 90% of them lie;
- ESTIMASI: no real point yet; only a point outside the kelurahan is flagged.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from akun.models import User
from pendataan.bendera import AKURASI_LEMAH_M, bendera_perbarui
from pendataan.models import Kunjungan, StatusKunjungan
from wilayah import geo
from wilayah.models import RW, SumberTitik

MIN_TITIK = 20
MAKS_TITIK = 1000  # the latest approved points; older ones add nothing to a median

# What the RW's point is made of: written together, by learning or by hand.
KOLOM_TITIK = [
    "latitude",
    "longitude",
    "titik_sumber",
    "sebaran_m",
    "jumlah_titik",
    "titik_oleh",
    "titik_at",
]


def _titik_disetujui(rw: RW) -> list[tuple[float, float]]:
    baris = (
        Kunjungan.objects.filter(rw=rw, status=StatusKunjungan.DISETUJUI, latitude__isnull=False)
        .exclude(akurasi_m__gt=AKURASI_LEMAH_M)  # a weak fix teaches nothing about the RW
        .order_by("-diperiksa_at", "-pk")
        .values_list("latitude", "longitude")[:MAKS_TITIK]
    )
    titik = [(float(lat), float(lng)) for lat, lng in baris]
    if rw.kelurahan.batas:
        titik = geo.saring_dalam_batas(rw.kelurahan.batas, titik)
    return titik


def rw_area_pelajari(*, rw: RW) -> bool:
    """Learn the RW's centre and spread from its approved visit points, unless a person
    set its point. Returns True when the RW's point became real just now (the pending
    visits' flags were then computed without it, and are computed again)."""
    with transaction.atomic():
        # under the RW's row lock, which setting a point by hand takes too: a point an
        # admin set a moment ago is never overwritten by one learned from older reads
        sumber = (
            RW.objects.select_for_update()
            .filter(pk=rw.pk)
            .values_list("titik_sumber", flat=True)
            .first()
        )
        if sumber == SumberTitik.DITETAPKAN:
            return False
        return _pelajari(rw)


def _pelajari(rw: RW) -> bool:
    titik = _titik_disetujui(rw)
    if len(titik) < MIN_TITIK:
        return False
    lat, lng, sebaran = geo.pusat_dan_sebaran(titik)
    baru = rw.titik_sumber != SumberTitik.KUNJUNGAN
    rw.latitude, rw.longitude = geo.as_decimal(lat), geo.as_decimal(lng)
    rw.titik_sumber, rw.sebaran_m, rw.jumlah_titik = (
        SumberTitik.KUNJUNGAN,
        round(sebaran),
        len(titik),
    )
    rw.titik_oleh, rw.titik_at = None, timezone.now()
    rw.save(update_fields=KOLOM_TITIK)
    if baru:
        _bendera_menunggu_segarkan(rw)
    return baru


@transaction.atomic
def rw_titik_tetapkan(*, rw: RW, latitude: Decimal, longitude: Decimal, oleh: User) -> RW:
    """Set an RW's point by hand (a click on the map). It must lie in the RW's kelurahan;
    the flags of the visits waiting for review are computed again against it."""
    list(RW.objects.select_for_update().filter(pk=rw.pk).values_list("pk"))  # see rw_area_pelajari
    lat, lng = float(latitude), float(longitude)
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        raise ValidationError(_("Koordinat di luar rentang lintang/bujur; titik tidak disimpan."))
    kelurahan = rw.kelurahan
    if kelurahan.batas and not geo.dalam_batas(kelurahan.batas, lat, lng):
        raise ValidationError(
            _("Titik itu di luar kelurahan %(kel)s; pilih titik di dalam batasnya.")
            % {"kel": kelurahan.nama}
        )
    rw.latitude, rw.longitude = geo.as_decimal(lat), geo.as_decimal(lng)
    rw.titik_sumber, rw.sebaran_m, rw.jumlah_titik = SumberTitik.DITETAPKAN, None, 0
    rw.titik_oleh, rw.titik_at = oleh, timezone.now()
    rw.save(update_fields=KOLOM_TITIK)
    _bendera_menunggu_segarkan(rw)
    return rw


def _bendera_menunggu_segarkan(rw: RW) -> None:
    menunggu = (
        Kunjungan.objects.filter(rw=rw, status=StatusKunjungan.DIKIRIM)
        .select_related("keluarga", "rw__kelurahan")
        .prefetch_related("foto_set")
    )
    for k in menunggu:
        k.rw = rw  # the point just saved, not a stale copy
        bendera_perbarui(kunjungan=k)
