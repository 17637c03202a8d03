"""The old visit questions (`Kunjungan.indikator`, pendataan/indikator.py until issue 14)
carried into the DTSEN codes, for migration pendataan 0007.

The old form asked 7 housing questions with portal-made choices and an asset checklist
(the phone always sent the list, so an asset not ticked meant "not owned"). Where an old
choice covers two new codes, the mapping takes the one most Pekanbaru homes have and says
so; an officer's next visit corrects it.
"""

from __future__ import annotations

# old question -> (new variable, {old answer: new code})
PEMETAAN: dict[str, tuple[str, dict[str, int]]] = {
    "lantai": ("lantai", {"keramik": 2, "semen": 6, "kayu": 5, "bambu": 7, "tanah": 8}),
    # "seng" has no code of its own on the Regsosek wall list: 7 Lainnya
    "dinding": ("dinding", {"tembok": 1, "kayu": 3, "seng": 7, "bambu": 4, "lainnya": 7}),
    # "Genteng/beton" -> 2 Genteng (the commoner of the two)
    "atap": ("atap", {"genteng": 2, "seng": 3, "asbes": 4, "rumbia": 7, "lainnya": 8}),
    # "Air kemasan/isi ulang" -> 2 Air isi ulang (the commoner); "Sungai/hujan/lainnya" -> 11
    "air": (
        "air_minum",
        {"ledeng": 3, "kemasan": 2, "sumur_bor": 4, "sumur": 5, "lainnya": 11},
    ),
    # "Bersama/umum" -> 2 shared with certain households (the commoner)
    "jamban": ("fasilitas_bab", {"sendiri": 1, "bersama": 2, "tidak_ada": 6}),
    "listrik": (
        "penerangan",
        {"pln_meteran": 1, "pln_numpang": 2, "bukan_pln": 3, "tidak_ada": 4},
    ),
    # "Gas/LPG" -> 4 Elpiji 3 kg (the subsidised cylinder most homes use)
    "bahan_bakar": (
        "bahan_bakar",
        {"gas": 4, "listrik": 1, "minyak_tanah": 7, "kayu": 10, "tidak_memasak": 0},
    ),
}
# ticked asset -> (new variable, value); not ticked -> 0, except gold ("≥ 10 gram": not
# ticked says less than 10 g, not none, so it is left unknown)
ASET: dict[str, tuple[str, int | float]] = {
    "sepeda_motor": ("aset_sepeda_motor", 1),
    "mobil": ("aset_mobil", 1),
    "kulkas": ("aset_kulkas", 1),
    "ac": ("aset_ac", 1),
    "tv_datar": ("aset_tv", 1),
    "emas": ("aset_emas_gram", 10.0),
    "lahan": ("aset_lahan_lain", 1),  # "Lahan/rumah di tempat lain"
}


def indikator_ke_variabel(indikator: dict) -> dict:
    """An old visit's answers as the family variables they mean ({kunci: nilai})."""
    hasil: dict = {}
    for lama, (kunci, kode) in PEMETAAN.items():
        if (indikator or {}).get(lama) in kode:
            hasil[kunci] = kode[indikator[lama]]
    aset = (indikator or {}).get("aset")
    if isinstance(aset, list):
        for lama, (kunci, nilai) in ASET.items():
            if lama in aset:
                hasil[kunci] = nilai
            elif lama != "emas":
                hasil[kunci] = 0
    return hasil


def migrasi_jalankan(Keluarga, Kunjungan, RiwayatVariabel) -> None:  # noqa: N803
    """Every visit's old answers into `variabel`; each family's variables from its
    approved visits, oldest first (the latest wins), with their history rows. Takes the
    models as the migration's state gives them."""
    kunjungan = (
        Kunjungan.objects.exclude(indikator={})
        .order_by("keluarga_id", "created_at", "pk")
        .only("pk", "keluarga_id", "indikator", "status", "created_at", "variabel")
    )
    keluarga_baru: dict[int, dict] = {}
    riwayat, diubah = [], []
    for k in kunjungan.iterator(chunk_size=2000):
        nilai = indikator_ke_variabel(k.indikator)
        if not nilai:
            continue
        k.variabel = {"keluarga": nilai, "anggota": {}}
        diubah.append(k)
        if len(diubah) >= 2000:
            Kunjungan.objects.bulk_update(diubah, ["variabel"])
            diubah = []
        if k.status != "disetujui":
            continue
        sekarang = keluarga_baru.setdefault(k.keluarga_id, {})
        for kunci, isi in nilai.items():
            if sekarang.get(kunci) != isi:
                riwayat.append(
                    RiwayatVariabel(
                        keluarga_id=k.keluarga_id,
                        kunci=kunci,
                        nilai_lama=sekarang.get(kunci),
                        nilai_baru=isi,
                        kunjungan_id=k.pk,
                    )
                )
                sekarang[kunci] = isi
        if len(riwayat) > 2000:
            RiwayatVariabel.objects.bulk_create(riwayat)
            riwayat = []
    Kunjungan.objects.bulk_update(diubah, ["variabel"])
    RiwayatVariabel.objects.bulk_create(riwayat)
    for keluarga_id, nilai in keluarga_baru.items():
        Keluarga.objects.filter(pk=keluarga_id).update(variabel=nilai)
