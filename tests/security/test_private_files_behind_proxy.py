"""Issue 12, finding 4, through the documented production path: Debian's nginx running
the checked-in deploy/nginx.conf (with this test's ports, folders and a throw-away
certificate put in for the values marked CHANGE), over TLS, in front of gunicorn with
production settings and MEDIA_ACCEL_REDIRECT=true, on a SQLite database and an uploads
folder the test prepares. nginx runs as an unprivileged process of its own (as
`nobody` when the tests run as root) on free loopback ports; nothing is skipped: when
nginx is missing and cannot be installed (.ci/ensure-nginx), the test fails.

What a visitor gets of a draft's files (by the address the organiser sees, by guessing,
and by asking nginx's internal location), what a member gets of a members-only post's
attachment (the bytes, sent by nginx after the app's X-Accel-Redirect, which never
reaches the browser), and that a published post's cover loads for anyone."""

import http.client
import json
import os
import secrets
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path

import pytest
import redis
from PIL import Image

from devtools.serverctl import start_gunicorn, stop, wait_until_up

BASE_DIR = Path(__file__).resolve().parents[2]
NGINX = "/usr/sbin/nginx"
HOST = "localhost"
REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")

SEED = """
import json
from importlib import import_module

import django
django.setup()

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command

# What a release runs first (one process: each start of Django costs a second).
call_command("migrate", interactive=False, verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)

from members.models import Profile
from members.roles import sync_organisers_group
from network.blog.models import Attachment, Post
from network.models import Network
from tests.security.test_private_files_behind_proxy import jpeg, pdf

User = get_user_model()
owner = User.objects.create_superuser(
    email="owner@example.org", password="x-" * 10, display_name="Olive Owner"
)
organiser = User.objects.create_user(
    email="organiser@example.org", password="x-" * 10, display_name="Orla Organiser"
)
organiser.groups.add(sync_organisers_group())
member = User.objects.create_user(
    email="member@example.org", password="x-" * 10, display_name="Maya Member"
)
Profile.objects.update(state=Profile.State.ACTIVE)
Network.objects.create(
    name="Co-production practitioners network", owner=owner,
    visibility=Network.Visibility.PUBLIC,
)

def post_with_files(title, status, tag):
    post = Post(title=title, body="Words.", status=status)
    post.cover = ContentFile(jpeg(tag), name="cover.jpg")
    post.save()
    item = Attachment.objects.create(
        post=post, title="Minutes", file=ContentFile(pdf(tag), name="minutes.pdf")
    )
    return {
        "slug": post.slug, "cover": post.cover.name, "cover_url": post.cover.url,
        "attachment": item.file.name, "attachment_id": item.pk,
    }

def session(user):
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "members.backends.MemberModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key

print("SEED " + json.dumps({
    "draft": post_with_files("Our plans for next year", Post.Status.DRAFT, "draft"),
    "published": post_with_files("What we learnt", Post.Status.PUBLISHED, "published"),
    "sessions": {"member": session(member), "organiser": session(organiser)},
}))
"""

VISIBILITY = """
import sys
import django
django.setup()
from network.models import Network
network = Network.objects.get()
network.visibility = sys.argv[1]
network.save()  # refreshes the cached record the app servers read
"""


def jpeg(tag: str) -> bytes:
    buffer = BytesIO()
    colour = (200, 40, 40) if tag == "draft" else (40, 160, 90)
    Image.new("RGB", (24, 16), colour).save(buffer, "JPEG")
    return buffer.getvalue()


def pdf(tag: str) -> bytes:
    return f"%PDF-1.4\n% the {tag} post's minutes\n%%EOF\n".encode()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _run(args, *, env, what):
    result = subprocess.run(
        args, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, f"{what} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def render_site_config(*, app_port, http_port, https_port, media, certificate, key) -> str:
    """deploy/nginx.conf with this test's values for each one marked CHANGE."""
    text = (BASE_DIR / "deploy" / "nginx.conf").read_text()
    replacements = [
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{app_port};", 1),
        ("listen [::]:80;", "", 1),
        ("listen [::]:443 ssl;", "", 1),
        ("listen 80;", f"listen 127.0.0.1:{http_port};", 1),
        ("listen 443 ssl;", f"listen 127.0.0.1:{https_port} ssl;", 1),
        ("/etc/letsencrypt/live/network.example.org/fullchain.pem", str(certificate), 1),
        ("/etc/letsencrypt/live/network.example.org/privkey.pem", str(key), 1),
        ("server_name network.example.org;", f"server_name {HOST};", 2),
        ("alias /srv/network/media/;", f"alias {media}/;", 1),
    ]
    for old, new, count in replacements:
        # The file changed in a way this test does not know: say so rather than test
        # something else than what is checked in.
        assert text.count(old) == count, f"deploy/nginx.conf no longer has {old!r} {count}x"
        text = text.replace(old, new)
    return text


def main_config(folder: Path, site: Path) -> str:
    """What Debian's /etc/nginx/nginx.conf gives a site, for a process of our own."""
    temp = "\n".join(
        f"    {kind}_temp_path {folder}/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""
daemon off;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    log_format client '$remote_addr "$request" $status';
    access_log {folder}/access.log client;
{temp}
    include {site};
}}
"""


@pytest.fixture(scope="module")
def workdir():
    """The site's folder: database, uploads, certificate, nginx's files."""
    # In memory where there is /dev/shm: migrating SQLite on disk takes twice as long.
    shm = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
    root = Path(tempfile.mkdtemp(prefix="network-proxy-", dir=shm))
    root.chmod(0o755)  # nginx runs as another user
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def cache_prefix():
    """The site's keys in the shared Redis, removed afterwards."""
    subprocess.run([str(BASE_DIR / ".ci" / "ensure-redis")], check=True)
    prefix = f"proxy-test-{secrets.token_hex(4)}"
    yield prefix
    client = redis.Redis.from_url(REDIS_TEST_URL)
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)


