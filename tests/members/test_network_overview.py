"""The owner's view of the network (/network/overview/): who may open it, that its
figures match counts made directly on a generated network (the scale dataset's
generator at a small size, with leavers, applicants, feedback and paid offers added),
its CSV per chart, and a query ceiling that does not move with the data."""

import csv
import io
import random
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from involvement.models import InvolvementRole, Offer, Rate
from members.models import LIVED_EXPERIENCE, Expertise, Profile
from tests.conftest import client_for
from workshops.models import Feedback, Registration, SessionPlace, Workshop

pytestmark = pytest.mark.django_db

OVERVIEW = "/network/overview/"
# The session and the user (with their profile), then the figures: members 4 (joins,
# leaves, expertise, applications), workshops 4 (attendees' expertise, attendance for
# whole workshops and for single sessions, feedback), involvement 2 (rates, offers).
QUERY_CEILING = 12


def _month(moment) -> date:
    local = timezone.localtime(moment)
    return date(local.year, local.month, 1)


def _seed_scale(members, registrations):
    call_command(
        "seed_scale",
        "--members",
        str(members),
        "--posts",
        "1",
        "--comments",
        "0",
        "--workshops",
        "12",
        "--registrations",
        str(registrations),
        "--likes",
        "0",
        stdout=open("/dev/null", "w"),  # noqa: SIM115
    )


def _add_the_rest(rng: random.Random):
    """Leavers, applicants waiting for different lengths of time, feedback on past
    workshops and paid offers (with a rate changed half way) on some of them."""
    now = timezone.now()
    active = list(Profile.objects.active().exclude(joined_at=None).order_by("pk"))
    for profile in rng.sample(active, 15):
        profile.state = Profile.State.LEFT
        profile.left_at = profile.joined_at + timedelta(days=rng.randint(1, 300))
        if profile.left_at > now:
            profile.left_at = now - timedelta(days=1)
        profile.save(update_fields=["state", "left_at"])
    for n, days in enumerate([1, 3, 8, 10, 20, 40, 90, 200]):
        applicant = get_user_model().objects.create_user(
            email=f"applicant{n}@example.org", display_name=f"Applicant {n}"
        )
        Profile.objects.filter(user=applicant).update(
            state=Profile.State.PENDING, applied_at=now - timedelta(days=days, hours=1)
        )
    given = set(Feedback.objects.values_list("workshop", "member"))
    attended = [
        r
        for r in Registration.objects.filter(attended=True).select_related("workshop")
        if (r.workshop_id, r.member_id) not in given
    ]
    Feedback.objects.bulk_create(
        [
            Feedback(workshop=r.workshop, member_id=r.member_id, usefulness=rng.randint(1, 5))
            for r in attended
            if rng.random() < 0.6
        ]
    )
    Rate.objects.create(
        name="Overview hourly",
        unit=Rate.Unit.HOUR,
        amount=Decimal("25.00"),
        applies_from=date(2000, 1, 1),
    )
    Rate.objects.create(
        name="Overview hourly",
        unit=Rate.Unit.HOUR,
        amount=Decimal("30.00"),
        applies_from=timezone.localdate() - timedelta(days=200),
    )
    role, _ = InvolvementRole.objects.get_or_create(name="Overview test role")
    for workshop in Workshop.objects.order_by("start")[::2]:
        Offer.objects.create(
            workshop=workshop, role=role, rate_name="Overview hourly", units=Decimal("3")
        )


@pytest.fixture
def generated(network):
    rng = random.Random(16)
    _seed_scale(members=300, registrations=400)
    _add_the_rest(rng)


def _charts(response) -> dict:
    return {chart.slug: chart for chart in response.context["charts"]}


def _rows(chart) -> dict:
    return {label: values for label, values in chart.rows}


def test_only_organisers_and_the_owner_see_the_overview(
    network, client, member_client, pending_client, suspended_client, organiser_client, owner_client
):
    response = client.get(OVERVIEW)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    for refused in (member_client, pending_client, suspended_client):
        response = refused.get(OVERVIEW)
        assert response.status_code == 403
        assert "for its organisers and its owner" in response.content.decode()
        assert refused.get(f"{OVERVIEW}growth.csv").status_code == 403
    assert organiser_client.get(OVERVIEW).status_code == 200
    assert owner_client.get(OVERVIEW).status_code == 200
    assert client.get(f"{OVERVIEW}growth.csv").status_code == 302


