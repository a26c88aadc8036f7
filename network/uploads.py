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


# --- Library files (the resources library): more kinds, each recognised by its bytes ----------

# kind -> (extension, content type, what people call it)
LIBRARY_KINDS = {
    "pdf": ("pdf", "application/pdf", "PDF"),
    "docx": (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Word document",
    ),
    "xlsx": (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Excel spreadsheet",
    ),
    "pptx": (
        "pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "PowerPoint presentation",
    ),
    "odt": ("odt", "application/vnd.oasis.opendocument.text", "OpenDocument text"),
    "ods": ("ods", "application/vnd.oasis.opendocument.spreadsheet", "OpenDocument spreadsheet"),
    "odp": ("odp", "application/vnd.oasis.opendocument.presentation", "OpenDocument slides"),
    "png": ("png", "image/png", "PNG image"),
    "jpeg": ("jpg", "image/jpeg", "JPEG image"),
    "webp": ("webp", "image/webp", "WebP image"),
    "mp3": ("mp3", "audio/mpeg", "MP3 audio"),
    "ogg": ("ogg", "audio/ogg", "Ogg audio"),
    "wav": ("wav", "audio/wav", "WAV audio"),
    "m4a": ("m4a", "audio/mp4", "M4A audio"),
}
# Office and OpenDocument files are zip archives: refuse one that unpacks to more than
# this, or that is compressed more than MAX_ZIP_RATIO times (a "zip bomb").
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_ZIP_RATIO = 100
LIBRARY_FILE_HELP = (
    "PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG or WebP image, "
    "or MP3, Ogg, WAV or M4A audio"
)
_OPENDOCUMENT = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.presentation": "odp",
}
_OOXML = {"word/document.xml": "docx", "xl/workbook.xml": "xlsx", "ppt/presentation.xml": "pptx"}


def _zip_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            unpacked = sum(info.file_size for info in infos)
            packed = sum(info.compress_size for info in infos) or 1
            if unpacked > MAX_UNZIPPED_BYTES or (
                unpacked > 1024 * 1024 and unpacked / packed > MAX_ZIP_RATIO
            ):
                raise ValidationError(
                    "This file unpacks to far more than its own size, which is how harmful "
                    "files (“zip bombs”) work, so we cannot accept it. Save it again from "
                    "your office program, or as a PDF, and upload that."
                )
            names = {info.filename for info in infos}
            if "mimetype" in names:
                kind = _OPENDOCUMENT.get(archive.read("mimetype").strip())
                if kind:
                    return kind
            if "[Content_Types].xml" in names:
                for part, kind in _OOXML.items():
                    if part in names:
                        return kind
    except zipfile.BadZipFile:
        return None
    return None


def detect_library_kind(upload, *, max_bytes: int) -> str:
    """The kind of a file for the resources library (a key of LIBRARY_KINDS), from its
    bytes, never its name: an HTML page called report.pdf is refused. ValidationError,
    in words the uploader can act on, for anything else, too large, or a zip bomb."""
    if upload.size > max_bytes:
        raise ValidationError(
            f"The file is {upload.size / 1024 / 1024:.1f} MB; files can be at most "
            f"{max_bytes // (1024 * 1024)} MB. Make it smaller (for example save a PDF "
            "with smaller images), or share a link instead."
        )
    data = _read_all(upload)
    head = data[:16]
    kind = None
    if head.startswith(b"%PDF-"):
        kind = "pdf"
    elif head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(data)
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = "png"
    elif head.startswith(b"\xff\xd8\xff"):
        kind = "jpeg"
    elif head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        kind = "webp"
    elif head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        kind = "wav"
    elif head.startswith(b"OggS"):
        kind = "ogg"
    elif head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        kind = "mp3"
    elif head[4:8] == b"ftyp" and head[8:11] in (b"M4A", b"mp4", b"iso"):
        kind = "m4a"
    if kind is None:
        raise ValidationError(
            f"We could not recognise this file. Please upload a {LIBRARY_FILE_HELP} file. "
            "A file is checked by what is inside it, not by its name."
        )
    return kind


def library_download_name(name: str, kind: str) -> str:
    """A safe download name ending in the extension of the file's real kind."""
    stem = Path(name or "").stem
    stem = get_valid_filename(stem.encode("ascii", "ignore").decode()) if stem else ""
    return f"{stem[:80] or 'resource'}.{LIBRARY_KINDS[kind][0]}"
