"""Recording a kelurahan's muskel (or SPTJM): the form, its scope, its bad input, and one
month's file per change."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from bansos.models import Verifikasi
from siksng.models import Aksi, Keputusan, Muskel, PesertaMuskel, Putusan
from siksng.perubahan import perubahan_terbuka
from siksng.services import KeputusanMasuk
from siksng.siklus import bulan_geser, bulan_muskel, nama_bulan
from tests.siksng.conftest import muskel_sepakati


def _url(kelurahan) -> str:
    return reverse("siksng:muskel_baru", args=[kelurahan.pk])


def _terbuka(kota):
    return perubahan_terbuka(kelurahan=kota.simpangbaru, sampai=timezone.now())


def _badan(kota, **ganti) -> dict:
    badan = {
        "jenis": "muskel",
        "tanggal": "2026-11-10",
        "tempat": "Aula Kantor Lurah Simpangbaru",
        "peserta_nama": ["Hj. Ratna", "Ahmad Yani", ""],
        "peserta_peran": ["Lurah", "Ketua RW 01", ""],
    }
    for p in _terbuka(kota):
        badan[f"putusan_{p.kunci}"] = Putusan.DISEPAKATI
    badan.update(ganti)
    return badan


def test_it_lists_the_approved_changes_of_the_kelurahan(perubahan, kota):
    daftar = [(p.orang.nama, p.aksi, p.program, p.alasan, p.rincian) for p in _terbuka(kota)]
    pkh = "Program Keluarga Harapan (PKH)"
    assert daftar == [
        ("Siti Aminah", Aksi.TETAP, pkh, "", []),
        ("Joko Susilo", Aksi.KELUAR, pkh, "Meninggal dunia", []),
        ("Joko Susilo", Aksi.PERBAIKAN_DATA, "", "", ["Joko Susilo: meninggal (2026-10-02)"]),
        ("Rina Wati", Aksi.KELUAR, pkh, "Lainnya: Punya toko bangunan", []),
        ("Wati Lestari", Aksi.USUL, pkh, "Janda, tiga anak", []),
    ]  # Hendra's visit still waits for review; Ahmad is in Cinta Raja


def test_a_change_approved_after_the_moment_is_not_there_yet(perubahan, kota):
    kemarin = timezone.now() - datetime.timedelta(days=1)
    assert perubahan_terbuka(kelurahan=kota.simpangbaru, sampai=kemarin) == []


def test_it_records_a_muskel_from_the_form(perubahan, kota, akun, client_for):
    response = client_for(akun.admin_binawidya).post(_url(kota.simpangbaru), _badan(kota))
    muskel = Muskel.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("siksng:muskel_detail", args=[muskel.pk])
    assert (muskel.kelurahan, muskel.jenis, muskel.bulan) == (
        kota.simpangbaru,
        "muskel",
        bulan_muskel(),
    )
    assert muskel.tanggal == datetime.date(2026, 11, 10)
    assert [(p.nama, p.peran) for p in muskel.peserta_set.all()] == [
        ("Hj. Ratna", "Lurah"),
        ("Ahmad Yani", "Ketua RW 01"),
    ]
    keputusan = muskel.keputusan_set.all()
    assert keputusan.count() == 5
    assert {k.bulan for k in keputusan} == {muskel.bulan}
    assert _terbuka(kota) == [], "every change is now in the month's file"
    assert muskel.dicatat_oleh == akun.admin_binawidya


def test_sending_the_form_twice_changes_nothing_twice(perubahan, kota, akun, client_for):
    client = client_for(akun.admin_binawidya)
    badan = _badan(kota)
    client.post(_url(kota.simpangbaru), badan)
    sebelum = (Muskel.objects.count(), Keputusan.objects.count(), PesertaMuskel.objects.count())
    response = client.post(_url(kota.simpangbaru), badan, follow=True)
    assert "sudah dicatat" in response.text
    assert (
        (
            Muskel.objects.count(),
            Keputusan.objects.count(),
            PesertaMuskel.objects.count(),
        )
        == sebelum
        == (1, 5, 2)
    )
    # the service refuses it too (a send that raced past the view's look)
    with pytest.raises(ValidationError, match="sudah dicatat"):
        muskel_sepakati(kota.simpangbaru, akun.admin_binawidya)


def test_a_kelurahan_outside_the_scope_is_404(perubahan, kota, akun, client_for):
    client = client_for(akun.admin_binawidya)
    assert client.get(_url(kota.cinta_raja)).status_code == 404
    assert client.post(_url(kota.cinta_raja), _badan(kota)).status_code == 404
    assert not Muskel.objects.exists()
    # Sail's own admin and Dinsos may
    assert client_for(akun.admin_sail).get(_url(kota.cinta_raja)).status_code == 200
    assert client_for(akun.dinsos).get(_url(kota.cinta_raja)).status_code == 200


@pytest.mark.parametrize(
    ("ganti", "pesan"),
    [
        (
            {"peserta_nama": ["", ""], "peserta_peran": ["", ""]},
            "Tulis paling sedikit satu peserta musyawarah",
        ),
        ({"peserta_nama": ["Hj. Ratna"], "peserta_peran": [""]}, "Tulis nama dan jabatan"),
        ({"tempat": ""}, "Tulis tempat musyawarah."),
        ({"tanggal": ""}, "Tulis tanggal musyawarah atau SPTJM."),
        ({"jenis": "rapat"}, "Pilih musyawarah kelurahan atau SPTJM."),
        ({"tanggal": "2999-01-01"}, "tidak boleh di masa depan"),
        ({"jenis": "sptjm"}, "Tulis nama dan jabatan penandatangan SPTJM."),
        (
            {"bawaan_putusan": "diubah"},
            "Keputusan untuk yang tidak dipilih hanya boleh Disepakati atau Ditunda.",
        ),
    ],
)
def test_bad_input_is_refused_with_a_message(perubahan, kota, akun, client_for, ganti, pesan):
    response = client_for(akun.admin_binawidya).post(_url(kota.simpangbaru), _badan(kota, **ganti))
    assert response.status_code == 400
    assert pesan in response.text
    assert not Muskel.objects.exists() and not Keputusan.objects.exists()


def test_every_change_needs_a_decision(perubahan, kota, akun, client_for):
    badan = _badan(kota)
    kunci = _terbuka(kota)[0].kunci
    del badan[f"putusan_{kunci}"]
    response = client_for(akun.admin_binawidya).post(_url(kota.simpangbaru), badan)
    assert response.status_code == 400
    assert "Pilih keputusan untuk setiap perubahan (1 belum dipilih)." in response.text
    assert not Muskel.objects.exists()


def test_one_choice_decides_every_change_left_unchosen(perubahan, kota, akun, client_for):
    """A big kelurahan's hundreds of changes: agree them all at once, postpone one."""
    terbuka = _terbuka(kota)
    badan = {k: v for k, v in _badan(kota).items() if not k.startswith("putusan_")}
    badan["bawaan_putusan"] = Putusan.DISEPAKATI
    badan[f"putusan_{terbuka[1].kunci}"] = Putusan.DITUNDA
    client = client_for(akun.admin_binawidya)
    assert 'name="bawaan_putusan"' in client.get(_url(kota.simpangbaru)).text
    response = client.post(_url(kota.simpangbaru), badan)
    assert response.status_code == 302
    assert sorted(Keputusan.objects.values_list("putusan", flat=True)) == [
        Putusan.DISEPAKATI
    ] * 4 + [Putusan.DITUNDA]
    assert Keputusan.objects.get(putusan=Putusan.DITUNDA).kunci == terbuka[1].kunci


