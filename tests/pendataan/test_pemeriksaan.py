"""Verification at the door and the review loop: submit, return, fix, resubmit, approve."""

import datetime
import json
import uuid as uuidlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bansos.models import Penerima, Program, Verifikasi
from bansos.services import periode_buat
from bansos.verifikasi import alasan_disarankan
from pendataan import pemeriksaan
from pendataan.models import (
    AksiPemeriksaan,
    AnggotaKeluarga,
    FotoKunjungan,
    Kunjungan,
    StatusAnggota,
    StatusKunjungan,
)
from pendataan.services import kunjungan_simpan
from tests.pendataan.conftest import data_kunjungan, waktu


@pytest.fixture
def pkh(keluarga):
    """PKH 2026 tahap IV with Budi's family on it (Budi named on the list)."""
    periode = periode_buat(
        program=Program.objects.get(kode="pkh"),
        nama="2026 Tahap IV",
        mulai=datetime.date(2026, 10, 1),
        selesai=datetime.date(2026, 12, 31),
    )
    budi = keluarga.anggota_set.get(nama="Budi Santoso")
    penerima = Penerima.objects.create(periode=periode, keluarga=keluarga, terdaftar=budi)
    return penerima


@pytest.fixture
def bpnt():
    return periode_buat(
        program=Program.objects.get(kode="bpnt"),
        nama="2026 Tahap IV",
        mulai=datetime.date(2026, 10, 1),
        selesai=datetime.date(2026, 12, 31),
    )


def kirim(client, keluarga, data):
    return client.post(
        reverse("pendataan:kunjungan_kirim", args=[keluarga.pk]),
        data=json.dumps(data),
        content_type="application/json",
    )


def budi_meninggal(keluarga, pkh, **temuan):
    data = data_kunjungan(keluarga)
    budi = keluarga.anggota_set.get(nama="Budi Santoso")
    for a in data["anggota"]:
        if a["id"] == budi.pk:
            a.update(aksi="meninggal", tanggal="2026-09-30")
    data["verifikasi"] = [{"penerima": pkh.pk, "hasil": "tidak_layak", "alasan": "meninggal"}]
    data["verifikasi"][0].update(temuan)
    return data


# ---------------------------------------------------------------- at the door


def test_each_recipient_gets_a_finding_with_the_visit(akun, keluarga, pkh, client_for):
    response = kirim(client_for(akun.petugas), keluarga, budi_meninggal(keluarga, pkh))
    assert response.status_code == 201, response.json()
    v = Verifikasi.objects.get()
    assert (v.penerima, v.hasil, v.alasan, v.berlaku) == (pkh, "tidak_layak", "meninggal", False)
    k = Kunjungan.objects.get()
    assert list(k.riwayat_set.values_list("aksi", "oleh")) == [("dikirim", akun.petugas.pk)]


@pytest.mark.parametrize(
    "temuan,pesan",
    [
        (
            {"alasan": ""},
            "Pilih alasan tidak layak untuk Program Keluarga Harapan (PKH) (Budi Santoso)",
        ),
        (
            {"alasan": "lainnya", "alasan_lain": "  "},
            "Tulis alasan lainnya untuk Program Keluarga Harapan (PKH)",
        ),
        (
            {"alasan": "kaya_raya"},
            "Alasan untuk Program Keluarga Harapan (PKH) (Budi Santoso) tidak dikenal",
        ),
        ({"hasil": ""}, "Pilih layak atau tidak layak untuk Program Keluarga Harapan (PKH)"),
        ({"penerima": 999999}, "Penerima bantuan tidak dikenal"),
    ],
)
def test_a_finding_without_its_reason_is_refused_and_nothing_saved(
    akun, keluarga, pkh, client_for, temuan, pesan
):
    response = kirim(client_for(akun.petugas), keluarga, budi_meninggal(keluarga, pkh, **temuan))
    assert response.status_code == 400
    assert pesan in response.json()["pesan"]
    assert not Kunjungan.objects.exists() and not Verifikasi.objects.exists()


