"""The DTSEN standard variables of a family and of its members, with their code lists.

DTSEN's variables are those of Peraturan BPS 6/2025's annex (39 in all). BPS has NOT
published official numeric code lists for them. The numbering here follows the public
copies of the Regsosek 2022 household form (the survey DTSEN grew from), as issue 14
lists it: floor 1-9, wall 1-7, roof 1-8, closet 1-4, sewage disposal 1-6, drinking
water 1-11, lighting 1-4, installed power 450 / 900 / 1,300 / 2,200 / > 2,200 VA.
Every list says where it comes from in `sumber` and whether it is official in
`resmi`: none of them is. A list whose numbering the portal chose itself (where the
public copies disagree or give none) says so in its `sumber`.

Values are stored as JSON: a code as an int, a count as an int, a decimal (gold in
grams, land in hectares) as a number rounded to its `desimal` places, a yes/no as a
bool, a text (the PLN customer id) as a string. Only values that pass `nilai_bersihkan`
are ever stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

SUMBER_REGSOSEK = "salinan publik formulir Regsosek 2022 (bukan daftar kode resmi BPS)"
SUMBER_PORTAL = (
    "disusun portal mengikuti pertanyaan Regsosek 2022; nomor kode bukan dari BPS "
    "(BPS belum menerbitkan daftar kode DTSEN)"
)
SUMBER_DTSEN = "Peraturan BPS 6/2025, lampiran variabel standar DTSEN (tanpa daftar kode)"
SUMBER_UU_DISABILITAS = "ragam disabilitas UU 8/2016; nomor kode disusun portal"


class Jenis:
    KODE = "kode"  # one code of a list
    CACAH = "cacah"  # a whole count within bounds
    DESIMAL = "desimal"  # a decimal amount within bounds (grams, hectares)
    TEKS = "teks"  # a short text of digits (the PLN customer id)
    YA_TIDAK = "ya_tidak"


@dataclass(frozen=True)
class Variabel:
    kunci: str
    label: Promise
    jenis: str
    sumber: str
    kode: tuple[tuple[int, Promise], ...] = ()
    minimum: int | Decimal = 0
    maksimum: int | Decimal = 0
    desimal: int = 0
    satuan: str = ""
    panjang: tuple[int, int] = (0, 0)  # digits of a TEKS value, min and max
    resmi: bool = False  # no DTSEN code list is published by BPS
    kode_label: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self):
        self.kode_label.update(dict(self.kode))

    def teks(self, nilai) -> str:
        """A stored value in words: a code's label, "Ya"/"Tidak", a count with its unit."""
        if nilai is None:
            return "\u2014"
        if self.jenis == Jenis.KODE:
            label = self.kode_label.get(nilai)
            return f"{nilai}. {label}" if label is not None else str(nilai)
        if self.jenis == Jenis.YA_TIDAK:
            return _("Ya") if nilai else _("Tidak")
        if self.jenis == Jenis.DESIMAL:
            angka = f"{Decimal(str(nilai)).normalize():f}".replace(".", ",")
            return f"{angka} {self.satuan}".strip()
        return f"{nilai} {self.satuan}".strip() if self.satuan else str(nilai)


def _kode(*label: str, mulai: int = 1) -> tuple[tuple[int, Promise], ...]:
    return tuple((mulai + i, teks) for i, teks in enumerate(label))


def _cacah(kunci, label, maksimum, sumber=SUMBER_DTSEN, minimum=0, satuan="") -> Variabel:
    return Variabel(
        kunci, label, Jenis.CACAH, sumber, minimum=minimum, maksimum=maksimum, satuan=satuan
    )


def _ya_tidak(kunci, label, sumber=SUMBER_DTSEN) -> Variabel:
    return Variabel(kunci, label, Jenis.YA_TIDAK, sumber)