def test_the_figures_match_counts_made_directly(generated, owner):
    response = client_for(owner).get(OVERVIEW)
    assert response.status_code == 200
    charts = _charts(response)
    now = timezone.now()

    # Growth: joins and leaves per month, and members at each month's end.
    profiles = list(Profile.objects.all())
    joined = Counter(_month(p.joined_at) for p in profiles if p.joined_at)
    left = Counter(_month(p.left_at) for p in profiles if p.left_at)
    growth = charts["growth"]
    assert len(growth.rows) == 24
    for label, (joins, leaves, members) in growth.rows:
        month = timezone.datetime.strptime(label, "%b %Y").date()
        assert joins == joined[month], label
        assert leaves == left[month], label
        assert members == sum(n for m, n in joined.items() if m <= month) - sum(
            n for m, n in left.items() if m <= month
        )
    assert sum(joins for _, (joins, _, _) in growth.rows) > 50  # the data spans these months

    # The mix of expertise among active members, and the lived-experience share.
    active = [p for p in profiles if p.state == Profile.State.ACTIVE]
    mix = _rows(charts["expertise-members"])
    for code, label in Expertise.choices:
        assert mix[label] == [sum(code in p.expertise for p in active)], label
    lived = sum(bool(LIVED_EXPERIENCE & set(p.expertise)) for p in active)
    assert f"Lived-experience share: {lived} of {len(active)} " in charts["expertise-members"].note

    # Among people who attended a workshop or a session.
    came = set(Registration.objects.filter(attended=True).values_list("member", flat=True))
    came |= set(SessionPlace.objects.filter(attended=True).values_list("member", flat=True))
    assert len(came) > 20
    attendees = [p for p in profiles if p.user_id in came]
    mix = _rows(charts["expertise-attendees"])
    for code, label in Expertise.choices:
        assert mix[label] == [sum(code in p.expertise for p in attendees)], label

    # Applications waiting, by how long.
    waits = [
        (now - p.applied_at).days
        for p in profiles
        if p.state == Profile.State.PENDING and p.applied_at
    ]
    assert waits
    waiting = _rows(charts["applications"])
    assert waiting["Under a week"] == [sum(d < 7 for d in waits)]
    assert waiting["1 to 2 weeks"] == [sum(7 <= d < 14 for d in waits)]
    assert waiting["2 to 4 weeks"] == [sum(14 <= d < 28 for d in waits)]
    assert waiting["4 weeks or more"] == [sum(d >= 28 for d in waits)]
    assert f"the longest has waited {max(waits)} days" in charts["applications"].note

    # Attendance against confirmed places, per month of workshops that took place.
    places = Registration.objects.filter(
        status=Registration.Status.CONFIRMED, workshop__start__lte=now
    ).exclude(workshop__status=Workshop.Status.CANCELLED)
    registered = Counter(_month(r.workshop.start) for r in places.select_related("workshop"))
    came_by_month = Counter(
        _month(r.workshop.start) for r in places.filter(attended=True).select_related("workshop")
    )
    attendance = charts["attendance"]
    for label, (confirmed, attended) in attendance.rows:
        month = timezone.datetime.strptime(label, "%b %Y").date()
        assert (confirmed, attended) == (registered[month], came_by_month[month]), label
    # The chart covers the last 24 months (up to this one), from the first with a workshop.
    shown = {timezone.datetime.strptime(label, "%b %Y").date() for label, _ in attendance.rows}
    first_shown = min(shown)
    assert sum(v[0] for _, v in attendance.rows) == sum(
        n for m, n in registered.items() if m >= first_shown
    )
    assert sum(v[1] for _, v in attendance.rows) == sum(
        n for m, n in came_by_month.items() if m >= first_shown
    )
    assert sum(v[1] for _, v in attendance.rows) > 0

    # Feedback ratings.
    ratings = Counter(Feedback.objects.values_list("usefulness", flat=True))
    assert _rows(charts["feedback"]) == {f"{n} out of 5": [ratings[n]] for n in range(5, 0, -1)}

    # Involvement offered per quarter: each offer at the rate of its day.
    expected = Counter()
    for offer in Offer.objects.select_related("workshop"):
        day = timezone.localdate(offer.workshop.start)
        quarter = f"{day.year} Q{(day.month - 1) // 3 + 1}"
        expected[quarter] += offer.amount()
    assert {q: v[0] for q, v in charts["involvement"].rows} == dict(expected)
    assert len({v for v in expected.values()}) >= 1


def test_the_page_reads_a_fixed_number_of_queries_whatever_the_data(
    network, owner, django_assert_max_num_queries
):
    viewer = client_for(owner)
    viewer.get(OVERVIEW)
    with CaptureQueriesContext(connection) as empty:
        assert viewer.get(OVERVIEW).status_code == 200
    _seed_scale(members=300, registrations=400)
    _add_the_rest(random.Random(16))
    with django_assert_max_num_queries(QUERY_CEILING):
        response = viewer.get(OVERVIEW)
    assert response.status_code == 200
    with CaptureQueriesContext(connection) as full:
        viewer.get(OVERVIEW)
    assert len(full) == len(empty)


def test_each_chart_downloads_as_csv_with_the_numbers_of_its_table(generated, owner):
    viewer = client_for(owner)
    charts = _charts(viewer.get(OVERVIEW))
    assert set(charts) == {
        "growth",
        "expertise-members",
        "applications",
        "expertise-attendees",
        "attendance",
        "feedback",
        "involvement",
    }
    for slug, chart in charts.items():
        response = viewer.get(reverse("network_overview_csv", args=[slug]))
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"] == f'attachment; filename="network-{slug}.csv"'
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert rows[0] == [chart.label_heading, *chart.series]
        assert rows[1:] == [[label, *(str(v) for v in values)] for label, values in chart.rows]
    assert viewer.get(reverse("network_overview_csv", args=["nothing"])).status_code == 404


def test_each_chart_is_an_accessible_svg_with_its_table_beside_it(generated, owner):
    text = client_for(owner).get(OVERVIEW).content.decode()
    assert text.count('<svg class="chart" role="img"') == 7
    assert '<title id="chart-growth-title">Members over time</title>' in text
    assert 'aria-labelledby="chart-growth-title chart-growth-desc"' in text
    assert 'viewBox="0 0 400 ' in text
    assert text.count("<table>") == 7
    assert "<script" not in text.split("<main", 1)[-1].split("</main>", 1)[0]


def test_the_overview_is_linked_from_the_admin_and_the_organisers_menu(
    network, owner_client, organiser_client
):
    assert OVERVIEW in owner_client.get("/admin/").content.decode()
    assert OVERVIEW in organiser_client.get(reverse("members:edit_profile")).content.decode()