def test_lainnya_keeps_its_text_and_layak_carries_no_reason(akun, keluarga, pkh, bpnt):
    data = budi_meninggal(keluarga, pkh, alasan="lainnya", alasan_lain="Rumah  dijual")
    kunjungan_simpan(user=akun.petugas, keluarga=keluarga, data=data)
    v = Verifikasi.objects.get()
    assert (v.alasan, v.alasan_lain, v.alasan_teks) == (
        "lainnya",
        "Rumah dijual",
        "Lainnya: Rumah dijual",
    )
    data = budi_meninggal(keluarga, pkh, hasil="layak", alasan="meninggal")
    k, _ = kunjungan_simpan(user=akun.petugas, keluarga=keluarga, data=data)
    assert k.verifikasi_set.get().alasan == ""


def test_a_recipient_of_another_family_cannot_be_verified(
    akun, keluarga, keluarga_sail, pkh, client_for
):
    lain = Penerima.objects.create(periode=pkh.periode, keluarga=keluarga_sail)
    data = budi_meninggal(keluarga, pkh, penerima=lain.pk)
    response = kirim(client_for(akun.petugas), keluarga, data)
    assert response.status_code == 400
    assert not Verifikasi.objects.exists()


def test_a_family_on_no_list_can_be_proposed_with_a_reason(akun, keluarga, pkh, bpnt):
    data = data_kunjungan(keluarga, usulan=[{"periode": bpnt.pk, "keterangan": ""}])
    with pytest.raises(ValidationError, match="Tulis alasan mengusulkan"):
        kunjungan_simpan(user=akun.petugas, keluarga=keluarga, data=data)
    # PKH: the family is on it already
    data = data_kunjungan(keluarga, usulan=[{"periode": pkh.periode_id, "keterangan": "x"}])
    with pytest.raises(ValidationError, match="Program usulan tidak dikenal"):
        kunjungan_simpan(user=akun.petugas, keluarga=keluarga, data=data)
    data = data_kunjungan(
        keluarga, usulan=[{"periode": bpnt.pk, "keterangan": "Suami meninggal, tanpa penghasilan"}]
    )
    kunjungan, _ = kunjungan_simpan(user=akun.petugas, keluarga=keluarga, data=data)
    usulan = kunjungan.verifikasi_set.get()
    assert (usulan.jenis, usulan.periode, usulan.hasil, usulan.penerima) == (
        "usulan",
        bpnt,
        "layak",
        None,
    )


def test_the_reason_the_visit_shows_is_suggested(keluarga, pkh):
    budi = keluarga.anggota_set.get(nama="Budi Santoso").pk
    saran = lambda hasil, aksi: alasan_disarankan(  # noqa: E731
        hasil=hasil, aksi_anggota=aksi, penerima=pkh
    )
    assert saran("ditemui", {budi: "meninggal"}) == "meninggal"
    assert saran("ditemui", {budi: "pindah"}) == "pindah"
    assert saran("pindah", {}) == "pindah"
    assert saran("tidak_ditemukan", {}) == "alamat_tidak_ditemukan"
    assert saran("tidak_ada_orang", {}) == "tidak_ditemui"
    assert saran("ditemui", {budi: "tetap"}) == ""
    # another member's death says nothing about the recipient Budi
    siti = keluarga.anggota_set.get(nama="Siti Aminah").pk
    assert saran("ditemui", {siti: "meninggal"}) == ""


def test_the_form_offers_each_recipient_and_the_suggestions(akun, keluarga, pkh, bpnt, client_for):
    response = client_for(akun.petugas).get(reverse("pendataan:kunjungan_baru", args=[keluarga.pk]))
    html = response.content.decode()
    budi = keluarga.anggota_set.get(nama="Budi Santoso")
    assert f'data-penerima="{pkh.pk}" data-orang="{budi.pk}"' in html
    assert f'data-periode="{bpnt.pk}"' in html  # BPNT: the family may be proposed
    assert (
        '"meninggal": "meninggal"' in html and '"tidak_ditemukan": "alamat_tidak_ditemukan"' in html
    )


# ---------------------------------------------------------------- the review loop


