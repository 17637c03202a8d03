"""Writes of the audit: entries django-auditlog cannot make by itself, and the read log."""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from auditlog.context import auditlog_disabled, auditlog_value, disable_auditlog
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from akun.access import peran_efektif
from akun.models import Peran, User
from audit.models import TENGGAT_PERMINTAAN, JenisBaca, LogBaca, PermintaanSubjek
from lib.ip import ip_klien

NOMOR_16 = re.compile(r"^\d{16}$")


@contextmanager
def tanpa_audit_per_baris() -> Iterator[None]:
    """Inside: no auditlog entry per saved row (an import writes one with `massal_catat`)."""
    with disable_auditlog():
        yield


def sha256_berkas(berkas) -> str:
    """The hex SHA-256 of bytes or of a stored file, read in chunks."""
    if isinstance(berkas, bytes | bytearray):
        return hashlib.sha256(berkas).hexdigest()
    h = hashlib.sha256()
    with berkas.open("rb") as f:
        for potong in iter(lambda: f.read(1 << 20), b""):
            h.update(potong)
    return h.hexdigest()


def massal_catat(
    *,
    oleh: User | None,
    model: type[models.Model],
    nama: str,
    sha256: str,
    jumlah: dict,
    objek_pk: str = "",
) -> LogEntry:
    """One audit entry for a whole import or bulk task: the file's hash (empty when there
    is no file) and the counts, not one entry per row."""
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(model),
        object_pk=objek_pk,
        object_id=int(objek_pk) if objek_pk.isdigit() else None,
        object_repr=_("Massal: %(nama)s") % {"nama": nama[:200]},
        action=LogEntry.Action.CREATE,
        changes={},
        changes_text="",
        actor=oleh,
        additional_data={"impor": nama[:200], "sha256": sha256, "jumlah": jumlah},
    )


def sandi_reset_catat(*, user: User, oleh: User | None) -> LogEntry:
    """Who reset whose password: the secret itself is never written."""
    return LogEntry.objects.log_create(
        user,
        force_log=True,
        action=LogEntry.Action.UPDATE,
        changes={"password": ["***", _("*** (sandi sekali pakai baru)")]},
        actor=oleh,
        additional_data={"peristiwa": "sandi_reset"},
    )


# ------------------------------------------------------------------ read log


def baca_catat(
    request: HttpRequest,
    *,
    jenis: JenisBaca,
    objek: models.Model | str,
    objek_id: str | int = "",
    nomor: Iterable[str] = (),
) -> None:
    """Log that this request showed these whole NIK/KK numbers (or a photo, an export).

    One row per number shown, in one insert. An officer's rows are the day's summary:
    a second look at the same family the same day adds nothing (the unique index).
    """
    user = request.user
    peran = peran_efektif(user) or ""
    if isinstance(objek, models.Model):
        objek_tipe, objek_id = objek._meta.model_name, objek.pk
    else:
        objek_tipe = objek
    waktu = timezone.now()
    ringkas = peran == Peran.PETUGAS
    tanggal = timezone.localdate(waktu) if ringkas else None
    umum = {
        "user_id": user.pk,
        "peran": peran,
        "jenis": jenis,
        "objek_tipe": objek_tipe,
        "objek_id": str(objek_id)[:64],
        "ip": ip_klien(request),
        "path": request.path[:255],
        "waktu": waktu,
        "tanggal": tanggal,
    }
    nomor = [n for n in dict.fromkeys(nomor) if n]
    baris = [LogBaca(**umum, nomor=n) for n in nomor] or [LogBaca(**umum)]
    LogBaca.objects.bulk_create(baris, ignore_conflicts=ringkas)
    if hasattr(request, "baca_dicatat"):
        # a page kept in the cache (dasbor/tembolok.py) logs the same reads when served again
        # `hari`: the day of an officer's summary rows, which a second look that day
        # would not add to (the copy served again that day writes nothing)
        request.baca_dicatat.append(
            {"jenis": jenis, "objek_tipe": objek_tipe, "objek_id": objek_id, "nomor": nomor,
             "hari": tanggal.isoformat() if tanggal else ""}
        )  # fmt: skip