def test_a_changed_decision_says_what_changed(perubahan, kota, akun, client_for):
    rina = [p for p in _terbuka(kota) if p.orang.nama == "Rina Wati"][0]
    client = client_for(akun.admin_binawidya)
    badan = _badan(kota, **{f"putusan_{rina.kunci}": Putusan.DIUBAH})
    response = client.post(_url(kota.simpangbaru), badan)
    assert response.status_code == 400
    assert "Tulis apa yang diubah musyawarah untuk Rina Wati." in response.text
    assert not Muskel.objects.exists()
    badan[f"ubah_{rina.kunci}"] = "Toko milik saudara; tetap menerima"
    badan[f"aksi_{rina.kunci}"] = Aksi.TETAP
    assert client.post(_url(kota.simpangbaru), badan).status_code == 302
    k = Keputusan.objects.get(verifikasi=rina.verifikasi)
    assert (k.putusan, k.aksi, k.diubah_menjadi) == (
        Putusan.DIUBAH,
        Aksi.TETAP,
        "Toko milik saudara; tetap menerima",
    )


def test_a_proposal_cannot_become_another_action(perubahan, kota, akun):
    wati = [p for p in _terbuka(kota) if p.aksi == Aksi.USUL][0]
    salah = KeputusanMasuk(putusan=Putusan.DIUBAH, aksi=Aksi.KELUAR, diubah_menjadi="x")
    with pytest.raises(ValidationError, match="Aksi pengganti tidak sesuai"):
        muskel_sepakati(kota.simpangbaru, akun.admin_binawidya, putusan={wati.kunci: salah})
    assert not Muskel.objects.exists()