def test_the_full_review_loop_keeps_its_history(
    akun, keluarga, pkh, client_for, tugas_di_proses_ini, settings, tmp_path
):
    from pendataan.demo import foto_kamera_jpeg

    settings.MEDIA_ROOT = tmp_path
    petugas, admin = client_for(akun.petugas), client_for(akun.admin_binawidya)
    assert kirim(petugas, keluarga, budi_meninggal(keluarga, pkh)).status_code == 201
    k = Kunjungan.objects.get()
    periksa = reverse("pendataan:kunjungan_periksa", args=[k.uuid])

    # a return needs a comment
    admin.post(periksa, {"aksi": "kembalikan", "komentar": ""})
    k.refresh_from_db()
    assert k.status == StatusKunjungan.DIKIRIM
    komentar = "Lampirkan foto akta kematian Budi."
    assert admin.post(periksa, {"aksi": "kembalikan", "komentar": komentar}).status_code == 302
    k.refresh_from_db()
    assert (k.status, k.komentar_pemeriksa) == (StatusKunjungan.DIKEMBALIKAN, komentar)

    # at the top of the officer's worklist, with the comment
    daftar = petugas.get(reverse("pendataan:daftar_kerja")).content.decode()
    assert komentar in daftar and str(k.uuid) in daftar

    # the officer cannot resubmit with nothing changed, then adds the certificate
    detail = reverse("pendataan:kunjungan_detail", args=[k.uuid])
    petugas.post(reverse("pendataan:kunjungan_perbaiki", args=[k.uuid]), {})
    k.refresh_from_db()
    assert k.status == StatusKunjungan.DIKEMBALIKAN
    akta = SimpleUploadedFile("akta.jpg", foto_kamera_jpeg(ukuran=(800, 600)), "image/jpeg")
    response = petugas.post(
        reverse("pendataan:kunjungan_foto_tambah", args=[k.uuid]),
        {"jenis": "dokumen", "foto": akta},
    )
    assert response.status_code == 302 and k.foto_set.get().jenis == "dokumen"
    v = k.verifikasi_set.get()
    response = petugas.post(
        reverse("pendataan:kunjungan_perbaiki", args=[k.uuid]),
        {
            f"hasil-{v.pk}": "tidak_layak",
            f"alasan-{v.pk}": "meninggal",
            "tanggapan": "Akta kematian terlampir.",
        },
    )
    k.refresh_from_db()
    assert k.status == StatusKunjungan.DIKIRIM

    # approved: the finding is in force, Budi is recorded as deceased
    admin.post(periksa, {"aksi": "setujui"})
    k.refresh_from_db()
    assert k.status == StatusKunjungan.DISETUJUI and k.diperiksa_oleh == akun.admin_binawidya
    assert Verifikasi.objects.get().berlaku
    budi = AnggotaKeluarga.objects.get(nama="Budi Santoso")
    assert (budi.status, budi.tanggal_meninggal) == (
        StatusAnggota.MENINGGAL,
        datetime.date(2026, 9, 30),
    )

    riwayat = list(k.riwayat_set.all())
    assert [(r.aksi, r.oleh) for r in riwayat] == [
        (AksiPemeriksaan.DIKIRIM, akun.petugas),
        (AksiPemeriksaan.DIKEMBALIKAN, akun.admin_binawidya),
        (AksiPemeriksaan.DIKIRIM_ULANG, akun.petugas),
        (AksiPemeriksaan.DISETUJUI, akun.admin_binawidya),
    ]
    assert riwayat[1].komentar == komentar
    assert riwayat[2].komentar == "Akta kematian terlampir."
    assert riwayat[2].perubahan == ["Foto baru: Dokumen pendukung"]
    assert riwayat[3].perubahan == ["Budi Santoso: meninggal (30 Sep 2026)"]
    html = admin.get(detail).content.decode()
    for teks in (komentar, "Akta kematian terlampir.", "Foto baru: Dokumen pendukung"):
        assert teks in html


