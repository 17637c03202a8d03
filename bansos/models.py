"""Social-aid programs and their periods; recipients and their verification build on these."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from lib.ekspor import (  # noqa: F401 (StatusEkspor: kept importable here)
    BerkasLatar,
    EksporBerkas,
    StatusEkspor,
)


class SumberDana(models.TextChoices):
    APBN = "apbn", _("APBN (pusat)")
    APBD = "apbd", _("APBD (kota)")


class Sasaran(models.TextChoices):
    KELUARGA = "keluarga", _("Keluarga")
    INDIVIDU = "individu", _("Perorangan")


class Program(models.Model):
    """A program such as PKH or BPNT/Sembako: configurable, never hard-coded."""

    kode = models.SlugField(_("kode"), max_length=20, unique=True)
    nama = models.CharField(_("nama"), max_length=150)
    sumber_dana = models.CharField(_("sumber dana"), max_length=4, choices=SumberDana)
    sasaran = models.CharField(_("penerima berupa"), max_length=8, choices=Sasaran)
    punya_nomor_kartu = models.BooleanField(_("memakai nomor kartu"), default=False)
    # The highest DTSEN desil the program serves (Kepmensos 79/HUK/2025: PKH 4, Sembako/BPNT
    # and PBI-JK 5); empty for a program without one (a city program may have none).
    batas_desil = models.PositiveSmallIntegerField(
        _("batas desil"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("Desil DTSEN tertinggi yang dilayani program; kosong bila tidak ada."),
    )
    aktif = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["sumber_dana", "nama"]
        verbose_name = _("program bansos")
        verbose_name_plural = _("program bansos")

    def __str__(self) -> str:
        return self.nama


class Periode(models.Model):
    """A period of a program (e.g. 2026 tahap I); periods of one program never overlap."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="periode_set")
    nama = models.CharField(_("nama"), max_length=100)
    mulai = models.DateField(_("mulai"))
    selesai = models.DateField(_("selesai"))

    class Meta:
        ordering = ["program", "-mulai"]
        verbose_name = _("periode")
        verbose_name_plural = _("periode")
        constraints = [
            models.CheckConstraint(
                condition=Q(selesai__gte=F("mulai")), name="periode_selesai_setelah_mulai"
            ),
            models.UniqueConstraint(fields=["program", "nama"], name="periode_nama_unik"),
        ]

    def __str__(self) -> str:
        return f"{self.program} {self.nama}"


class Kelayakan(models.TextChoices):
    LAYAK = "layak", _("Layak")
    TIDAK_LAYAK = "tidak_layak", _("Tidak layak")


class AlasanTidakLayak(models.TextChoices):
    """The standard reasons a recipient is found not eligible."""

    ALAMAT_TIDAK_DITEMUKAN = "alamat_tidak_ditemukan", _("Alamat tidak ditemukan")
    TIDAK_DITEMUI = "tidak_ditemui", _("Tidak ditemui")
    MENINGGAL = "meninggal", _("Meninggal dunia")
    PINDAH = "pindah", _("Pindah domisili")
    ASN_TNI_POLRI = "asn_tni_polri", _("ASN/TNI/Polri")
    KELUARGA_ASN = "keluarga_asn", _("Anggota keluarga ASN/TNI/Polri")
    PENSIUNAN = "pensiunan", _("Pensiunan ASN/TNI/Polri")
    DIGAJI_APBN_APBD = "digaji_apbn_apbd", _("Digaji APBN/APBD")
    PERANGKAT = "perangkat", _("Perangkat desa/kelurahan")
    GURU_SERTIFIKASI = "guru_sertifikasi", _("Guru bersertifikat")
    NAKES = "nakes", _("Tenaga kesehatan")
    PENGUSAHA = "pengusaha", _("Pemilik/pengurus perusahaan")
    DI_ATAS_UMK = "di_atas_umk", _("Penghasilan di atas UMK")
    MENOLAK = "menolak", _("Menolak bantuan")
    TIDAK_MEMENUHI_SYARAT = "tidak_memenuhi_syarat", _("Tidak memenuhi syarat")
    BANTUAN_LAIN = "bantuan_lain", _("Sudah menerima bantuan lain")
    DATA_GANDA = "data_ganda", _("Data ganda")
    LAINNYA = "lainnya", _("Lainnya")


