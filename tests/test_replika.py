"""The dashboards' selectors read from the read replica when DATABASE_REPLICA_URL adds one.

Without a replica (every other test) they read the primary. With one, the test
adds a `replica` connection to the same test database (on PostgreSQL, where a
second connection sees what this test committed) and checks which connection
each query went to.
"""

import pytest
from django.conf import settings
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lib.replika import REPLIKA, RouterReplika, ada_replika, dari_replika
from wilayah.models import Kecamatan
from wilayah.selectors import kecamatan_ringkasan


@pytest.fixture
def replika(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("a second connection sees the test's rows on PostgreSQL only")
    monkeypatch.setitem(settings.DATABASES, REPLIKA, {**connection.settings_dict})
    # Connected here: the test case lets an alias it was not told of connect only if
    # it is connected already (the test would otherwise have to name it beforehand).
    connections[REPLIKA].connect()
    yield connections[REPLIKA]
    connections[REPLIKA].close()  # or the test database could not be dropped
    del connections[REPLIKA]


@pytest.mark.django_db
def test_without_a_replica_everything_reads_the_primary(kota):
    assert not ada_replika()
    assert dari_replika(Kecamatan.objects.all()).db == "default"
    assert kecamatan_ringkasan(Kecamatan.objects.all()).get(pk=kota.binawidya.pk).jumlah_rw == 3


@pytest.mark.django_db(transaction=True)
def test_the_pimpinan_home_reads_its_figures_from_the_replica(replika, akun, client_for):
    client = client_for(akun.pimpinan)
    with (
        CaptureQueriesContext(connection) as utama,
        CaptureQueriesContext(replika) as dari_replika_,
    ):
        response = client.get(reverse("akun:beranda"))

    assert response.status_code == 200
    assert "Binawidya" in response.text
    di_replika = " ".join(q["sql"] for q in dari_replika_.captured_queries)
    di_utama = " ".join(q["sql"] for q in utama.captured_queries)
    assert "wilayah_kecamatan" in di_replika and "COUNT" in di_replika
    assert "wilayah_kecamatan" not in di_utama, "the figures came from the primary"
    assert "django_session" not in di_replika, "a session is read from the primary (or its copy)"


@pytest.mark.django_db(transaction=True)
def test_an_object_read_from_the_replica_is_saved_to_the_primary(replika, kota):
    kecamatan = dari_replika(Kecamatan.objects.filter(pk=kota.sail.pk)).get()
    assert kecamatan._state.db == REPLIKA

    with CaptureQueriesContext(replika) as di_replika:
        kecamatan.nama = "Sail Baru"
        kecamatan.save(update_fields=["nama"])

    assert di_replika.captured_queries == []
    assert Kecamatan.objects.get(pk=kota.sail.pk).nama == "Sail Baru"


def test_the_router_changes_nothing_for_objects_of_the_primary():
    router = RouterReplika()
    assert router.db_for_write(Kecamatan, instance=Kecamatan()) is None
    assert router.db_for_read(Kecamatan) is None
    assert router.allow_migrate(REPLIKA, "wilayah") is False
    assert router.allow_migrate("default", "wilayah") is None
