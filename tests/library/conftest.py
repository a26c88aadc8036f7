"""Library fixtures: files as people upload them (real and hostile), resources,
workshops (make_workshop in tests/conftest.py), and media kept in a temporary folder."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from fpdf import FPDF

from library import services
from library.models import Resource
from network.models import Topic


def pdf_bytes(text="A guide to co-production", pages=1) -> bytes:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    for number in range(pages):
        pdf.add_page()
        pdf.cell(0, 10, f"{text} - page {number + 1}")
    return bytes(pdf.output())


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document>Hello</document>")
    return buffer.getvalue()


def zip_bomb_docx() -> bytes:
    """A .docx whose document unpacks to 300 MB of zeros (about 300 KB packed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as entry:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(300):
                entry.write(chunk)
    return buffer.getvalue()


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def topic(db):
    return Topic.objects.create(name="Mental health")


@pytest.fixture
def make_resource(db):
    counter = {"n": 0}

    def make(*, topics=(), file=True, workshops=(), partners=(), **fields):
        counter["n"] += 1
        fields.setdefault("title", f"Resource {counter['n']}")
        fields.setdefault("summary", "A plain summary.")
        resource = Resource.objects.create(**fields)
        resource.topics.set(topics)
        resource.workshops.set(workshops)
        resource.partners.set(partners)
        if file:
            services.add_file_version(
                resource=resource, upload=upload("guide.pdf", pdf_bytes()), kind="pdf"
            )
        return resource

    return make
