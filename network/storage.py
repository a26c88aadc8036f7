"""Uploads in a private bucket (S3 or S3-compatible), when AWS_STORAGE_BUCKET_NAME is set.

Pages never link to the bucket: a file's address is the site's own (`MEDIA_URL +
name`), whose view checks who may have it (network/files.py) and then redirects to
`signed_url`, a link to the bucket that expires after UPLOAD_LINK_SECONDS.
"""

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from django.utils.http import content_disposition_header
from storages.backends.s3 import S3Storage


class PrivateS3Storage(S3Storage):
    def url(self, name, parameters=None, expire=None, http_method=None):
        """The site's address for the file, checked before anything is sent."""
        return settings.MEDIA_URL + filepath_to_uri(name)

    def signed_url(self, name: str, *, download_name: str | None = None) -> str:
        """A link straight to the bucket that expires: give it only after the check."""
        parameters = {}
        if download_name:
            parameters["ResponseContentDisposition"] = content_disposition_header(
                True, download_name
            )
        return super().url(name, parameters=parameters or None, expire=settings.UPLOAD_LINK_SECONDS)