def test_a_changed_finding_is_recorded_before_and_after(akun, keluarga, pkh):
    k, _ = kunjungan_simpan(
        user=akun.petugas, keluarga=keluarga, data=budi_meninggal(keluarga, pkh, hasil="layak")
    )
    pemeriksaan.kunjungan_kembalikan(kunjungan=k, oleh=akun.admin_binawidya, komentar="Cek lagi")
    v = k.verifikasi_set.get()
    with pytest.raises(ValidationError, match="Pilih alasan"):
        pemeriksaan.kunjungan_perbaiki(
            kunjungan=k,
            oleh=akun.petugas,
            temuan={v.pk: {"hasil": "tidak_layak", "alasan": ""}},
            tanggapan="",
        )
    k.refresh_from_db()
    assert k.status == StatusKunjungan.DIKEMBALIKAN  # nothing half done
    pemeriksaan.kunjungan_perbaiki(
        kunjungan=k,
        oleh=akun.petugas,
        temuan={v.pk: {"hasil": "tidak_layak", "alasan": "pensiunan"}},
        tanggapan="",
    )
    assert k.riwayat_set.last().perubahan == [
        "Program Keluarga Harapan (PKH): Layak \u2192 "
        "Program Keluarga Harapan (PKH): Tidak layak (Pensiunan ASN/TNI/Polri)"
    ]


def test_a_double_click_on_approve_changes_it_once(akun, keluarga, pkh, client_for):
    k, _ = kunjungan_simpan(
        user=akun.petugas, keluarga=keluarga, data=budi_meninggal(keluarga, pkh)
    )
    admin = client_for(akun.admin_binawidya)
    periksa = reverse("pendataan:kunjungan_periksa", args=[k.uuid])
    admin.post(periksa, {"aksi": "setujui"})
    response = admin.post(periksa, {"aksi": "setujui"}, follow=True)
    assert "sudah berstatus" in response.content.decode()
    assert k.riwayat_set.filter(aksi="disetujui").count() == 1
    with pytest.raises(pemeriksaan.SudahDiperiksa):
        pemeriksaan.kunjungan_kembalikan(kunjungan=k, oleh=akun.admin_binawidya, komentar="x")


def test_a_rejected_visit_changes_nothing_and_a_later_approval_wins(akun, keluarga, pkh):
    k1, _ = kunjungan_simpan(
        user=akun.petugas, keluarga=keluarga, data=budi_meninggal(keluarga, pkh)
    )
    with pytest.raises(ValidationError, match="alasan penolakan"):
        pemeriksaan.kunjungan_tolak(kunjungan=k1, oleh=akun.admin_binawidya, komentar="")
    pemeriksaan.kunjungan_tolak(kunjungan=k1, oleh=akun.admin_binawidya, komentar="Foto palsu")
    assert not Verifikasi.objects.filter(berlaku=True).exists()
    assert AnggotaKeluarga.objects.get(nama="Budi Santoso").status == StatusAnggota.HIDUP

    k3, _ = kunjungan_simpan(
        user=akun.petugas, keluarga=keluarga, data=budi_meninggal(keluarga, pkh)
    )
    # made at the door an hour earlier, queued offline, arriving after k3
    k2, _ = kunjungan_simpan(
        user=akun.petugas,
        keluarga=keluarga,
        data=budi_meninggal(keluarga, pkh, hasil="layak")
        | {"dibuka_at": waktu(-3900), "dikirim_at": waktu(-3600)},
    )
    pemeriksaan.kunjungan_setujui(kunjungan=k3, oleh=akun.admin_binawidya)
    pemeriksaan.kunjungan_setujui(kunjungan=k2, oleh=akun.admin_binawidya)
    # the older visit approved later overrides neither the finding nor the family
    assert Verifikasi.objects.get(berlaku=True).kunjungan == k3
    assert "kunjungan lebih baru" in k2.riwayat_set.get(aksi="disetujui").perubahan[0]


