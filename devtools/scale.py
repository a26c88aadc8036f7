"""A large, realistic network for the benchmark: `manage.py seed_scale`.

Everything is written with bulk inserts in batches (no per-row save(), no
signals), from a seeded random generator, so the same seed gives the same
network. Every scale record can be told apart from real and demo data: people
have e-mail addresses `@scale.example`, posts, tags and workshops have slugs
starting `scale-`. Building again first removes the previous scale data.

Comments are django-comments-xtd's XtdComment (a child table of django_comments).
Django's bulk_create cannot insert multi-table children, so the parent rows are
bulk-created and the child rows inserted with executemany. The thread fields are
set as xtd computes them one comment at a time (`XtdComment._calculate_thread_data`):
a top-level comment has thread_id = parent_id = its own id and level 0; a reply
has its parent's thread_id and level + 1; `order` is the comment's place in its
thread read depth-first (1 for the top-level comment), and `nested_count` is how
many replies sit anywhere below it.
"""

import random
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import Truncator

from members.models import (
    Area,
    Expertise,
    Profile,
    TermsAcceptance,
    User,
    Visibility,
    slug_base,
)
from network.blog.models import Post, PostLike, Tag
from network.markdown import render_markdown
from network.models import Network, TermsVersion
from workshops.models import Registration, Workshop

EMAIL_DOMAIN = "scale.example"
SLUG_PREFIX = "scale-"
PASSWORD = "scale-network-2026"  # noqa: S105 (a benchmark dataset, never real people)
BATCH = 2000
SHORT_THREAD, LONG_THREAD = 300, 2000
MAX_LEVEL = settings.COMMENTS_XTD_MAX_THREAD_LEVEL

FIRST_NAMES = [
    "Aisha",
    "Ben",
    "Chloe",
    "Dev",
    "Efua",
    "Farid",
    "Grace",
    "Hamza",
    "Ines",
    "Jamal",
    "Kemi",
    "Liam",
    "Maya",
    "Nadia",
    "Oren",
    "Priya",
    "Quinn",
    "Rosa",
    "Sam",
    "Tariq",
    "Uma",
    "Viktor",
    "Wen",
    "Xander",
    "Yasmin",
    "Zainab",
    "Amara",
    "Bilal",
    "Cerys",
    "Dimitri",
    "Eleni",
    "Fionn",
    "Gita",
    "Hugo",
    "Ifeoma",
    "Jonah",
    "Kiran",
    "Leila",
    "Marek",
    "Niamh",
]
SURNAMES = [
    "Okafor",
    "Patel",
    "Murphy",
    "Nowak",
    "Haddad",
    "Silva",
    "Chen",
    "Osei",
    "Kowalski",
    "Ahmed",
    "Byrne",
    "Costa",
    "Evans",
    "Fofana",
    "Gupta",
    "Hughes",
    "Ibrahim",
    "Jones",
    "Khan",
    "Lewis",
    "Mensah",
    "Novak",
    "O'Brien",
    "Price",
    "Rahman",
    "Singh",
    "Taylor",
    "Usman",
    "Varga",
    "Walsh",
    "Yilmaz",
    "Zhou",
    "Abbott",
    "Begum",
    "Clarke",
    "Doyle",
    "Eze",
    "Fraser",
]
ORGANISATIONS = [
    "Tower Hamlets Carers Centre",
    "Newham Health Watch",
    "Barts Health NHS Trust",
    "Hackney Community Voluntary Services",
    "Queen Mary University of London",
    "Involve",
    "Mind in the City",
    "Age UK East London",
    "NHS North East London",
    "Camden Disability Action",
    "",
    "",
]
WORDS = [
    "co-production",
    "care",
    "health",
    "service",
    "users",
    "carers",
    "professionals",
    "community",
    "workshop",
    "learning",
    "dialogue",
    "expertise",
    "lived",
    "experience",
    "partnership",
    "neighbourhood",
    "practice",
    "policy",
    "wellbeing",
    "support",
    "discharge",
    "listening",
    "trust",
    "voice",
    "design",
    "delivery",
    "evidence",
    "reflection",
    "commissioning",
    "peer",
    "network",
    "London",
    "hospital",
    "clinic",
    "primary",
    "mental",
    "social",
    "housing",
    "family",
    "young",
    "older",
    "language",
    "access",
    "power",
    "respect",
    "change",
    "outcomes",
]
TOPICS = [
    "Discharge planning",
    "Mental health",
    "Carers",
    "Primary care",
    "Housing and health",
    "Young people",
    "Evaluation",
    "Peer support",
    "Commissioning",
    "Digital inclusion",
    "Older people",
    "Language and access",
]


