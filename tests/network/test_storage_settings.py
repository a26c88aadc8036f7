"""Uploads go to object storage (django-storages, S3) when a bucket is configured,
and stay on the local disk otherwise."""

from urllib.parse import urlsplit

from storages.backends.s3 import S3Storage

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

    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    assert default["OPTIONS"]["bucket_name"] == "network-uploads"
    assert default["OPTIONS"]["file_overwrite"] is False
    # The storage really is usable with these options: links are signed, offline.
    storage = S3Storage(**default["OPTIONS"], access_key="AKIAEXAMPLE", secret_key="secret")
    url = urlsplit(storage.url("avatars/maya.png"))
    assert url.path == "/avatars/maya.png"
    assert "X-Amz-Signature=" in url.query
    assert "X-Amz-Expires=3600" in url.query
    # Images from the bucket are allowed by the Content-Security-Policy.
    img_src = next(
        part for part in settings["CONTENT_SECURITY_POLICY"].split("; ") if "img-src" in part
    )
    assert f"https://{url.netloc}" in img_src.split()


def test_a_custom_domain_serves_uploads_publicly_from_there():
    settings = load_settings(
        **PRODUCTION_ENV,
        AWS_STORAGE_BUCKET_NAME="network-uploads",
        AWS_S3_CUSTOM_DOMAIN="media.network.example.org",
    )
    options = settings["STORAGES"]["default"]["OPTIONS"]

    assert settings["MEDIA_URL"] == "https://media.network.example.org/"
    assert options["querystring_auth"] is False
    assert "https://media.network.example.org;" in settings["CONTENT_SECURITY_POLICY"]
    assert (
        S3Storage(**options).url("covers/w.jpg") == "https://media.network.example.org/covers/w.jpg"
    )
