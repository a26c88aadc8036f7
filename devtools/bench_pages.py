"""What the benchmark measures: the pages, the signed-in member, and the write mix.

All of it is picked from the scale dataset (network/scale.py) by stable rules, so
two runs on the same seed measure the same pages.
"""

from django.urls import reverse
from django.utils import timezone

from devtools import scale
from devtools.loadgen import session_cookie_for
from members.models import Profile
from workshops.models import Registration, Workshop

# A word nearly every post and workshop uses: search has to rank many matches.
COMMON_WORD = "care"


def _profile_to_show() -> Profile:
    """An active member whose profile is full: comments, workshops, visible fields."""
    return (
        Profile.objects.active()
        .filter(user__email__endswith=f"@{scale.EMAIL_DOMAIN}", bio_visibility="everyone")
        .order_by("user__email")
        .first()
    )


def _workshop_to_show() -> Workshop:
    """An upcoming workshop with registrations and a waiting list."""
    busiest = (
        scale.scale_workshops()
        .upcoming()
        .filter(registrations__status=Registration.Status.WAITING)
        .order_by("start", "pk")
        .first()
    )
    return busiest or scale.scale_workshops().upcoming().first()


def bench_pages() -> list[tuple[str, str]]:
    profile = _profile_to_show()
    workshop = _workshop_to_show()
    return [
        ("home", reverse("home")),
        ("blog list", reverse("blog_list")),
        ("post with 300 comments", reverse("blog_post", args=[scale.short_thread_slug()])),
        ("post with 2,000 comments", reverse("blog_post", args=[scale.long_thread_slug()])),
        ("workshop list", reverse("workshops:list")),
        ("a workshop page", workshop.get_absolute_url()),
        ("member directory", reverse("members:directory")),
        (
            "member directory (filtered)",
            reverse("members:directory") + "?expertise=carer&area=hackney",
        ),
        ("profile", profile.get_absolute_url()),
        ("search", reverse("search") + f"?q={COMMON_WORD}"),
        (".ics feed", reverse("workshops:upcoming_ics")),
    ]


def _participants(count: int):
    """Active scale members who accepted the terms, in a stable order."""
    return list(
        scale.scale_users()
        .filter(profile__state=Profile.State.ACTIVE, terms_acceptances__isnull=False)
        .select_related("profile")
        .order_by("email")[:count]
    )


def member_for_bench():
    return _participants(1)[0]


def write_actions(count: int = 16) -> list[dict]:
    """One simulated member per connection, each commenting, liking, registering and
    cancelling at random. Posts with the measured threads are left alone, so a
    second run measures the same pages."""
    posts = list(
        scale.scale_posts()
        .published()
        .exclude(slug__in=[scale.short_thread_slug(), scale.long_thread_slug()])
        .order_by("slug")
        .values_list("slug", flat=True)[:40]
    )
    workshops = list(
        scale.scale_workshops()
        .upcoming()
        .filter(registration_opens_at__isnull=True)
        .filter(registration_closes_at__isnull=True, start__gt=timezone.now())
        .order_by("start", "pk")
        .values_list("slug", flat=True)[:20]
    )
    actions = []
    for index, member in enumerate(_participants(count + 1)[1:]):
        actions.append(
            {"cookie": session_cookie_for(member), "next": _member_actions(index, posts, workshops)}
        )
    return actions


def _member_actions(index, posts, workshops):
    sent = {"n": 0}

    def token(client):
        # One CSRF token per client, from a page with a form, reused for every post.
        if not getattr(client, "bench_csrf", None):
            client.bench_csrf = client.csrf_token(reverse("blog_post", args=[posts[0]]))
        return client.bench_csrf

    def next_action(client, rng):
        csrf = token(client)
        sent["n"] += 1
        roll = rng.random()
        if roll < 0.3:
            slug = rng.choice(posts)
            text = f"Scale write mix comment {index}-{sent['n']}: thank you for this."
            path = reverse("blog_comment", args=[slug])
            return "comment", "POST", path, {"csrfmiddlewaretoken": csrf, "comment": text}
        if roll < 0.55:
            path = reverse("blog_like", args=[rng.choice(posts)])
            return "like", "POST", path, {"csrfmiddlewaretoken": csrf}
        slug = rng.choice(workshops)
        if roll < 0.8:
            path = reverse("workshops:register", args=[slug])
            return "register", "POST", path, {"csrfmiddlewaretoken": csrf}
        path = reverse("workshops:cancel", args=[slug])
        return "cancel", "POST", path, {"csrfmiddlewaretoken": csrf}

    return next_action


SEARCH_WORD = "care"  # a common word in the scale data's posts, workshops and people


def search_database_ms(word: str = SEARCH_WORD, runs: int = 9) -> float:
    """The database time of one uncached site search for `word` (every section's first
    page, as a visitor sees them), in ms: the median of `runs` after one warm-up."""
    import statistics
    import time

    from django.contrib.auth.models import AnonymousUser
    from django.db import connection

    from network import hooks

    spent = []

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent[-1] += time.perf_counter() - started

    visitor = AnonymousUser()
    for _ in range(runs + 1):
        spent.append(0.0)
        with connection.execute_wrapper(timed):
            for _kind, find, _snippet in hooks.search_sections():
                list(find(word, visitor)[:10])
    return round(statistics.median(spent[1:]) * 1000, 1)
