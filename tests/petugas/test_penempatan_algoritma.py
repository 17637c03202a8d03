"""The placement algorithm on small hand-made cities (no database)."""

import random

from petugas.penempatan import BOBOT_TINGKAT, Kandidat, SlotRW, hitung, hitung_greedy


def rw(id, kel, kec, nomor=1, lat=0.5, lng=101.4):
    return SlotRW(
        id=id,
        kode=f"k{kel:02d}",
        kelurahan_id=kel,
        kecamatan_id=kec,
        nomor=nomor,
        latitude=lat,
        longitude=lng,
    )


def kandidat(id, kel, kec, rw_nomor=1, opd=1, lat=0.5, lng=101.4):
    return Kandidat(
        id=id,
        ni_pppk=f"{id:018d}",
        opd_id=opd,
        kelurahan_id=kel,
        kecamatan_id=kec,
        rw_nomor=rw_nomor,
        latitude=lat,
        longitude=lng,
    )


def pasangan(hasil):
    return {(u.kandidat_id, u.rw_id) for u in hasil.usulan}


def test_optimal_differs_from_greedy():
    # RW 1 (kelurahan 1) comes first. Officer 10 lives in RW 2's own RW and is also
    # the closest fit for RW 1 (same kecamatan); officer 20 lives in another
    # kecamatan. Greedy gives RW 1 officer 10 and leaves RW 2 with an outsider.
    rws = [rw(1, kel=1, kec=1), rw(2, kel=2, kec=1)]
    orang = [kandidat(10, kel=2, kec=1), kandidat(20, kel=9, kec=5)]
    optimal = hitung(kandidat=orang, rws=rws, sisa_kuota={1: 5})
    greedy = hitung_greedy(kandidat=orang, rws=rws, sisa_kuota={1: 5})
    assert pasangan(optimal) == {(10, 2), (20, 1)}
    assert pasangan(greedy) == {(10, 1), (20, 2)}
    assert optimal.total_biaya < greedy.total_biaya
    assert {u.tingkat for u in optimal.usulan} == {"rw", "terdekat"}


def test_preference_order_rw_then_kelurahan_then_kecamatan_then_distance():
    rws = [rw(1, kel=1, kec=1, nomor=3)]
    orang = [
        kandidat(1, kel=7, kec=2, lat=0.5, lng=101.4),  # elsewhere but on the spot
        kandidat(2, kel=5, kec=1, lat=0.6, lng=101.5),  # same kecamatan, 15 km
        kandidat(3, kel=1, kec=1, rw_nomor=8, lat=0.55, lng=101.45),  # same kelurahan
        kandidat(4, kel=1, kec=1, rw_nomor=3, lat=0.58, lng=101.48),  # same RW
    ]
    for expected in (4, 3, 2, 1):
        hasil = hitung(kandidat=orang, rws=rws, sisa_kuota={1: 9})
        assert pasangan(hasil) == {(expected, 1)}
        orang = [o for o in orang if o.id != expected]


def test_within_a_level_the_nearest_wins():
    rws = [rw(1, kel=1, kec=1, lat=0.50, lng=101.40)]
    far = kandidat(1, kel=2, kec=1, lat=0.52, lng=101.40)
    near = kandidat(2, kel=2, kec=1, lat=0.505, lng=101.40)
    hasil = hitung(kandidat=[far, near], rws=rws, sisa_kuota={1: 9})
    assert pasangan(hasil) == {(2, 1)}
    assert 500 < hasil.usulan[0].jarak_m < 600


def test_quota_limits_each_opd():
    rws = [rw(i, kel=i, kec=1) for i in range(1, 4)]
    orang = [kandidat(10 + i, kel=i, kec=1, opd=1) for i in range(1, 4)]
    orang.append(kandidat(99, kel=9, kec=2, opd=2))
    hasil = hitung(kandidat=orang, rws=rws, sisa_kuota={1: 2, 2: 5})
    opd_of = {o.id: o.opd_id for o in orang}
    placed = [opd_of[u.kandidat_id] for u in hasil.usulan]
    assert placed.count(1) == 2
    assert placed.count(2) == 1
    assert hasil.rw_kosong == []