# --- per family -------------------------------------------------------------------------
KELUARGA: tuple[Variabel, ...] = (
    _cacah("jumlah_keluarga_di_rumah", _l("Jumlah keluarga di bangunan ini"), 20, minimum=1),
    Variabel(
        "status_bangunan",
        _l("Status kepemilikan bangunan"),
        Jenis.KODE,
        SUMBER_REGSOSEK,
        _kode(
            _l("Milik sendiri"), _l("Kontrak/sewa"), _l("Bebas sewa"), _l("Dinas"), _l("Lainnya")
        ),
    ),
    Variabel(
        "lantai",
        _l("Jenis lantai terluas"),
        Jenis.KODE,
        SUMBER_REGSOSEK,
        _kode(
            _l("Marmer/granit"),
            _l("Keramik"),
            _l("Parket/vinil/karpet"),
            _l("Ubin/tegel/teraso"),
            _l("Kayu/papan"),
            _l("Semen/bata merah"),
            _l("Bambu"),
            _l("Tanah"),
            _l("Lainnya"),
        ),
    ),
    Variabel(
        "dinding",
        _l("Jenis dinding terluas"),
        Jenis.KODE,
        SUMBER_REGSOSEK,
        _kode(
            _l("Tembok"),
            _l("Plesteran anyaman bambu/kawat"),
            _l("Kayu/papan/gipsum/GRC"),
            _l("Anyaman bambu"),
            _l("Batang kayu"),
            _l("Bambu"),
            _l("Lainnya"),
        ),
    ),
    Variabel(
        "atap",
        _l("Jenis atap terluas"),
        Jenis.KODE,
        SUMBER_REGSOSEK,
        _kode(
            _l("Beton"),
            _l("Genteng"),
            _l("Seng"),
            _l("Asbes"),
            _l("Kayu/sirap"),
            _l("Bambu"),
            _l("Jerami/ijuk/daun/rumbia"),
            _l("Lainnya"),
        ),
    ),
    Variabel(
        "air_minum",
        _l("Sumber air minum utama"),
        Jenis.KODE,
        SUMBER_REGSOSEK,
        _kode(
            _l("Air kemasan bermerek"),
            _l("Air isi ulang"),
            _l("Leding"),
            _l("Sumur bor/pompa"),
            _l("Sumur terlindung"),
            _l("Sumur tak terlindung"),
            _l("Mata air terlindung"),
            _l("Mata air tak terlindung"),
            _l("Air permukaan (sungai/danau/waduk/kolam)"),
            _l("Air hujan"),
            _l("Lainnya"),
        ),
    ),
    Variabel(
        "penerangan",
        _l("Sumber penerangan utama"),
        Jenis.KODE,
        SUMBER_REGSOSEK,
        _kode(
            _l("Listrik PLN dengan meteran"),
            _l("Listrik PLN tanpa meteran"),
            _l("Listrik non-PLN"),
            _l("Bukan listrik"),
        ),
    ),
    Variabel(
        "daya_listrik",
        _l("Daya listrik terpasang"),
        Jenis.KODE,
        SUMBER_REGSOSEK,
        _kode(_l("450 VA"), _l("900 VA"), _l("1.300 VA"), _l("2.200 VA"), _l("> 2.200 VA")),
    ),
    Variabel(
        "id_pelanggan_pln",
        _l("ID pelanggan PLN"),
        Jenis.TEKS,
        SUMBER_DTSEN + "; 11-12 angka seperti tercetak di struk/token PLN",
        panjang=(11, 12),
    ),
    Variabel(
        "bahan_bakar",
        _l("Bahan bakar utama memasak"),
        Jenis.KODE,
        SUMBER_REGSOSEK,
        (
            (0, _l("Tidak memasak di rumah")),
            *_kode(
                _l("Listrik"),
                _l("Elpiji 5,5 kg/blue gaz"),
                _l("Elpiji 12 kg"),
                _l("Elpiji 3 kg"),
                _l("Gas kota/meteran PGN"),
                _l("Biogas"),
                _l("Minyak tanah"),
                _l("Briket"),
                _l("Arang"),
                _l("Kayu bakar"),
                _l("Lainnya"),
            ),
        ),
    ),
    Variabel(
        "fasilitas_bab",
        _l("Fasilitas buang air besar"),
        Jenis.KODE,
        SUMBER_REGSOSEK,
        _kode(
            _l("Ada, hanya dipakai anggota keluarga sendiri"),
            _l("Ada, dipakai bersama rumah tangga tertentu"),
            _l("Ada, di MCK komunal"),
            _l("Ada, di MCK umum"),
            _l("Ada, tetapi tidak dipakai"),
            _l("Tidak ada fasilitas"),
        ),
    ),
    Variabel(
        "jenis_kloset",
        _l("Jenis kloset"),
        Jenis.KODE,
        SUMBER_REGSOSEK,
        _kode(
            _l("Leher angsa"),
            _l("Plengsengan dengan tutup"),
            _l("Plengsengan tanpa tutup"),
            _l("Cemplung/cubluk"),
        ),
    ),
    Variabel(
        "pembuangan_tinja",
        _l("Tempat pembuangan akhir tinja"),
        Jenis.KODE,
        SUMBER_REGSOSEK,
        _kode(
            _l("Tangki septik"),
            _l("IPAL"),
            _l("Kolam/sawah/sungai/danau/laut"),
            _l("Lubang tanah"),
            _l("Pantai/tanah lapang/kebun"),
            _l("Lainnya"),
        ),
    ),
)

