"""The library in real Chromium at 360 px: a member browses resources by topic and
audience, downloads one, suggests one (with a hostile file first), and every library
page (resources, a resource, suggest, partners, your partner, outcomes, a workshop's
library section) has no axe violations."""

from datetime import timedelta

import pytest
from django.utils import timezone

from library import services
from library.models import Audience, Outcome, Partner, Resource
from members.models import Area
from network.models import Topic
from tests.browser.conftest import assert_accessible, assert_fits_width, sign_in
from tests.conftest import PASSWORD
from tests.library.conftest import pdf_bytes, upload
from workshops.models import Workshop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def library(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    start = timezone.now() - timedelta(days=20)
    workshop = Workshop.objects.create(
        title="Communicating about change",
        summary="A live case study.",
        start=start,
        end=start + timedelta(hours=3),
        venue_name="Oxford House",
        borough=Area.TOWER_HAMLETS,
        capacity=10,
        partners="Involve\nOCP Ltd",
        status=Workshop.Status.COMPLETED,
    )
    services.link_partners_from_text(workshop)
    topic = Topic.objects.create(name="Mental health")
    resource = Resource.objects.create(
        title="Caring well together",
        summary="A guide for carers.",
        kind=Resource.Kind.GUIDE,
        audiences=[Audience.CARERS],
    )
    resource.topics.set([topic])
    resource.workshops.set([workshop])
    resource.partners.set(Partner.objects.all())
    for version in (1, 2):
        services.add_file_version(
            resource=resource,
            upload=upload(f"caring-v{version}.pdf", pdf_bytes(f"v{version}")),
            kind="pdf",
        )
    Outcome.objects.create(
        title="More professionals",
        you_said="We want more health professionals to be like that!",
        we_did="We invite them through our NHS partner.",
        workshop=workshop,
    )
    return {"workshop": workshop, "resource": resource, "topic": topic}


def test_a_member_browses_downloads_and_suggests_on_a_small_screen(
    page, live_server, network, member, library, tmp_path
):
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in(page, live_server, member.email, PASSWORD)

    page.goto(f"{live_server.url}/resources/")
    assert_accessible(page)
    assert_fits_width(page, 360)
    page.select_option("#id_topic", "mental-health")
    page.select_option("#id_audience", Audience.CARERS)
    page.get_by_role("button", name="Show resources").click()
    assert page.get_by_role("link", name="Caring well together", exact=True).is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download Caring well together").first.click()
    assert download.value.suggested_filename.endswith(".pdf")

    page.get_by_role("link", name="Caring well together", exact=True).click()
    assert page.get_by_text("Version 1").is_visible()
    assert_accessible(page)
    assert_fits_width(page, 360)

    page.goto(f"{live_server.url}/resources/suggest/")
    assert_accessible(page)
    hostile = tmp_path / "report.pdf"
    hostile.write_bytes(b"<html><script>alert(1)</script></html>")
    page.fill("#id_title", "A hostile file")
    page.fill("#id_summary", "Not really a PDF.")
    page.set_input_files("#id_upload", str(hostile))
    page.get_by_role("button", name="Send my suggestion").click()
    assert page.title().startswith("Error: ")
    assert page.get_by_text("not by its name").first.is_visible()
    assert_accessible(page)
    good = tmp_path / "guide.pdf"
    good.write_bytes(pdf_bytes("A good guide"))
    page.set_input_files("#id_upload", str(good))
    page.get_by_role("button", name="Send my suggestion").click()
    assert page.get_by_text("waiting for an organiser").first.is_visible()
    assert_accessible(page)


@pytest.mark.parametrize("who", ["visitor", "member"])
def test_partners_outcomes_and_the_workshop_section_are_accessible_at_360px(
    who, page, live_server, network, member, library
):
    page.set_viewport_size({"width": 360, "height": 740})
    if who == "member":
        sign_in(page, live_server, member.email, PASSWORD)
    paths = ["/partners/", "/outcomes/", library["workshop"].get_absolute_url()]
    if who == "member":
        paths.append("/partners/mine/")
    for path in paths:
        page.goto(f"{live_server.url}{path}")
        assert_accessible(page)
        assert_fits_width(page, 360)
    page.goto(f"{live_server.url}/partners/")
    assert page.get_by_role("heading", name="Involve").is_visible()


def test_an_organiser_adds_a_file_version_and_tells_people_about_an_outcome_in_the_admin(
    page, live_server, network, organiser, library, make_user
):
    from workshops.models import Feedback

    person = make_user()
    outcome = Outcome.objects.get()
    outcome.feedback.add(
        Feedback.objects.create(workshop=library["workshop"], member=person, usefulness=5)
    )
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in(page, live_server, organiser.email, PASSWORD)
    resource = library["resource"]
    page.goto(f"{live_server.url}/admin/library/resource/{resource.pk}/change/")
    assert_accessible(page)

    page.goto(f"{live_server.url}/admin/library/outcome/{outcome.pk}/change/")
    assert_accessible(page)
    page.goto(f"{live_server.url}/admin/library/outcome/")
    assert_accessible(page)
    page.check(f'input[name="_selected_action"][value="{outcome.pk}"]')
    page.select_option('select[name="action"]', "tell_people")
    page.get_by_role("button", name="Go").click()
    confirm = page.get_by_role("heading", name="Tell people what changed?")
    confirm.wait_for()  # the click navigates: wait for the confirmation page
    assert confirm.is_visible()
    assert page.get_by_text(str(person)).is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Yes, send the e-mails").click()
    queued = page.get_by_text("1 e-mail(s) queued")
    queued.wait_for()  # the click navigates: wait for the list with its message
    assert queued.is_visible()