@dataclass
class Sizes:
    members: int = 10_000
    posts: int = 1_000
    comments: int = 100_000
    workshops: int = 1_000
    registrations: int = 30_000
    likes: int = 5_000


@dataclass
class Built:
    counts: dict = field(default_factory=dict)
    short_thread_post: Post | None = None
    long_thread_post: Post | None = None


def scale_users():
    return User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}")


def scale_posts():
    return Post.objects.filter(slug__startswith=SLUG_PREFIX)


def scale_workshops():
    return Workshop.objects.filter(slug__startswith=SLUG_PREFIX)


def short_thread_slug():
    return f"{SLUG_PREFIX}post-with-{SHORT_THREAD}-comments"


def long_thread_slug():
    return f"{SLUG_PREFIX}post-with-{LONG_THREAD}-comments"


def _sentence(rng: random.Random, low=6, high=16) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random, sentences=4) -> str:
    return " ".join(_sentence(rng) for _ in range(sentences))


# --- Removing the previous scale data --------------------------------------------------------


def remove_scale_data(stdout=None) -> None:
    """Delete every scale record, children first, with set-based deletes."""
    from django_comments.models import Comment, CommentFlag
    from django_comments_xtd.models import XtdComment

    post_type = ContentType.objects.get_for_model(Post)
    user_ids = scale_users().values("pk")
    post_pks = [str(pk) for pk in scale_posts().values_list("pk", flat=True)]
    comment_ids = Comment.objects.filter(user_id__in=user_ids)
    with transaction.atomic():
        # Comments on scale posts (anyone's, e.g. the benchmark's write mix) and by scale people.
        for chunk in _chunks(post_pks, 500):
            _delete_comments(
                Comment.objects.filter(content_type=post_type, object_pk__in=chunk).values("pk"),
                XtdComment,
                CommentFlag,
            )
        _delete_comments(comment_ids.values("pk"), XtdComment, CommentFlag)
        PostLike.objects.filter(post__slug__startswith=SLUG_PREFIX).delete()
        scale_posts().delete()
        Tag.objects.filter(slug__startswith=SLUG_PREFIX).delete()
        Registration.objects.filter(workshop__slug__startswith=SLUG_PREFIX).delete()
        scale_workshops().delete()
        # Raw deletes of the people's own rows first, so the ORM's cascade has little to do.
        PostLike.objects.filter(user__in=user_ids)._raw_delete(connection.alias)
        Registration.objects.filter(member__in=user_ids)._raw_delete(connection.alias)
        TermsAcceptance.objects.filter(user__in=user_ids)._raw_delete(connection.alias)
        _email_addresses().filter(user__in=user_ids)._raw_delete(connection.alias)
        Profile.objects.filter(user__in=user_ids)._raw_delete(connection.alias)
        scale_users().delete()
    if stdout:
        stdout.write("Removed the previous scale data.")


def _delete_comments(ids, xtd_model, flag_model) -> None:
    from django_comments.models import Comment

    flag_model.objects.filter(comment_id__in=ids)._raw_delete(connection.alias)
    xtd_model.objects.filter(comment_ptr_id__in=ids)._raw_delete(connection.alias)
    Comment.objects.filter(pk__in=ids)._raw_delete(connection.alias)


def _email_addresses():
    from allauth.account.models import EmailAddress

    return EmailAddress.objects


def _chunks(items, size):
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --- Building ------------------------------------------------------------------------------


def ensure_network(stdout) -> TermsVersion:
    """The scale data lives in a network: make the demo one if there is none yet."""
    if not Network.objects.exists() or TermsVersion.objects.current() is None:
        from django.core.management import call_command

        call_command("seed_demo", stdout=stdout)
    return TermsVersion.objects.current()


