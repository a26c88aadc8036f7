"""The load and fault scenario behind `manage.py loadtest` (and `make loadtest`).

Simulated members, one thread and one session each, browse, comment, like,
register for workshops and cancel against a real gunicorn, while anonymous
visitors sign up. Every write that gets a success answer is written down on the
client side (the comment's unique text, the like's state, the registration's
state, the new account's e-mail address); afterwards the database must hold
every one of them, and the counts (views, likes, places) must add up.

Optionally the PostgreSQL cluster is stopped and started in the middle of the
run: then every answer during the outage must be the friendly 503 (never a
500), /healthz must say 503, and within RECOVERY_LIMIT seconds of the database
coming back every request must succeed again, with the same app processes.

Each thread drives one member, so the member's own likes and registrations
change only through that thread: what it saw acknowledged is what must be there.
"""

import random
import re
import subprocess
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import connections
from django.utils import timezone

from devtools.loadgen import Client, percentile, session_cookie_for

RECOVERY_LIMIT = 5.0
EVIDENCE_AFTER_RECOVERY = 4.0
OUTAGE_MARKER = "We'll be back in a moment"
LAYOUT_MARKERS = ('<a class="skip-link" href="#main">', "Report an Issue</a>")
BROWSER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) network-loadtest/1.0"
# Matches network.blog_views.BOT_PATTERN ("monitor"): the checker's reads count no views.
MONITOR_AGENT = "network-loadtest-monitor/1.0"
LIKE_BUTTON = re.compile(r'action="[^"]*/like/"[^>]*>.*?aria-pressed="(true|false)"', re.S)
LIKE_COUNT = re.compile(r"(\d+) likes?(?: \(including you\))?</span>")

# Action -> weight: mostly reading, as on the real site.
MIX = {
    "browse": 44,
    "read_post": 16,
    "comment": 14,
    "like": 12,
    "register": 7,
    "cancel": 5,
    "signup": 2,
}
WORKSHOP_CAPACITY = 4


# --- The dataset ---------------------------------------------------------------------------------


@dataclass
class Dataset:
    run_id: str
    members: list
    posts: list  # (pk, slug)
    workshops: list  # (pk, slug, capacity)


def seed(*, members: int, run_id: str | None = None) -> Dataset:
    """A network with `members` active members, three open posts and three small
    workshops, all new for this run (earlier runs' data is left alone)."""
    from allauth.account.models import EmailAddress

    from members.models import Profile, TermsAcceptance
    from network.blog.models import Post
    from network.models import Network, TermsVersion
    from workshops.models import Workshop

    run_id = run_id or uuid.uuid4().hex[:8]
    User = get_user_model()
    owner = User.objects.filter(email="loadtest-owner@loadtest.invalid").first()
    if owner is None:
        owner = User.objects.create_superuser(
            email="loadtest-owner@loadtest.invalid", password=None, display_name="Load Owner"
        )
    Profile.objects.filter(user=owner).update(state=Profile.State.ACTIVE)
    network = Network.objects.order_by("pk").first()
    if network is None:
        network = Network(name="Co-production practitioners network", owner=owner)
    network.join_policy = Network.JoinPolicy.OPEN
    network.visibility = Network.Visibility.PUBLIC
    network.save()  # also refreshes the shared cache the app servers read
    terms = TermsVersion.objects.current() or TermsVersion.objects.create(
        version="load-1", text="Be kind."
    )

    people = []
    for n in range(members):
        email = f"lt-{run_id}-{n}@loadtest.invalid"
        user = User.objects.create_user(email=email, password=None, display_name=f"Load {n}")
        Profile.objects.filter(user=user).update(state=Profile.State.ACTIVE)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        TermsAcceptance.objects.create(user=user, terms=terms)
        people.append(user)

    posts = []
    for n in range(3):
        post = Post.objects.create(
            title=f"Load test {run_id} post {n}",
            body="What co-production asks of everyone in the room.",
            status=Post.Status.PUBLISHED,
            publish_at=timezone.now() - timedelta(hours=1),
        )
        post.authors.set([owner])
        posts.append((post.pk, post.slug))

    start = timezone.now() + timedelta(days=14)
    workshops = []
    for n in range(3):
        workshop = Workshop.objects.create(
            title=f"Load test {run_id} workshop {n}",
            summary="Learning together.",
            description="A live case study.",
            format=Workshop.Format.SHORT,
            start=start,
            end=start + timedelta(hours=3),
            venue_name="Oxford House",
            venue_address="Derbyshire Street, London E2 6HG",
            capacity=WORKSHOP_CAPACITY,
        )
        workshops.append((workshop.pk, workshop.slug, workshop.capacity))
    return Dataset(run_id=run_id, members=people, posts=posts, workshops=workshops)