def test_bulk_approval_takes_only_clean_visits_in_scope(
    akun, keluarga, keluarga_sail, pkh, client_for
):
    bersih, _ = kunjungan_simpan(
        user=akun.petugas, keluarga=keluarga, data=budi_meninggal(keluarga, pkh)
    )
    bertanda, _ = kunjungan_simpan(
        user=akun.petugas,
        keluarga=keluarga,
        data=budi_meninggal(keluarga, pkh)
        | {"latitude": None, "longitude": None, "alasan_tanpa_gps": "hujan"},
    )
    assert bertanda.jumlah_bendera
    sail, _ = kunjungan_simpan(
        user=akun.petugas_sail, keluarga=keluarga_sail, data=data_kunjungan(keluarga_sail)
    )
    response = client_for(akun.admin_binawidya).post(
        reverse("pendataan:setujui_massal"),
        {"kunjungan": [bersih.uuid, bertanda.uuid, sail.uuid, "bukan-uuid"]},
        follow=True,
    )
    html = response.content.decode()
    assert "1 kunjungan disetujui" in html and "1 kunjungan dilewati" in html
    status = dict(Kunjungan.objects.values_list("pk", "status"))
    assert status == {
        bersih.pk: StatusKunjungan.DISETUJUI,
        bertanda.pk: StatusKunjungan.DIKIRIM,
        sail.pk: StatusKunjungan.DIKIRIM,
    }


def test_the_queue_shows_flagged_visits_first_in_few_queries(
    akun, keluarga, pkh, client_for, django_assert_max_num_queries
):
    for _ in range(3):
        kunjungan_simpan(user=akun.petugas, keluarga=keluarga, data=budi_meninggal(keluarga, pkh))
    bertanda, _ = kunjungan_simpan(
        user=akun.petugas,
        keluarga=keluarga,
        data=budi_meninggal(keluarga, pkh)
        | {"latitude": None, "longitude": None, "alasan_tanpa_gps": "hujan"},
    )
    admin = client_for(akun.admin_binawidya)
    with django_assert_max_num_queries(14):
        html = admin.get(reverse("pendataan:antrean")).content.decode()
    assert html.index(str(bertanda.uuid)) < min(
        html.index(str(k.uuid)) for k in Kunjungan.objects.exclude(pk=bertanda.pk)
    )
    assert "(PKH): Tidak layak · Meninggal dunia" in html


def test_the_queue_chips_name_the_member_with_the_nik_masked(akun, keluarga, pkh, client_for):
    kunjungan_simpan(user=akun.petugas, keluarga=keluarga, data=budi_meninggal(keluarga, pkh))
    html = client_for(akun.admin_binawidya).get(reverse("pendataan:antrean")).content.decode()
    assert 'Budi Santoso <span class="nik">(1471••••••••0001)</span> · ' in html
    assert "1471081503900001" not in html


def test_bulk_approval_is_offered_only_when_a_visit_can_be_chosen(akun, keluarga, pkh, client_for):
    kunjungan_simpan(
        user=akun.petugas,
        keluarga=keluarga,
        data=budi_meninggal(keluarga, pkh)
        | {"latitude": None, "longitude": None, "alasan_tanpa_gps": "hujan"},
    )
    admin = client_for(akun.admin_binawidya)
    html = admin.get(reverse("pendataan:antrean")).content.decode()
    assert 'id="setujui-massal"' not in html and 'name="kunjungan"' not in html
    assert "Tidak ada yang bisa disetujui sekaligus di halaman ini" in html
    kunjungan_simpan(user=akun.petugas, keluarga=keluarga, data=budi_meninggal(keluarga, pkh))
    html = admin.get(reverse("pendataan:antrean")).content.decode()
    assert 'id="setujui-massal"' in html and 'name="kunjungan"' in html
    assert "Tidak ada yang bisa disetujui sekaligus" not in html


def test_another_kecamatan_gets_404_on_every_item(akun, keluarga, pkh, client_for):
    k, _ = kunjungan_simpan(
        user=akun.petugas, keluarga=keluarga, data=budi_meninggal(keluarga, pkh)
    )
    sail = client_for(akun.admin_sail)
    assert sail.get(reverse("pendataan:kunjungan_detail", args=[k.uuid])).status_code == 404
    for aksi in ("setujui", "kembalikan", "tolak"):
        response = sail.post(
            reverse("pendataan:kunjungan_periksa", args=[k.uuid]), {"aksi": aksi, "komentar": "x"}
        )
        assert response.status_code == 404
    assert str(k.uuid) not in sail.get(reverse("pendataan:antrean")).content.decode()
    pemeriksaan.kunjungan_kembalikan(kunjungan=k, oleh=akun.admin_binawidya, komentar="x")
    lain = client_for(akun.petugas_sail)
    for name in ("kunjungan_perbaiki", "kunjungan_foto_tambah"):
        assert lain.post(reverse(f"pendataan:{name}", args=[k.uuid])).status_code == 404
    k.refresh_from_db()
    assert k.status == StatusKunjungan.DIKEMBALIKAN


