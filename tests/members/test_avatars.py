"""Avatar uploads: only real, reasonable images, cleaned of metadata and resized."""

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.conftest import client_for
from tests.members.conftest import image_upload

pytestmark = pytest.mark.django_db


def upload(member, file):
    return client_for(member).post("/members/me/picture/", {"avatar": file})


def assert_refused(response, member, message):
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_avatar_error"' in html
    assert message in html
    member.profile.refresh_from_db()
    assert not member.profile.avatar


def test_jpeg_is_stored_at_two_sizes(network, member):
    response = upload(member, image_upload("JPEG", size=(800, 600)))
    assert response.status_code == 302
    member.profile.refresh_from_db()
    with Image.open(member.profile.avatar.path) as large:
        assert large.size == (256, 256)
        assert large.format == "JPEG"
    with Image.open(member.profile.avatar_small.path) as small:
        assert small.size == (64, 64)
    page = client_for(member).get(f"/members/{member.pk}/").content.decode()
    assert member.profile.avatar.url in page


def test_png_and_webp_are_accepted(network, member):
    assert upload(member, image_upload("PNG")).status_code == 302
    assert upload(member, image_upload("WEBP")).status_code == 302


def test_gps_exif_is_stripped(network, member):
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    gps = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 5.0, 0.0)}
    exif[0x8825] = gps
    original = image_upload("JPEG", exif=exif.tobytes())
    with Image.open(io.BytesIO(original.read())) as check:
        assert check.getexif().get_ifd(0x8825)  # the test file really has GPS
    original.seek(0)
    assert upload(member, original).status_code == 302
    member.profile.refresh_from_db()
    for field in (member.profile.avatar, member.profile.avatar_small):
        with Image.open(field.path) as stored:
            assert not stored.getexif()
            assert "exif" not in stored.info


def test_decompression_bomb_is_refused(network, member):
    buffer = io.BytesIO()
    Image.new("1", (12000, 12000)).save(buffer, "PNG")  # 144 megapixels, a tiny file
    bomb = SimpleUploadedFile("bomb.png", buffer.getvalue(), "image/png")
    assert_refused(upload(member, bomb), member, "too big")


def test_image_over_twenty_megapixels_is_refused(network, member):
    buffer = io.BytesIO()
    Image.new("1", (5000, 4200)).save(buffer, "PNG")  # 21 megapixels
    big = SimpleUploadedFile("big.png", buffer.getvalue(), "image/png")
    assert_refused(upload(member, big), member, "megapixels")


def test_php_file_named_jpg_is_refused(network, member):
    php = SimpleUploadedFile("avatar.jpg", b"<?php system($_GET['c']); ?>", "image/jpeg")
    assert_refused(upload(member, php), member, "not an image we can read")


def test_eight_megabyte_image_is_refused(network, member):
    noise = Image.frombytes("RGB", (1700, 1700), os.urandom(1700 * 1700 * 3))
    buffer = io.BytesIO()
    noise.save(buffer, "PNG", compress_level=0)
    assert buffer.tell() > 8 * 1024 * 1024
    large = SimpleUploadedFile("large.png", buffer.getvalue(), "image/png")
    assert_refused(upload(member, large), member, "too large")


def test_gif_is_refused(network, member):
    assert_refused(upload(member, image_upload("GIF")), member, "JPEG, PNG or WebP")


def test_truncated_jpeg_is_refused(network, member):
    whole = image_upload("JPEG", size=(600, 400)).read()
    cut = SimpleUploadedFile("cut.jpg", whole[: len(whole) // 2], "image/jpeg")
    assert_refused(upload(member, cut), member, "damaged or incomplete")


def test_member_without_a_picture_gets_initials(network, member):
    page = client_for(member).get(f"/members/{member.pk}/").content.decode()
    assert 'class="avatar avatar--initials avatar--large"' in page
    assert ">M</span>" in page


def test_removing_the_picture(network, member):
    upload(member, image_upload("JPEG"))
    member.profile.refresh_from_db()
    path = member.profile.avatar.path
    client_for(member).post("/members/me/picture/", {"remove": "1"})
    member.profile.refresh_from_db()
    assert not member.profile.avatar
    assert not os.path.exists(path)


def test_reusable_api_fits_covers_without_cropping():
    from network.images import validate_and_process_image

    [cover] = validate_and_process_image(
        image_upload("PNG", size=(1600, 900)), sizes=(1200,), square=False
    )
    assert (cover.width, cover.height) == (1200, 675)
    assert cover.file.name.endswith("-1200.png")
