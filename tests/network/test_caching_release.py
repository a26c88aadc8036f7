"""A shared cache outlives a deploy: what one release cached is never read by the next
(a post pickled before the blog became its own app could not be loaded after it)."""

import pytest

from network.caching import generations
from network.caching.local import forget_local_copies
from network.caching.release import release

pytestmark = pytest.mark.django_db


def test_a_value_cached_by_the_previous_release_is_not_served_by_this_one(monkeypatch):
    loads = []

    def load():
        loads.append(1)
        return {"loaded": len(loads)}

    monkeypatch.setattr(generations, "release", lambda: "previous-release")
    assert generations.cached_under(["posts"], "post-row:1", load, 60) == {"loaded": 1}
    assert generations.cached_under(["posts"], "post-row:1", load, 60) == {"loaded": 1}

    monkeypatch.setattr(generations, "release", release)
    forget_local_copies()  # a new release starts new processes
    assert generations.cached_under(["posts"], "post-row:1", load, 60) == {"loaded": 2}


def test_the_release_fingerprint_changes_with_the_code(settings, tmp_path):
    (tmp_path / "network").mkdir()
    (tmp_path / "network" / "views.py").write_text("one = 1\n")
    settings.BASE_DIR = tmp_path
    release.cache_clear()
    try:
        before = release()
        (tmp_path / "network" / "views.py").write_text("one = 2\n")
        release.cache_clear()
        assert release() != before
    finally:
        release.cache_clear()
