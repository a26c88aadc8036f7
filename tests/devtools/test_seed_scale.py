"""`manage.py seed_scale`: the benchmark's large network, tried at a small size."""

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django_comments_xtd.models import XtdComment

from devtools import scale
from members.models import Profile, TermsAcceptance
from members.roles import can_participate
from network.blog.comments import add_comment
from network.blog.models import Post, PostLike
from workshops.models import Registration, Workshop

pytestmark = pytest.mark.django_db

SMALL = ["--members", "40", "--posts", "6", "--comments", "2400", "--workshops", "6",
         "--registrations", "90", "--likes", "30"]  # fmt: skip


def _seed(*extra):
    call_command("seed_scale", *SMALL, *extra, stdout=open("/dev/null", "w"))  # noqa: SIM115


def _thread_fields(post):
    return list(
        XtdComment.objects.filter(object_pk=str(post.pk))
        .order_by("pk")
        .values_list("pk", "thread_id", "parent_id", "level", "order", "nested_count")
    )


def test_builds_the_sizes_asked_for_with_members_who_can_take_part(network, terms):
    _seed()
    people = scale.scale_users()
    assert people.count() == 40
    assert Profile.objects.filter(user__in=people).count() == 40
    assert EmailAddress.objects.filter(user__in=people, verified=True).count() == 40
    assert TermsAcceptance.objects.filter(user__in=people).count() == 40
    active = people.filter(profile__state=Profile.State.ACTIVE).first()
    assert can_participate(active)
    assert scale.scale_posts().count() == 6
    assert (
        XtdComment.objects.filter(object_pk__in=[str(p.pk) for p in scale.scale_posts()]).count()
        == 2400
    )
    assert scale.scale_workshops().count() == 6
    assert Registration.objects.filter(workshop__in=scale.scale_workshops()).count() == 90
    assert PostLike.objects.filter(post__in=scale.scale_posts()).count() == 30
    assert (
        XtdComment.objects.filter(
            object_pk=str(Post.objects.get(slug=scale.long_thread_slug()).pk)
        ).count()
        == 2000
    )
    assert (
        XtdComment.objects.filter(
            object_pk=str(Post.objects.get(slug=scale.short_thread_slug()).pk)
        ).count()
        == 300
    )


def test_thread_fields_are_the_ones_xtd_computes(network, terms):
    _seed()
    post = Post.objects.get(slug=scale.short_thread_slug())
    rows = {
        pk: (thread, parent, level, order, nested)
        for pk, thread, parent, level, order, nested in _thread_fields(post)
    }
    children = {}
    for pk, (thread, parent, level, order, _nested) in rows.items():
        if parent == pk:
            assert (thread, level, order) == (pk, 0, 1)
        else:
            assert rows[parent][0] == thread and rows[parent][2] == level - 1 <= 1
            children.setdefault(parent, []).append(pk)
    for pk, (*_, nested) in rows.items():
        stack, below = list(children.get(pk, [])), 0
        while stack:
            below += 1
            stack.extend(children.get(stack.pop(), []))
        assert nested == below
    for thread in {r[0] for r in rows.values()}:
        members = sorted((r[3], pk) for pk, r in rows.items() if r[0] == thread)
        assert [order for order, _ in members] == list(range(1, len(members) + 1))
    # A reply through the site lands where xtd puts it: right after its parent's subtree.
    parent_pk = next(pk for pk, r in rows.items() if r[2] == 0 and r[4] > 0)
    parent = XtdComment.objects.get(pk=parent_pk)
    member = scale.scale_users().filter(profile__state="active").first()
    reply, _ = add_comment(post=post, user=member, text="A new reply", parent=parent)
    reply.refresh_from_db()
    assert (reply.thread_id, reply.level, reply.order) == (parent_pk, 1, 1 + rows[parent_pk][4] + 1)
    parent.refresh_from_db()
    assert parent.nested_count == rows[parent_pk][4] + 1


def test_is_deterministic_and_running_again_replaces_the_scale_data(network, terms, member):
    _seed("--seed", "7")
    first = [(p.slug, p.title) for p in scale.scale_posts().order_by("slug")]
    first_names = list(scale.scale_users().order_by("email").values_list("display_name", flat=True))
    _seed("--seed", "7")
    assert [(p.slug, p.title) for p in scale.scale_posts().order_by("slug")] == first
    assert (
        list(scale.scale_users().order_by("email").values_list("display_name", flat=True))
        == first_names
    )
    assert scale.scale_users().count() == 40
    assert Workshop.objects.filter(slug__startswith="scale-").count() == 6
    # Real members are never touched.
    assert Profile.objects.filter(user=member).exists()


def test_a_scale_factor_multiplies_every_size(network, terms):
    call_command("seed_scale", "--scale", "0.025", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert scale.scale_users().count() == 250
    assert scale.scale_posts().count() == 25
    assert (
        XtdComment.objects.filter(object_pk__in=[str(p.pk) for p in scale.scale_posts()]).count()
        == 2500
    )
    assert scale.scale_workshops().count() == 25
    assert Registration.objects.filter(workshop__in=scale.scale_workshops()).count() == 750
    assert PostLike.objects.filter(post__in=scale.scale_posts()).count() == 125