def build(sizes: Sizes, *, seed: int = 2026, stdout=None) -> Built:
    rng = random.Random(seed)
    now = timezone.now()
    built = Built()
    terms = ensure_network(stdout)
    remove_scale_data(stdout)
    with transaction.atomic():
        members = _members(rng, sizes.members, terms, now)
        built.counts["members"] = len(members)
        active = [m for m in members if m.scale_active]
        tags = _tags()
        posts = _posts(rng, sizes.posts, active, tags, now)
        built.counts["posts"] = len(posts)
        built.counts["comments"] = _comments(rng, sizes.comments, posts, active, built)
        built.counts["likes"] = _likes(rng, sizes.likes, posts, active)
        workshops = _workshops(rng, sizes.workshops, active, now)
        built.counts["workshops"] = len(workshops)
        built.counts["registrations"] = _registrations(
            rng, sizes.registrations, workshops, active, now
        )
    _analyze()
    # Bulk inserts send no signals: retire every cached fragment explicitly.
    from network.caching.generations import KINDS, bump

    bump(*KINDS)
    return built


def _members(rng, count, terms, now) -> list[User]:
    from allauth.account.models import EmailAddress

    password = make_password(PASSWORD)
    expertise_codes = [code for code, _ in Expertise.choices]
    areas = [code for code, _ in Area.choices]
    visibilities = [
        Visibility.EVERYONE,
        Visibility.MEMBERS,
        Visibility.MEMBERS,
        Visibility.ORGANISERS,
    ]
    users = []
    for i in range(count):
        name = f"{FIRST_NAMES[i % len(FIRST_NAMES)]} {rng.choice(SURNAMES)}"
        users.append(
            User(
                email=f"member{i:05d}@{EMAIL_DOMAIN}",
                display_name=name,
                # bulk_create skips save(), which makes each handle unique.
                slug=f"{slug_base(name)}-scale-{i:05d}",
                password=password,
                date_joined=now - timedelta(days=rng.randint(1, 1500)),
            )
        )
    users = User.objects.bulk_create(users, batch_size=BATCH)
    profiles, addresses, acceptances = [], [], []
    for i, user in enumerate(users):
        # 98 % active; the rest applicants and suspended people, as in a real network.
        roll = rng.random()
        state = (
            Profile.State.ACTIVE
            if roll < 0.98
            else Profile.State.PENDING
            if roll < 0.99
            else Profile.State.SUSPENDED
        )
        user.scale_active = state == Profile.State.ACTIVE
        # Every kind of expertise and every area is represented (cycled), plus extras.
        expertise = {expertise_codes[i % len(expertise_codes)]}
        expertise.update(rng.sample(expertise_codes, rng.randint(0, 2)))
        user.scale_expertise = sorted(expertise)
        profiles.append(
            Profile(
                user=user,
                state=state,
                expertise=sorted(expertise),
                expertise_other="Artist" if Expertise.OTHER in expertise else "",
                organisation=rng.choice(ORGANISATIONS),
                area=areas[i % len(areas)],
                topics=", ".join(rng.sample(TOPICS, 2)),
                bio=_paragraph(rng, rng.randint(1, 3)),
                organisation_visibility=rng.choice(visibilities),
                area_visibility=rng.choice(visibilities),
                bio_visibility=rng.choice(visibilities),
                website_visibility=rng.choice(visibilities),
                expertise_visibility=rng.choice(visibilities),
                calendar_token=f"scale{seed_token(rng)}",
                created_at=user.date_joined,
                applied_at=user.date_joined,
                joined_at=user.date_joined if state != Profile.State.PENDING else None,
                suspension_reason="Scale data" if state == Profile.State.SUSPENDED else "",
            )
        )
        addresses.append(EmailAddress(user=user, email=user.email, verified=True, primary=True))
        if terms is not None:
            acceptances.append(
                TermsAcceptance(user=user, terms=terms, accepted_at=user.date_joined)
            )
    Profile.objects.bulk_create(profiles, batch_size=BATCH)
    EmailAddress.objects.bulk_create(addresses, batch_size=BATCH)
    TermsAcceptance.objects.bulk_create(acceptances, batch_size=BATCH)
    return users


def seed_token(rng) -> str:
    return f"{rng.getrandbits(128):032x}"