# --- What the clients saw -------------------------------------------------------------------------


@dataclass
class Outcome:
    started: float
    finished: float
    method: str
    path: str
    status: int  # 0: no answer at all (connection refused, reset, timeout)
    outage_page: bool = False
    error: str = ""


@dataclass
class Ledger:
    """Acknowledged writes and observations, per thread (no locking needed)."""

    outcomes: list = field(default_factory=list)
    comments: list = field(default_factory=list)  # texts acknowledged
    likes: dict = field(default_factory=dict)  # (user_pk, post_pk) -> True/False/None
    registrations: dict = field(default_factory=dict)  # (user_pk, workshop_pk) -> bool/None
    viewed: set = field(default_factory=set)  # post pks this session read (200)
    # Reads of a post this session had not read yet that got no 200: each may have
    # counted a view whose session update then failed, so the next read counts again.
    unsure_reads: dict = field(default_factory=dict)
    signups: list = field(default_factory=list)
    lost: list = field(default_factory=list)  # writes seen acknowledged, then missing
    counts: dict = field(default_factory=dict)

    def count(self, label):
        self.counts[label] = self.counts.get(label, 0) + 1


class Member:
    """One simulated member: their own session, cookies and ledger."""

    def __init__(self, *, index, user, dataset, host, port, deadline, rng):
        self.index = index
        self.user = user
        self.dataset = dataset
        self.client = Client(host, port, timeout=20)
        self.client.set_cookie_header(session_cookie_for(user))
        self.anonymous = Client(host, port, timeout=20)
        self.deadline = deadline
        self.rng = rng
        self.ledger = Ledger()
        self.sequence = 0
        self.token = None

    def call(self, method, path, data=None, *, client=None):
        client = client or self.client
        started = time.monotonic()
        try:
            response = client.request(
                method, path, data=data, headers={"User-Agent": BROWSER_AGENT}
            )
        except OSError as error:  # refused, reset, timed out: no answer at all
            client.close()
            outcome = Outcome(started, time.monotonic(), method, path, 0, error=repr(error))
            self.ledger.outcomes.append(outcome)
            return None
        body = response.body.decode("utf-8", "replace")
        outcome = Outcome(
            started,
            time.monotonic(),
            method,
            path,
            response.status,
            outage_page=response.status == 503
            and OUTAGE_MARKER in body
            and all(marker in body for marker in LAYOUT_MARKERS)
            and response.headers.get("retry-after") == "5",
        )
        self.ledger.outcomes.append(outcome)
        if response.status >= 500:
            time.sleep(0.1)  # a person would not hammer a site that says "try again"
        response.text = body
        return response

    def csrf(self):
        if self.token is None:
            response = self.read_post(self.dataset.posts[0])
            if response is None:
                return None
            match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)
            self.token = match.group(1) if match else None
        return self.token

    def run(self):
        actions, weights = zip(*MIX.items(), strict=True)
        while time.monotonic() < self.deadline.at:
            action = self.rng.choices(actions, weights)[0]
            self.ledger.count(action)
            getattr(self, action)()
        self.client.close()
        self.anonymous.close()

    # Reading ---------------------------------------------------------------------------------

    def browse(self):
        path = self.rng.choice(
            ["/", "/blog/", "/workshops/", "/about/"]
            + [f"/workshops/{slug}/" for _, slug, _ in self.dataset.workshops]
        )
        self.call("GET", path)

    def read_post(self, post=None):
        post_pk, slug = post or self.rng.choice(self.dataset.posts)
        response = self.call("GET", f"/blog/{slug}/")
        if response is None or response.status != 200:
            if post_pk not in self.ledger.viewed:
                unsure = self.ledger.unsure_reads
                unsure[post_pk] = unsure.get(post_pk, 0) + 1
            return None
        self.ledger.viewed.add(post_pk)
        match = LIKE_BUTTON.search(response.text)
        if match:
            self._observe_like(post_pk, match.group(1) == "true")
        return response

    def _observe_like(self, post_pk, liked):
        key = (self.user.pk, post_pk)
        known = self.ledger.likes.get(key)
        if known is not None and known != liked:
            self.ledger.lost.append(f"like {key}: acknowledged {known}, page shows {liked}")
        self.ledger.likes[key] = liked

    # Writing ---------------------------------------------------------------------------------

    def comment(self):
        token = self.csrf()
        if token is None:
            return
        post_pk, slug = self.rng.choice(self.dataset.posts)
        self.sequence += 1
        text = f"Load comment {self.dataset.run_id}-{self.index}-{self.sequence}"
        response = self.call(
            "POST", f"/blog/{slug}/comments/", {"csrfmiddlewaretoken": token, "comment": text}
        )
        if (
            response is not None
            and response.status == 302
            and "#c" in response.headers.get("location", "")
        ):
            self.ledger.comments.append(text)

    def like(self):
        post = self.rng.choice(self.dataset.posts)
        if self.read_post(post) is None:
            return
        token = self.csrf()
        if token is None:
            return
        key = (self.user.pk, post[0])
        before = self.ledger.likes.get(key)
        response = self.call("POST", f"/blog/{post[1]}/like/", {"csrfmiddlewaretoken": token})
        if response is not None and response.status == 302 and before is not None:
            self.ledger.likes[key] = not before
        else:
            self.ledger.likes[key] = None  # it may or may not have happened

    def register(self):
        token = self.csrf()
        if token is None:
            return
        workshop_pk, slug, _ = self.rng.choice(self.dataset.workshops)
        key = (self.user.pk, workshop_pk)
        response = self.call("POST", f"/workshops/{slug}/register/", {"csrfmiddlewaretoken": token})
        acknowledged = response is not None and response.status == 302
        self.ledger.registrations[key] = True if acknowledged else None

    def cancel(self):
        token = self.csrf()
        if token is None:
            return
        workshop_pk, slug, _ = self.rng.choice(self.dataset.workshops)
        key = (self.user.pk, workshop_pk)
        response = self.call("POST", f"/workshops/{slug}/cancel/", {"csrfmiddlewaretoken": token})
        acknowledged = response is not None and response.status == 302
        self.ledger.registrations[key] = False if acknowledged else None

    def signup(self):
        page = self.call("GET", "/accounts/signup/", client=self.anonymous)
        if page is None or page.status != 200:
            return
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        self.sequence += 1
        email = f"lt-{self.dataset.run_id}-new-{self.index}-{self.sequence}@loadtest.invalid"
        data = {
            "csrfmiddlewaretoken": match.group(1),
            "email": email,
            "password1": "a long and unusual passphrase 42",
            "password2": "a long and unusual passphrase 42",
            "display_name": f"New {self.index}-{self.sequence}",
            "accept_terms": "on",
            "website_url": "",
        }
        response = self.call("POST", "/accounts/signup/", data, client=self.anonymous)
        if response is not None and response.status == 302:
            self.ledger.signups.append(email)
        # Sign-ups are rate limited per address (429): a fresh visitor each time.
        self.anonymous.cookies.clear()


