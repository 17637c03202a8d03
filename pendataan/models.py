"""Families, their members, and the officers' door-to-door visits with photos."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bansos.models import ImporBerkas
from petugas.models import JenisKelamin

# an empty JSON object as the column's default in the database too, so rows written by
# raw SQL (pendataan/kota.py, benchmarks) need not name the variable columns
KOSONG = models.Value({}, output_field=models.JSONField())


class Keluarga(models.Model):
    """A family: one KK (family card), living in an RW."""

    nomor_kk = models.CharField(_("nomor KK"), max_length=16, unique=True)
    rw = models.ForeignKey("wilayah.RW", on_delete=models.PROTECT, related_name="keluarga_set")
    rt = models.PositiveSmallIntegerField(_("RT"))
    alamat = models.CharField(_("alamat"), max_length=255, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    # The desil in force (DesilKeluarga with the latest berlaku_mulai), kept here so a
    # list shows it without a query per family; only pendataan.desil writes it.
    desil = models.PositiveSmallIntegerField(_("desil DTSEN"), null=True, blank=True)
    desil_berlaku_mulai = models.DateField(_("desil berlaku mulai"), null=True, blank=True)
    # The DTSEN household variables as last known ({kunci: nilai}, pendataan.variabel.kode);
    # written only by an approved visit or an import, each change kept in RiwayatVariabel.
    variabel = models.JSONField(_("variabel DTSEN"), default=dict, db_default=KOSONG, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["rw", "rt", "alamat", "nomor_kk"]
        verbose_name = _("keluarga")
        verbose_name_plural = _("keluarga")
        indexes = [models.Index(fields=["rw", "rt"])]
        constraints = [
            models.CheckConstraint(condition=Q(rt__gte=1), name="keluarga_rt_positif"),
            models.CheckConstraint(
                condition=Q(desil__isnull=True) | Q(desil__gte=1, desil__lte=10),
                name="keluarga_desil_1_10",
            ),
        ]

    def __str__(self) -> str:
        return f"KK {self.nomor_kk[:6]}…"


class Hubungan(models.TextChoices):
    KEPALA = "kepala", _("Kepala keluarga")
    PASANGAN = "pasangan", _("Suami/istri")
    ANAK = "anak", _("Anak")
    MENANTU = "menantu", _("Menantu")
    CUCU = "cucu", _("Cucu")
    ORANG_TUA = "orang_tua", _("Orang tua")
    MERTUA = "mertua", _("Mertua")
    FAMILI = "famili", _("Famili lain")
    LAINNYA = "lainnya", _("Lainnya")


class StatusAnggota(models.TextChoices):
    HIDUP = "hidup", _("Hidup")
    MENINGGAL = "meninggal", _("Meninggal")
    PINDAH = "pindah", _("Pindah")
    HILANG = "hilang", _("Hilang")
    TIDAK_VALID = "tidak_valid", _("Tidak valid")


class AnggotaKeluarga(models.Model):
    keluarga = models.ForeignKey(Keluarga, on_delete=models.PROTECT, related_name="anggota_set")
    nik = models.CharField(_("NIK"), max_length=16, unique=True)
    nama = models.CharField(_("nama"), max_length=150)
    hubungan = models.CharField(_("hubungan"), max_length=12, choices=Hubungan)
    jenis_kelamin = models.CharField(_("jenis kelamin"), max_length=1, choices=JenisKelamin)
    tanggal_lahir = models.DateField(_("tanggal lahir"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=StatusAnggota, default=StatusAnggota.HIDUP
    )
    tanggal_meninggal = models.DateField(_("tanggal meninggal"), null=True, blank=True)
    variabel = models.JSONField(
        _("variabel DTSEN"), default=dict, db_default=KOSONG, blank=True
    )  # as Keluarga's
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["keluarga", "pk"]
        verbose_name = _("anggota keluarga")
        verbose_name_plural = _("anggota keluarga")
        constraints = [
            models.CheckConstraint(
                condition=Q(tanggal_meninggal__isnull=True) | Q(status="meninggal"),
                name="tanggal_meninggal_hanya_untuk_meninggal",
            ),
        ]

    def __str__(self) -> str:
        return self.nama


class HasilKunjungan(models.TextChoices):
    DITEMUI = "ditemui", _("Bertemu anggota keluarga")
    TIDAK_ADA_ORANG = "tidak_ada_orang", _("Tidak ada orang di rumah")
    MENOLAK = "menolak", _("Menolak didata")
    PINDAH = "pindah", _("Keluarga sudah pindah")
    RUMAH_KOSONG = "rumah_kosong", _("Rumah kosong")
    TIDAK_DITEMUKAN = "tidak_ditemukan", _("Alamat tidak ditemukan")


class StatusKunjungan(models.TextChoices):
    DIKIRIM = "dikirim", _("Dikirim, menunggu pemeriksaan")
    DIKEMBALIKAN = "dikembalikan", _("Dikembalikan untuk diperbaiki")
    DISETUJUI = "disetujui", _("Disetujui")
    DITOLAK = "ditolak", _("Ditolak")


class Kunjungan(models.Model):
    """One visit of an officer to a family.

    `uuid` is made on the phone: a retried submission of the same visit finds
    this row instead of making a second one; `sidik` (a hash of the submitted
    content) tells a retry from a different visit that reuses the UUID.
    """

    uuid = models.UUIDField(unique=True, editable=False)
    sidik = models.CharField(max_length=64, editable=False)
    keluarga = models.ForeignKey(Keluarga, on_delete=models.PROTECT, related_name="kunjungan_set")
    petugas = models.ForeignKey(
        "petugas.Petugas", on_delete=models.PROTECT, related_name="kunjungan_set"
    )
    rw = models.ForeignKey("wilayah.RW", on_delete=models.PROTECT, related_name="kunjungan_set")
    hasil = models.CharField(_("hasil kunjungan"), max_length=16, choices=HasilKunjungan)
    # ONLY what the officer changed: {"keluarga": {kunci: nilai}, "anggota": {"<pk>": {...}}},
    # {} when nothing changed (so `~Q(variabel={})` finds the visits that changed data);
    # applied to the family on approval (pendataan.variabel.terapkan)
    variabel = models.JSONField(
        _("perubahan variabel DTSEN"), default=dict, db_default=KOSONG, blank=True
    )
    catatan = models.TextField(_("catatan"), blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    akurasi_m = models.PositiveIntegerField(_("akurasi GPS (m)"), null=True, blank=True)
    alasan_tanpa_gps = models.CharField(_("alasan tanpa titik GPS"), max_length=255, blank=True)
    foto_diharapkan = models.JSONField(default=list, blank=True)  # photo ids the phone will send
    dibuka_at = models.DateTimeField(_("formulir dibuka"), null=True, blank=True)
    dikirim_at = models.DateTimeField(_("dikirim dari ponsel"), null=True, blank=True)
    status = models.CharField(
        max_length=12, choices=StatusKunjungan, default=StatusKunjungan.DIKIRIM
    )
    bendera = models.JSONField(_("tanda untuk pemeriksa"), default=list, blank=True)
    jumlah_bendera = models.PositiveSmallIntegerField(default=0)  # for the queue's order
    diperiksa_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    diperiksa_at = models.DateTimeField(null=True, blank=True)
    komentar_pemeriksa = models.TextField(_("komentar pemeriksa"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("kunjungan")
        verbose_name_plural = _("kunjungan")
        indexes = [
            models.Index(fields=["rw", "status"]),
            models.Index(fields=["status", "-jumlah_bendera", "created_at"]),
            # BKPSDM's officer activity: last visit and visits in a window, per officer
            models.Index(fields=["petugas", "created_at"], name="kunjungan_petugas_waktu"),
            # pimpinan's weekly trend: the visits of the last weeks
            models.Index(fields=["created_at"], name="kunjungan_waktu"),
        ]

    def __str__(self) -> str:
        return f"{self.get_hasil_display()} ({self.created_at:%Y-%m-%d})"


class AksiAnggota(models.TextChoices):
    TETAP = "tetap", _("Ada, data benar")
    MENINGGAL = "meninggal", _("Meninggal")
    PINDAH = "pindah", _("Pindah")
    BARU = "baru", _("Anggota baru")


class CatatanAnggota(models.Model):
    """What a visit found for one member (or a new member it added)."""

    kunjungan = models.ForeignKey(Kunjungan, on_delete=models.CASCADE, related_name="anggota_set")
    anggota = models.ForeignKey(
        AnggotaKeluarga, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    aksi = models.CharField(max_length=10, choices=AksiAnggota)
    tanggal = models.DateField(null=True, blank=True)  # date of death or move
    nik = models.CharField(max_length=16, blank=True)  # new member
    nama = models.CharField(max_length=150, blank=True)

    class Meta:
        verbose_name = _("catatan anggota")
        verbose_name_plural = _("catatan anggota")

    def __str__(self) -> str:
        return self.get_aksi_display()


class JenisFoto(models.TextChoices):
    RUMAH = "rumah", _("Rumah")
    KK = "kk", _("Kartu keluarga")
    KTP = "ktp", _("KTP")
    DOKUMEN = "dokumen", _("Dokumen pendukung")
    LAINNYA = "lainnya", _("Lainnya")


class StatusFoto(models.TextChoices):
    MENUNGGU = "menunggu", _("Menunggu diproses")
    SELESAI = "selesai", _("Selesai")
    GAGAL = "gagal", _("Gagal: bukan gambar yang sah")
    DIHAPUS = "dihapus", _("Dihapus: masa simpan foto identitas habis")


def _private_path(instance, filename: str) -> str:
    return f"private/kunjungan/{instance.kunjungan.uuid}/{uuid.uuid4().hex}"


class FotoKunjungan(models.Model):
    """A photo of a visit. The original is kept for audit only and never served;
    the worker makes the derivatives (metadata stripped) that scoped views serve."""

    kunjungan = models.ForeignKey(Kunjungan, on_delete=models.CASCADE, related_name="foto_set")
    foto_uuid = models.UUIDField(unique=True)  # made on the phone: a resend is not a second photo
    jenis = models.CharField(max_length=10, choices=JenisFoto)
    asli = models.FileField(upload_to=_private_path, max_length=255)
    besar = models.FileField(upload_to=_private_path, max_length=255, blank=True)  # 1600 px
    kecil = models.FileField(upload_to=_private_path, max_length=255, blank=True)  # 320 px
    status = models.CharField(max_length=10, choices=StatusFoto, default=StatusFoto.MENUNGGU)
    pesan = models.CharField(max_length=255, blank=True)
    ukuran_bytes = models.PositiveIntegerField(default=0)
    lebar = models.PositiveIntegerField(null=True, blank=True)
    tinggi = models.PositiveIntegerField(null=True, blank=True)
    exif_waktu = models.DateTimeField(null=True, blank=True)
    exif_latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    exif_longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    exif_kamera = models.CharField(max_length=100, blank=True)
    phash = models.CharField(max_length=16, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    diproses_at = models.DateTimeField(null=True, blank=True)
    # A KK/KTP photo's files are deleted FOTO_IDENTITAS_SIMPAN_HARI days after its visit's
    # review (pendataan/foto/retensi.py); the row stays to say it existed and when it went.
    dihapus_at = models.DateTimeField(_("berkas dihapus pada"), null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("foto kunjungan")
        verbose_name_plural = _("foto kunjungan")

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} ({self.get_status_display()})"


class AksiPemeriksaan(models.TextChoices):
    DIKIRIM = "dikirim", _("Dikirim petugas")
    DIKIRIM_ULANG = "dikirim_ulang", _("Diperbaiki dan dikirim ulang")
    DIKEMBALIKAN = "dikembalikan", _("Dikembalikan ke petugas")
    DISETUJUI = "disetujui", _("Disetujui")
    DITOLAK = "ditolak", _("Ditolak")


class RiwayatKunjungan(models.Model):
    """One step of a visit's review: who, when, what changed and why. Never edited."""

    kunjungan = models.ForeignKey(Kunjungan, on_delete=models.PROTECT, related_name="riwayat_set")
    aksi = models.CharField(max_length=14, choices=AksiPemeriksaan)
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    komentar = models.TextField(blank=True)
    perubahan = models.JSONField(default=list, blank=True)  # ["PKH: Layak -> Tidak layak", ...]
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("riwayat kunjungan")
        verbose_name_plural = _("riwayat kunjungan")

    def __str__(self) -> str:
        return self.get_aksi_display()


