"""Checking and preparing uploaded images: avatars, post covers, workshop covers.

One function, `validate_and_process_image`, does everything an uploaded picture
needs before it is stored:

- the type is read from the file's content (JPEG, PNG or WebP), never its name;
- at most `max_bytes` (5 MB) and `max_pixels` (20 megapixels); decompression
  bombs (small files that expand to huge images) are refused before decoding;
- truncated or corrupt files are refused;
- EXIF (including GPS position) and other metadata are dropped: the pixels are
  re-encoded into a new file;
- one resized copy is made for each requested size.

It raises `django.core.exceptions.ValidationError` with a message to show next
to the form field, so a form's `clean_<field>` can simply call it.
"""

import io
import uuid
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 20_000_000
ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}

# Pillow warns above this many pixels and refuses above twice as many. Set it
# process-wide so no code path that opens an upload can be made to decode a bomb.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


@dataclass(frozen=True)
class ProcessedImage:
    size: int  # the requested size (longest side, or the side of the square)
    file: ContentFile  # named "<random>-<size>.<ext>", ready for an ImageField
    width: int
    height: int


def validate_and_process_image(
    upload,
    *,
    sizes=(256, 64),
    square: bool = True,
    max_bytes: int = MAX_BYTES,
    max_pixels: int = MAX_PIXELS,
) -> list[ProcessedImage]:
    """Check `upload` (an UploadedFile or any binary file object) and return one
    clean, resized copy per entry in `sizes`, in the same order.

    `square=True` crops the centre square (avatars); `square=False` keeps the
    proportions and fits the image within `size` x `size` (covers). Images are
    never enlarged. Raises ValidationError with a message for the person.
    """
    size_in_bytes = getattr(upload, "size", None)
    if size_in_bytes is None:
        upload.seek(0, io.SEEK_END)
        size_in_bytes = upload.tell()
    if size_in_bytes > max_bytes:
        raise ValidationError(
            f"This file is too large ({size_in_bytes / 1024 / 1024:.1f} MB). "
            f"Please choose an image of at most {max_bytes // (1024 * 1024)} MB.",
            code="too_large",
        )
    image = _open_checked(upload, max_pixels)
    image = ImageOps.exif_transpose(image)
    source_format = _format_of(upload)
    extension = ALLOWED_FORMATS[source_format]
    stem = uuid.uuid4().hex[:16]
    results = []
    for size in sizes:
        if square:
            resized = ImageOps.fit(image, (min(size, *image.size),) * 2, Image.Resampling.LANCZOS)
        else:
            resized = image.copy()
            resized.thumbnail((size, size), Image.Resampling.LANCZOS)
        data = _encode(resized, source_format)
        results.append(
            ProcessedImage(
                size=size,
                file=ContentFile(data, name=f"{stem}-{size}.{extension}"),
                width=resized.width,
                height=resized.height,
            )
        )
    return results


def _open_checked(upload, max_pixels: int) -> Image.Image:
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(upload)
            if probe.format not in ALLOWED_FORMATS:
                raise ValidationError(
                    "Please upload a JPEG, PNG or WebP image. "
                    f"This file is a {probe.format or 'different'} file.",
                    code="bad_type",
                )
            width, height = probe.size
            if width * height > max_pixels:
                raise ValidationError(
                    f"This image is too big ({width} × {height} pixels). Please choose one "
                    f"of at most {max_pixels // 1_000_000} megapixels.",
                    code="too_many_pixels",
                )
            probe.verify()  # checks the structure without decoding everything
            upload.seek(0)
            image = Image.open(upload)
            image.load()  # decodes every pixel: truncated files fail here
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(
            "This image is too big to process safely. Please choose one of at most "
            f"{max_pixels // 1_000_000} megapixels.",
            code="too_many_pixels",
        ) from error
    except UnidentifiedImageError as error:
        raise ValidationError(
            "This file is not an image we can read. Please upload a JPEG, PNG or WebP image.",
            code="bad_type",
        ) from error
    except (OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            "This image seems to be damaged or incomplete. Please try another file.",
            code="damaged",
        ) from error
    return image


def _format_of(upload) -> str:
    upload.seek(0)
    with Image.open(upload) as image:
        return image.format


def _encode(image: Image.Image, source_format: str) -> bytes:
    """Re-encode the pixels only: no EXIF, no ICC-embedded text, no comments."""
    buffer = io.BytesIO()
    if source_format == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(buffer, "JPEG", quality=85, optimize=True)
    elif source_format == "PNG":
        if image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            image = image.convert("RGBA")
        image.save(buffer, "PNG", optimize=True)
    else:
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA")
        image.save(buffer, "WEBP", quality=85)
    return buffer.getvalue()


def check_image(upload, *, max_bytes: int = MAX_BYTES, max_pixels: int = MAX_PIXELS) -> str:
    """Validate without keeping anything (e.g. in a form's clean): the same rules as
    `validate_and_process_image`. Returns the format ("JPEG", "PNG" or "WEBP")."""
    size_in_bytes = getattr(upload, "size", None)
    if size_in_bytes is not None and size_in_bytes > max_bytes:
        raise ValidationError(
            f"This file is too large ({size_in_bytes / 1024 / 1024:.1f} MB). "
            f"Please choose an image of at most {max_bytes // (1024 * 1024)} MB.",
            code="too_large",
        )
    _open_checked(upload, max_pixels)
    image_format = _format_of(upload)
    upload.seek(0)
    return image_format


def clean_cover(upload, *, name_stem: str = "cover", max_side: int = 1600) -> ContentFile:
    """A cover picture (posts, workshops): checked, at most `max_side` pixels on its
    longest side, proportions kept, re-encoded without metadata."""
    (processed,) = validate_and_process_image(upload, sizes=(max_side,), square=False)
    extension = processed.file.name.rsplit(".", 1)[-1]
    return ContentFile(processed.file.read(), name=f"{name_stem}.{extension}")