def alasan_teks(alasan: str, alasan_lain: str) -> str:
    """A reason as people read it ("Lainnya: <what the officer wrote>"), from its columns
    (the export and the berita acara read columns, not objects)."""
    label = str(dict(AlasanTidakLayak.choices).get(alasan, alasan))  # a retired code stays
    if alasan == AlasanTidakLayak.LAINNYA:
        return f"{label}: {alasan_lain}"
    return label


class StatusImpor(models.TextChoices):
    MENUNGGU = "menunggu", _("Menunggu diproses")
    MEMERIKSA = "memeriksa", _("Memeriksa berkas")
    MENULIS = "menulis", _("Menyimpan data")
    SELESAI = "selesai", _("Selesai")
    DITOLAK = "ditolak", _("Ditolak")


class ImporBerkas(BerkasLatar):
    """What every file import processed by a worker keeps: the file's name, its status,
    counts for the progress bar, the first problems by row, and the summary."""

    nama_berkas = models.CharField(max_length=255)
    status = models.CharField(max_length=10, choices=StatusImpor, default=StatusImpor.MENUNGGU)
    baris_total = models.PositiveIntegerField(default=0)
    baris_diproses = models.PositiveIntegerField(default=0)
    jumlah_masalah = models.PositiveIntegerField(default=0)
    masalah = models.JSONField(default=list, blank=True)  # the first problems: [[row, message]]
    ringkasan = models.JSONField(default=dict, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.nama_berkas} ({self.get_status_display()})"


class ImporPenerima(ImporBerkas):
    """One recipient list uploaded by Dinsos for a program's period, processed by Celery.

    The file is kept privately; the worker reads it twice, streaming (first every
    row is checked, then, only if all are sound, written), and reports progress.
    """

    periode = models.ForeignKey(Periode, on_delete=models.PROTECT, related_name="impor_set")
    berkas = models.FileField(upload_to="private/impor-penerima/", max_length=255)

    class Meta(ImporBerkas.Meta):
        verbose_name = _("impor daftar penerima")
        verbose_name_plural = _("impor daftar penerima")