def test_an_sptjm_stands_in_with_its_signer(perubahan, kota, akun, client_for):
    badan = _badan(
        kota,
        jenis="sptjm",
        tempat="",
        peserta_nama=[],
        peserta_peran=[],
        penandatangan="Hj. Ratna, S.Sos",
        jabatan_penandatangan="Lurah Simpangbaru",
    )
    assert client_for(akun.dinsos).post(_url(kota.simpangbaru), badan).status_code == 302
    muskel = Muskel.objects.get()
    assert (muskel.jenis, muskel.penandatangan, muskel.jabatan_penandatangan) == (
        "sptjm",
        "Hj. Ratna, S.Sos",
        "Lurah Simpangbaru",
    )
    assert muskel.keputusan_set.count() == 5 and not muskel.peserta_set.exists()


def test_a_postponed_change_comes_back_next_month(perubahan, kota, akun):
    joko_keluar = [p for p in _terbuka(kota) if p.aksi == Aksi.KELUAR][0]
    pertama = muskel_sepakati(
        kota.simpangbaru,
        akun.admin_binawidya,
        putusan={joko_keluar.kunci: KeputusanMasuk(putusan=Putusan.DITUNDA, catatan="Cek akta")},
    )
    assert [p.kunci for p in _terbuka(kota)] == [joko_keluar.kunci]
    assert _terbuka(kota)[0].ditunda
    bulan_depan = timezone.now() + datetime.timedelta(days=35)
    kedua = muskel_sepakati(kota.simpangbaru, akun.admin_binawidya, sekarang=bulan_depan)
    assert kedua.bulan > pertama.bulan
    assert list(kedua.keputusan_set.values_list("verifikasi_id", flat=True)) == [
        joko_keluar.verifikasi.pk
    ]
    assert Keputusan.objects.get(muskel=pertama, verifikasi=joko_keluar.verifikasi).bulan is None
    assert Keputusan.objects.get(muskel=kedua).bulan == kedua.bulan


def test_a_change_is_refused_in_a_second_months_file(perubahan, kota, akun, client_for):
    client = client_for(akun.admin_binawidya)
    badan = _badan(kota)  # the form as loaded before the first muskel
    muskel_sepakati(kota.simpangbaru, akun.admin_binawidya)
    pertama = Muskel.objects.get()
    # next month the stale form (or a crafted one) names a change already sent
    # (the first muskel moved back a month: this month's form is a new muskel)
    lalu = bulan_geser(bulan_muskel(), -1)
    Muskel.objects.filter(pk=pertama.pk).update(bulan=lalu)
    Keputusan.objects.update(bulan=lalu)
    response = client.post(_url(kota.simpangbaru), badan)
    assert response.status_code == 400
    assert "sudah masuk berkas SIKS-NG" in response.text
    assert "satu perubahan hanya dikirim dalam satu bulan" in response.text
    assert nama_bulan(lalu) in response.text
    assert Muskel.objects.count() == 1 and Keputusan.objects.count() == 5


