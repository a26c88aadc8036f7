"""Checking uploaded cover images and attachments by their content, not their name.

Cover images follow the avatar rules, from the one shared validator in
network/images.py (JPEG, PNG or WebP by content, at most 5 MB and 20 megapixels,
re-encoded without EXIF so no camera location or device data is published).
Attachments (PDF, DOCX, ODT, PPTX) are recognised from their bytes here.
"""

import io
import zipfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.text import get_valid_filename

from network import images

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024

# kind -> (extension, content type)
ATTACHMENT_KINDS = {
    "pdf": ("pdf", "application/pdf"),
    "docx": (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "pptx": (
        "pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    "odt": ("odt", "application/vnd.oasis.opendocument.text"),
}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def _read_all(upload) -> bytes:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def check_image(upload) -> str:
    """Raise ValidationError unless `upload` is an acceptable cover image; return its format."""
    return images.check_image(upload)


def clean_image(upload, *, name_stem: str = "cover") -> ContentFile:
    """The cover re-encoded with no metadata (EXIF, GPS, comments): see network.images."""
    return images.clean_cover(upload, name_stem=name_stem)


def detect_attachment_kind(upload) -> str:
    """'pdf', 'docx', 'pptx' or 'odt' from the file's bytes; ValidationError otherwise."""
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError("The file is larger than 20 MB.")
    data = _read_all(upload)
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                if "mimetype" in names and archive.read("mimetype").strip() == ODT_MIMETYPE:
                    return "odt"
                if "[Content_Types].xml" in names:
                    if "word/document.xml" in names:
                        return "docx"
                    if "ppt/presentation.xml" in names:
                        return "pptx"
        except zipfile.BadZipFile:
            pass
    raise ValidationError("Please attach a PDF, Word (.docx), OpenDocument (.odt) or .pptx file.")


def safe_download_name(name: str, kind: str) -> str:
    """A filename safe in a Content-Disposition header, ending in the real type's extension."""
    stem = Path(name or "").stem
    stem = get_valid_filename(stem.encode("ascii", "ignore").decode()) if stem else ""
    stem = stem[:80] or "attachment"
    return f"{stem}.{ATTACHMENT_KINDS[kind][0]}"
