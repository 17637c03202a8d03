import json

import pytest
from django.core.management import CommandError, call_command

from lib.tabular import ImportRefused
from tests.conftest import DATA
from wilayah import geo
from wilayah.models import Kecamatan, Kelurahan
from wilayah.services import batas_import_geojson, wilayah_import_csv

KOTAK = {
    "type": "Polygon",
    "coordinates": [[[101.0, 0.0], [101.01, 0.0], [101.01, 0.01], [101.0, 0.01], [101.0, 0.0]]],
}


@pytest.fixture
def wilayah(db):
    wilayah_import_csv(data=(DATA / "pekanbaru_wilayah.csv").read_bytes())


def fitur(kode: str, geometry: dict) -> dict:
    return {"type": "Feature", "properties": {"kode": kode}, "geometry": geometry}


def koleksi(*features) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


def test_it_imports_all_83_real_boundaries(wilayah):
    hasil = batas_import_geojson(data=(DATA / "pekanbaru_batas.geojson").read_bytes())
    assert hasil.diperbarui == 83
    assert Kelurahan.objects.filter(batas__isnull=True).count() == 0
    for kelurahan in Kelurahan.objects.all():
        # the stored label point lies inside its own polygon
        assert (
            geo.jarak_ke_batas_m(
                kelurahan.batas, float(kelurahan.latitude), float(kelurahan.longitude)
            )
            == 0
        )
    # kecamatan outlines are dissolved from their kelurahan
    binawidya = Kecamatan.objects.get(kode="14.71.08")
    assert binawidya.batas["type"] in ("Polygon", "MultiPolygon")
    again = batas_import_geojson(data=(DATA / "pekanbaru_batas.geojson").read_bytes())
    assert (again.diperbarui, again.tetap) == (0, 83)


def test_unknown_kelurahan_refuses_the_file(wilayah):
    with pytest.raises(ImportRefused) as info:
        batas_import_geojson(
            data=koleksi(fitur("14.71.03.1001", KOTAK), fitur("14.71.99.9999", KOTAK))
        )
    assert [str(e) for e in info.value.errors] == [
        'Baris 2: fitur ke-2: kelurahan "14.71.99.9999" tidak dikenal.'
    ]
    assert Kelurahan.objects.filter(batas__isnull=False).count() == 0


@pytest.mark.parametrize(
    "geometry",
    [
        {"type": "Point", "coordinates": [101.0, 0.5]},
        {
            "type": "Polygon",
            "coordinates": [
                [[101.0, 0.0], [101.01, 0.01], [101.0, 0.01], [101.01, 0.0], [101.0, 0.0]]
            ],
        },  # bow-tie
        {"type": "Polygon", "coordinates": "rusak"},
        {
            "type": "Polygon",
            "coordinates": [[[501.0, 0.0], [502.0, 0.0], [502.0, 1.0], [501.0, 0.0]]],
        },
    ],
)
def test_bad_geometry_refuses_the_file(wilayah, geometry):
    with pytest.raises(ImportRefused):
        batas_import_geojson(data=koleksi(fitur("14.71.03.1001", geometry)))
    assert Kelurahan.objects.filter(batas__isnull=False).count() == 0


@pytest.mark.parametrize("data", [b"", b"{not json", b"[]", b'{"type": "FeatureCollection"}'])
def test_not_geojson_is_refused(wilayah, data):
    with pytest.raises(ImportRefused):
        batas_import_geojson(data=data)


def test_the_command_reports_and_writes_nothing(wilayah, tmp_path):
    path = tmp_path / "batas.geojson"
    path.write_bytes(koleksi(fitur("14.71.03.1001", KOTAK), fitur("14.71.03.1001", KOTAK)))
    with pytest.raises(CommandError, match="muncul dua kali"):
        call_command("impor_batas", str(path))
    assert Kelurahan.objects.filter(batas__isnull=False).count() == 0


def test_point_in_area_allows_for_the_gaps_between_neighbours():
    # 0.0003 degrees of longitude at the equator is about 33 m outside the box
    assert geo.jarak_ke_batas_m(KOTAK, 0.005, 101.005) == 0
    near = geo.jarak_ke_batas_m(KOTAK, 0.005, 101.0103)
    assert 30 < near < 36
    assert geo.dalam_batas(KOTAK, 0.005, 101.0103)
    assert not geo.dalam_batas(KOTAK, 0.005, 101.02)  # about 1.1 km away


def test_distance_matches_a_known_figure():
    # one degree of latitude is about 111.2 km
    assert abs(geo.jarak_m(0.0, 101.0, 1.0, 101.0) - 111_195) < 50


@pytest.mark.parametrize("fitur_rusak", [[1, 2], "teks", {"properties": ["a"]}, None])
def test_a_feature_that_is_not_a_feature_is_refused(wilayah, fitur_rusak):
    with pytest.raises(ImportRefused, match="bukan Feature"):
        batas_import_geojson(data=koleksi(fitur("14.71.03.1001", KOTAK), fitur_rusak))
    assert Kelurahan.objects.filter(batas__isnull=False).count() == 0