class Deadline:
    """When the load stops; a database outage pushes it past its recovery window."""

    def __init__(self, at: float):
        self.at = at

    def extend_to(self, at: float):
        self.at = max(self.at, at)


# --- Probing and faults ---------------------------------------------------------------------------


class Probe(threading.Thread):
    """A load balancer's view: /healthz and the home page, five times a second."""

    def __init__(self, host, port, deadline):
        super().__init__(daemon=True)
        self.client = Client(host, port, timeout=10)
        self.deadline = deadline
        self.samples = []  # (started, path, status, outage_page, answered)

    def run(self):
        while time.monotonic() < self.deadline.at:
            for path in ("/healthz", "/"):
                started = time.monotonic()
                try:
                    response = self.client.request(
                        "GET", path, headers={"User-Agent": MONITOR_AGENT}
                    )
                except OSError:
                    self.client.close()
                    self.samples.append((started, path, 0, False, time.monotonic()))
                    continue
                body = response.body.decode("utf-8", "replace")
                page = OUTAGE_MARKER in body and all(m in body for m in LAYOUT_MARKERS)
                self.samples.append((started, path, response.status, page, time.monotonic()))
            time.sleep(0.2)
        self.client.close()


class DatabaseOutage(threading.Thread):
    """Stops the PostgreSQL cluster `version/name` at `at`, starts it again
    `seconds` later, and notes when it answered again."""

    def __init__(self, *, cluster: str, port: int, at: float, seconds: float):
        super().__init__(daemon=True)
        self.deadline = None  # set by run_load
        self.version, self.name = cluster.split("/")
        self.port = port
        self.at = at
        self.seconds = seconds
        self.stopping = self.down = self.starting = self.up = None
        self.error = None

    def ctl(self, action):
        subprocess.run(  # noqa: S603
            ["pg_ctlcluster", "--skip-systemctl-redirect", self.version, self.name, action,  # noqa: S607
             *(["-m", "fast"] if action == "stop" else [])],
            check=True, capture_output=True, timeout=60,
        )  # fmt: skip

    def run(self):
        try:
            time.sleep(max(0.0, self.at - time.monotonic()))
            self.stopping = time.monotonic()
            self.ctl("stop")
            self.down = time.monotonic()
            time.sleep(self.seconds)
            self.starting = time.monotonic()
            self.ctl("start")
            while not _pg_ready(self.port):
                time.sleep(0.05)
            self.up = time.monotonic()
            # Keep the load going long enough to see every request succeed again.
            self.deadline.extend_to(self.up + RECOVERY_LIMIT + EVIDENCE_AFTER_RECOVERY)
        except Exception as error:  # noqa: BLE001 - reported in the summary
            self.error = repr(error)


