"""The housing questions of a visit (Regsosek-style), as fixed choices."""

from django.utils.translation import gettext_lazy as _

INDIKATOR: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "lantai": (
        _("Lantai terluas"),
        [
            ("keramik", _("Keramik/granit/marmer")),
            ("semen", _("Semen/bata merah")),
            ("kayu", _("Kayu/papan")),
            ("bambu", _("Bambu")),
            ("tanah", _("Tanah")),
        ],
    ),
    "dinding": (
        _("Dinding terluas"),
        [
            ("tembok", _("Tembok")),
            ("kayu", _("Kayu/papan")),
            ("seng", _("Seng")),
            ("bambu", _("Bambu/anyaman")),
            ("lainnya", _("Lainnya")),
        ],
    ),
    "atap": (
        _("Atap terluas"),
        [
            ("genteng", _("Genteng/beton")),
            ("seng", _("Seng")),
            ("asbes", _("Asbes")),
            ("rumbia", _("Ijuk/rumbia/daun")),
            ("lainnya", _("Lainnya")),
        ],
    ),
    "air": (
        _("Sumber air minum"),
        [
            ("ledeng", _("Ledeng/PDAM")),
            ("kemasan", _("Air kemasan/isi ulang")),
            ("sumur_bor", _("Sumur bor/pompa")),
            ("sumur", _("Sumur terlindung")),
            ("lainnya", _("Sungai/hujan/lainnya")),
        ],
    ),
    "jamban": (
        _("Fasilitas buang air besar"),
        [
            ("sendiri", _("Milik sendiri")),
            ("bersama", _("Bersama/umum")),
            ("tidak_ada", _("Tidak ada")),
        ],
    ),
    "listrik": (
        _("Sumber penerangan"),
        [
            ("pln_meteran", _("PLN dengan meteran sendiri")),
            ("pln_numpang", _("PLN menumpang")),
            ("bukan_pln", _("Bukan PLN")),
            ("tidak_ada", _("Tidak ada listrik")),
        ],
    ),
    "bahan_bakar": (
        _("Bahan bakar memasak"),
        [
            ("gas", _("Gas/LPG")),
            ("listrik", _("Listrik")),
            ("minyak_tanah", _("Minyak tanah")),
            ("kayu", _("Kayu bakar/arang")),
            ("tidak_memasak", _("Tidak memasak")),
        ],
    ),
}
ASET: list[tuple[str, str]] = [
    ("sepeda_motor", _("Sepeda motor")),
    ("mobil", _("Mobil")),
    ("kulkas", _("Kulkas")),
    ("ac", _("AC")),
    ("tv_datar", _("TV layar datar")),
    ("emas", _("Emas/perhiasan ≥ 10 gram")),
    ("lahan", _("Lahan/rumah di tempat lain")),
]


def bersihkan(nilai: dict) -> tuple[dict, list[str]]:
    """Keep the known answers; list the unknown ones (as messages)."""
    hasil, salah = {}, []
    for kunci, jawab in (nilai or {}).items():
        if kunci == "aset":
            boleh = {k for k, _ in ASET}
            aset = [a for a in (jawab or []) if a in boleh]
            if len(aset) != len(jawab or []):
                salah.append(str(_("Pilihan aset tidak dikenal.")))
            hasil["aset"] = sorted(set(aset))
        elif kunci in INDIKATOR:
            if isinstance(jawab, str) and jawab in {k for k, _ in INDIKATOR[kunci][1]}:
                hasil[kunci] = jawab
            elif jawab:
                salah.append(
                    str(_('Jawaban "%(j)s" untuk %(q)s tidak dikenal.'))
                    % {"j": str(jawab)[:40], "q": INDIKATOR[kunci][0]}
                )
        else:
            salah.append(str(_('Pertanyaan "%(k)s" tidak dikenal.')) % {"k": kunci})
    return hasil, salah
