"""Reads of the audit: only superadmin and the data-protection officer (pdp) see them.

`audit_for(user)` / `log_baca_for(user)` answer nothing for any other role.
"""

from __future__ import annotations

import datetime
import re

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils import timezone

from akun.access import peran_efektif
from akun.models import Peran, User
from audit.models import LogBaca, PermintaanSubjek
from pendataan.models import AnggotaKeluarga, Keluarga
from pendataan.nik import samarkan

PERAN_AUDIT = {Peran.SUPERADMIN, Peran.PDP}
_NOMOR = re.compile(r"(?<!\d)\d{16}(?!\d)")


def boleh_audit(user: User) -> bool:
    return peran_efektif(user) in PERAN_AUDIT


def audit_for(user: User) -> QuerySet[LogEntry]:
    if not boleh_audit(user):
        return LogEntry.objects.none()
    return LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-pk")


def log_baca_for(user: User) -> QuerySet[LogBaca]:
    if not boleh_audit(user):
        return LogBaca.objects.none()
    return LogBaca.objects.select_related("user")


def permintaan_for(user: User) -> QuerySet[PermintaanSubjek]:
    if not boleh_audit(user):
        return PermintaanSubjek.objects.none()
    return PermintaanSubjek.objects.select_related("dicatat_oleh", "ditutup_oleh")


def _rentang(qs: QuerySet, kolom: str, dari: datetime.date | None, sampai: datetime.date | None):
    zona = timezone.get_current_timezone()
    if dari:
        qs = qs.filter(**{f"{kolom}__gte": datetime.datetime.combine(dari, datetime.time(), zona)})
    if sampai:
        akhir = datetime.datetime.combine(
            sampai + datetime.timedelta(days=1), datetime.time(), zona
        )
        qs = qs.filter(**{f"{kolom}__lt": akhir})
    return qs


def objek_nik(nik: str) -> Q:
    """The audit entries about a person: their member row, their family, and any entry
    whose values carry the NIK (a recipient, a finding, a new member in a visit)."""
    q = Q(changes__icontains=nik) | Q(object_repr__contains=nik)
    anggota = AnggotaKeluarga.objects.filter(nik=nik).values_list("pk", "keluarga_id").first()
    if anggota:
        jenis = ContentType.objects.get_for_models(AnggotaKeluarga, Keluarga)
        q |= Q(content_type=jenis[AnggotaKeluarga], object_pk=str(anggota[0]))
        q |= Q(content_type=jenis[Keluarga], object_pk=str(anggota[1]))
    return q


def audit_saring(
    qs: QuerySet[LogEntry],
    *,
    pelaku: str = "",
    model: ContentType | None = None,
    objek_id: str = "",
    nik: str = "",
    dari: datetime.date | None = None,
    sampai: datetime.date | None = None,
) -> QuerySet[LogEntry]:
    if pelaku:
        qs = qs.filter(actor__username=pelaku)
    if model:
        qs = qs.filter(content_type=model)
    if objek_id:
        qs = qs.filter(object_pk=objek_id)
    if nik:
        qs = qs.filter(objek_nik(nik))
    return _rentang(qs, "timestamp", dari, sampai)


def log_baca_saring(
    qs: QuerySet[LogBaca],
    *,
    pelaku: str = "",
    jenis: str = "",
    nomor: str = "",
    dari: datetime.date | None = None,
    sampai: datetime.date | None = None,
) -> QuerySet[LogBaca]:
    if pelaku:
        qs = qs.filter(user__username=pelaku)
    if jenis:
        qs = qs.filter(jenis=jenis)
    if nomor:
        qs = qs.filter(nomor=nomor)
    return _rentang(qs, "waktu", dari, sampai)


def samarkan_kecuali(teks: str, nik: str = "") -> str:
    """Every 16-digit number in an audit text masked, except the NIK being searched."""
    return _NOMOR.sub(lambda m: m.group(0) if m.group(0) == nik else samarkan(m.group(0)), teks)


def permintaan_terlambat(qs: QuerySet[PermintaanSubjek]) -> QuerySet[PermintaanSubjek]:
    return qs.filter(ditutup_at__isnull=True, tenggat__lt=timezone.now())