@pytest.fixture(scope="module")
def site(workdir, cache_prefix):
    installed = subprocess.run([str(BASE_DIR / ".ci" / "ensure-nginx")], check=False)
    if installed.returncode != 0 or not os.access(NGINX, os.X_OK):
        pytest.fail("This test needs Debian's nginx (.ci/ensure-nginx could not install it).")

    root = workdir
    media, nginx_dir = root / "media", root / "nginx"
    media.mkdir()
    nginx_dir.mkdir()
    key, certificate = root / "tls.key", root / "tls.crt"
    _run(
        ["openssl", "req", "-x509", "-nodes", "-days", "1", "-subj", f"/CN={HOST}",
         "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-keyout", str(key), "-out", str(certificate)],
        env=os.environ, what="openssl",
    )  # fmt: skip
    key.chmod(0o644)  # a throw-away key the unprivileged nginx must read

    app_port, http_port, https_port = _free_port(), _free_port(), _free_port()
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", "/root"),
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONPATH": str(BASE_DIR),
        "DJANGO_SETTINGS_MODULE": "network.settings",
        "DEBUG": "false",
        "SECRET_KEY": "proxy-test-" + secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": f"{HOST},127.0.0.1",
        "LOG_LEVEL": "WARNING",
        "DATABASE_URL": f"sqlite:///{root / 'db.sqlite3'}",
        "MEDIA_ROOT": str(media),
        "MEDIA_ACCEL_REDIRECT": "true",
        # Several app processes share the cache, as production's must.
        "REDIS_URL": REDIS_TEST_URL,
        "CACHE_KEY_PREFIX": cache_prefix,
    }
    seeded = _run([sys.executable, "-c", SEED], env=env, what="migrating and seeding")
    line = next(line for line in seeded.splitlines() if line.startswith("SEED "))
    data = json.loads(line.removeprefix("SEED "))

    site_conf, main_conf = nginx_dir / "network.conf", nginx_dir / "nginx.conf"
    site_conf.write_text(
        render_site_config(
            app_port=app_port,
            http_port=http_port,
            https_port=https_port,
            media=media,
            certificate=certificate,
            key=key,
        )
    )
    main_conf.write_text(main_config(nginx_dir, site_conf))
    as_root = os.geteuid() == 0
    if as_root:
        shutil.chown(nginx_dir, "nobody", "nogroup")
    unprivileged = {"user": "nobody", "group": "nogroup"} if as_root else {}
    error_log = str(nginx_dir / "error.log")
    command = [NGINX, "-p", str(nginx_dir), "-c", str(main_conf), "-e", error_log]
    checked = subprocess.run(
        [*command, "-t"], capture_output=True, text=True, check=False, **unprivileged
    )
    assert checked.returncode == 0, checked.stderr

    app = start_gunicorn(port=app_port, env=env, workers=2, log_path=root / "gunicorn.log")
    proxy = subprocess.Popen(command, start_new_session=True, **unprivileged)  # noqa: S603
    try:
        wait_until_up(app_port)
        _wait_for_tls(https_port)
        yield {
            **data,
            "port": https_port,
            "http_port": http_port,
            "env": env,
            "root": root,
            "media": media,
            "access_log": nginx_dir / "access.log",
        }
    finally:
        stop(proxy)
        stop(app)


def _wait_for_tls(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if fetch({"port": port}, "/healthz")[0] == 200:
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.1)


