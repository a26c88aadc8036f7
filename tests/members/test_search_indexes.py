"""Member search ("name contains …") reads trigram indexes on PostgreSQL, so its cost
does not grow with the number of members; the matches are the same everywhere."""

import pytest
from django.db import connection

from members.models import Profile
from members.roles import viewer_level
from members.search import search_members

pytestmark = pytest.mark.django_db


def test_member_search_finds_part_of_a_name_or_an_organisation_through_an_index(
    network, member, make_user
):
    make_user(display_name="Grace Hopper", organisation="Newham Carers")
    make_user(display_name="Ada Lovelace", organisation="Hopperton Trust")
    make_user(display_name="Someone Else", organisation="Elsewhere")
    found = search_members("hopper", member)
    assert sorted(p.user.display_name for p in found) == ["Ada Lovelace", "Grace Hopper"]
    # Names containing the query come before organisations containing it.
    assert [p.user.display_name for p in found] == ["Grace Hopper", "Ada Lovelace"]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # A handful of rows: the planner would read them all. With plain scans
            # turned off, only an index that serves "contains" (the trigram one) can
            # answer the match, which is what this proves exists and fits the query.
            cursor.execute("SET enable_seqscan = off")
            cursor.execute("SET enable_indexscan = off")
        # The directory's search (no candidate limit, so no plan that stops early).
        plan = Profile.objects.search("hopper", viewer_level(member)).explain()
        assert "members_user_name_trgm" in plan
        assert "members_profile_org_trgm" in plan


def test_member_search_shows_at_most_its_limit_best_first(network, member, make_user, monkeypatch):
    from members import search as member_search

    monkeypatch.setattr(member_search, "MAX_RESULTS", 2)
    make_user(display_name="Hopper Ann", organisation="")
    make_user(display_name="Zed Hopper", organisation="")
    make_user(display_name="Yan Other", organisation="Hopper Trust")
    found = [p.user.display_name for p in search_members("hopper", member)]
    assert found == ["Hopper Ann", "Zed Hopper"]
