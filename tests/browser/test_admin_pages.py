"""The admin pages organisers use most pass axe with 0 violations, at desktop width and
on a 360 px phone: a post, a workshop, comment moderation and the reports."""

import pytest
from django.utils import timezone

from network.blog.models import Post
from network.models import IssueReport
from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def admin_pages(network, owner, member, write_comment):
    from workshops.models import Workshop

    post = Post.objects.create(
        title="Power in a ward round",
        body="What we learned.",
        status=Post.Status.PUBLISHED,
        publish_at=timezone.now() - timezone.timedelta(hours=1),
    )
    post.authors.set([owner])
    comment = write_comment(post, member, "A thought.")
    start = timezone.now() + timezone.timedelta(days=14)
    workshop = Workshop.objects.create(
        title="Communicating about change",
        summary="Learning together.",
        description="We use theatre.",
        start=start,
        end=start + timezone.timedelta(hours=3),
        venue_name="Oxford House",
        venue_address="Derbyshire Street, London E2 6HG",
        capacity=10,
    )
    report = IssueReport.objects.create(
        category="broken", description="The map does not load.", page_url="/"
    )
    return [
        f"/admin/blog/post/{post.pk}/change/",
        f"/admin/workshops/workshop/{workshop.pk}/change/",
        "/admin/django_comments_xtd/xtdcomment/",
        f"/admin/django_comments_xtd/xtdcomment/{comment.pk}/change/",
        "/admin/network/issuereport/",
        f"/admin/network/issuereport/{report.pk}/change/",
    ]


@pytest.mark.parametrize("width", [1280, 360])
def test_the_organisers_admin_pages_have_no_axe_violations(
    page, live_server, owner, admin_pages, width
):
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, live_server, owner.email, PASSWORD)
    failures = []
    for path in admin_pages:
        page.goto(live_server.url + path)
        assert page.locator("#content").is_visible(), path
        try:
            assert_accessible(page)
        except pytest.fail.Exception as failure:
            failures.append(str(failure))
    assert not failures, "\n".join(failures)

    # The split date/time inputs are named, and checkboxes can be tapped on a phone.
    page.goto(live_server.url + admin_pages[0])
    assert page.get_by_label("Date:").first.is_visible()
    assert page.get_by_label("Time:").first.is_visible()
    box = page.locator("#id_featured").bounding_box()
    assert box["width"] >= (24 if width == 360 else 13)


def test_removing_people_from_a_workshop_asks_first_on_an_accessible_page(
    page, live_server, owner, member, admin_pages
):
    from workshops import services
    from workshops.models import Registration, Workshop

    workshop = Workshop.objects.get(title="Communicating about change")
    registration = services.register(workshop=workshop, member=member)
    page.set_viewport_size({"width": 360, "height": 800})
    sign_in(page, live_server, owner.email, PASSWORD)
    page.goto(live_server.url + "/admin/workshops/registration/")
    page.locator(f"input[name=_selected_action][value='{registration.pk}']").check()
    page.get_by_label("Action:").select_option(label="Remove (frees the place, tells them)")
    page.get_by_role("button", name="Go").click()
    page.get_by_role("heading", name="Remove 1 person from the workshop?").wait_for()
    assert_accessible(page)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED

    page.get_by_role("button", name="Remove and e-mail 1 person").click()
    page.get_by_text("1 removed; the waiting list has moved up.").wait_for()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
