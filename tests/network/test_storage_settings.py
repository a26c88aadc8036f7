"""Uploads go to object storage (django-storages, S3) when a bucket is configured,
and stay on the local disk otherwise. Either way they are private (network/files.py)."""

from urllib.parse import urlsplit

import pytest
from django.core.exceptions import ImproperlyConfigured

from network.storage import PrivateS3Storage
from tests.network.conftest import PRODUCTION_ENV, load_settings


def test_uploads_stay_on_the_local_disk_without_a_bucket():
    settings = load_settings(**PRODUCTION_ENV)

    assert settings["STORAGES"]["default"] == {
        "BACKEND": "django.core.files.storage.FileSystemStorage"
    }
    assert "img-src 'self' data:;" in settings["CONTENT_SECURITY_POLICY"]


def test_a_bucket_sends_uploads_to_s3_with_signed_private_links():
    settings = load_settings(
        **PRODUCTION_ENV, AWS_STORAGE_BUCKET_NAME="network-uploads", AWS_S3_REGION_NAME="eu-west-2"
    )
    default = settings["STORAGES"]["default"]

    assert default["BACKEND"] == "network.storage.PrivateS3Storage"
    assert default["OPTIONS"]["bucket_name"] == "network-uploads"
    assert default["OPTIONS"]["file_overwrite"] is False
    # The storage really is usable with these options: pages link to the site, which
    # checks and then hands out a signed link that expires (signed offline).
    storage = PrivateS3Storage(**default["OPTIONS"], access_key="AKIAEXAMPLE", secret_key="secret")
    assert storage.url("avatars/maya.png") == "/media/avatars/maya.png"
    url = urlsplit(storage.signed_url("avatars/maya.png"))
    assert url.path == "/avatars/maya.png"
    assert "X-Amz-Signature=" in url.query
    assert "X-Amz-Expires=300" in url.query
    # Images from the bucket are allowed by the Content-Security-Policy.
    img_src = next(
        part for part in settings["CONTENT_SECURITY_POLICY"].split("; ") if "img-src" in part
    )
    assert f"https://{url.netloc}" in img_src.split()


@pytest.mark.parametrize(
    "public",
    [{"AWS_S3_CUSTOM_DOMAIN": "media.network.example.org"}, {"AWS_QUERYSTRING_AUTH": "false"}],
)
def test_a_public_bucket_domain_or_unsigned_links_stop_start_up(public):
    # Uploads are private (network/files.py): a public address for them would skip the check.
    with pytest.raises(ImproperlyConfigured, match="would make uploads public"):
        load_settings(**PRODUCTION_ENV, AWS_STORAGE_BUCKET_NAME="network-uploads", **public)
