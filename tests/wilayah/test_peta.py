"""Maps that don't redo work: boundaries simplified once on import, served as cached
GeoJSON with an ETag, and pages that carry points only."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import DATA
from wilayah.models import Kelurahan
from wilayah.services import batas_import_geojson


@pytest.fixture
def batas(kota, django_capture_on_commit_callbacks):
    # on commit, as in use: a new map version, so nothing built by an earlier test is served
    with django_capture_on_commit_callbacks(execute=True):
        batas_import_geojson(data=(DATA / "pekanbaru_batas.geojson").read_bytes())


def _titik(geometry: dict) -> list:
    return [p for cincin in geometry["coordinates"] for p in cincin]


def test_it_stores_a_boundary_simplified_and_rounded(kota):
    # a square whose edges carry 400 points on straight lines, at 9 decimals
    sisi = [(101.0 + i * 0.000025, 0.5) for i in range(400)]
    cincin = [*sisi, (101.01, 0.5), (101.01, 0.51), (101.0, 0.51), (101.0, 0.5)]
    geometry = {"type": "Polygon", "coordinates": [[[x + 1e-9, y] for x, y in cincin]]}
    fitur = {"type": "Feature", "properties": {"kode": "14.71.08.1001"}, "geometry": geometry}
    data = json.dumps({"type": "FeatureCollection", "features": [fitur]}).encode()
    batas_import_geojson(data=data)
    disimpan = Kelurahan.objects.get(kode="14.71.08.1001").batas
    assert len(_titik(disimpan)) == 5
    assert all(round(x, 5) == x for x, _y in _titik(disimpan))


def test_it_serves_boundaries_with_an_etag_and_answers_304(batas, akun, client_for):
    client = client_for(akun.admin_binawidya)
    url = reverse("wilayah:batas", args=["kelurahan"])
    pertama = client.get(url)
    assert pertama.status_code == 200
    assert pertama["Content-Type"] == "application/geo+json"
    assert "max-age" in pertama["Cache-Control"] and pertama["ETag"]
    nama = sorted(f["properties"]["nama"] for f in json.loads(pertama.content)["features"])
    assert nama == ["Binawidya", "Delima", "Simpangbaru", "Sungaisibam", "Tobekgodang"]
    with CaptureQueriesContext(connection) as kueri:
        kedua = client.get(url, HTTP_IF_NONE_MATCH=pertama["ETag"])
    assert kedua.status_code == 304 and kedua.content == b""
    # built once: no later request reads a boundary from the database
    assert not any('"batas"' in q["sql"] for q in kueri.captured_queries)


def test_an_admin_gets_no_other_kecamatan_boundaries(batas, akun, client_for, kota):
    url = reverse("wilayah:batas", args=["kelurahan"])
    response = client_for(akun.admin_binawidya).get(url, {"kecamatan": kota.sail.kode})
    assert response.status_code == 404


def test_an_import_makes_a_new_version(batas, akun, client_for, django_capture_on_commit_callbacks):
    client = client_for(akun.pimpinan)
    url = reverse("akun:beranda")
    lama = client.get(url).context["peta_batas"]
    with django_capture_on_commit_callbacks(execute=True):
        batas_import_geojson(data=(DATA / "pekanbaru_batas.geojson").read_bytes())
    assert client.get(url).context["peta_batas"] != lama


def test_the_bkpsdm_map_carries_points_and_no_polygon(batas, akun, client_for):
    response = client_for(akun.bkpsdm).get(reverse("petugas:peta"))
    jenis = {f["geometry"]["type"] for f in response.context["peta"]["features"]}
    assert jenis == {"Point"}
    assert b"Polygon" not in response.content
    assert 'data-batas="/wilayah/batas/kelurahan.geojson?v=' in response.content.decode()