def _pg_ready(port) -> bool:
    result = subprocess.run(  # noqa: S603
        ["pg_isready", "-h", "127.0.0.1", "-p", str(port), "-q"],  # noqa: S607
        check=False,
        timeout=10,
    )
    return result.returncode == 0


# --- Running and checking -------------------------------------------------------------------------


def run_load(*, dataset, host, port, duration, outage: DatabaseOutage | None = None, seed=7):
    """Drive the site for `duration` seconds (longer if the database outage needs it to
    show recovery); returns (members, probe, elapsed)."""
    deadline = Deadline(time.monotonic() + duration)
    rng = random.Random(seed)  # noqa: S311 - load mix, not security
    members = [
        Member(
            index=n,
            user=user,
            dataset=dataset,
            host=host,
            port=port,
            deadline=deadline,
            rng=random.Random(rng.random()),  # noqa: S311
        )
        for n, user in enumerate(dataset.members)
    ]
    # The sessions are written; the threads below need no connection of ours.
    connections.close_all()
    probe = Probe(host, port, deadline)
    threads = [threading.Thread(target=m.run, daemon=True) for m in members]
    started = time.monotonic()
    probe.start()
    if outage is not None:
        outage.deadline = deadline
        outage.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=duration + 300)
    probe.join(timeout=30)
    if outage is not None:
        outage.join(timeout=120)
    return members, probe, time.monotonic() - started