def test_approval_applies_moves_and_new_members_but_never_takes_a_nik_from_another_card(
    akun, keluarga, keluarga_sail
):
    siti = keluarga.anggota_set.get(nama="Siti Aminah")
    data = data_kunjungan(
        keluarga,
        anggota_baru=[
            {"nik": "1471084107260004", "nama": "Bayi Santoso"},
            {"nik": "1471031503800009", "nama": "Ahmad dari Sail"},  # on the Sail card
        ],
    )
    for a in data["anggota"]:
        if a["id"] == siti.pk:
            a["aksi"] = "pindah"
    k, _ = kunjungan_simpan(user=akun.petugas, keluarga=keluarga, data=data)
    pemeriksaan.kunjungan_setujui(kunjungan=k, oleh=akun.admin_binawidya)
    siti.refresh_from_db()
    assert siti.status == StatusAnggota.PINDAH
    bayi = AnggotaKeluarga.objects.get(nik="1471084107260004")
    assert (bayi.keluarga, bayi.jenis_kelamin) == (keluarga, "P")
    assert AnggotaKeluarga.objects.get(nik="1471031503800009").keluarga == keluarga_sail
    perubahan = k.riwayat_set.get(aksi="disetujui").perubahan
    assert "Siti Aminah: pindah" in perubahan and "Anggota baru: Bayi Santoso" in perubahan
    assert any("1471••••••••0009" in p and "tidak ditambahkan" in p for p in perubahan)
    keluarga.refresh_from_db()
    assert str(keluarga.latitude) == "0.470000"


def test_control_characters_are_dropped_not_a_crash(akun, keluarga, pkh, bpnt):
    data = budi_meninggal(keluarga, pkh, alasan="lainnya", alasan_lain="rumah\x00 dijual")
    data["usulan"] = [{"periode": bpnt.pk, "keterangan": "tanpa\x00 penghasilan"}]
    k, _ = kunjungan_simpan(user=akun.petugas, keluarga=keluarga, data=data)
    assert sorted(k.verifikasi_set.values_list("alasan_lain", "keterangan")) == [
        ("", "tanpa penghasilan"),
        ("rumah dijual", ""),
    ]
    pemeriksaan.kunjungan_kembalikan(kunjungan=k, oleh=akun.admin_binawidya, komentar="a\x00b")
    assert k.riwayat_set.last().komentar == "ab"


def test_a_visit_with_a_photo_still_waiting_is_not_clean(akun, keluarga, pkh, settings, tmp_path):
    import uuid

    from django.core.files.base import ContentFile

    from pendataan.models import FotoKunjungan

    settings.MEDIA_ROOT = tmp_path
    foto_uuid = str(uuid.uuid4())
    data = budi_meninggal(keluarga, pkh) | {"foto": [{"uuid": foto_uuid, "jenis": "rumah"}]}
    k, _ = kunjungan_simpan(user=akun.petugas, keluarga=keluarga, data=data)
    foto = FotoKunjungan(kunjungan=k, foto_uuid=foto_uuid, jenis="rumah")
    foto.asli.save("asli", ContentFile(b"x"), save=True)  # still MENUNGGU
    assert pemeriksaan.kunjungan_setujui_massal(kunjungan_list=[k], oleh=akun.admin_binawidya) == (
        0,
        1,
    )
    FotoKunjungan.objects.filter(pk=foto.pk).update(status="selesai")
    assert pemeriksaan.kunjungan_setujui_massal(kunjungan_list=[k], oleh=akun.admin_binawidya) == (
        1,
        0,
    )


