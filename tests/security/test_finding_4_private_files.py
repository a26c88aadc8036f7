"""Issue 12, finding 4: uploads lived at guessable paths (`covers/<slug>.jpg`,
`attachments/<year>/<original name>.pdf`) that a proxy serving MEDIA_ROOT gave to
anyone. Now every upload has a name nobody can guess, and its address leads to the
app, which sends it only to people who may see what it belongs to: never a draft's
cover or attachment to a visitor, never a members-only post's to a non-member. The
same holds in DEBUG, behind nginx (X-Accel-Redirect) and with object storage (a signed
link after the check). The real nginx is run in test_private_files_behind_proxy.py."""

import importlib
import io
import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import clear_url_caches
from django.utils import timezone
from PIL import Image

from members.models import Profile
from network import files
from network.blog.models import Attachment, Post
from network.storage import PrivateS3Storage
from tests.conftest import client_for
from workshops.models import Workshop

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
RANDOM = r"[0-9a-f]{32}"


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (30, 20), (10, 120, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


def _with_files(post, title="Minutes"):
    post.cover = SimpleUploadedFile("holiday.jpg", _jpeg(), "image/jpeg")
    post.save()
    item = Attachment.objects.create(
        post=post, title=title, file=SimpleUploadedFile("minutes of the meeting.pdf", PDF)
    )
    return post, item


@pytest.fixture
def draft_files(network, make_post):
    return _with_files(make_post("Our plans for next year", status=Post.Status.DRAFT))


@pytest.fixture
def published_files(network, make_post):
    return _with_files(make_post("What we learnt"))


def _media_url(name: str) -> str:
    return f"/media/{name}"


def _get(client, url):
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, body


# --- Names nobody can guess ------------------------------------------------------------------


def test_covers_and_attachments_are_stored_under_a_random_folder(draft_files):
    post, item = draft_files

    assert re.fullmatch(rf"covers/{RANDOM}/our-plans-for-next-year\.jpg", post.cover.name)
    assert re.fullmatch(rf"attachments/{RANDOM}/minutes_of_the_meeting\.pdf", item.file.name)
    # The page links the cover where the app checks it, never to a folder on disk.
    assert post.cover.url == _media_url(post.cover.name)


def test_two_files_of_the_same_name_get_unrelated_folders(published_files):
    post, first = published_files
    second = Attachment.objects.create(
        post=post, file=SimpleUploadedFile("minutes of the meeting.pdf", PDF)
    )

    folders = {item.file.name.split("/")[1] for item in (first, second)}
    assert len(folders) == 2
    assert all(re.fullmatch(RANDOM, folder) for folder in folders)


def test_a_workshop_cover_is_stored_under_a_random_folder(network):
    workshop = _workshop(cover_image=ContentFile(_jpeg(), name="autumn-workshop.jpg"))

    assert re.fullmatch(rf"workshops/{RANDOM}/autumn-workshop\.jpg", workshop.cover_image.name)


# --- A draft's files -------------------------------------------------------------------------


@pytest.mark.parametrize("role", [None, "member", "pending", "suspended"])
def test_a_drafts_cover_and_attachment_are_not_found_by_anyone_but_organisers(
    draft_files, role, request
):
    post, item = draft_files
    viewer = client_for(request.getfixturevalue(role) if role else None)

    for url in (
        post.cover.url,
        _media_url(item.file.name),
        f"/blog/{post.slug}/attachments/{item.pk}/",
    ):
        response = viewer.get(url)
        assert response.status_code == 404, url
        assert "X-Accel-Redirect" not in response


def test_organisers_get_a_drafts_cover_and_attachment(draft_files, organiser):
    post, item = draft_files
    organiser_client = client_for(organiser)

    assert _get(organiser_client, post.cover.url) == (200, post.cover.open("rb").read())
    status, body = _get(organiser_client, _media_url(item.file.name))
    assert (status, body) == (200, PDF)
    response = organiser_client.get(_media_url(item.file.name))
    assert response["Content-Disposition"] == 'attachment; filename="Minutes.pdf"'
    assert response["Content-Type"] == "application/pdf"


def test_a_file_stored_before_the_change_under_a_guessable_name_is_checked_too(
    network, make_post, client, organiser, settings
):
    # Existing files keep their old names (no data migration): guessing one leads
    # to the same check.
    post = make_post("An old draft", status=Post.Status.DRAFT)
    folder = Path(settings.MEDIA_ROOT) / "covers"
    folder.mkdir(exist_ok=True)
    (folder / "an-old-draft.jpg").write_bytes(_jpeg())
    Post.objects.filter(pk=post.pk).update(cover="covers/an-old-draft.jpg")

    assert client.get("/media/covers/an-old-draft.jpg").status_code == 404
    assert _get(client_for(organiser), "/media/covers/an-old-draft.jpg") == (200, _jpeg())


def test_a_scheduled_posts_files_are_hidden_until_its_time_comes(network, make_post, client):
    post, item = _with_files(
        make_post(
            "Next week",
            status=Post.Status.SCHEDULED,
            publish_at=timezone.now() + timedelta(days=7),
        )
    )
    assert client.get(post.cover.url).status_code == 404

    Post.objects.filter(pk=post.pk).update(publish_at=timezone.now() - timedelta(minutes=1))

    assert client.get(post.cover.url).status_code == 200
    assert client.get(_media_url(item.file.name)).status_code == 200


# --- Published posts, on a public and on a members-only network -------------------------------


def test_a_published_posts_cover_and_attachment_load_for_a_visitor(published_files, client):
    post, item = published_files

    status, body = _get(client, post.cover.url)
    assert status == 200 and body.startswith(b"\xff\xd8")
    assert _get(client, _media_url(item.file.name)) == (200, PDF)
    assert _get(client, f"/blog/{post.slug}/attachments/{item.pk}/") == (200, PDF)


def test_on_a_members_only_network_only_members_get_a_posts_files(
    published_files, members_only, client, member, pending
):
    post, item = published_files

    for viewer in (client, client_for(pending)):
        assert viewer.get(post.cover.url).status_code == 404
        assert viewer.get(_media_url(item.file.name)).status_code == 404
    assert _get(client_for(member), post.cover.url)[0] == 200
    assert _get(client_for(member), _media_url(item.file.name)) == (200, PDF)


def test_a_visitor_on_a_members_only_network_is_not_shown_the_cover_address(
    published_files, members_only, client
):
    post, _ = published_files

    page = client.get(post.get_absolute_url()).content.decode()

    assert post.cover.name not in page


# --- Workshop covers and members' pictures -----------------------------------------------------


def _workshop(**fields):
    start = timezone.now() + timedelta(days=10)
    return Workshop.objects.create(
        title="Autumn workshop",
        summary="Learning together.",
        start=start,
        end=start + timedelta(hours=2),
        venue_name="Oxford House",
        capacity=10,
        **fields,
    )


def test_a_workshop_cover_is_as_open_as_the_workshop_pages(network, client, member):
    workshop = _workshop(cover_image=ContentFile(_jpeg(), name="autumn.jpg"))
    url = workshop.cover_image.url

    assert _get(client, url)[0] == 200

    network.visibility = network.Visibility.MEMBERS_ONLY
    network.save()

    assert client.get(url).status_code == 404
    assert _get(client_for(member), url)[0] == 200


def _give_picture(user):
    profile = user.profile
    profile.avatar.save("0123456789abcdef-256.jpg", ContentFile(_jpeg()), save=False)
    profile.avatar_small.save("0123456789abcdef-64.jpg", ContentFile(_jpeg()), save=False)
    profile.save(update_fields=["avatar", "avatar_small"])
    return profile


def test_pictures_are_as_open_as_the_network(network, client, member, pending, make_user):
    picture = _give_picture(make_user(display_name="Pia Picture")).avatar.url

    assert _get(client, picture)[0] == 200

    network.visibility = network.Visibility.MEMBERS_ONLY
    network.save()

    assert client.get(picture).status_code == 404
    assert client_for(pending).get(picture).status_code == 404
    assert _get(client_for(member), picture)[0] == 200


def test_an_applicant_sees_their_own_picture_on_a_members_only_network(members_only, pending):
    profile = _give_picture(pending)
    assert profile.state == Profile.State.PENDING

    for field in (profile.avatar, profile.avatar_small):
        assert _get(client_for(pending), field.url)[0] == 200


# --- Addresses that try to step outside ----------------------------------------------------------


@pytest.mark.parametrize(
    "template",
    [
        "/media/avatars/../{name}",
        "/media/avatars/%2e%2e/{name}",
        "/media/avatars/..%2f{name}",
        "/media//{name}",
        "/media/./{name}",
        "/media/{name}/",
        "/media/unknown/{name}",
    ],
)
def test_addresses_that_reach_a_file_by_another_way_are_not_found(
    draft_files, client, organiser, template
):
    _, item = draft_files
    url = template.format(name=item.file.name)

    assert client.get(url).status_code == 404
    assert client_for(organiser).get(url).status_code == 404


def test_files_are_private_to_the_browser_and_never_run_as_a_page(published_files, client):
    post, _ = published_files

    response = client.get(post.cover.url)

    assert response["Cache-Control"] == "private, max-age=3600"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Content-Type"] == "image/jpeg"


# --- In DEBUG, behind nginx, and with object storage ---------------------------------------------


@pytest.fixture
def debug_urls(settings):
    """The URL map as `make run` (DEBUG) builds it."""
    import network.urls

    settings.DEBUG = True
    importlib.reload(network.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(network.urls)
    clear_url_caches()


def test_in_debug_a_drafts_files_are_refused_to_a_visitor_too(
    draft_files, debug_urls, client, organiser
):
    post, item = draft_files

    assert client.get(post.cover.url).status_code == 404
    assert client.get(_media_url(item.file.name)).status_code == 404
    assert _get(client_for(organiser), _media_url(item.file.name)) == (200, PDF)


def test_behind_nginx_the_app_names_the_file_for_nginx_only_after_the_check(
    draft_files, settings, client, organiser
):
    settings.MEDIA_ACCEL_REDIRECT = True
    post, item = draft_files

    refused = client.get(_media_url(item.file.name))
    allowed = client_for(organiser).get(_media_url(item.file.name))

    assert refused.status_code == 404
    assert "X-Accel-Redirect" not in refused
    assert allowed.status_code == 200
    assert allowed["X-Accel-Redirect"] == f"/protected/{item.file.name}"
    assert allowed.content == b""  # nginx sends the bytes
    assert allowed["Content-Type"] == "application/pdf"
    assert allowed["Content-Disposition"] == 'attachment; filename="Minutes.pdf"'
    through_post = client_for(organiser).get(f"/blog/{post.slug}/attachments/{item.pk}/")
    assert through_post["X-Accel-Redirect"] == f"/protected/{item.file.name}"


S3_OPTIONS = {
    "bucket_name": "network-uploads",
    "region_name": "eu-west-2",
    "querystring_auth": True,
    "querystring_expire": 300,
    "access_key": "AKIAEXAMPLE",
    "secret_key": "not-a-secret",
}


def test_with_object_storage_pages_link_to_the_app_which_redirects_to_a_short_signed_link(
    draft_files, client, organiser
):
    _, item = draft_files
    storage = PrivateS3Storage(**S3_OPTIONS)

    assert storage.url(item.file.name) == _media_url(item.file.name)
    response = files.send(item.file.name, files.Grant(download_name="Minutes.pdf"), storage=storage)

    assert response.status_code == 302
    link = urlsplit(response["Location"])
    query = parse_qs(link.query)
    assert link.netloc.startswith("network-uploads.s3")
    assert link.path == f"/{item.file.name}"
    assert query["X-Amz-Expires"] == ["300"]
    assert query["response-content-disposition"] == ['attachment; filename="Minutes.pdf"']
    assert "X-Amz-Signature" in query
    assert response["Cache-Control"] == "private, max-age=60"