# --- assets of the family (counts; gold and farmland as amounts) -------------------------
ASET: tuple[Variabel, ...] = (
    _cacah("aset_tabung_gas", _l("Tabung gas 5,5 kg atau lebih"), 20),
    _cacah("aset_kulkas", _l("Lemari es/kulkas"), 10),
    _cacah("aset_ac", _l("AC"), 20),
    _cacah("aset_pemanas_air", _l("Pemanas air (water heater)"), 10),
    _cacah("aset_telepon_rumah", _l("Telepon rumah (PSTN)"), 10),
    _cacah("aset_tv", _l("Televisi layar datar \u2265 30 inci"), 20),
    Variabel(
        "aset_emas_gram",
        _l("Emas/perhiasan"),
        Jenis.DESIMAL,
        SUMBER_DTSEN,
        maksimum=Decimal(10_000),
        desimal=1,
        satuan="g",
    ),
    _cacah("aset_komputer", _l("Komputer/laptop/tablet"), 20),
    _cacah("aset_sepeda_motor", _l("Sepeda motor"), 20),
    _cacah("aset_sepeda", _l("Sepeda"), 20),
    _cacah("aset_mobil", _l("Mobil"), 20),
    _cacah("aset_perahu", _l("Perahu"), 20),
    _cacah("aset_perahu_motor", _l("Perahu motor"), 20),
    _cacah("aset_smartphone", _l("Telepon pintar (smartphone)"), 30),
    Variabel(
        "aset_lahan_ha",
        _l("Lahan pertanian"),
        Jenis.DESIMAL,
        SUMBER_DTSEN,
        maksimum=Decimal(1_000),
        desimal=4,
        satuan="ha",
    ),
    _cacah("aset_lahan_lain", _l("Lahan lain (bidang)"), 50),
    _cacah("aset_rumah_lain", _l("Rumah/bangunan di tempat lain"), 50),
    _cacah("ternak_besar", _l("Ternak besar (sapi, kerbau, kuda)"), 1_000, satuan="ekor"),
    _cacah("ternak_kecil", _l("Ternak kecil (kambing, domba, babi)"), 5_000, satuan="ekor"),
)

