"""The officer's installable app on the server's side: the manifest, the service worker,
and which pages it may keep for use without signal (the browser tests drive the rest)."""

import json
import uuid

from django.templatetags.static import static
from django.urls import reverse

HALAMAN_PETUGAS = ["akun:beranda", "pendataan:daftar_kerja", "pendataan:luring"]


def test_the_manifest_installs_an_indonesian_standalone_app(client):
    response = client.get(reverse("manifest"))
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["display"] == "standalone"
    assert manifest["lang"] == "id" and manifest["short_name"] == "1 ASN 1 RW"
    assert manifest["start_url"].startswith(reverse("akun:beranda"))
    assert {i["sizes"] for i in manifest["icons"]} == {"192x192", "512x512"}
    for ikon in manifest["icons"]:
        assert client.get(ikon["src"]).status_code == 200


def test_the_service_worker_is_served_from_the_root_and_keeps_the_hashed_files(client):
    response = client.get(reverse("service_worker"))
    assert reverse("service_worker") == "/sw.js"
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    isi = response.content.decode()
    for berkas in ("js/antrean.js", "js/petugas.js", "js/kunjungan.js", "css/portal.css"):
        assert f'"{static(berkas)}"' in isi
    assert "__VERSI__" not in isi
    # the same files give the same worker; any change makes a new one the browser installs
    assert client.get(reverse("service_worker")).content == response.content


def test_officer_pages_are_marked_for_the_officers_own_offline_cache(
    akun,
    keluarga,
    client_for,
):
    petugas = client_for(akun.petugas)
    urls = [reverse(n) for n in HALAMAN_PETUGAS] + [
        reverse("pendataan:keluarga_detail", args=[keluarga.pk]),
        reverse("pendataan:kunjungan_baru", args=[keluarga.pk]),
    ]
    for url in urls:
        response = petugas.get(url)
        assert response.status_code == 200, url
        assert response["X-Luring-Pengguna"] == str(akun.petugas.pk), url
    halaman = petugas.get(reverse("akun:beranda")).content.decode()
    assert f'data-pengguna="{akun.petugas.pk}"' in halaman
    assert 'rel="manifest"' in halaman and "js/petugas" in halaman


def test_no_other_roles_page_is_ever_kept_offline(akun, keluarga, client_for):
    for user in (akun.admin_binawidya, akun.dinsos, akun.superadmin):
        client = client_for(user)
        for url in (
            reverse("akun:beranda"),
            reverse("pendataan:keluarga_detail", args=[keluarga.pk]),
        ):
            response = client.get(url)
            assert response.status_code == 200
            assert "X-Luring-Pengguna" not in response, (user, url)
        halaman = client.get(reverse("akun:beranda")).content.decode()
        assert "data-pengguna" not in halaman and "js/lepas" in halaman


def test_a_queue_sent_under_another_users_session_waits_for_its_officer(
    akun,
    keluarga,
    client_for,
):
    from tests.pendataan.conftest import data_kunjungan

    response = client_for(akun.petugas).post(
        reverse("pendataan:kunjungan_kirim", args=[keluarga.pk]),
        data=json.dumps(data_kunjungan(keluarga)),
        content_type="application/json",
        headers={"X-Portal-Pengguna": str(akun.petugas_sail.pk)},
    )
    assert response.status_code == 401
    assert response.json()["kode"] == "sesi"
    assert "pengguna lain" in response.json()["pesan"]


def ambil_bertanda(client, url, django_assert_max_num_queries):
    """The officer's RW as JSON: a few queries, never in a shared cache, 304 while the
    tag (strong or made weak by gzip) still matches."""
    with django_assert_max_num_queries(12):
        pertama = client.get(url)
    etag = pertama["ETag"]
    assert pertama["Cache-Control"] == "private, no-store"
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(url, headers={"If-None-Match": f"W/{etag}"}).status_code == 304
    return pertama, etag


def test_the_phone_fetches_again_only_the_forms_that_changed(
    akun,
    keluarga,
    keluarga_sail,
    client_for,
    django_assert_max_num_queries,
):
    from pendataan.models import AnggotaKeluarga

    petugas = client_for(akun.petugas)
    url = reverse("pendataan:luring_versi")
    pertama, etag = ambil_bertanda(petugas, url, django_assert_max_num_queries)
    versi = pertama.json()["keluarga"]
    assert set(versi) == {str(keluarga.pk)}  # the officer's RW only, not Sail's family

    AnggotaKeluarga.objects.filter(keluarga=keluarga, nama="Rafi Santoso").update(nama="Rafi S.")
    kedua = petugas.get(url, headers={"If-None-Match": etag})
    assert kedua.status_code == 200
    assert kedua.json()["keluarga"][str(keluarga.pk)] != versi[str(keluarga.pk)]

    # an approved visit or an import changes the DTSEN values the form is pre-filled with
    from pendataan.variabel import variabel_berlakukan

    versi = kedua.json()["keluarga"]
    variabel_berlakukan(keluarga_id=keluarga.pk, perubahan={"keluarga": {"aset_mobil": 1}})
    ketiga = petugas.get(url, headers={"If-None-Match": kedua["ETag"]})
    assert ketiga.json()["keluarga"][str(keluarga.pk)] != versi[str(keluarga.pk)]


def test_the_phone_keeps_the_worklist_to_search_without_signal(
    akun,
    keluarga,
    keluarga_sail,
    client_for,
    django_assert_max_num_queries,
):
    from pendataan.models import Kunjungan

    petugas = client_for(akun.petugas)
    url = reverse("pendataan:luring_daftar")
    pertama, etag = ambil_bertanda(petugas, url, django_assert_max_num_queries)
    # the officer's own cache: kept with their pages, gone with them at logout
    assert pertama["X-Luring-Pengguna"] == str(akun.petugas.pk)
    (baris,) = pertama.json()["keluarga"]  # the officer's RW only, not Sail's family
    pk, rt, alamat, kk, status, anggota, alasan = baris
    assert alasan == []  # no recipient, no task: no risk
    assert (pk, rt, alamat, kk, status) == (
        keluarga.pk,
        2,
        "Jl. Garuda No. 5",
        keluarga.nomor_kk,
        "belum",
    )
    assert ["Budi Santoso", "1471081503900001", 1] in anggota
    assert all(a[2] == 0 for a in anggota if a[0] != "Budi Santoso")
    # the read log answers "who saw this NIK" for the list the phone keeps too
    from audit.models import LogBaca

    dilihat = LogBaca.objects.filter(user=akun.petugas, nomor="1471081503900001")
    assert dilihat.count() == 1
    assert LogBaca.objects.filter(user=akun.petugas, nomor=keluarga.nomor_kk).exists()

    # a visit sent changes the family's state, and so the list the phone keeps
    Kunjungan.objects.create(
        uuid=uuid.uuid4(),
        sidik="x",
        keluarga=keluarga,
        rw=keluarga.rw,
        petugas=akun.petugas.petugas,
        hasil="ditemui",
    )
    kedua = petugas.get(url, headers={"If-None-Match": etag})
    assert kedua.status_code == 200
    assert kedua.json()["keluarga"][0][4] == "sudah"