def verify(*, dataset, members, probe, outage, elapsed, host, port) -> dict:
    """Everything the run must satisfy, as a report; `report["failures"]` lists what broke."""
    from django_comments_xtd.models import XtdComment

    from network.blog.models import Post, PostLike
    from network.blog.services import flush_view_counts
    from workshops.models import Registration, Workshop

    failures = []
    outcomes = [o for m in members for o in m.ledger.outcomes]
    statuses = {}
    for o in outcomes:
        statuses[o.status] = statuses.get(o.status, 0) + 1

    # Answers: what is allowed when.
    window = None
    if outage is not None:
        if outage.error or outage.up is None:
            failures.append(f"the database outage did not complete: {outage.error}")
        else:
            window = (outage.stopping, outage.up + RECOVERY_LIMIT)
    bad = []
    for o in outcomes:
        # A request in flight when the database stops may end with the 503 page too.
        if o.status == 503 and window and o.finished >= window[0] and o.started <= window[1]:
            if not o.outage_page:
                bad.append(o)
            continue
        if o.status >= 500 or o.status == 0 or 400 <= o.status < 500 and o.status != 429:
            bad.append(o)
    for o in bad[:20]:
        failures.append(f"{o.method} {o.path} -> {o.status or 'no answer'} {o.error}".strip())
    if len(bad) > 20:
        failures.append(f"... and {len(bad) - 20} more bad answers")
    server_errors = sum(1 for o in outcomes if o.status >= 500)
    outage_503 = sum(1 for o in outcomes if o.status == 503 and o.outage_page)

    report = {
        "run_id": dataset.run_id,
        "seconds": round(elapsed, 1),
        "connections": len(members),
        "requests": len(outcomes),
        "requests_per_second": round(len(outcomes) / elapsed, 1) if elapsed else 0,
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "server_errors": server_errors,
        "outage_503_pages": outage_503,
        "bad_answers": len(bad),
        "latency_ms": {
            "p50": round(percentile([o.finished - o.started for o in outcomes], 0.5) * 1000, 1),
            "p95": round(percentile([o.finished - o.started for o in outcomes], 0.95) * 1000, 1),
            "p99": round(percentile([o.finished - o.started for o in outcomes], 0.99) * 1000, 1),
        },
        "actions": _sum_counts(m.ledger.counts for m in members),
    }

    if outage is not None and outage.up is not None:
        report.update(_outage_report(outage, outcomes, probe, failures))

    # Acknowledged writes: every one is in the database.
    acked_comments = [t for m in members for t in m.ledger.comments]
    post_pks = [pk for pk, _ in dataset.posts]
    stored = set(
        XtdComment.objects.filter(comment__in=acked_comments).values_list("comment", flat=True)
    )
    missing = [t for t in acked_comments if t not in stored]
    failures += [f"acknowledged comment missing: {t}" for t in missing[:10]]

    likes = {k: v for m in members for k, v in m.ledger.likes.items()}
    liked_rows = set(
        PostLike.objects.filter(post_id__in=post_pks).values_list("user_id", "post_id")
    )
    like_errors = [
        f"like {key}: expected {'liked' if want else 'not liked'}"
        for key, want in likes.items()
        if want is not None and (key in liked_rows) != want
    ]
    failures += like_errors[:10]
    failures += [lost for m in members for lost in m.ledger.lost][:10]

    registrations = {k: v for m in members for k, v in m.ledger.registrations.items()}
    active = set(
        Registration.objects.filter(workshop_id__in=[pk for pk, _, _ in dataset.workshops])
        .exclude(status=Registration.Status.CANCELLED)
        .values_list("member_id", "workshop_id")
    )
    registration_errors = [
        f"registration {key}: expected {'registered' if want else 'not registered'}"
        for key, want in registrations.items()
        if want is not None and (key in active) != want
    ]
    failures += registration_errors[:10]

    acked_signups = [e for m in members for e in m.ledger.signups]
    User = get_user_model()
    found = set(User.objects.filter(email__in=acked_signups).values_list("email", flat=True))
    failures += [f"acknowledged sign-up missing: {e}" for e in acked_signups if e not in found]

    # Counts add up.
    places = []
    for pk, _slug, capacity in dataset.workshops:
        workshop = Workshop.objects.get(pk=pk)
        confirmed = workshop.registrations.filter(status=Registration.Status.CONFIRMED).count()
        waiting = workshop.registrations.filter(status=Registration.Status.WAITING).count()
        places.append({"workshop": pk, "capacity": capacity, "confirmed": confirmed,
                       "waiting": waiting})  # fmt: skip
        if confirmed > capacity:
            failures.append(f"workshop {pk}: {confirmed} confirmed for {capacity} places")
        if waiting and confirmed < capacity:
            failures.append(f"workshop {pk}: {waiting} waiting while a place is free")

    checker = Client(host, port, timeout=20)
    # Views are counted in the shared cache; the scheduled worker's flush stores them.
    flush_view_counts()
    views = []
    for pk, slug in dataset.posts:
        post = Post.objects.get(pk=pk)
        readers = sum(1 for m in members if pk in m.ledger.viewed)
        unsure = sum(m.ledger.unsure_reads.get(pk, 0) for m in members)
        rows = PostLike.objects.filter(post_id=pk).count()
        views.append({"post": pk, "views": post.view_count, "sessions_that_read_it": readers,
                      "unanswered_first_reads": unsure, "likes": rows})  # fmt: skip
        # One view per reading session. A first read that got no 200 (the outage)
        # may have counted a view anyway, so the count may be higher by that many.
        if not readers <= post.view_count <= readers + unsure:
            failures.append(
                f"post {pk}: {post.view_count} views; {readers} sessions read it "
                f"(+{unsure} unanswered first reads)"
            )
        page = checker.request("GET", f"/blog/{slug}/", headers={"User-Agent": MONITOR_AGENT})
        shown = LIKE_COUNT.search(page.body.decode("utf-8", "replace"))
        if page.status != 200 or not shown or int(shown.group(1)) != rows:
            failures.append(
                f"post {pk}: page shows {shown and shown.group(1)} likes, {rows} in the database"
            )
    checker.close()

    report["acknowledged_writes"] = {
        "comments": len(acked_comments),
        "likes_known": sum(1 for v in likes.values() if v is not None),
        "registrations_known": sum(1 for v in registrations.values() if v is not None),
        "signups": len(acked_signups),
    }
    report["lost_writes"] = (
        len(missing)
        + len(like_errors)
        + len(registration_errors)
        + sum(len(m.ledger.lost) for m in members)
    )
    report["places"] = places
    report["views"] = views
    report["failures"] = failures
    return report


