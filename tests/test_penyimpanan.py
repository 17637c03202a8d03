"""MEDIA_S3_BUCKET switches the default storage from MEDIA_ROOT to a bucket.

The bucket itself is exercised against a real SeaweedFS in the *_s3.py tests
(PostgreSQL + Redis pass); these need no server.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from lib.penyimpanan import DISK, S3, storage_media

ROOT = Path(__file__).resolve().parent.parent


def test_without_a_bucket_media_stays_on_the_disk():
    assert storage_media(bucket="", endpoint_url="http://s3.local") == {"BACKEND": DISK}


def test_a_bucket_elsewhere_than_aws_is_addressed_by_path():
    storage = storage_media(
        bucket="portal",
        endpoint_url="http://seaweedfs:8333",
        access_key="kunci",
        secret_key="rahasia",
        region="us-east-1",
        prefix="/pekanbaru/",
    )
    assert storage["BACKEND"] == S3
    opsi = storage["OPTIONS"]
    assert opsi["bucket_name"] == "portal"
    assert opsi["endpoint_url"] == "http://seaweedfs:8333"
    assert opsi["addressing_style"] == "path"
    assert opsi["location"] == "pekanbaru"
    assert opsi["file_overwrite"] is False, "a second file never replaces the first"
    assert opsi["default_acl"] is None, "the bucket's own (private) policy applies"


def test_on_aws_empty_keys_leave_boto3_its_own_credentials():
    opsi = storage_media(bucket="portal")["OPTIONS"]
    assert opsi["endpoint_url"] is None and opsi["addressing_style"] is None
    assert opsi["access_key"] is None and opsi["secret_key"] is None


def test_the_settings_read_the_bucket_from_the_environment():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "MEDIA_S3_BUCKET": "portal",
        "MEDIA_S3_ENDPOINT_URL": "http://127.0.0.1:9",
    }
    kode = (
        "import django, json; django.setup(); from django.conf import settings; "
        "from django.core.files.storage import storages; "
        "print(json.dumps([type(storages['default']).__name__,"
        " settings.STORAGES['default']['OPTIONS']['bucket_name']]))"
    )
    keluaran = subprocess.run(
        [sys.executable, "-c", kode], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert json.loads(keluaran.stdout.strip().splitlines()[-1]) == ["S3Storage", "portal"]
