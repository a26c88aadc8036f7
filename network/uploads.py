"""Checking uploaded cover images and attachments by their content, not their name.

Cover images follow the avatar rules (JPEG, PNG or WebP by content, at most 5 MB
and 20 megapixels) and are re-encoded without EXIF, so no camera location or
device data is published. The members work builds the same rules as a shared
validator (members/images.py); when it lands this module should call it.
"""

import io
import zipfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.text import get_valid_filename
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_IMAGE_PIXELS = 20_000_000
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
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
    """Raise ValidationError unless `upload` is an acceptable image; return its format."""
    if upload.size > MAX_IMAGE_BYTES:
        raise ValidationError("The image is larger than 5 MB. Please choose a smaller one.")
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format
            width, height = image.size
            if image_format not in IMAGE_FORMATS:
                raise ValidationError("Please choose a JPEG, PNG or WebP image.")
            if width * height > MAX_IMAGE_PIXELS:
                raise ValidationError(
                    "The image has more than 20 megapixels. Please choose a smaller one."
                )
            image.verify()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise ValidationError("Please choose a JPEG, PNG or WebP image.") from error
    finally:
        upload.seek(0)
    return image_format


def clean_image(upload, *, name_stem: str = "cover") -> ContentFile:
    """The image re-encoded in its own format with no metadata (EXIF, GPS, comments)."""
    image_format = check_image(upload)
    with Image.open(upload) as original:
        # Turn the pixels the way the camera meant before the orientation tag goes.
        image = ImageOps.exif_transpose(original)
        if image_format == "JPEG" and image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.info = {}
        buffer = io.BytesIO()
        image.save(buffer, format=image_format, exif=b"")
    upload.seek(0)
    return ContentFile(buffer.getvalue(), name=f"{name_stem}.{IMAGE_FORMATS[image_format]}")


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