# --- per member ------------------------------------------------------------------------
ANGGOTA: tuple[Variabel, ...] = (
    Variabel(
        "status_perkawinan",
        _l("Status perkawinan"),
        Jenis.KODE,
        SUMBER_REGSOSEK,
        _kode(_l("Belum kawin"), _l("Kawin/nikah"), _l("Cerai hidup"), _l("Cerai mati")),
    ),
    Variabel(
        "partisipasi_sekolah",
        _l("Partisipasi sekolah"),
        Jenis.KODE,
        SUMBER_REGSOSEK,
        (
            (0, _l("Tidak/belum pernah sekolah")),
            (1, _l("Masih sekolah")),
            (2, _l("Tidak bersekolah lagi")),
        ),
    ),
    Variabel(
        "pendidikan_tertinggi",
        _l("Pendidikan tertinggi"),
        Jenis.KODE,
        SUMBER_PORTAL,
        _kode(
            _l("Tidak/belum tamat SD"),
            _l("SD/MI/sederajat (termasuk Paket A)"),
            _l("SMP/MTs/sederajat (termasuk Paket B)"),
            _l("SMA/MA/SMK/sederajat (termasuk Paket C)"),
            _l("Diploma I/II"),
            _l("Diploma III"),
            _l("Diploma IV/S1"),
            _l("Profesi"),
            _l("S2"),
            _l("S3"),
        ),
    ),
    Variabel(
        "status_pekerjaan",
        _l("Kedudukan dalam pekerjaan utama"),
        Jenis.KODE,
        SUMBER_REGSOSEK,
        (
            (0, _l("Tidak bekerja")),
            *_kode(
                _l("Berusaha sendiri"),
                _l("Berusaha dibantu buruh tidak tetap/tidak dibayar"),
                _l("Berusaha dibantu buruh tetap/dibayar"),
                _l("Buruh/karyawan/pegawai swasta"),
                _l("PNS/TNI/Polri/BUMN/BUMD/pejabat negara"),
                _l("Pekerja bebas pertanian"),
                _l("Pekerja bebas nonpertanian"),
                _l("Pekerja keluarga/tidak dibayar"),
            ),
        ),
    ),
    Variabel(
        "lapangan_usaha",
        _l("Lapangan usaha pekerjaan utama"),
        Jenis.KODE,
        SUMBER_PORTAL + "; golongan mengikuti KBLI 2020",
        _kode(
            _l("Pertanian, perkebunan, kehutanan, peternakan"),
            _l("Perikanan"),
            _l("Pertambangan dan penggalian"),
            _l("Industri pengolahan"),
            _l("Listrik, gas, air, dan pengelolaan sampah"),
            _l("Konstruksi"),
            _l("Perdagangan besar dan eceran"),
            _l("Penyediaan akomodasi dan makan minum"),
            _l("Transportasi dan pergudangan"),
            _l("Informasi dan komunikasi"),
            _l("Keuangan dan asuransi"),
            _l("Jasa pendidikan"),
            _l("Jasa kesehatan"),
            _l("Administrasi pemerintahan"),
            _l("Jasa lainnya"),
        ),
    ),
    _ya_tidak("punya_usaha", _l("Memiliki usaha sendiri/bersama")),
    Variabel(
        "disabilitas",
        _l("Disabilitas"),
        Jenis.KODE,
        SUMBER_UU_DISABILITAS,
        (
            (0, _l("Tidak ada")),
            *_kode(
                _l("Fisik"),
                _l("Intelektual"),
                _l("Mental"),
                _l("Sensorik (netra/rungu/wicara)"),
                _l("Ganda/multi"),
            ),
        ),
    ),
    Variabel(
        "penyakit_kronis",
        _l("Penyakit kronis/menahun"),
        Jenis.KODE,
        SUMBER_REGSOSEK,
        (
            (0, _l("Tidak ada")),
            *_kode(
                _l("Hipertensi"),
                _l("Rematik"),
                _l("Asma"),
                _l("Masalah jantung"),
                _l("Diabetes"),
                _l("Tuberkulosis (TBC)"),
                _l("Stroke"),
                _l("Kanker/tumor ganas"),
                _l("Gagal ginjal"),
                _l("Lainnya"),
            ),
        ),
    ),
)

VARIABEL_KELUARGA: dict[str, Variabel] = {v.kunci: v for v in KELUARGA + ASET}
VARIABEL_ANGGOTA: dict[str, Variabel] = {v.kunci: v for v in ANGGOTA}