def test_the_officers_fix_cannot_turn_a_proposal_into_tidak_layak(akun, keluarga, pkh, bpnt):
    data = data_kunjungan(keluarga, usulan=[{"periode": bpnt.pk, "keterangan": "miskin"}])
    k, _ = kunjungan_simpan(user=akun.petugas, keluarga=keluarga, data=data)
    pemeriksaan.kunjungan_kembalikan(kunjungan=k, oleh=akun.admin_binawidya, komentar="x")
    usulan = k.verifikasi_set.get()
    pemeriksaan.kunjungan_perbaiki(
        kunjungan=k,
        oleh=akun.petugas,
        temuan={usulan.pk: {"hasil": "tidak_layak", "alasan": "pensiunan"}},
        tanggapan="ok",
    )
    usulan.refresh_from_db()
    assert (usulan.hasil, usulan.alasan) == ("layak", "")


def test_a_photo_that_came_in_after_the_page_was_opened_stops_the_approval(
    akun, keluarga, pkh, client_for, settings, tmp_path
):
    import uuid

    from django.core.files.base import ContentFile

    from pendataan.models import FotoKunjungan

    settings.MEDIA_ROOT = tmp_path
    k, _ = kunjungan_simpan(
        user=akun.petugas, keluarga=keluarga, data=budi_meninggal(keluarga, pkh)
    )

    def foto_baru() -> FotoKunjungan:
        foto = FotoKunjungan(kunjungan=k, foto_uuid=uuid.uuid4(), jenis="rumah")
        foto.asli.save("asli", ContentFile(b"x"), save=True)
        return foto

    pertama = foto_baru()
    admin = client_for(akun.admin_binawidya)
    halaman = admin.get(reverse("pendataan:kunjungan_detail", args=[k.uuid])).content.decode()
    assert f'name="foto" value="{pertama.pk}"' in halaman
    kedua = foto_baru()  # the phone sends one more while the admin reads
    periksa = reverse("pendataan:kunjungan_periksa", args=[k.uuid])

    response = admin.post(
        periksa, {"aksi": "setujui", "foto_terlihat": "1", "foto": [pertama.pk]}, follow=True
    )

    assert "Ada foto baru sejak halaman ini dibuka" in response.content.decode()
    k.refresh_from_db()
    assert k.status == StatusKunjungan.DIKIRIM
    assert not k.riwayat_set.filter(aksi=AksiPemeriksaan.DISETUJUI).exists()

    admin.post(
        periksa, {"aksi": "setujui", "foto_terlihat": "1", "foto": [pertama.pk, kedua.pk, "x", "²"]}
    )
    k.refresh_from_db()
    assert k.status == StatusKunjungan.DISETUJUI


def test_returning_or_rejecting_does_not_wait_for_new_photos(akun, keluarga, pkh, client_for):
    k, _ = kunjungan_simpan(
        user=akun.petugas, keluarga=keluarga, data=budi_meninggal(keluarga, pkh)
    )
    admin = client_for(akun.admin_binawidya)
    admin.post(
        reverse("pendataan:kunjungan_periksa", args=[k.uuid]),
        {"aksi": "kembalikan", "komentar": "Foto akta kematian?", "foto_terlihat": "1"},
    )
    k.refresh_from_db()
    assert k.status == StatusKunjungan.DIKEMBALIKAN


# ------------------------------------------------------- photos that never came


def _foto(k: Kunjungan, foto_uuid: str, jenis: str) -> FotoKunjungan:
    """A photo as it arrives: stored, still waiting for the worker."""
    foto = FotoKunjungan(kunjungan=k, foto_uuid=foto_uuid, jenis=jenis)
    foto.asli.save("asli", ContentFile(b"x"), save=True)
    return foto


def _tiga_foto_satu_sampai(akun, keluarga, pkh, *, status: str = "menunggu") -> Kunjungan:
    """A visit announcing house, KK and KTP photos, of which only the house photo came
    in (still being processed unless `status` says otherwise)."""
    diharapkan = [{"uuid": str(uuidlib.uuid4()), "jenis": j} for j in ("rumah", "kk", "ktp")]
    data = budi_meninggal(keluarga, pkh) | {"foto": diharapkan}
    k, _ = kunjungan_simpan(user=akun.petugas, keluarga=keluarga, data=data)
    foto = _foto(k, diharapkan[0]["uuid"], "rumah")
    FotoKunjungan.objects.filter(pk=foto.pk).update(status=status)
    return k