def test_the_database_holds_one_month_per_change(perubahan, kota, akun):
    muskel_sepakati(kota.simpangbaru, akun.admin_binawidya)
    ada = Keputusan.objects.filter(verifikasi__isnull=False).first()
    lain = Muskel.objects.create(
        kelurahan=kota.simpangbaru,
        bulan=ada.bulan.replace(year=ada.bulan.year + 1),
        jenis="muskel",
        tanggal=datetime.date(2027, 11, 1),
        tempat="Aula",
        dicatat_oleh=akun.dinsos,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Keputusan.objects.create(
            muskel=lain,
            verifikasi=ada.verifikasi,
            kunjungan=ada.kunjungan,
            aksi=ada.aksi,
            putusan=Putusan.DISEPAKATI,
            bulan=lain.bulan,
        )
    data = Keputusan.objects.filter(verifikasi__isnull=True).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Keputusan.objects.create(
            muskel=lain,
            kunjungan=data.kunjungan,
            aksi=Aksi.PERBAIKAN_DATA,
            putusan=Putusan.DISEPAKATI,
            bulan=lain.bulan,
        )
    # postponed, it may come back any number of times
    Keputusan.objects.create(
        muskel=lain,
        verifikasi=ada.verifikasi,
        kunjungan=ada.kunjungan,
        aksi=ada.aksi,
        putusan=Putusan.DITUNDA,
    )


def test_a_later_finding_is_a_new_change(perubahan, kota, akun):
    """A recipient found again by a later approved visit: the new finding in force is a
    change of its own, while the old one stays in the month it went out in."""
    import uuid

    from bansos.models import AlasanTidakLayak, Kelayakan
    from pendataan.models import Kunjungan, StatusKunjungan

    muskel_sepakati(kota.simpangbaru, akun.admin_binawidya)
    lama = Verifikasi.objects.get(keluarga=perubahan.simpangbaru[0])
    kunjungan = Kunjungan.objects.create(
        uuid=uuid.uuid4(),
        sidik="uji",
        keluarga=lama.keluarga,
        petugas=akun.petugas.petugas,
        rw=lama.keluarga.rw,
        hasil="ditemui",
        status=StatusKunjungan.DISETUJUI,
        diperiksa_oleh=akun.admin_binawidya,
        diperiksa_at=timezone.now(),
    )
    Verifikasi.objects.filter(pk=lama.pk).update(berlaku=False)
    baru = Verifikasi.objects.create(
        kunjungan=kunjungan,
        jenis=lama.jenis,
        periode=lama.periode,
        penerima=lama.penerima,
        keluarga=lama.keluarga,
        hasil=Kelayakan.TIDAK_LAYAK,
        alasan=AlasanTidakLayak.DI_ATAS_UMK,
        berlaku=True,
    )
    terbuka = _terbuka(kota)
    assert [(p.verifikasi, p.aksi, p.alasan) for p in terbuka] == [
        (baru, Aksi.KELUAR, "Penghasilan di atas UMK")
    ]
    assert Keputusan.objects.get(verifikasi=lama).bulan is not None


def test_the_detail_page_shows_the_month_of_each_change(perubahan, kota, akun, client_for):
    joko_keluar = [p for p in _terbuka(kota) if p.aksi == Aksi.KELUAR][0]
    pertama = muskel_sepakati(
        kota.simpangbaru,
        akun.admin_binawidya,
        putusan={joko_keluar.kunci: KeputusanMasuk(putusan=Putusan.DITUNDA)},
    )
    client = client_for(akun.admin_binawidya)
    html = client.get(reverse("siksng:muskel_detail", args=[pertama.pk])).text
    bulan = pertama.bulan
    assert html.count(f"<td data-berkas>{nama_bulan(bulan)}</td>") == 4
    assert "ditunda; menunggu musyawarah berikutnya" in html
    kedua = muskel_sepakati(
        kota.simpangbaru,
        akun.admin_binawidya,
        sekarang=timezone.now() + datetime.timedelta(days=35),
    )
    html = client.get(reverse("siksng:muskel_detail", args=[pertama.pk])).text
    assert f"ditunda; kemudian masuk {nama_bulan(kedua.bulan)}" in html
    # the NIK masked on the page
    assert "1471••••••••0002" in html and "1471080506850002" not in html


def test_the_form_lists_the_open_changes_and_the_postponed_ones(perubahan, kota, akun, client_for):
    html = client_for(akun.admin_binawidya).get(_url(kota.simpangbaru)).text
    assert "5 perubahan yang disetujui dan belum masuk berkas" in html
    for p in _terbuka(kota):
        assert f'name="putusan_{p.kunci}"' in html
    assert "Joko Susilo: meninggal (2026-10-02)" in html
    assert "ditunda sebelumnya" not in html
    assert "Hendra Gunawan" not in html, "his visit still waits for review"
    joko = [p for p in _terbuka(kota) if p.aksi == Aksi.KELUAR][0]
    muskel_sepakati(
        kota.simpangbaru,
        akun.admin_binawidya,
        putusan={joko.kunci: KeputusanMasuk(putusan=Putusan.DITUNDA)},
    )
    # next month's form (the first muskel moved a month back so this month is free)
    lalu = bulan_geser(bulan_muskel(), -1)
    Muskel.objects.update(bulan=lalu)
    Keputusan.objects.exclude(putusan=Putusan.DITUNDA).update(bulan=lalu)
    html = client_for(akun.admin_binawidya).get(_url(kota.simpangbaru)).text
    assert "1 perubahan yang disetujui dan belum masuk berkas" in html
    assert "ditunda sebelumnya" in html and f'name="putusan_{joko.kunci}"' in html


def test_the_form_of_a_kelurahan_with_its_muskel_leads_to_it(perubahan, kota, akun, client_for):
    muskel = muskel_sepakati(kota.simpangbaru, akun.admin_binawidya)
    response = client_for(akun.dinsos).get(_url(kota.simpangbaru))
    assert response.status_code == 302
    assert response["Location"] == reverse("siksng:muskel_detail", args=[muskel.pk])


def test_a_muskel_is_audited(perubahan, kota, akun):
    from auditlog.models import LogEntry

    muskel = muskel_sepakati(kota.simpangbaru, akun.admin_binawidya)
    entri = LogEntry.objects.filter(actor=akun.admin_binawidya)
    assert entri.filter(content_type__model="muskel", object_pk=str(muskel.pk)).exists()
    assert entri.filter(content_type__model="keputusan").count() == 5
    assert entri.filter(content_type__model="pesertamuskel").count() == 2


def test_dinsos_closes_a_month_from_the_page(perubahan, kota, akun, client_for):
    from siksng.models import BulanSiksng

    client = client_for(akun.dinsos)
    response = client.post(reverse("siksng:bulan_tutup", args=[2026, 1]), follow=True)
    assert "Berkas Januari 2026 ditutup; isinya tetap." in response.text
    assert BulanSiksng.objects.get().bulan == datetime.date(2026, 1, 1)
    response = client.post(reverse("siksng:bulan_tutup", args=[2026, 1]), follow=True)
    assert "Berkas Januari 2026 sudah ditutup." in response.text
    assert BulanSiksng.objects.count() == 1
    # the open month: its cut-off has not passed
    bulan = bulan_geser(bulan_muskel(), 1)
    response = client.post(
        reverse("siksng:bulan_tutup", args=[bulan.year, bulan.month]), follow=True
    )
    assert "baru bisa ditutup setelah tanggal batas" in response.text
    assert BulanSiksng.objects.count() == 1
    html = client.get(reverse("siksng:bulan") + "?bulan=2026-01").text
    assert "Ditutup" in html and "isinya tetap" in html


def test_a_closed_month_takes_no_more_muskel(perubahan, kota, akun):
    from siksng.models import BulanSiksng

    bulan = bulan_muskel()
    BulanSiksng.objects.create(bulan=bulan, hari_batas=17, ditutup_oleh=akun.dinsos)
    muskel = muskel_sepakati(kota.simpangbaru, akun.admin_binawidya)
    assert muskel.bulan == bulan_geser(bulan, 1)
    assert set(muskel.keputusan_set.values_list("bulan", flat=True)) == {muskel.bulan}


def test_the_nav_leads_to_the_cycle(kota, akun, client_for):
    url = reverse("siksng:bulan")
    for user in (akun.admin_binawidya, akun.dinsos):
        assert f'href="{url}"' in client_for(user).get(reverse("akun:beranda")).text
    for user in (akun.petugas, akun.pimpinan, akun.bkpsdm):
        assert f'href="{url}"' not in client_for(user).get(reverse("akun:beranda")).text


def test_the_open_changes_cost_seven_queries(perubahan, kota, django_assert_num_queries):
    # findings, data-change visits with their member findings, the families' members and
    # the variables' history, the heads, the postponed ones: however many changes
    with django_assert_num_queries(7):
        assert len(_terbuka(kota)) == 5


def test_the_form_costs_the_same_whatever_the_changes(perubahan, kota, akun, client_for):
    """Simpangbaru's five changes and Cinta Raja's two (of the same kinds: findings and
    a data change): the same queries (a big kelurahan's hundreds too)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from pendataan.models import AksiAnggota, CatatanAnggota, Kunjungan

    ahmad = perubahan.sail
    CatatanAnggota.objects.create(
        kunjungan=Kunjungan.objects.get(keluarga=ahmad),
        anggota=ahmad.anggota_set.order_by("pk").last(),
        aksi=AksiAnggota.PINDAH,
    )
    client = client_for(akun.dinsos)

    def jumlah_kueri(kelurahan) -> int:
        client.get(_url(kelurahan))
        with CaptureQueriesContext(connection) as kueri:
            assert client.get(_url(kelurahan)).status_code == 200
        return len(kueri)

    assert len(perubahan_terbuka(kelurahan=kota.cinta_raja, sampai=timezone.now())) == 2
    assert jumlah_kueri(kota.simpangbaru) == jumlah_kueri(kota.cinta_raja)


def test_an_older_change_never_decided_is_marked(perubahan, kota, akun, client_for):
    from pendataan.models import Kunjungan

    rina = perubahan.simpangbaru[2]
    Kunjungan.objects.filter(keluarga=rina).update(
        diperiksa_at=timezone.now() - datetime.timedelta(days=70)
    )
    html = client_for(akun.admin_binawidya).get(_url(kota.simpangbaru)).text
    baris = html[html.index("<td>Rina Wati") :][:200]
    assert "dari bulan sebelumnya" in baris
    assert html.count("dari bulan sebelumnya") == 1


def test_a_visit_that_changed_only_household_variables_is_a_data_change(perubahan, kota):
    """Rina's approved visit recorded a car (0 -> 1) and no member change: a perbaikan
    data with the variable in words, as the muskel form and the month's file show it."""
    from pendataan.models import Kunjungan, RiwayatVariabel

    rina = perubahan.simpangbaru[2]
    kunjungan = Kunjungan.objects.get(keluarga=rina)
    kunjungan.variabel = {"keluarga": {"aset_mobil": 1}}
    kunjungan.save(update_fields=["variabel"])
    RiwayatVariabel.objects.create(
        keluarga=rina, kunci="aset_mobil", nilai_lama=0, nilai_baru=1, kunjungan=kunjungan
    )
    data = [(p.orang.nama, p.rincian) for p in _terbuka(kota) if p.aksi == Aksi.PERBAIKAN_DATA]
    assert data == [
        ("Joko Susilo", ["Joko Susilo: meninggal (2026-10-02)"]),
        ("Rina Wati", ["Mobil: 0 \u2192 1"]),
    ]
