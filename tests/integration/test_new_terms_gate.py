"""When a new Terms of Service version is published, members must accept it before
they take part anywhere: commenting, liking, registering for workshops."""

import pytest
from django.urls import reverse
from django_comments_xtd.models import XtdComment

from network.models import TermsVersion
from tests.conftest import client_for
from workshops.models import Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_terms(terms, member):
    # `member` accepted version 1.0 (the terms fixture); now 2.0 is published.
    return TermsVersion.objects.create(version="2.0", text="Updated terms.")


def test_member_who_has_not_accepted_new_terms_cannot_comment(new_terms, member, post):
    response = client_for(member).post(
        reverse("blog_comment", args=[post.slug]), {"comment": "Hello everyone"}
    )
    assert response.status_code in (302, 403)
    assert XtdComment.objects.count() == 0


def test_member_who_has_not_accepted_new_terms_cannot_register(new_terms, member, make_workshop):
    workshop = make_workshop()
    response = client_for(member).post(reverse("workshops:register", args=[workshop.slug]))
    assert response.status_code in (302, 403)
    assert not Registration.objects.filter(member=member).exists()


def test_after_accepting_new_terms_the_member_takes_part_again(
    new_terms, member, post, make_workshop
):
    client = client_for(member)
    client.post("/members/me/terms/", {"accept": "on"})
    workshop = make_workshop()

    client.post(reverse("blog_comment", args=[post.slug]), {"comment": "Hello everyone"})
    client.post(reverse("workshops:register", args=[workshop.slug]))

    assert XtdComment.objects.get().comment == "Hello everyone"
    assert Registration.objects.get(member=member).status == Registration.Status.CONFIRMED
