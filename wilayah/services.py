"""Writes to wilayah: importing codes and boundaries, marking program kecamatan."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from lib.tabular import ImportRefused, RowError, read_csv
from wilayah import geo
from wilayah.models import Kecamatan, Kelurahan
from wilayah.peta import peta_berubah

KODE_KECAMATAN = re.compile(r"^\d{2}\.\d{2}\.\d{2}$")
KODE_KELURAHAN = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$")
KOLOM_WILAYAH = ["kode_kecamatan", "nama_kecamatan", "kode_kelurahan", "nama_kelurahan"]


@dataclass
class HasilImpor:
    dibuat: int = 0
    diperbarui: int = 0
    tetap: int = 0


def wilayah_import_csv(*, data: bytes) -> HasilImpor:
    """Create or update kecamatan and kelurahan from a CSV; refuse it whole on any fault.

    Re-running the same file changes nothing; a renamed place is updated by code.
    """
    rows, errors = read_csv(data, required=KOLOM_WILAYAH)
    kecamatan: dict[str, str] = {}
    kelurahan: dict[str, tuple[str, str]] = {}
    first_seen: dict[str, int] = {}
    for number, row in rows:
        kode_kec, nama_kec = row["kode_kecamatan"], row["nama_kecamatan"]
        kode_kel, nama_kel = row["kode_kelurahan"], row["nama_kelurahan"]
        problems = []
        if not KODE_KECAMATAN.match(kode_kec):
            problems.append(
                _('kode kecamatan "%(kode)s" tidak berbentuk 14.71.08.') % {"kode": kode_kec}
            )
        if not KODE_KELURAHAN.match(kode_kel):
            problems.append(
                _('kode kelurahan "%(kode)s" tidak berbentuk 14.71.08.1001.') % {"kode": kode_kel}
            )
        elif KODE_KECAMATAN.match(kode_kec) and not kode_kel.startswith(kode_kec + "."):
            problems.append(
                _(
                    "kelurahan %(kel)s tidak termasuk kecamatan %(kec)s (kecamatan tidak dikenal "
                    "untuk kode ini)."
                )
                % {"kel": kode_kel, "kec": kode_kec}
            )
        if not nama_kec:
            problems.append(_("nama kecamatan kosong."))
        if not nama_kel:
            problems.append(_("nama kelurahan kosong."))
        if kode_kel in first_seen:
            problems.append(
                _("kode kelurahan %(kode)s ganda (sudah ada di baris %(row)d).")
                % {"kode": kode_kel, "row": first_seen[kode_kel]}
            )
        if nama_kec and kecamatan.get(kode_kec, nama_kec) != nama_kec:
            problems.append(
                _('kecamatan %(kode)s bernama "%(a)s" di baris lain, di sini "%(b)s".')
                % {"kode": kode_kec, "a": kecamatan[kode_kec], "b": nama_kec}
            )
        if problems:
            errors.extend(RowError(number, p) for p in problems)
            continue
        first_seen[kode_kel] = number
        kecamatan[kode_kec] = nama_kec
        kelurahan[kode_kel] = (kode_kec, nama_kel)
    if errors:
        raise ImportRefused(errors)

    hasil = HasilImpor()
    with transaction.atomic():
        existing_kec = {k.kode: k for k in Kecamatan.objects.select_for_update()}
        for kode, nama in kecamatan.items():
            obj = existing_kec.get(kode)
            if obj is None:
                existing_kec[kode] = Kecamatan.objects.create(kode=kode, nama=nama)
                hasil.dibuat += 1
            elif obj.nama != nama:
                obj.nama = nama
                obj.save(update_fields=["nama"])
                hasil.diperbarui += 1
            else:
                hasil.tetap += 1
        existing_kel = {k.kode: k for k in Kelurahan.objects.select_for_update()}
        for kode, (kode_kec, nama) in kelurahan.items():
            obj = existing_kel.get(kode)
            induk = existing_kec[kode_kec]
            if obj is None:
                Kelurahan.objects.create(kode=kode, nama=nama, kecamatan=induk)
                hasil.dibuat += 1
            elif obj.nama != nama or obj.kecamatan_id != induk.pk:
                obj.nama, obj.kecamatan = nama, induk
                obj.save(update_fields=["nama", "kecamatan"])
                hasil.diperbarui += 1
            else:
                hasil.tetap += 1
        transaction.on_commit(peta_berubah)  # names on the maps
    return hasil


def batas_import_geojson(*, data: bytes) -> HasilImpor:
    """Store kelurahan polygons from a GeoJSON FeatureCollection keyed by `kode`.

    Every feature must name a known kelurahan and carry a valid polygon;
    otherwise nothing is written. Kecamatan outlines are dissolved from their
    kelurahan.
    """
    try:
        collection = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportRefused(
            [RowError(0, _("Berkas bukan GeoJSON yang sah: %(err)s") % {"err": exc})]
        ) from exc
    features = collection.get("features") if isinstance(collection, dict) else None
    if not isinstance(features, list) or not features:
        raise ImportRefused([RowError(0, _("GeoJSON tidak berisi fitur (FeatureCollection)."))])

    known = {k.kode: k for k in Kelurahan.objects.all()}
    errors: list[RowError] = []
    parsed: dict[str, dict] = {}
    for number, feature in enumerate(features, start=1):
        props = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(props, dict):
            errors.append(
                RowError(
                    number,
                    _("fitur ke-%(n)d bukan Feature GeoJSON dengan properti.") % {"n": number},
                )
            )
            continue
        kode = str(props.get("kode", "")).strip()
        if kode not in known:
            errors.append(
                RowError(
                    number,
                    _('fitur ke-%(n)d: kelurahan "%(kode)s" tidak dikenal.')
                    % {"n": number, "kode": kode},
                )
            )
            continue
        if kode in parsed:
            errors.append(
                RowError(
                    number,
                    _("fitur ke-%(n)d: kelurahan %(kode)s muncul dua kali.")
                    % {"n": number, "kode": kode},
                )
            )
            continue
        try:
            parsed[kode] = geo.sederhanakan(geo.polygon_geojson(feature.get("geometry")))
        except geo.GeometriTidakSah as exc:
            errors.append(
                RowError(
                    number,
                    _("fitur ke-%(n)d (%(kode)s): %(err)s")
                    % {"n": number, "kode": kode, "err": exc},
                )
            )
    if errors:
        raise ImportRefused(errors)

    hasil = HasilImpor()
    with transaction.atomic():
        for kode, geometry in parsed.items():
            kelurahan = known[kode]
            lat, lng = geo.titik_wakil(geometry)
            if kelurahan.batas == geometry:
                hasil.tetap += 1
                continue
            kelurahan.batas = geometry
            kelurahan.latitude, kelurahan.longitude = lat, lng
            kelurahan.save(update_fields=["batas", "latitude", "longitude"])
            hasil.diperbarui += 1
        for kecamatan in Kecamatan.objects.prefetch_related("kelurahan_set"):
            shapes = [k.batas for k in kecamatan.kelurahan_set.all() if k.batas]
            if shapes:
                kecamatan.batas = geo.gabung(shapes)
                kecamatan.save(update_fields=["batas"])
        transaction.on_commit(peta_berubah)
    return hasil


def kecamatan_set_program(*, kode: list[str], dalam_program: bool = True) -> int:
    """Mark kecamatan (by code) as in the program; unknown codes are refused."""
    found = set(Kecamatan.objects.filter(kode__in=kode).values_list("kode", flat=True))
    unknown = sorted(set(kode) - found)
    if unknown:
        raise ImportRefused(
            [RowError(0, _("Kecamatan tidak dikenal: %(kode)s.") % {"kode": ", ".join(unknown)})]
        )
    transaction.on_commit(peta_berubah)  # the city map colours program kecamatan
    return Kecamatan.objects.filter(kode__in=kode).update(dalam_program=dalam_program)