def log_baca_hapus_lama(*, hari: int, sekarang: datetime.datetime | None = None) -> int:
    """Remove read-log rows older than `hari` days (beat, audit.tasks)."""
    batas = (sekarang or timezone.now()) - datetime.timedelta(days=hari)
    hapus, _jumlah = LogBaca.objects.filter(waktu__lt=batas).delete()
    return hapus


# ------------------------------------------------------ data-subject requests


@transaction.atomic
def permintaan_catat(
    *, nik: str, jenis: str, keterangan: str, diterima_at: datetime.datetime, oleh: User
) -> PermintaanSubjek:
    if not NOMOR_16.match(nik):
        raise ValidationError(_("NIK harus 16 angka yang sah."))
    if diterima_at > timezone.now():
        raise ValidationError(_("Waktu diterima tidak boleh di masa depan."))
    permintaan = PermintaanSubjek(
        nik=nik,
        jenis=jenis,
        keterangan=keterangan.strip(),
        diterima_at=diterima_at,
        tenggat=diterima_at + TENGGAT_PERMINTAAN,
        dicatat_oleh=oleh,
    )
    permintaan.full_clean()
    permintaan.save()
    return permintaan


@transaction.atomic
def permintaan_tutup(*, permintaan: PermintaanSubjek, hasil: str, oleh: User) -> PermintaanSubjek:
    hasil = hasil.strip()
    if not hasil:
        raise ValidationError(_("Tuliskan hasil penanganan permintaan."))
    if permintaan.ditutup_at is not None:
        raise ValidationError(_("Permintaan ini sudah ditutup."))
    permintaan.hasil = hasil
    permintaan.ditutup_at = timezone.now()
    permintaan.ditutup_oleh = oleh
    permintaan.save(update_fields=["hasil", "ditutup_at", "ditutup_oleh"])
    return permintaan


# ------------------------------------------- writes that send no model signal


def _konteks() -> dict:
    """The actor and address of the request in progress (AuditMiddleware), if any."""
    data = auditlog_value.get(None)
    if not data:
        return {}
    actor = data.get("actor")
    hasil = {"remote_addr": data.get("remote_addr")}
    if isinstance(actor, User):
        hasil["actor"] = actor
    return hasil


def _entri(obj: models.Model, action: int, changes: dict, oleh: User | None) -> LogEntry:
    konteks = _konteks()
    if oleh is not None:
        konteks["actor"] = oleh
    return LogEntry(
        content_type=ContentType.objects.get_for_model(obj),
        object_pk=str(obj.pk),
        object_id=obj.pk if isinstance(obj.pk, int) else None,
        object_repr=str(obj)[:200],
        action=action,
        changes=changes,
        changes_text="",
        **konteks,
    )


def dibuat_catat(objek: Iterable[models.Model], *, oleh: User | None = None) -> None:
    """CREATE entries for rows written with bulk_create (a visit's findings, a placement
    plan): one per row, in one insert. Not for imports (`massal_catat`)."""
    if auditlog_disabled.get():
        return
    LogEntry.objects.bulk_create(
        _entri(o, LogEntry.Action.CREATE, model_instance_diff(None, o) or {}, oleh) for o in objek
    )


def diubah_catat(
    objek: Iterable[models.Model], *, changes: dict[str, list], oleh: User | None = None
) -> None:
    """UPDATE entries for rows changed with QuerySet.update(): `changes` is
    {field: [before, after]} as text, the same for every row."""
    if auditlog_disabled.get():
        return
    teks = {k: [str(lama), str(baru)] for k, (lama, baru) in changes.items()}
    LogEntry.objects.bulk_create(_entri(o, LogEntry.Action.UPDATE, teks, oleh) for o in objek)
