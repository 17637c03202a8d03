"""Social-aid programs and their periods; recipients and their verification build on these."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


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