class Penerima(models.Model):
    """A family (or, for a person-based program, a member) on a period's list.

    One period's list is its own set of rows, so the history of who was on a
    program when is kept by the periods themselves.
    """

    # A list holds up to a million rows per period: every index and foreign-key check
    # is paid a million times per import. PostgreSQL checks a foreign key with a
    # trigger per row that locks the row it points to: some 11 s per key per million
    # rows on a 2-core server: three quarters of the time to write a list, with four keys.
    # So the references are not checked by the database (db_constraint=False): the
    # import takes every id from a join in its own transaction, with the period
    # locked, and nothing else writes this table; PROTECT still stops Django (the
    # app, the admin) deleting a period, family or member a list names, and the
    # app deletes none. Looked up by period (with the partial unique indexes below)
    # and by family; members and imports are never searched from here.
    periode = models.ForeignKey(
        Periode, on_delete=models.PROTECT, related_name="penerima_set", db_constraint=False
    )
    keluarga = models.ForeignKey(
        "pendataan.Keluarga",
        on_delete=models.PROTECT,
        related_name="penerima_set",
        db_constraint=False,
    )
    anggota = models.ForeignKey(
        "pendataan.AnggotaKeluarga",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="penerima_set",
        db_index=False,  # (periode, anggota) is indexed by the unique constraint
        db_constraint=False,
    )
    # the person the list names: a family program's registered member (pengurus), or,
    # for a person program, the recipient; kept so the results carry the list's NIK
    terdaftar = models.ForeignKey(
        "pendataan.AnggotaKeluarga",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    nomor_kartu = models.CharField(_("nomor kartu"), max_length=40, blank=True)
    aktif = models.BooleanField(default=True)  # False: left off a later import of the period
    # which import last wrote the row (added or changed it; a row a later file names as
    # it is keeps its import): bookkeeping of the import itself, no constraint
    impor = models.ForeignKey(
        ImporPenerima,
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["periode", "keluarga"]
        verbose_name = _("penerima")
        verbose_name_plural = _("penerima")
        constraints = [
            models.UniqueConstraint(
                fields=["periode", "keluarga"],
                condition=Q(anggota__isnull=True),
                name="penerima_keluarga_unik_per_periode",
            ),
            models.UniqueConstraint(
                fields=["periode", "anggota"],
                condition=Q(anggota__isnull=False),
                name="penerima_anggota_unik_per_periode",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.periode}: {self.keluarga}"


class JenisVerifikasi(models.TextChoices):
    VERIFIKASI = "verifikasi", _("Verifikasi penerima")
    USULAN = "usulan", _("Usulan penerima baru")


class Verifikasi(models.Model):
    """What one visit found about one recipient (layak / tidak layak with a reason),
    or a proposal (usulan) of a family that receives nothing for a program.

    It is reviewed with its visit: approving the visit makes it the finding in force
    (`berlaku`) for that recipient, replacing an earlier approved one.
    """

    kunjungan = models.ForeignKey(
        "pendataan.Kunjungan", on_delete=models.PROTECT, related_name="verifikasi_set"
    )
    jenis = models.CharField(max_length=10, choices=JenisVerifikasi)
    periode = models.ForeignKey(Periode, on_delete=models.PROTECT, related_name="verifikasi_set")
    penerima = models.ForeignKey(
        Penerima, on_delete=models.PROTECT, null=True, blank=True, related_name="verifikasi_set"
    )
    keluarga = models.ForeignKey(
        "pendataan.Keluarga", on_delete=models.PROTECT, related_name="verifikasi_set"
    )
    anggota = models.ForeignKey(
        "pendataan.AnggotaKeluarga",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    hasil = models.CharField(_("hasil"), max_length=12, choices=Kelayakan)
    alasan = models.CharField(_("alasan"), max_length=24, choices=AlasanTidakLayak, blank=True)
    alasan_lain = models.CharField(_("alasan lainnya"), max_length=255, blank=True)
    keterangan = models.TextField(_("keterangan"), blank=True)  # why a family is proposed
    berlaku = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kunjungan", "jenis", "pk"]
        verbose_name = _("verifikasi")
        verbose_name_plural = _("verifikasi")
        indexes = [models.Index(fields=["periode", "berlaku"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(hasil="layak", alasan="") | (Q(hasil="tidak_layak") & ~Q(alasan="")),
                name="verifikasi_tidak_layak_beralasan",
            ),
            models.CheckConstraint(
                condition=~Q(alasan="lainnya") | ~Q(alasan_lain=""),
                name="verifikasi_lainnya_bertulis",
            ),
            models.CheckConstraint(
                condition=Q(jenis="usulan", penerima__isnull=True)
                | Q(jenis="verifikasi", penerima__isnull=False),
                name="verifikasi_penerima_sesuai_jenis",
            ),
            models.UniqueConstraint(
                fields=["kunjungan", "penerima"],
                condition=Q(penerima__isnull=False),
                name="verifikasi_sekali_per_kunjungan",
            ),
            models.UniqueConstraint(
                fields=["kunjungan", "periode"],
                condition=Q(jenis="usulan"),
                name="usulan_sekali_per_kunjungan",
            ),
            models.UniqueConstraint(
                fields=["penerima"],
                condition=Q(berlaku=True, penerima__isnull=False),
                name="verifikasi_berlaku_satu",
            ),
            models.UniqueConstraint(
                fields=["periode", "keluarga"],
                condition=Q(berlaku=True, jenis="usulan"),
                name="usulan_berlaku_satu",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.periode}: {self.get_hasil_display()}"

    @property
    def alasan_teks(self) -> str:
        return alasan_teks(self.alasan, self.alasan_lain)


class EksporHasil(EksporBerkas):
    """An XLSX of the findings in force for a period, for a kecamatan or the whole
    city, built by Celery and kept privately for download (lib/ekspor.py)."""

    periode = models.ForeignKey(Periode, on_delete=models.PROTECT, related_name="ekspor_set")
    kecamatan = models.ForeignKey(
        "wilayah.Kecamatan", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # every active program's period of the same name as `periode`, in one file
    semua_program = models.BooleanField(default=False)
    berkas = models.FileField(upload_to="private/ekspor-hasil/", max_length=255, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("ekspor hasil verifikasi")
        verbose_name_plural = _("ekspor hasil verifikasi")

    def __str__(self) -> str:
        return f"{self.judul} ({self.get_status_display()})"

    @property
    def judul(self) -> str:
        if self.semua_program:
            return _("Semua program · %(periode)s") % {"periode": self.periode.nama}
        return str(self.periode)


class JenisTugas(models.TextChoices):
    USUL = "usul", _("Usul")  # "please survey us"
    SANGGAH = "sanggah", _("Sanggah")  # "this recipient is well off"


class StatusTugas(models.TextChoices):
    TERBUKA = "terbuka", _("Terbuka")
    MENUNGGU = "menunggu", _("Menunggu pemeriksaan")
    SELESAI = "selesai", _("Selesai")
    TIDAK_TERPETAKAN = "tidak_terpetakan", _("Tidak terpetakan")


class TugasLapangan(models.Model):
    """A ground check asked of the RW officer: a resident's usul or sanggah (Cek Bansos,
    a letter, in person), placed in the family's RW by its NIK or KK number.

    A task whose NIK or KK is in no family cannot be placed (`tidak_terpetakan`): it
    waits on Dinsos's list. An open task tops its RW's worklist; the visit that answers
    it holds its outcome (`menunggu`) until the visit's review: approval closes it
    (`selesai`), rejection opens it again. A sanggah's verdict is the verification of
    the recipient it names (`verifikasi`), so it flows into the results like any other.
    """

    jenis = models.CharField(_("jenis"), max_length=8, choices=JenisTugas)
    sumber = models.CharField(_("sumber"), max_length=60)
    tanggal = models.DateField(_("tanggal"))
    referensi = models.CharField(_("referensi"), max_length=60)
    nik = models.CharField(_("NIK"), max_length=16, blank=True)
    nomor_kk = models.CharField(_("nomor KK"), max_length=16, blank=True)
    keluarga = models.ForeignKey(
        "pendataan.Keluarga",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tugas_set",
    )
    program = models.ForeignKey(
        Program, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    keluhan = models.TextField(_("isi keluhan"))
    status = models.CharField(
        _("status"), max_length=16, choices=StatusTugas, default=StatusTugas.TERBUKA
    )
    kunjungan = models.ForeignKey(
        "pendataan.Kunjungan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tugas_set",
    )
    verifikasi = models.ForeignKey(
        Verifikasi, on_delete=models.PROTECT, null=True, blank=True, related_name="tugas_set"
    )
    ditemukan = models.BooleanField(_("ditemukan"), null=True, blank=True)
    # a sanggah answered on its own (no recipient of its program on the visit's form)
    hasil = models.CharField(_("hasil"), max_length=12, choices=Kelayakan, blank=True)
    alasan = models.CharField(_("alasan"), max_length=24, choices=AlasanTidakLayak, blank=True)
    alasan_lain = models.CharField(_("alasan lainnya"), max_length=255, blank=True)
    diusulkan = models.BooleanField(_("diusulkan"), null=True, blank=True)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["tanggal", "pk"]
        verbose_name = _("tugas lapangan")
        verbose_name_plural = _("tugas lapangan")
        indexes = [models.Index(fields=["keluarga", "status"], name="tugas_keluarga_status")]
        constraints = [
            models.UniqueConstraint(fields=["sumber", "referensi"], name="tugas_referensi_unik"),
            models.CheckConstraint(
                condition=~Q(nik="") | ~Q(nomor_kk=""), name="tugas_nik_atau_kk"
            ),
            models.CheckConstraint(
                condition=Q(keluarga__isnull=False) | Q(status="tidak_terpetakan"),
                name="tugas_terpetakan_berkeluarga",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} {self.referensi}"

    @property
    def judul(self) -> str:
        """How the worklist names it: "Sanggah: <the complaint, trimmed>"."""
        teks = " ".join(self.keluhan.split())
        if len(teks) > PANJANG_JUDUL_TUGAS:
            teks = teks[: PANJANG_JUDUL_TUGAS - 1].rstrip() + "\u2026"
        return f"{self.get_jenis_display()}: {teks}"

    @property
    def alasan_teks(self) -> str:
        return alasan_teks(self.alasan, self.alasan_lain)


PANJANG_JUDUL_TUGAS = 80
