"""A small HTTP client for driving the running site from the benchmark and load tests.

Signed-in traffic needs a session and a CSRF token per simulated member; this
module makes both without going through the sign-in form (which is rate limited,
as it should be), and speaks plain HTTP/1.1 with keep-alive through http.client.
"""

import http.client
import re
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def session_cookie_for(user) -> str:
    """A signed-in session for `user`, as the Cookie header value."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "members.backends.MemberModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


@dataclass
class Response:
    status: int
    body: bytes
    headers: dict
    seconds: float


@dataclass
class Client:
    """One simulated person: a keep-alive connection and their cookies."""

    host: str
    port: int
    cookies: dict = field(default_factory=dict)
    timeout: float = 30.0

    def __post_init__(self):
        self._connection = None

    def _conn(self):
        if self._connection is None:
            self._connection = http.client.HTTPConnection(
                self.host, self.port, timeout=self.timeout
            )
        return self._connection

    def close(self):
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def set_cookie_header(self, header: str):
        for part in header.split(";"):
            if "=" in part:
                name, value = part.strip().split("=", 1)
                self.cookies[name] = value

    def request(self, method: str, path: str, data: dict | None = None, headers=None) -> Response:
        all_headers = {"Host": f"{self.host}:{self.port}", "User-Agent": "network-loadgen/1.0"}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
            all_headers["Referer"] = f"http://{self.host}:{self.port}{path}"
            all_headers["Origin"] = f"http://{self.host}:{self.port}"
        all_headers.update(headers or {})
        started = time.perf_counter()
        for attempt in range(2):
            try:
                conn = self._conn()
                conn.request(method, path, body=body, headers=all_headers)
                raw = conn.getresponse()
                payload = raw.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # A keep-alive connection the server closed: reconnect once. Never
                # for a POST, which the server may have acted on before the reset.
                self.close()
                if attempt or method not in ("GET", "HEAD"):
                    raise
        elapsed = time.perf_counter() - started
        response_headers = {k.lower(): v for k, v in raw.getheaders()}
        for name, value in raw.getheaders():
            if name.lower() == "set-cookie":
                first = value.split(";", 1)[0]
                if "=" in first:
                    key, val = first.split("=", 1)
                    self.cookies[key.strip()] = val.strip()
        if response_headers.get("connection", "").lower() == "close":
            self.close()
        return Response(raw.status, payload, response_headers, elapsed)

    def csrf_token(self, path: str) -> str:
        """Open a page with a form and return its CSRF token (sets the CSRF cookie)."""
        page = self.request("GET", path)
        match = CSRF_INPUT.search(page.body.decode("utf-8", "replace"))
        if not match:
            raise RuntimeError(f"No form with a CSRF token at {path} (status {page.status})")
        return match.group(1)


class Tally:
    """Thread-safe counts of outcomes by label."""

    def __init__(self):
        self._lock = threading.Lock()
        self.counts: dict[str, int] = {}
        self.latencies: list[float] = []

    def add(self, label: str, seconds: float | None = None):
        with self._lock:
            self.counts[label] = self.counts.get(label, 0) + 1
            if seconds is not None:
                self.latencies.append(seconds)


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]