def _tags() -> list[Tag]:
    return Tag.objects.bulk_create(
        [Tag(name=f"{topic} (scale)", slug=f"{SLUG_PREFIX}{i}") for i, topic in enumerate(TOPICS)]
    )


def _posts(rng, count, authors_pool, tags, now) -> list[Post]:
    authors_pool = authors_pool[:40] or authors_pool
    posts = []
    for i in range(count):
        if i == 0:
            slug, title = long_thread_slug(), f"A post with {LONG_THREAD} comments"
        elif i == 1:
            slug, title = short_thread_slug(), f"A post with {SHORT_THREAD} comments"
        else:
            slug, title = f"{SLUG_PREFIX}post-{i:05d}", _sentence(rng, 4, 9).rstrip(".")
        body = "\n\n".join(
            [_paragraph(rng), f"## {_sentence(rng, 2, 5)}", _paragraph(rng), _paragraph(rng)]
        )
        body_html = render_markdown(body)
        body_text = " ".join(body.replace("## ", "").split())
        # A few drafts and scheduled posts, as an organiser's blog has.
        roll = rng.random()
        if i < 2 or roll < 0.96:
            status, publish_at = (
                Post.Status.PUBLISHED,
                now - timedelta(hours=rng.randint(1, 26_000)),
            )
        elif roll < 0.98:
            status, publish_at = Post.Status.DRAFT, now - timedelta(days=rng.randint(1, 30))
        else:
            status, publish_at = Post.Status.SCHEDULED, now + timedelta(days=rng.randint(1, 30))
        posts.append(
            Post(
                title=title[:200],
                slug=slug,
                body=body,
                body_html=body_html,
                body_text=body_text,
                excerpt=Truncator(body_text).words(40),
                featured=i % 97 == 5,
                status=status,
                publish_at=publish_at,
                created_at=publish_at,
                view_count=rng.randint(0, 2000),
            )
        )
    posts = Post.objects.bulk_create(posts, batch_size=BATCH)
    # bulk_create skips save(), which stores each post's search vector.
    Post.objects.filter(pk__in=[post.pk for post in posts]).store_search_vectors()
    author_links, tag_links = [], []
    for post in posts:
        for author in rng.sample(authors_pool, min(len(authors_pool), rng.randint(1, 2))):
            author_links.append(Post.authors.through(post_id=post.pk, user_id=author.pk))
        for tag in rng.sample(tags, rng.randint(1, 3)):
            tag_links.append(Post.tags.through(post_id=post.pk, tag_id=tag.pk))
    Post.authors.through.objects.bulk_create(author_links, batch_size=BATCH)
    Post.tags.through.objects.bulk_create(tag_links, batch_size=BATCH)
    return posts


def _comment_counts(rng, total, posts) -> list[int]:
    """How many comments each post gets: exactly 2,000 and 300 on the two thread posts
    (when the total allows), the rest spread unevenly over the published posts."""
    counts = [0] * len(posts)
    published = [i for i, p in enumerate(posts) if p.status == Post.Status.PUBLISHED]
    if not published or total <= 0:
        return counts
    if 0 in published and total >= LONG_THREAD + SHORT_THREAD:
        counts[0], counts[1] = LONG_THREAD, SHORT_THREAD
        total -= LONG_THREAD + SHORT_THREAD
        rest = [i for i in published if i > 1]
    else:
        rest = published
    if not rest:
        return counts
    weights = [rng.paretovariate(1.5) for _ in rest]
    scale = total / sum(weights)
    assigned = [int(w * scale) for w in weights]
    for k in range(total - sum(assigned)):
        assigned[k % len(assigned)] += 1
    for index, n in zip(rest, assigned, strict=True):
        counts[index] = n
    return counts


