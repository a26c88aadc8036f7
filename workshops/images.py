"""Workshop cover images: the same rules as avatars and post covers, from the one
shared validator in network/images.py (checked by content, stored without EXIF)."""

from django.core.files.base import ContentFile

from network import images


def validate_cover_image(file) -> None:
    """Model-field validator (named in migrations): refuses anything but a sound
    JPEG, PNG or WebP of at most 5 MB and 20 megapixels."""
    if file is None or not getattr(file, "name", None):
        return
    images.check_image(file)


def strip_metadata(file, name: str = "cover") -> ContentFile:
    """The picture re-encoded so no EXIF (location, camera, owner) is kept."""
    return images.clean_cover(file, name_stem=name)