class RiwayatVariabel(models.Model):
    """One change of a DTSEN variable of a family (or of one member): from an approved
    visit, or from an import (kunjungan null). Never edited."""

    keluarga = models.ForeignKey(Keluarga, on_delete=models.CASCADE, related_name="+")
    anggota = models.ForeignKey(
        AnggotaKeluarga, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    kunci = models.CharField(_("variabel"), max_length=40)
    nilai_lama = models.JSONField(_("nilai lama"), null=True, blank=True)
    nilai_baru = models.JSONField(_("nilai baru"), null=True, blank=True)
    kunjungan = models.ForeignKey(
        Kunjungan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="riwayat_variabel_set",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("riwayat variabel")
        verbose_name_plural = _("riwayat variabel")
        indexes = [models.Index(fields=["keluarga", "kunci", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.kunci}: {self.nilai_lama} -> {self.nilai_baru}"


class ImporDesil(ImporBerkas):
    """A desil file from Dinsos (the DTSEN ranking BPS makes every quarter), processed by
    Celery: a wrong row refuses the file whole; a family the portal does not know is
    reported by row and the rest is written."""

    berkas = models.FileField(upload_to="private/impor-desil/", max_length=255)
    # the date the ranking is valid from, for rows of a file that has no such column
    berlaku_mulai = models.DateField(_("berlaku mulai"), null=True, blank=True)

    class Meta(ImporBerkas.Meta):
        verbose_name = _("impor desil")
        verbose_name_plural = _("impor desil")


class DesilKeluarga(models.Model):
    """A family's desil from one ranking: its history, one row per date a ranking holds from.

    A re-ranking adds a row; a file that names the same date again corrects that row.
    """

    keluarga = models.ForeignKey(Keluarga, on_delete=models.CASCADE, related_name="desil_set")
    desil = models.PositiveSmallIntegerField(_("desil"))
    berlaku_mulai = models.DateField(_("berlaku mulai"))
    impor = models.ForeignKey(
        ImporDesil, on_delete=models.PROTECT, related_name="desil_set", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["keluarga", "-berlaku_mulai"]
        verbose_name = _("desil keluarga")
        verbose_name_plural = _("desil keluarga")
        constraints = [
            models.UniqueConstraint(
                fields=["keluarga", "berlaku_mulai"], name="desil_satu_per_tanggal"
            ),
            models.CheckConstraint(
                condition=Q(desil__gte=1, desil__lte=10), name="desil_keluarga_1_10"
            ),
        ]

    def __str__(self) -> str:
        return f"desil {self.desil} ({self.berlaku_mulai})"
