"""Issue 12, finding 3: nobody can read a name by trying ids (or handles) in the blog's
author filter; it names only people whose profile the viewer may see."""

import re

import pytest
from django.contrib.auth import get_user_model

from members.models import Profile
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def body(response) -> str:
    # A CSRF token is drawn afresh for every page: everything else must be identical.
    return CSRF.sub("", response.content.decode())


@pytest.fixture
def people(network, terms, make_user, make_post):
    """An active author, and a pending, a suspended and a departed person who each
    wrote a post before (names are what must not leak)."""
    active = make_user(display_name="Amina Okafor")
    hidden = {
        "pending": make_user(state=Profile.State.PENDING, display_name="Pat Pending-Secret"),
        "suspended": make_user(
            state=Profile.State.SUSPENDED,
            display_name="Sid Suspended-Secret",
            suspension_reason="Spam.",
        ),
        "left": make_user(state=Profile.State.LEFT, display_name="Lee Left-Secret"),
    }
    make_post("By Amina", authors=[active])
    for person in hidden.values():
        make_post(f"By {person.display_name}", authors=[person])
    return {"active": active, **hidden}


def test_every_person_has_a_handle_made_from_their_name(people, make_user):
    namesake = make_user(display_name="Amina Okafor")
    nameless = get_user_model().objects.create_user(email="nameless@example.org", display_name="")
    numeric = make_user(display_name="1234")

    assert people["active"].slug == "amina-okafor"
    assert namesake.slug == "amina-okafor-2"
    assert nameless.slug == "member"  # never from the e-mail address
    assert numeric.slug == "member-1234"  # never looks like an id


def test_a_new_name_gets_a_new_handle_and_the_old_one_leads_nowhere(client, people, make_post):
    person = people["active"]
    person.display_name = "Amina Brown"
    person.save()

    assert person.slug == "amina-brown"
    assert client.get("/blog/?author=amina-brown").status_code == 200
    assert client.get("/blog/?author=amina-okafor").status_code == 404


def test_ids_no_longer_name_anyone(client, member_client, organiser_client, people):
    for viewer in (client, member_client, organiser_client):
        for person in people.values():
            response = viewer.get(f"/blog/?author={person.pk}")
            assert response.status_code == 404
            assert person.display_name not in response.content.decode()


@pytest.mark.parametrize("state", ["pending", "suspended", "left"])
def test_someone_hidden_gets_exactly_the_answer_of_nobody_at_all(
    client, member_client, people, state
):
    for viewer in (client, member_client):
        hidden = viewer.get(f"/blog/?author={people[state].slug}")
        nobody = viewer.get("/blog/?author=no-such-person")

        assert hidden.status_code == nobody.status_code == 404
        assert body(hidden) == body(nobody)
        assert "Secret" not in body(hidden)


def test_an_active_author_is_shown_with_their_posts_by_handle(client, people):
    response = client.get(f"/blog/?author={people['active'].slug}")

    page = response.content.decode()
    assert response.status_code == 200
    assert "posts by Amina Okafor" in page
    assert "By Amina" in page and "Secret" not in page


def test_on_a_members_only_network_visitors_learn_no_name(client, members_only, people, member):
    response = client.get(f"/blog/?author={people['active'].slug}")
    nobody = client.get("/blog/?author=no-such-person")

    assert response.status_code == 404
    assert body(response) == body(nobody)
    assert client_for(member).get(f"/blog/?author={people['active'].slug}").status_code == 200


def test_organisers_and_the_person_themselves_still_see_them(organiser_client, people):
    suspended = people["suspended"]

    assert organiser_client.get(f"/blog/?author={suspended.slug}").status_code == 200
    own = client_for(suspended).get(f"/blog/?author={suspended.slug}")
    assert own.status_code == 200
    assert "posts by Sid Suspended-Secret" in own.content.decode()


def test_posted_by_links_use_the_handle_and_only_for_people_the_viewer_may_see(
    client, people, make_post
):
    make_post("Written together", authors=[people["active"], people["suspended"]])

    page = client.get("/blog/").content.decode()

    assert '<a href="/blog/?author=amina-okafor">Amina Okafor</a>' in page
    assert f"?author={people['active'].pk}" not in page
    # A suspended author's name stays on the posts they wrote, as plain text.
    assert "Amina Okafor</a> and Sid Suspended-Secret" in page
    assert f"?author={people['suspended'].slug}" not in page


def test_the_profile_page_follows_the_same_rule(client, organiser_client, people):
    for person in (people["pending"], people["suspended"], people["left"]):
        hidden = client.get(f"/members/{person.pk}/")
        assert hidden.status_code == 404
        assert body(hidden) == body(client.get("/members/999999/"))
        assert organiser_client.get(f"/members/{person.pk}/").status_code == 200
    assert client.get(f"/members/{people['active'].pk}/").status_code == 200


def test_existing_accounts_are_given_handles_by_the_migration(transactional_db):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    def migrate(target=None):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        # None: forward to the newest migration again, as every other test expects.
        executor.migrate([target] if target else executor.loader.graph.leaf_nodes("members"))

    migrate(("members", "0005_user_slug"))
    old = MigrationExecutor(connection)._create_project_state(with_applied_migrations=True).apps
    OldUser = old.get_model("members", "User")
    for n, name in enumerate(["Ada Lovelace", "Ada Lovelace", "", "Zoë Ng"]):
        OldUser.objects.create(email=f"old{n}@example.org", display_name=name)

    migrate()

    slugs = list(get_user_model().objects.order_by("pk").values_list("slug", flat=True))
    assert slugs == ["ada-lovelace", "ada-lovelace-2", "member", "zoe-ng"]
