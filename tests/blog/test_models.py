import io
import zipfile
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from network import uploads
from network.blog.models import Attachment, Post
from tests.network.html_safety import unsafe_parts

pytestmark = pytest.mark.django_db

# Each of these must come out of Markdown with nothing that can run.
XSS_CORPUS = [
    "<script>alert('xss')</script>",
    "[click me](javascript:alert('xss'))",
    "[click me](JaVaScRiPt:alert('xss'))",
    '<img src="x" onerror="alert(\'xss\')">',
    '<a href="#" onclick="alert(\'xss\')">hi</a>',
    "<svg onload=alert('xss')><circle r=5></circle></svg>",
    "<svg><script>alert('xss')</script></svg>",
    "![pixel](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data link</a>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<p style="background:url(javascript:alert(1))">styled</p>',
    "<details open ontoggle=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style>",
    '<body onload="alert(1)">',
    "![remote](https://evil.example.org/track.png)",
]


@pytest.mark.parametrize("payload", XSS_CORPUS)
def test_post_body_markdown_is_sanitised_against_the_xss_corpus(network, make_post, payload):
    post = make_post(body=f"Intro paragraph.\n\n{payload}\n\nOutro.")
    assert unsafe_parts(post.body_html) == []
    assert "evil.example.org" not in post.body_html
    assert "<p>Intro paragraph.</p>" in post.body_html


def test_markdown_keeps_links_lists_headings_emphasis_quotes_and_own_images(network, make_post):
    post = make_post(
        body="# Big\n\n- one\n- two\n\n**bold** *it*\n\n> quoted\n\n"
        "[Involve](http://www.involve.org.uk/)\n\n![map](/media/covers/map.png)"
    )
    html = post.body_html
    assert "<h2>Big</h2>" in html
    assert "<li>one</li>" in html
    assert "<strong>bold</strong>" in html and "<em>it</em>" in html
    assert "<blockquote>" in html
    assert 'href="http://www.involve.org.uk/"' in html
    assert 'src="/media/covers/map.png"' in html


def test_slug_comes_from_the_title_and_stays_unique(network, make_post):
    first = make_post("Theatre and dialogue")
    second = make_post("Theatre and dialogue")
    assert first.slug == "theatre-and-dialogue"
    assert second.slug == "theatre-and-dialogue-2"


def test_excerpt_is_derived_from_the_body_when_left_empty(network, make_post):
    post = make_post(body="**Co-production** assumes " + "word " * 100)
    assert post.excerpt.startswith("Co-production assumes word")
    assert post.excerpt.endswith("…")
    written = make_post(body="Body.", excerpt="My own summary.")
    assert written.excerpt == "My own summary."


def test_published_includes_scheduled_posts_only_once_their_time_has_come(network, make_post):
    now = timezone.now()
    live = make_post("Live")
    due = make_post("Due", status=Post.Status.SCHEDULED, publish_at=now - timedelta(minutes=1))
    make_post("Later", status=Post.Status.SCHEDULED, publish_at=now + timedelta(minutes=5))
    make_post("Draft", status=Post.Status.DRAFT, publish_at=now - timedelta(days=1))
    assert set(Post.objects.published()) == {live, due}


def test_publishing_with_a_future_time_schedules_the_post(network, make_post):
    post = make_post(publish_at=timezone.now() + timedelta(days=1))
    assert post.status == Post.Status.SCHEDULED
    assert not post.is_published


def test_a_scheduled_post_needs_a_future_time(network):
    post = Post(title="x", body="y", status=Post.Status.SCHEDULED, publish_at=timezone.now())
    with pytest.raises(ValidationError) as error:
        post.clean()
    assert "publish_at" in error.value.message_dict


def _image_bytes(fmt="JPEG", size=(40, 30), exif=True):
    image = Image.new("RGB", size, (200, 100, 50))
    buffer = io.BytesIO()
    kwargs = {}
    if exif and fmt == "JPEG":
        data = Image.Exif()
        data[0x8825] = {2: (51.0, 30.0, 0.0)}  # GPS latitude
        data[0x010F] = "PhoneMaker"
        kwargs["exif"] = data.tobytes()
    image.save(buffer, format=fmt, **kwargs)
    return buffer.getvalue()


def test_cover_image_is_stored_without_exif(network, make_post):
    original = _image_bytes()
    assert Image.open(io.BytesIO(original)).getexif()
    post = make_post(cover=SimpleUploadedFile("holiday.jpg", original, "image/jpeg"))
    with Image.open(post.cover.path) as stored:
        assert stored.format == "JPEG"
        assert dict(stored.getexif()) == {}
        assert stored.size == (40, 30)


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_png_and_webp_covers_are_accepted(fmt):
    upload = SimpleUploadedFile("cover.bin", _image_bytes(fmt), "application/octet-stream")
    assert uploads.check_image(upload) == fmt


def test_cover_that_is_not_an_image_is_refused_whatever_its_name():
    upload = SimpleUploadedFile("cover.jpg", b"<svg onload=alert(1)></svg>", "image/jpeg")
    with pytest.raises(ValidationError):
        uploads.check_image(upload)


def test_cover_over_5_mb_or_20_megapixels_is_refused():
    big = SimpleUploadedFile("big.jpg", b"\xff\xd8" + b"0" * (5 * 1024 * 1024), "image/jpeg")
    with pytest.raises(ValidationError, match="5 MB"):
        uploads.check_image(big)
    image = Image.new("1", (5000, 4100))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    huge = SimpleUploadedFile("huge.png", buffer.getvalue(), "image/png")
    with pytest.raises(ValidationError, match="20 megapixels"):
        uploads.check_image(huge)


def _zip(files: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
PPTX = _zip({"[Content_Types].xml": "<Types/>", "ppt/presentation.xml": "<p:presentation/>"})
ODT = _zip({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"})


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("report.pdf", b"%PDF-1.4\n%...", "pdf"),
        ("notes.docx", DOCX, "docx"),
        ("slides.pptx", PPTX, "pptx"),
        ("minutes.odt", ODT, "odt"),
    ],
)
def test_attachments_are_recognised_by_their_content(name, data, kind):
    assert uploads.detect_attachment_kind(SimpleUploadedFile(name, data)) == kind


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("evil.pdf", b"<html><script>alert(1)</script></html>"),
        ("archive.docx", _zip({"readme.txt": "not a document"})),
        ("program.pdf", b"MZ\x90\x00 executable"),
    ],
)
def test_files_pretending_to_be_documents_are_refused(name, data):
    with pytest.raises(ValidationError):
        uploads.detect_attachment_kind(SimpleUploadedFile(name, data))


def test_attachment_over_20_mb_is_refused():
    upload = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (20 * 1024 * 1024))
    with pytest.raises(ValidationError, match="20 MB"):
        uploads.detect_attachment_kind(upload)


def test_attachment_is_stored_under_a_safe_name_with_its_real_extension(network, post):
    upload = SimpleUploadedFile('../../etc/"quote"; x=.exe.docx', DOCX)
    item = Attachment.objects.create(post=post, file=upload)
    assert item.kind == "docx"
    assert item.file.name.startswith("attachments/")
    assert item.file.name.endswith(".docx")
    assert ".." not in item.file.name and '"' not in item.file.name
    assert item.download_name.endswith(".docx") and '"' not in item.download_name


def test_the_safety_check_itself_spots_live_script():
    assert unsafe_parts('<a href=" javascript:alert(1)">x</a><img src=x onerror=y>') == [
        "a[href= javascript:alert(1)]",
        "img[onerror]",
    ]
    assert unsafe_parts("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>") == []
