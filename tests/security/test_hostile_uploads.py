"""Hostile uploads to every place that takes a file: a member's picture, a post's
cover and attachments, a workshop's cover (the last three in the admin).

Refused files get a message on the form and leave nothing behind: no new file
under MEDIA_ROOT, no new row. Images that are accepted are re-encoded, so
whatever was appended to them is not stored."""

import io
import struct
import zipfile
import zlib
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from network.blog.models import Attachment, Post
from tests.conftest import client_for
from tests.security.hostile import workshop_admin_form
from workshops.models import Workshop

pytestmark = pytest.mark.django_db


def _jpeg(size=(64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 80, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def _png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge image: a decompression bomb."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 1024, 9)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", pixels)
        + _png_chunk(b"IEND", b"")
    )


def _real_bomb() -> bytes:
    """36 megapixels of one colour: about 20 KB on disk."""
    buffer = io.BytesIO()
    Image.new("1", (6000, 6000)).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def _zip(files: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


HTML_PAYLOAD = b"<html><body><script>alert('polyglot')</script></body></html>"
PHP_PAYLOAD = b"<?php system($_GET['cmd']); ?>"

BAD_IMAGES = {
    "decompression bomb (header)": ("bomb.png", _png_claiming(50_000, 50_000)),
    "decompression bomb (36 MP)": ("bomb2.png", _real_bomb()),
    "GIF/JavaScript polyglot": ("avatar.gif", b"GIF89a/*\x01\x00\x01\x00\x00\x00\x00*/=alert(1);"),
    "HTML named .jpg": ("avatar.jpg", HTML_PAYLOAD),
    "PHP named .png": ("shell.png", PHP_PAYLOAD),
    "SVG with script": ("logo.png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
    "truncated JPEG": ("half.jpg", _jpeg((400, 300))[:700]),
    "oversized (6 MB)": ("huge.jpg", _jpeg() + b"\x00" * (6 * 1024 * 1024)),
    "empty file": ("empty.jpg", b""),
    "PDF named .jpg": ("cover.jpg", b"%PDF-1.4\n%%EOF\n"),
}

BAD_ATTACHMENTS = {
    "HTML named .pdf": ("notes.pdf", HTML_PAYLOAD),
    "HTML hiding a PDF header later": ("notes.pdf", HTML_PAYLOAD + b"\n%PDF-1.4\n"),
    "executable named .docx": ("report.docx", b"MZ\x90\x00" + b"\x00" * 200),
    "zip of HTML named .docx": ("report.docx", _zip({"index.html": HTML_PAYLOAD})),
    "broken zip named .odt": ("minutes.odt", b"PK\x03\x04" + b"\x00" * 100),
    "oversized (21 MB)": ("big.pdf", b"%PDF-1.4\n" + b"0" * (21 * 1024 * 1024)),
    "JPEG named .pdf": ("scan.pdf", _jpeg()),
}


def _media_files() -> set[Path]:
    root = Path(settings.MEDIA_ROOT)
    return {path for path in root.rglob("*") if path.is_file()}


def _upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def _assert_refused(response, before_files, where):
    assert response.status_code in (200, 400), (where, response.status_code)
    html = response.content.decode()
    assert "errorlist" in html or "error-message" in html, f"{where}: no message"
    assert _media_files() == before_files, f"{where}: a file was stored"


# --- A member's picture ------------------------------------------------------------------


@pytest.mark.parametrize("label", BAD_IMAGES)
def test_a_hostile_picture_is_refused_and_nothing_is_stored(world, label):
    member = world.people["member"]
    name, content = BAD_IMAGES[label]
    before = _media_files()

    response = client_for(member).post(
        reverse("members:edit_avatar"), {"avatar": _upload(name, content, "image/jpeg")}
    )

    _assert_refused(response, before, label)
    member.profile.refresh_from_db()
    assert not member.profile.avatar


def test_a_jpeg_with_html_and_php_appended_is_stored_re_encoded_without_them(world):
    member = world.people["member"]
    polyglot = _jpeg((300, 300)) + HTML_PAYLOAD + PHP_PAYLOAD

    response = client_for(member).post(
        reverse("members:edit_avatar"), {"avatar": _upload("me.jpg", polyglot, "image/jpeg")}
    )

    assert response.status_code == 302
    member.profile.refresh_from_db()
    stored = member.profile.avatar.read()
    assert stored.startswith(b"\xff\xd8")
    assert b"<script" not in stored and b"<?php" not in stored


def test_a_png_named_jpg_is_stored_as_the_png_it_is(world):
    member = world.people["member"]
    buffer = io.BytesIO()
    Image.new("RGB", (80, 80), (0, 90, 200)).save(buffer, "PNG")

    client_for(member).post(
        reverse("members:edit_avatar"),
        {"avatar": _upload("photo.jpg", buffer.getvalue(), "image/jpeg")},
    )

    member.profile.refresh_from_db()
    assert member.profile.avatar.name.endswith(".png")


# --- Covers and attachments in the admin -------------------------------------------------


def _post_form(organiser, n, **extra):
    now = timezone.localtime()
    return {
        "title": f"Upload test {n}",
        "slug": f"upload-test-{n}",
        "authors": [organiser.pk],
        "body": "A body.",
        "status": Post.Status.PUBLISHED,
        "publish_at_0": now.strftime("%Y-%m-%d"),
        "publish_at_1": (now - timedelta(minutes=5)).strftime("%H:%M:%S"),
        "attachments-TOTAL_FORMS": "1",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
        **extra,
    }


@pytest.mark.parametrize("label", BAD_IMAGES)
def test_a_hostile_post_cover_is_refused_and_nothing_is_stored(world, label):
    organiser = world.people["organiser"]
    name, content = BAD_IMAGES[label]
    before, posts = _media_files(), Post.objects.count()

    response = client_for(organiser).post(
        reverse("admin:blog_post_add"),
        _post_form(organiser, 1, cover=_upload(name, content, "image/jpeg")),
    )

    _assert_refused(response, before, label)
    assert Post.objects.count() == posts


@pytest.mark.parametrize("label", BAD_ATTACHMENTS)
def test_a_hostile_attachment_is_refused_and_nothing_is_stored(world, label):
    organiser = world.people["organiser"]
    name, content = BAD_ATTACHMENTS[label]
    before = _media_files()
    posts, attachments = Post.objects.count(), Attachment.objects.count()

    response = client_for(organiser).post(
        reverse("admin:blog_post_add"),
        _post_form(organiser, 2, **{"attachments-0-file": _upload(name, content)}),
    )

    _assert_refused(response, before, label)
    assert (Post.objects.count(), Attachment.objects.count()) == (posts, attachments)


def test_a_pdf_html_polyglot_attachment_is_only_ever_downloaded(world):
    organiser = world.people["organiser"]
    polyglot = b"%PDF-1.4\n" + HTML_PAYLOAD + b"\n%%EOF\n"

    client_for(organiser).post(
        reverse("admin:blog_post_add"),
        _post_form(organiser, 3, **{"attachments-0-file": _upload("notes.html", polyglot)}),
    )

    attachment = Attachment.objects.get(post__slug="upload-test-3")
    assert attachment.file.name.endswith(".pdf")
    response = client_for(None).get(attachment.get_absolute_url())
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


@pytest.mark.parametrize("label", BAD_IMAGES)
def test_a_hostile_workshop_cover_is_refused_and_nothing_is_stored(world, label):
    organiser = world.people["organiser"]
    name, content = BAD_IMAGES[label]
    before, workshops = _media_files(), Workshop.objects.count()

    response = client_for(organiser).post(
        reverse("admin:workshops_workshop_add"),
        workshop_admin_form(1, cover_image=_upload(name, content, "image/jpeg")),
    )

    _assert_refused(response, before, label)
    assert Workshop.objects.count() == workshops


@pytest.mark.parametrize(
    "url_name,field,form",
    [
        ("admin:blog_post_add", "cover", lambda o: _post_form(o, 4)),
        ("admin:workshops_workshop_add", "cover_image", lambda o: workshop_admin_form(4)),
    ],
)
def test_an_admin_cover_with_html_appended_is_stored_re_encoded(world, url_name, field, form):
    organiser = world.people["organiser"]
    polyglot = _jpeg((300, 200)) + HTML_PAYLOAD + PHP_PAYLOAD

    response = client_for(organiser).post(
        reverse(url_name),
        {
            **form(organiser),
            field: _upload("cover.jpg", polyglot, "image/jpeg"),
            f"{field}_alt": "An orange square.",
        },
    )

    assert response.status_code == 302
    new = [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]
    stored = [p.read_bytes() for p in new if p.suffix == ".jpg"]
    assert stored
    assert all(b"<script" not in data and b"<?php" not in data for data in stored)