def _outage_report(outage, outcomes, probe, failures) -> dict:
    # Only what was asked and answered while the database was away: a request that
    # waited in the queue until after the restart began is rightly served normally.
    down = [s for s in probe.samples if outage.down <= s[0] and s[4] < outage.starting]
    health_down = [s for s in down if s[1] == "/healthz"]
    pages_down = [s for s in down if s[1] == "/"]
    if not health_down or any(s[2] != 503 for s in health_down):
        failures.append(
            f"/healthz during the outage: {sorted({s[2] for s in health_down})} (want 503)"
        )
    if not pages_down or any(s[2] != 503 or not s[3] for s in pages_down):
        seen = sorted({(s[2], s[3]) for s in pages_down})
        failures.append(
            "the home page during the outage was not always the 503 page: "
            f"(status, outage page) seen {seen}"
        )
    failed_after = [o for o in outcomes if o.started >= outage.up and o.status >= 500]
    last_failure = max((o.started - outage.up for o in failed_after), default=0.0)
    healthy = [s[0] for s in probe.samples if s[1] == "/healthz" and s[0] >= outage.up
               and s[2] == 200]  # fmt: skip
    served_after = sum(
        1 for o in outcomes if o.started > outage.up + RECOVERY_LIMIT and o.status < 500
    )
    if last_failure > RECOVERY_LIMIT:
        failures.append(f"requests still failed {last_failure:.1f}s after the database was back")
    if served_after == 0:
        failures.append("no request was served after the recovery window: run longer")
    during = [o for o in outcomes if outage.down <= o.started < outage.starting]
    return {
        "outage": {
            "stop_took": round(outage.down - outage.stopping, 2),
            "database_away_seconds": round(outage.up - outage.down, 2),
            "requests_while_away": len(during),
            "outage_pages_while_away": sum(1 for o in during if o.outage_page),
            "healthz_503_while_away": sum(1 for s in health_down if s[2] == 503),
            "last_failure_after_back_seconds": round(last_failure, 2),
            "healthz_200_after_back_seconds": round(min(healthy) - outage.up, 2)
            if healthy
            else None,
            "requests_served_after_recovery_window": served_after,
        }
    }


def _sum_counts(dicts) -> dict:
    total = {}
    for counts in dicts:
        for key, value in counts.items():
            total[key] = total.get(key, 0) + value
    return dict(sorted(total.items()))