def test_approval_is_refused_while_announced_photos_are_missing(
    akun, keluarga, pkh, client_for, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    k = _tiga_foto_satu_sampai(akun, keluarga, pkh)
    admin = client_for(akun.admin_binawidya)
    detail = reverse("pendataan:kunjungan_detail", args=[k.uuid])
    halaman = admin.get(detail).content.decode()
    # the reviewer is told which photos never came, and offered the explicit way
    assert "Foto yang belum sampai: Kartu keluarga, KTP" in halaman
    assert 'value="setujui_tanpa_foto"' in halaman
    assert 'name="alasan_tanpa_foto"' in halaman

    foto = [str(pk) for pk in k.foto_set.values_list("pk", flat=True)]
    response = admin.post(
        reverse("pendataan:kunjungan_periksa", args=[k.uuid]),
        {"aksi": "setujui", "foto_terlihat": "1", "foto": foto},
        follow=True,
    )

    assert "Foto Kartu keluarga, KTP belum sampai" in response.content.decode()
    k.refresh_from_db()
    assert k.status == StatusKunjungan.DIKIRIM
    assert not k.riwayat_set.filter(aksi=AksiPemeriksaan.DISETUJUI).exists()
    assert not Verifikasi.objects.filter(berlaku=True).exists()
    with pytest.raises(ValidationError, match="belum sampai"):
        pemeriksaan.kunjungan_setujui(kunjungan=k, oleh=akun.admin_binawidya)

    # Only a photo that never reached the server is missing: one still being
    # processed, or one that failed (flagged on its own), has arrived.
    for f, status in zip(k.foto_diharapkan[1:], ("menunggu", "gagal"), strict=True):
        FotoKunjungan.objects.filter(pk=_foto(k, f["uuid"], f["jenis"]).pk).update(status=status)
    pemeriksaan.kunjungan_setujui(kunjungan=k, oleh=akun.admin_binawidya)
    k.refresh_from_db()
    assert k.status == StatusKunjungan.DISETUJUI
    assert k.riwayat_set.get(aksi=AksiPemeriksaan.DISETUJUI).perubahan == [
        "Budi Santoso: meninggal (30 Sep 2026)"
    ]


def test_approval_without_the_photos_needs_a_reason_kept_in_the_history(
    akun, keluarga, pkh, client_for, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    k = _tiga_foto_satu_sampai(akun, keluarga, pkh)
    admin = client_for(akun.admin_binawidya)
    periksa = reverse("pendataan:kunjungan_periksa", args=[k.uuid])
    foto = [str(pk) for pk in k.foto_set.values_list("pk", flat=True)]

    kosong = admin.post(
        periksa,
        {
            "aksi": "setujui_tanpa_foto",
            "alasan_tanpa_foto": "  ",
            "foto_terlihat": "1",
            "foto": foto,
        },
        follow=True,
    )
    assert "Tulis alasan menyetujui tanpa foto" in kosong.content.decode()
    k.refresh_from_db()
    assert k.status == StatusKunjungan.DIKIRIM

    alasan = "Ponsel petugas rusak; KK dan KTP sudah dicek langsung di kantor lurah."
    response = admin.post(
        periksa,
        {
            "aksi": "setujui_tanpa_foto",
            "alasan_tanpa_foto": alasan,
            "foto_terlihat": "1",
            "foto": foto,
        },
    )
    assert response.status_code == 302
    k.refresh_from_db()
    assert k.status == StatusKunjungan.DISETUJUI
    riwayat = k.riwayat_set.get(aksi=AksiPemeriksaan.DISETUJUI)
    assert f"Disetujui tanpa foto Kartu keluarga, KTP: {alasan}" in riwayat.perubahan
    html = admin.get(reverse("pendataan:kunjungan_detail", args=[k.uuid])).content.decode()
    assert alasan in html


def test_bulk_approval_never_takes_a_visit_with_photos_missing(
    akun, keluarga, pkh, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    k = _tiga_foto_satu_sampai(akun, keluarga, pkh, status="selesai")
    assert not k.jumlah_bendera
    assert pemeriksaan.kunjungan_setujui_massal(kunjungan_list=[k], oleh=akun.admin_binawidya) == (
        0,
        1,
    )
    k.refresh_from_db()
    assert k.status == StatusKunjungan.DIKIRIM