def test_a_full_quota_leaves_rws_vacant():
    rws = [rw(1, kel=1, kec=1), rw(2, kel=2, kec=1)]
    orang = [kandidat(1, kel=1, kec=1, opd=1), kandidat(2, kel=2, kec=1, opd=1)]
    hasil = hitung(kandidat=orang, rws=rws, sisa_kuota={1: 1})
    assert len(hasil.usulan) == 1
    assert len(hasil.rw_kosong) == 1


def test_it_fills_as_many_rws_as_possible_before_lowering_cost():
    # Officer 1 fits RW 1 perfectly and RW 2 badly; officer 2 can only fit RW 1
    # (their OPD has one place left). Filling both RWs beats the perfect match.
    rws = [rw(1, kel=1, kec=1), rw(2, kel=2, kec=1)]
    orang = [kandidat(1, kel=1, kec=1, opd=1), kandidat(2, kel=1, kec=1, rw_nomor=4, opd=2)]
    hasil = hitung(kandidat=orang, rws=rws, sisa_kuota={1: 1, 2: 1})
    assert len(hasil.usulan) == 2


def test_one_rw_per_officer_and_one_officer_per_rw():
    rng = random.Random(7)
    rws = [
        rw(
            i,
            kel=rng.randint(1, 5),
            kec=1,
            nomor=i,
            lat=0.5 + rng.random() / 20,
            lng=101.4 + rng.random() / 20,
        )
        for i in range(1, 30)
    ]
    orang = [
        kandidat(
            100 + i,
            kel=rng.randint(1, 5),
            kec=1,
            rw_nomor=rng.randint(1, 30),
            opd=rng.randint(1, 3),
            lat=0.5 + rng.random() / 20,
            lng=101.4 + rng.random() / 20,
        )
        for i in range(40)
    ]
    hasil = hitung(kandidat=orang, rws=rws, sisa_kuota={1: 10, 2: 10, 3: 10})
    assert len({u.kandidat_id for u in hasil.usulan}) == len(hasil.usulan) == 29
    assert len({u.rw_id for u in hasil.usulan}) == 29
    greedy = hitung_greedy(kandidat=orang, rws=rws, sisa_kuota={1: 10, 2: 10, 3: 10})
    assert hasil.total_biaya <= greedy.total_biaya


def test_it_is_deterministic_whatever_the_input_order():
    rng = random.Random(3)
    rws = [rw(i, kel=i % 4, kec=1, nomor=i) for i in range(1, 12)]
    # all equally good: ties must still resolve the same way
    orang = [kandidat(i, kel=9, kec=2) for i in range(1, 20)]
    first = pasangan(hitung(kandidat=orang, rws=rws, sisa_kuota={1: 99}))
    for _ in range(5):
        rng.shuffle(orang)
        rng.shuffle(rws)
        assert pasangan(hitung(kandidat=orang, rws=rws, sisa_kuota={1: 99})) == first


def test_an_unknown_point_ranks_after_known_distances():
    rws = [rw(1, kel=1, kec=1)]
    unknown = kandidat(1, kel=2, kec=1, lat=None, lng=None)
    known_far = kandidat(2, kel=3, kec=1, lat=0.6, lng=101.5)
    hasil = hitung(kandidat=[unknown, known_far], rws=rws, sisa_kuota={1: 9})
    assert pasangan(hasil) == {(2, 1)}
    assert hasil.total_biaya == 2 * BOBOT_TINGKAT + hasil.usulan[0].jarak_m


def test_nothing_to_place():
    assert hitung(kandidat=[], rws=[rw(1, 1, 1)], sisa_kuota={}).rw_kosong == [1]
