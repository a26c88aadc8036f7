"""The resources library: finding, downloading, suggesting, versions, hostile files."""

import pytest
from django.core import mail
from django.urls import reverse

from library import services
from library.models import Audience, Resource, ResourceFile
from tests.conftest import client_for
from tests.library.conftest import docx_bytes, pdf_bytes, upload, zip_bomb_docx


def _download(client, resource):
    item = resource.files.order_by("-version").first()
    return client.get(item.file.url)


@pytest.mark.parametrize("who", ["visitor", "member"])
def test_a_visitor_and_a_member_find_a_resource_by_topic_and_audience_and_download_it(
    who, client, member, network, topic, make_resource
):
    wanted = make_resource(
        title="Caring well together", topics=[topic], audiences=[Audience.CARERS]
    )
    make_resource(title="For researchers only", topics=[topic], audiences=[Audience.RESEARCHERS])
    make_resource(title="Another topic", audiences=[Audience.CARERS])
    browser = client if who == "visitor" else client_for(member)

    response = browser.get(
        reverse("library:list"), {"topic": topic.slug, "audience": Audience.CARERS}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Caring well together" in page
    assert "For researchers only" not in page
    assert "Another topic" not in page
    download = _download(browser, wanted)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_members_only_resources_are_for_members(client, member, network, make_resource):
    secret = make_resource(title="Members' toolkit", visibility=Resource.Visibility.MEMBERS)

    assert "Members&#x27; toolkit" not in client.get(reverse("library:list")).content.decode()
    assert _download(client, secret).status_code == 404
    assert client.get(secret.get_absolute_url()).status_code == 302  # sign in

    as_member = client_for(member)
    assert "Members&#x27; toolkit" in as_member.get(reverse("library:list")).content.decode()
    assert _download(as_member, secret).status_code == 200


def test_a_members_suggestion_waits_for_an_organiser_then_is_published(
    client, member, organiser, network
):
    as_member = client_for(member)
    response = as_member.post(
        reverse("library:suggest"),
        {
            "title": "Carers' rights guide",
            "summary": "What carers can ask for.",
            "kind": Resource.Kind.GUIDE,
            "licence": Resource.Licence.UNKNOWN,
            "audiences": [Audience.CARERS],
            "upload": upload("rights.pdf", pdf_bytes("Rights")),
        },
        follow=True,
    )

    assert "waiting for an organiser" in response.content.decode()
    resource = Resource.objects.get(title="Carers' rights guide")
    assert resource.status == Resource.Status.SUGGESTED
    assert resource.suggested_by == member
    assert [m.to for m in mail.outbox] == [[organiser.email]]
    assert "suggestion is waiting" in mail.outbox[0].subject
    # Nobody else sees it, nor its file, until an organiser publishes it.
    assert "rights guide" not in client_for(member).get(reverse("library:list")).content.decode()
    assert _download(client, resource).status_code == 404
    assert client_for(member).get(resource.get_absolute_url()).status_code == 403

    mail.outbox.clear()
    admin = client_for(organiser)
    admin.post(
        reverse("admin:library_resource_changelist"),
        {"action": "publish", "_selected_action": [resource.pk]},
    )

    resource.refresh_from_db()
    assert resource.status == Resource.Status.PUBLISHED
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert "Carers&#x27; rights guide" in as_member.get(reverse("library:list")).content.decode()


def test_a_pending_applicant_is_told_why_they_cannot_suggest(pending, network):
    response = client_for(pending).get(reverse("library:suggest"))
    assert response.status_code == 403
    assert "once it is approved" in response.content.decode()


def test_a_new_file_version_keeps_the_old_one_listed_with_its_date(client, network, make_resource):
    resource = make_resource(title="Evidence review")
    services.add_file_version(
        resource=resource,
        upload=upload("review-v2.docx", docx_bytes()),
        kind="docx",
        note="Added the third workshop",
    )

    page = client.get(resource.get_absolute_url()).content.decode()

    assert list(resource.files.values_list("version", flat=True)) == [2, 1]
    assert "version 2" in page
    assert "Version 1" in page
    assert "Added the third workshop" in page
    old, new = resource.files.order_by("version")
    assert old.file.url in page and new.file.url in page
    assert _download(client, resource)["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert client.get(old.file.url).status_code == 200


def _suggest(client, file):
    return client.post(
        reverse("library:suggest"),
        {
            "title": "Hostile",
            "summary": "x",
            "kind": "guide",
            "licence": "unknown",
            "upload": file,
        },
    )


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (
            lambda: upload(
                "report.pdf", b"<html><script>alert(1)</script></html>", "application/pdf"
            ),
            "not by its name",
        ),
        (lambda: upload("bomb.docx", zip_bomb_docx()), "zip bombs"),
        (lambda: upload("big.pdf", pdf_bytes() + b"\0" * 3000), "files can be at most"),
    ],
    ids=["html-renamed-pdf", "zip-bomb", "oversized"],
)
def test_hostile_uploads_are_refused_with_a_clear_message(file, message, member, network, settings):
    settings.LIBRARY_MAX_FILE_BYTES = 1024 * 1024 if message != "files can be at most" else 2048
    response = _suggest(client_for(member), file())

    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "<title>Error: " in page
    assert not Resource.objects.exists()
    assert not ResourceFile.objects.exists()


def test_the_admin_refuses_a_hostile_file_and_adds_a_good_one_as_a_new_version(
    organiser, network, make_resource
):
    resource = make_resource(title="Toolkit")
    admin = client_for(organiser)
    url = reverse("admin:library_resource_change", args=[resource.pk])
    form = {
        "title": "Toolkit",
        "summary": "A plain summary.",
        "kind": "toolkit",
        "audiences": "[]",
        "licence": "unknown",
        "visibility": "public",
        "status": "published",
        "files-TOTAL_FORMS": "1",
        "files-INITIAL_FORMS": "0",
        "files-MIN_NUM_FORMS": "0",
        "files-MAX_NUM_FORMS": "1000",
        "files-0-resource": str(resource.pk),
    }

    refused = admin.post(url, {**form, "files-0-file": upload("x.pdf", b"<html></html>")})
    assert "not by its name" in refused.content.decode()
    assert resource.files.count() == 1

    admin.post(url, {**form, "files-0-file": upload("v2.pdf", pdf_bytes("v2"))})
    assert list(resource.files.values_list("version", flat=True)) == [2, 1]


def test_a_pdf_gets_a_picture_of_its_first_page_for_those_who_may_see_it(
    client, member, network, make_resource
):
    import io

    from PIL import Image

    resource = make_resource(title="Coproductive learning", visibility=Resource.Visibility.MEMBERS)
    item = resource.files.get()
    assert item.preview and item.preview_width == 240
    page = client_for(member).get(resource.get_absolute_url()).content.decode()
    assert 'alt="The first page of Coproductive learning"' in page
    picture = client_for(member).get(item.preview.url)
    assert picture.status_code == 200 and picture["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(b"".join(picture.streaming_content)))
    assert image.format == "PNG" and image.width == 240
    # A members-only resource's picture is theirs too.
    assert client.get(item.preview.url).status_code == 404


def test_a_file_that_is_not_a_readable_pdf_gets_no_picture(network, make_resource):
    resource = make_resource(file=False)
    broken = services.add_file_version(
        resource=resource, upload=upload("broken.pdf", b"%PDF-1.4\n%%EOF broken"), kind="pdf"
    )
    word = services.add_file_version(
        resource=resource, upload=upload("notes.docx", docx_bytes()), kind="docx"
    )
    assert not broken.preview and not word.preview
