"""A fingerprint of this release's code and templates, part of every cache key that holds
a pickled object or rendered HTML.

A shared Redis outlives a deploy. Without the fingerprint the new release would read
what the old one stored: HTML from old templates, and pickles of models that have since
moved or changed (a post pickled as `network.Post` cannot be loaded once the model is
`blog.Post`, and the page fails). With it, each release reads only its own entries; the
old ones expire.
"""

import functools
import hashlib
from pathlib import Path

from django.conf import settings

SOURCES = ("templates", "network", "members", "workshops")


@functools.cache
def release() -> str:
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    for folder in SOURCES:
        for path in sorted((base / folder).rglob("*")):
            if path.suffix in {".html", ".py"} and path.is_file():
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
