"""Comment permissions for each role and member state."""

import pytest
from django_comments_xtd.models import XtdComment

from members.models import ModerationAction
from network.blog.permissions import can_comment
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

JOIN_SENTENCE = "You need to be a member of Co-production practitioners network to add comments!"


def users_by_role(pending, suspended, member, organiser, owner):
    return {"visitor": None, "pending": pending, "suspended": suspended,
            "member": member, "organiser": organiser, "owner": owner}  # fmt: skip


@pytest.fixture
def people(pending, suspended, member, organiser, owner):
    return users_by_role(pending, suspended, member, organiser, owner)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("visitor", False),
        ("pending", False),
        ("suspended", False),
        ("member", True),
        ("organiser", True),
        ("owner", True),
    ],  # fmt: skip
)
def test_who_may_comment(people, role, allowed, post):
    from django.contrib.auth.models import AnonymousUser

    user = people[role] or AnonymousUser()
    assert can_comment(user) is allowed
    client = client_for(people[role])
    html = client.get(post.get_absolute_url()).content.decode()
    assert '<h2 id="add-comment">Add a comment</h2>' in html
    # Only visitors are invited to join; signed-in people who may not comment are told
    # why and what to do next (members.roles.blocked_standing).
    assert (JOIN_SENTENCE in html) is (role == "visitor")
    assert ("Join Co-production practitioners network</a>" in html) is (role == "visitor")
    if role in ("pending", "suspended"):
        assert {"pending": "See your application", "suspended": "Appeal against the suspension"}[
            role
        ] in html
    assert ('name="comment"' in html) is allowed
    response = client.post(f"{post.get_absolute_url()}comments/", {"comment": "Hello all"})
    if allowed:
        assert response.status_code == 302
        assert XtdComment.objects.filter(comment="Hello all").count() == 1
    else:
        assert response.status_code == (302 if role == "visitor" else 403)
        if role == "visitor":
            assert response["Location"].startswith("/accounts/login/")
        assert not XtdComment.objects.exists()


def test_visitors_get_a_sign_in_link_with_the_join_link(client, post):
    html = client.get(post.get_absolute_url()).content.decode()
    assert 'href="/accounts/signup/">Join Co-production practitioners network</a>' in html
    assert ">Sign in</a>" in html


@pytest.mark.parametrize("role", ["visitor", "pending", "suspended"])
def test_non_members_cannot_reply_or_report(people, role, post, member, write_comment):
    comment = write_comment(post, member)
    client = client_for(people[role])
    expected = 302 if role == "visitor" else 403
    assert client.get(f"/blog/comments/{comment.pk}/reply/").status_code == expected
    assert (
        client.post(f"/blog/comments/{comment.pk}/reply/", {"comment": "x"}).status_code == expected
    )
    assert (
        client.post(f"/blog/comments/{comment.pk}/report/", {"category": "spam"}).status_code
        == expected
    )
    assert XtdComment.objects.count() == 1


@pytest.mark.parametrize(
    ("role", "sees_delete", "sees_remove"),
    [
        ("visitor", False, False),
        ("member", False, False),
        ("author", True, False),
        ("organiser", False, True),
        ("owner", False, True),
    ],  # fmt: skip
)
def test_delete_and_remove_links_appear_only_where_allowed(
    people, make_user, post, write_comment, role, sees_delete, sees_remove
):
    author = make_user(display_name="Ada Author")
    comment = write_comment(post, author)
    user = author if role == "author" else people[role]
    html = client_for(user).get(post.get_absolute_url()).content.decode()
    delete_url = f"/blog/comments/{comment.pk}/delete/"
    assert (f'href="{delete_url}">Delete' in html) is sees_delete
    assert (f'href="{delete_url}">Remove' in html) is sees_remove
    assert (f'href="/blog/comments/{comment.pk}/report/">Report' in html) is (
        role in {"member", "organiser", "owner"}
    )


def test_a_member_cannot_delete_someone_elses_comment(member, make_user, post, write_comment):
    comment = write_comment(post, make_user())
    response = client_for(member).post(f"/blog/comments/{comment.pk}/delete/")
    assert response.status_code == 403
    comment.refresh_from_db()
    assert not comment.is_removed


def test_a_member_deletes_their_own_comment_and_replies_stay_under_a_placeholder(
    member, make_user, post, write_comment
):
    mine = write_comment(post, member, "I said something I regret.")
    write_comment(post, make_user(display_name="Rae Replier"), "A reply that stays.", parent=mine)
    lonely = write_comment(post, member, "Nobody answered this one.")
    client = client_for(member)
    assert client.post(f"/blog/comments/{mine.pk}/delete/").status_code == 302
    assert client.post(f"/blog/comments/{lonely.pk}/delete/").status_code == 302
    html = client.get(post.get_absolute_url()).content.decode()
    assert "Comment deleted" in html
    assert "A reply that stays." in html
    assert "I said something I regret." not in html
    assert "Nobody answered this one." not in html
    assert html.count("Comment deleted") == 1


@pytest.mark.parametrize("role", ["organiser", "owner"])
def test_organisers_and_owner_remove_any_comment_with_a_reason_in_the_audit_log(
    people, role, member, post, write_comment
):
    comment = write_comment(post, member, "Buy cheap pills now")
    client = client_for(people[role])
    url = f"/blog/comments/{comment.pk}/delete/"
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    assert "Please give a reason" in response.content.decode()
    assert client.post(url, {"reason": "Spam"}).status_code == 302
    comment.refresh_from_db()
    assert comment.is_removed
    action = ModerationAction.objects.get()
    assert action.kind == ModerationAction.Kind.REMOVE_CONTENT
    assert action.actor == people[role]
    assert action.subject == member
    assert action.reason == "Spam"
    assert "Buy cheap pills now" in action.detail
    assert (
        "Buy cheap pills now" not in client_for(None).get(post.get_absolute_url()).content.decode()
    )


def test_organisers_hold_exactly_the_blog_permissions_they_need(organiser, member):
    for perm in ["blog.add_post", "blog.change_post", "blog.delete_post",
                 "blog.view_post", "blog.add_tag", "blog.add_attachment",
                 "django_comments.can_moderate"]:  # fmt: skip
        assert organiser.has_perm(perm)
        assert not member.has_perm(perm)
    assert not organiser.has_perm("network.delete_network")
    assert not organiser.has_perm("blog.change_postlike")
