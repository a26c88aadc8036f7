"""Cover images: checked by content, size and pixels; EXIF removed."""

from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from workshops.images import strip_metadata, validate_cover_image


def _image(kind="JPEG", size=(40, 30), exif=False):
    out = BytesIO()
    image = Image.new("RGB", size, "teal")
    options = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "SpyCam"  # camera maker
        data[0x8825] = {2: (51.0, 30.0, 0.0)}  # GPS
        options["exif"] = data.tobytes()
    image.save(out, kind, **options)
    return SimpleUploadedFile(f"cover.{kind.lower()}", out.getvalue(), content_type="image/jpeg")


@pytest.mark.parametrize("kind", ["JPEG", "PNG", "WEBP"])
def test_jpeg_png_and_webp_are_accepted(kind):
    validate_cover_image(_image(kind))


def test_a_file_that_only_claims_to_be_an_image_is_refused():
    fake = SimpleUploadedFile("cover.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")
    with pytest.raises(ValidationError, match="not an image"):
        validate_cover_image(fake)


def test_other_image_types_are_refused():
    with pytest.raises(ValidationError, match="JPEG, PNG or WebP"):
        validate_cover_image(_image("GIF"))


def test_files_over_5_mb_are_refused():
    big = SimpleUploadedFile("cover.jpg", b"\xff" * (5 * 1024 * 1024 + 1))
    with pytest.raises(ValidationError, match="5 MB"):
        validate_cover_image(big)


def test_images_over_20_megapixels_are_refused():
    with pytest.raises(ValidationError, match="20 megapixels"):
        validate_cover_image(_image("PNG", size=(5000, 4001)))


def test_exif_is_stripped():
    upload = _image("JPEG", exif=True)
    with Image.open(upload) as original:
        assert original.getexif()
    clean = strip_metadata(upload)
    with Image.open(clean) as result:
        assert dict(result.getexif()) == {}
        assert result.size == (40, 30)


def test_admin_form_refuses_a_fake_cover_and_stores_a_real_one_without_exif(db):
    from workshops.forms import WorkshopAdminForm

    fake = SimpleUploadedFile("cover.jpg", b"not really", content_type="image/jpeg")
    form = WorkshopAdminForm(data={}, files={"cover_image": fake})
    form.is_valid()
    assert "cover_image" in form.errors

    form = WorkshopAdminForm(data={}, files={"cover_image": _image("JPEG", exif=True)})
    form.is_valid()
    assert "cover_image" not in form.errors
    with Image.open(form.cleaned_data["cover_image"]) as stored:
        assert dict(stored.getexif()) == {}