def _comments(rng, total, posts, people, built) -> int:
    from django_comments.models import Comment
    from django_comments_xtd.models import XtdComment

    if not people:
        return 0
    post_type = ContentType.objects.get_for_model(Post)
    counts = _comment_counts(rng, total, posts)
    built.long_thread_post, built.short_thread_post = posts[0], posts[1] if len(posts) > 1 else None
    written = 0
    for post, n in zip(posts, counts, strict=True):
        if not n:
            continue
        # Shape the threads in memory first: each comment is top-level or a reply to an
        # earlier comment not yet at the deepest level.
        parents = []
        for k in range(n):
            candidates = k and rng.random() < 0.6
            parents.append(rng.randrange(k) if candidates else None)
        levels = []
        for k, parent in enumerate(parents):
            if parent is not None and levels[parent] >= MAX_LEVEL:
                parent = parents[k] = None
            levels.append(0 if parent is None else levels[parent] + 1)
        start = max(post.publish_at, timezone.now() - timedelta(days=720))
        span = max(60, int((timezone.now() - start).total_seconds()))
        moments = sorted(rng.randrange(span) for _ in range(n))
        rows = []
        for k in range(n):
            author = rng.choice(people)
            rows.append(
                Comment(
                    content_type=post_type,
                    object_pk=str(post.pk),
                    site_id=settings.SITE_ID,
                    user=author,
                    user_name=author.display_name[:50],
                    user_email=author.email,
                    comment=_sentence(rng, 5, 40),
                    submit_date=start + timedelta(seconds=moments[k]),
                    is_public=True,
                    is_removed=False,
                )
            )
        rows = Comment.objects.bulk_create(rows, batch_size=BATCH)
        ids = [row.pk for row in rows]
        _insert_thread_rows(XtdComment, ids, parents, levels)
        written += n
    return written