def fetch(site, path, *, session=None, headers=None, port=None, source="127.0.0.1"):
    """(status, headers with lower-case names, body) from nginx over TLS (or plain http
    to `port`), from the loopback address `source`."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    origin = (source, 0)
    if port is None:
        connection = http.client.HTTPSConnection(
            "127.0.0.1", site["port"], timeout=10, context=context, source_address=origin
        )
    else:
        connection = http.client.HTTPConnection(
            "127.0.0.1", port, timeout=10, source_address=origin
        )
    sent = {"Host": HOST, "User-Agent": "Mozilla/5.0 (proxy test)", **(headers or {})}
    if session:
        sent["Cookie"] = f"sessionid={site['sessions'][session]}"
    try:
        connection.request("GET", path, headers=sent)
        response = connection.getresponse()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        connection.close()


def stored(site, name: str) -> bytes:
    """The file as stored (covers are re-encoded on upload)."""
    return (site["media"] / name).read_bytes()


def set_visibility(site, visibility: str) -> None:
    _run([sys.executable, "-c", VISIBILITY, visibility], env=site["env"], what="visibility")


def test_a_visitor_gets_none_of_a_drafts_files_through_nginx(site):
    draft = site["draft"]
    guesses = [
        draft["cover_url"],  # the address the organiser's preview shows
        f"/media/{draft['attachment']}",
        f"/blog/{draft['slug']}/attachments/{draft['attachment_id']}/",
        # Guessing where the files are: the old names, and nginx's own location.
        f"/media/covers/{draft['slug']}.jpg",
        f"/protected/{draft['cover']}",
        f"/protected/{draft['attachment']}",
        f"/media/avatars/../{draft['cover']}",
    ]
    cover = stored(site, draft["cover"])
    for path in guesses:
        status, headers, body = fetch(site, path)
        assert status in (403, 404), (path, status)
        assert cover not in body and pdf("draft") not in body, path
        assert "x-accel-redirect" not in headers, path

    # The organiser, asking the same addresses, gets the files: only the check differs.
    status, _, body = fetch(site, draft["cover_url"], session="organiser")
    assert (status, body) == (200, cover)
    status, _, body = fetch(site, f"/media/{draft['attachment']}", session="organiser")
    assert (status, body) == (200, pdf("draft"))


def test_a_published_posts_cover_loads_for_a_visitor(site):
    status, headers, body = fetch(site, site["published"]["cover_url"])

    assert status == 200
    assert body == stored(site, site["published"]["cover"])
    assert headers["content-type"] == "image/jpeg"
    assert "x-accel-redirect" not in headers
    # The app's headers come through the redirect, the others from deploy/nginx.conf.
    assert headers["cache-control"] == "private, max-age=3600"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["content-security-policy"] == "default-src 'none'; sandbox"


def test_a_member_downloads_a_members_only_posts_attachment_sent_by_nginx(site):
    published = site["published"]
    download = f"/blog/{published['slug']}/attachments/{published['attachment_id']}/"
    set_visibility(site, "members-only")
    try:
        for path in (download, f"/media/{published['attachment']}", published["cover_url"]):
            status, _, body = fetch(site, path)
            assert status in (302, 404), (path, status)
            assert pdf("published") not in body
            assert stored(site, published["cover"]) not in body

        status, headers, body = fetch(site, download, session="member")
        assert (status, body) == (200, pdf("published"))
        assert headers["content-type"] == "application/pdf"
        assert headers["content-disposition"] == 'attachment; filename="Minutes.pdf"'
        assert "x-accel-redirect" not in headers
        # nginx, not the app, sent the bytes: it answers a range request, which the
        # app's own file responses never do.
        status, headers, body = fetch(
            site, download, session="member", headers={"Range": "bytes=0-3"}
        )
        assert (status, body, headers["content-range"]) == (
            206,
            b"%PDF",
            f"bytes 0-3/{len(pdf('published'))}",
        )
    finally:
        set_visibility(site, "public")


def test_pages_are_compressed_and_plain_http_leads_to_https(site):
    status, headers, _ = fetch(site, "/", headers={"Accept-Encoding": "gzip"})
    assert (status, headers.get("content-encoding")) == (200, "gzip")

    status, headers, _ = fetch(site, "/blog/", port=site["http_port"])
    assert status == 301
    assert headers["location"] == f"https://{HOST}/blog/"


def test_a_client_address_is_believed_only_from_a_trusted_proxy(site):
    forwarded = {"X-Forwarded-For": "203.0.113.7"}
    # From 127.0.0.1, listed in set_real_ip_from, X-Forwarded-For names the client...
    fetch(site, "/healthz?trusted", headers=forwarded)
    # ...from any other address it is the client's own claim, and ignored.
    fetch(site, "/healthz?untrusted", headers=forwarded, source="127.0.0.2")
    # nginx's one worker has logged a request once it has answered the next one.
    fetch(site, "/healthz?last")

    log = [line for line in site["access_log"].read_text().splitlines() if "?last" not in line]
    assert log[-2:] == [
        '203.0.113.7 "GET /healthz?trusted HTTP/1.1" 200',
        '127.0.0.2 "GET /healthz?untrusted HTTP/1.1" 200',
    ]
