"""Uploaded files: stored under names nobody can guess, served only after a check.

Every upload (members' pictures, post covers and attachments, workshop covers) is
private. Its address is `MEDIA_URL + name` (`/media/covers/<random>/<name>.jpg`), and
that address leads to `upload` below, never straight to the files: the app that owns
the file's folder says whether this viewer may have it (`settings.UPLOAD_ACCESS`, a
check per folder), and only then is it sent:

- behind nginx (`MEDIA_ACCEL_REDIRECT=true`): an empty answer whose `X-Accel-Redirect`
  names an `internal` location serving `MEDIA_ROOT` (deploy/nginx.conf), so nginx
  sends the bytes and `MEDIA_ROOT` has no public address of its own;
- with object storage (a storage with `signed_url`, network.storage): a redirect to a
  link to the bucket that expires after `UPLOAD_LINK_SECONDS`;
- otherwise (development, tests, a site without a proxy): streamed by Django.

A refusal is a 404, the same as a file that does not exist: guessing names learns
nothing. docs/security.md has the rules, docs/operations.md the proxy set-up.
"""

import mimetypes
import posixpath
import re
import secrets
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.utils.deconstruct import deconstructible
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from network import hooks

# A browser may keep a file it was given this long (the names never change: a new
# upload gets a new name), but only for the person it was given to.
PRIVATE_CACHE = "private, max-age=3600"
# Served files are never run as a page, whatever they contain.
FILE_CSP = "default-src 'none'; sandbox"

# Names as our own code makes them: folders and files of letters, digits, ".", "_"
# and "-", never starting with a dot. Anything else (.., //, \, %, NUL) is not ours.
_SEGMENT = r"[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}"
_NAME = re.compile(rf"{_SEGMENT}(?:/{_SEGMENT}){{1,5}}")


@deconstructible
class RandomFolder:
    """`upload_to` for a FileField: `<folder>/<32 random hex digits>/<name given>`,
    e.g. `covers/3f9c…/my-post.jpg`. The random folder (128 bits) makes the address
    unguessable; the file keeps a readable name for the person who downloads it."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        ascii_name = posixpath.basename(filename).encode("ascii", "ignore").decode()
        name = re.sub(r"[^A-Za-z0-9._-]", "_", ascii_name)[-100:].lstrip(".") or "file"
        return f"{self.folder}/{secrets.token_hex(16)}/{name}"

    def __eq__(self, other):
        return isinstance(other, RandomFolder) and other.folder == self.folder

    def __hash__(self):
        return hash(self.folder)


@dataclass(frozen=True)
class Grant:
    """What an app's check returns when the viewer may have the file."""

    # Set: sent as a download (Content-Disposition: attachment) under this name.
    download_name: str | None = None
    # The file's type; guessed from its name when not given.
    content_type: str | None = None


def is_upload_name(name: str) -> bool:
    """True for a name our own code could have made (see _NAME)."""
    return bool(_NAME.fullmatch(name)) and posixpath.normpath(name) == name


@require_safe
def upload(request, name):
    """Any uploaded file, by its stored name, after the check of its folder."""
    if not is_upload_name(name):
        raise Http404("No such file.")
    check = hooks.upload_access(name.split("/", 1)[0])
    grant = check(request, name) if check is not None else None
    if grant is None:
        raise Http404("No such file.")
    return send(name, grant)


# Each folder's check decides, members-only networks included (a refusal is a 404,
# not a sign-in page: an <img> cannot follow one).
upload.members_only_exempt = True


def send(name: str, grant: Grant, storage=None) -> HttpResponse:
    """The response that gives the viewer the stored file `name`: call it only
    after deciding they may have it."""
    storage = storage or default_storage
    content_type = grant.content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
    signed_url = getattr(storage, "signed_url", None)
    if signed_url is not None:
        response = HttpResponseRedirect(signed_url(name, download_name=grant.download_name))
        # The link expires: never keep the redirect longer than a fraction of its life.
        response["Cache-Control"] = "private, max-age=60"
    elif settings.MEDIA_ACCEL_REDIRECT:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.MEDIA_ACCEL_PREFIX + quote(name)
        if grant.download_name:
            response["Content-Disposition"] = content_disposition_header(True, grant.download_name)
        response["Cache-Control"] = PRIVATE_CACHE
    else:
        try:
            handle = storage.open(name, "rb")
        except (FileNotFoundError, IsADirectoryError) as error:
            raise Http404("This file is no longer available.") from error
        response = FileResponse(
            handle,
            as_attachment=bool(grant.download_name),
            filename=grant.download_name or posixpath.basename(name),
            content_type=content_type,
        )
        response["Cache-Control"] = PRIVATE_CACHE
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP
    return response