def _insert_thread_rows(xtd_model, ids, parents, levels) -> None:
    children = {k: [] for k in range(len(ids))}
    for k, parent in enumerate(parents):
        if parent is not None:
            children[parent].append(k)
    thread_of, order_of, nested = {}, {}, {}

    def walk(root):
        # Iterative depth-first walk: the order xtd gives a thread's comments.
        stack, position, seen = [root], 0, []
        while stack:
            k = stack.pop()
            position += 1
            thread_of[k], order_of[k] = root, position
            seen.append(k)
            stack.extend(reversed(children[k]))
        return seen

    for k, parent in enumerate(parents):
        if parent is None:
            walk(k)
    for k in reversed(range(len(ids))):
        nested[k] = sum(1 + nested[c] for c in children[k])
    table = xtd_model._meta.db_table
    quote = connection.ops.quote_name
    columns = ["comment_ptr_id", "thread_id", "parent_id", "level", "order", "followup",
               "nested_count"]  # fmt: skip
    sql = (
        # Table and column names come from the model, never from input.
        f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    values = [
        (
            ids[k],
            ids[thread_of[k]],
            ids[k] if parent is None else ids[parent],
            levels[k],
            order_of[k],
            False,
            nested[k],
        )
        for k, parent in enumerate(parents)
    ]
    with connection.cursor() as cursor:
        for chunk in _chunks(values, BATCH):
            cursor.executemany(sql, chunk)


def _likes(rng, total, posts, people) -> int:
    published = [p for p in posts if p.status == Post.Status.PUBLISHED]
    if not published or not people:
        return 0
    pairs = set()
    total = min(total, len(published) * len(people))
    while len(pairs) < total:
        pairs.add((rng.randrange(len(published)), rng.randrange(len(people))))
    likes = [PostLike(post=published[p], user=people[u]) for p, u in sorted(pairs)]
    PostLike.objects.bulk_create(likes, batch_size=BATCH)
    return len(likes)


def _workshops(rng, count, facilitators_pool, now) -> list[Workshop]:
    boroughs = [code for code, _ in Area.choices]
    formats = [code for code, _ in Workshop.Format.choices]
    workshops = []
    for i in range(count):
        # Half in the past (mostly completed), half to come.
        upcoming = i % 2 == 0
        start = (
            now + timedelta(days=rng.randint(3, 400), hours=rng.randint(0, 8))
            if upcoming
            else now - timedelta(days=rng.randint(2, 1500))
        ).replace(minute=0, second=0, microsecond=0)
        status = (
            Workshop.Status.SCHEDULED
            if upcoming
            else rng.choices([Workshop.Status.COMPLETED, Workshop.Status.CANCELLED], [9, 1])[0]
        )
        if upcoming and rng.random() < 0.03:
            status = Workshop.Status.CANCELLED
        capacity = rng.choice([10, 12, 15, 20, 25, 30, 40])
        online = rng.random() < 0.3
        description = "\n\n".join([_paragraph(rng), _paragraph(rng, 3)])
        title = f"{rng.choice(TOPICS)}: {_sentence(rng, 3, 6).rstrip('.')}"
        workshops.append(
            Workshop(
                title=title[:160],
                slug=f"{SLUG_PREFIX}workshop-{i:05d}",
                summary=_sentence(rng, 8, 20)[:300],
                description=description,
                description_html=render_markdown(description),
                format=rng.choice(formats),
                start=start,
                end=start + timedelta(hours=rng.choice([2, 3, 6])),
                is_online=online,
                joining_link="https://meet.example.org/scale" if online else "",
                venue_name="" if online else f"{rng.choice(ORGANISATIONS) or 'Community hall'}",
                venue_address="" if online else "1 High Street, London",
                borough="" if online else rng.choice(boroughs),
                step_free_access=rng.random() < 0.7,
                hearing_loop=rng.random() < 0.4,
                accessible_toilet=rng.random() < 0.6,
                quiet_room=rng.random() < 0.3,
                capacity=capacity,
                reserved_places=rng.choice([0, 0, capacity // 3]),
                reserved_release_at=start - timedelta(days=7),
                status=status,
                created_at=start - timedelta(days=60),
            )
        )
    workshops = Workshop.objects.bulk_create(workshops, batch_size=BATCH)
    Workshop.objects.filter(pk__in=[w.pk for w in workshops]).store_search_vectors()
    links = []
    for workshop in workshops:
        for person in rng.sample(facilitators_pool[:60], min(2, len(facilitators_pool[:60]))):
            links.append(Workshop.facilitators.through(workshop_id=workshop.pk, user_id=person.pk))
    Workshop.facilitators.through.objects.bulk_create(links, batch_size=BATCH)
    return workshops


def _registrations(rng, total, workshops, people, now) -> int:
    """Registrations as services.register would leave them: confirmed places per pool up
    to the capacity, then the waiting list in queue order; some cancelled."""
    if not workshops or not people:
        return 0
    per_workshop = [0] * len(workshops)
    for _ in range(min(total, len(workshops) * len(people))):
        per_workshop[rng.randrange(len(workshops))] += 1
    lived = {p.pk for p in people if _brings_lived_experience(p)}
    rows, updates = [], []
    for workshop, n in zip(workshops, per_workshop, strict=True):
        n = min(n, len(people))
        reserved_taken = general_taken = 0
        queue = 0
        for member in rng.sample(people, n):
            queue += 1
            is_lived = member.pk in lived
            if rng.random() < 0.08:
                status, pool = Registration.Status.CANCELLED, Registration.Pool.GENERAL
            elif is_lived and reserved_taken < workshop.reserved_places:
                status, pool = Registration.Status.CONFIRMED, Registration.Pool.RESERVED
                reserved_taken += 1
            elif general_taken < workshop.capacity - workshop.reserved_places:
                status, pool = Registration.Status.CONFIRMED, Registration.Pool.GENERAL
                general_taken += 1
            else:
                status = Registration.Status.WAITING
                pool = (
                    Registration.Pool.RESERVED
                    if is_lived and workshop.reserved_places
                    else Registration.Pool.GENERAL
                )
            past = workshop.start < now
            rows.append(
                Registration(
                    workshop=workshop,
                    member=member,
                    status=status,
                    pool=pool,
                    queue_number=queue,
                    attended=past
                    and workshop.status == Workshop.Status.COMPLETED
                    and status == Registration.Status.CONFIRMED
                    and rng.random() < 0.85,
                    access_needs=["step_free"] if rng.random() < 0.1 else [],
                    created_at=workshop.created_at + timedelta(hours=queue),
                )
            )
        workshop.next_queue_number = queue + 1
        updates.append(workshop)
    Registration.objects.bulk_create(rows, batch_size=BATCH)
    Workshop.objects.bulk_update(updates, ["next_queue_number"], batch_size=BATCH)
    return len(rows)


def _brings_lived_experience(user) -> bool:
    return bool(set(user.scale_expertise) & {"service_user", "carer"})


def _analyze() -> None:
    """Fresh planner statistics after a bulk load, as autovacuum would give later."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
