"""Where uploaded files live: the local disk, or an S3-compatible bucket.

The settings call `storage_media` with the environment's MEDIA_S3_* values; the
object-storage tests call it with a SeaweedFS they start. Every file (photos,
exports, imports, ID-card photos) goes through Django's storage API, so the same
code runs on both: web and worker processes on different machines then share
files through the bucket alone.

Private files are never handed out as bucket URLs: the portal's views check who
asks and stream the bytes themselves (pendataan/foto/saji.py, bansos exports,
ID-card photos), with the same headers as from the disk. The bucket can stay
closed to the world.
"""

from __future__ import annotations

from botocore.exceptions import BotoCoreError, ClientError

DISK = "django.core.files.storage.FileSystemStorage"
S3 = "storages.backends.s3.S3Storage"

# What a storage call may raise when the disk or the bucket is away or refuses:
# callers that try again later (retention, clean-up) catch these and go on.
GALAT_PENYIMPANAN: tuple[type[Exception], ...] = (OSError, BotoCoreError, ClientError)


def storage_media(
    *,
    bucket: str,
    endpoint_url: str = "",
    access_key: str = "",
    secret_key: str = "",
    region: str = "",
    prefix: str = "",
) -> dict:
    """The STORAGES["default"] entry: the disk under MEDIA_ROOT without a bucket,
    else the bucket (empty keys: boto3's own chain, e.g. an instance role)."""
    if not bucket:
        return {"BACKEND": DISK}
    return {
        "BACKEND": S3,
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint_url or None,
            "access_key": access_key or None,
            "secret_key": secret_key or None,
            "region_name": region or None,
            "location": prefix.strip("/"),
            # SeaweedFS, MinIO and most providers other than AWS want the bucket in
            # the path, not in the host name.
            "addressing_style": "path" if endpoint_url else None,
            "signature_version": "s3v4",
            # Like the disk: a second file of the same name gets a new name, never
            # replaces the first (upload_to names are random anyway).
            "file_overwrite": False,
            # No ACL header: the bucket's own policy (private) applies to every object.
            "default_acl": None,
            "querystring_auth": True,
        },
    }


def bucket_media() -> str:
    """The bucket media lives in, or "" when it is on the local disk (MEDIA_ROOT)."""
    from django.core.files.storage import default_storage

    return getattr(default_storage, "bucket_name", "") or ""
