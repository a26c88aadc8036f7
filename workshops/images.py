"""Cover images: checked by content, not by name, and stored without EXIF.

The same rules as avatars (JPEG, PNG or WebP; at most 5 MB and 20 megapixels).
Kept here until the shared `members.images` module lands; then these two
functions can delegate to it.
"""

from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 20_000_000
ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def validate_cover_image(file) -> None:
    if file is None or not getattr(file, "name", None):
        return
    if file.size > MAX_BYTES:
        raise ValidationError("The image is larger than 5 MB. Choose a smaller one.")
    try:
        file.seek(0)
        with Image.open(file) as image:
            kind = image.format
            width, height = image.size
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise ValidationError("This file is not an image we can read.") from error
    finally:
        file.seek(0)
    if kind not in ALLOWED_FORMATS:
        raise ValidationError("Use a JPEG, PNG or WebP image.")
    if width * height > MAX_PIXELS:
        raise ValidationError("The image has more than 20 megapixels. Choose a smaller one.")


def strip_metadata(file, name: str = "cover") -> ContentFile:
    """Re-encode the picture so no EXIF (location, camera, owner) is kept."""
    file.seek(0)
    with Image.open(file) as image:
        kind = image.format
        image.load()
        # A new image from the pixels alone carries none of the original's metadata.
        clean = Image.frombytes(image.mode, image.size, image.tobytes())
        if image.mode == "P":
            clean.putpalette(image.getpalette())
    out = BytesIO()
    options = {"quality": 88} if kind in {"JPEG", "WEBP"} else {}
    clean.save(out, format=kind, **options)
    return ContentFile(out.getvalue(), name=f"{name}.{ALLOWED_FORMATS[kind]}")
