"""`make backup` and `make restore` (scripts/backup.sh, scripts/restore.sh) round-trip
a real database, the one the load test filled, and an uploads folder."""

import os
import subprocess

from tests.faults.conftest import (
    BASE_DIR,
    LOAD_DATABASE,
    fault_database_url,
    query,
    recreate_database,
)

TABLES = [
    "members_user",
    "members_profile",
    "django_comments",
    "network_post",
    "network_postlike",
    "workshops_registration",
    "mailer_message",
    "django_session",
]


def run(script, *args, **env):
    result = subprocess.run(
        [str(BASE_DIR / "scripts" / script), *args],
        cwd=BASE_DIR,
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def snapshot(url):
    counts = {t: query(url, f"SELECT count(*) FROM {t}")[0][0] for t in TABLES}  # noqa: S608
    last_comment = query(url, "SELECT id, comment FROM django_comments ORDER BY id DESC LIMIT 1")
    views = query(url, "SELECT id, view_count FROM network_post ORDER BY id")
    return counts, last_comment, views


def test_backup_and_restore_bring_back_the_database_and_the_uploads(load_report, tmp_path):
    source = fault_database_url(LOAD_DATABASE)
    media = tmp_path / "media"
    (media / "avatars").mkdir(parents=True)
    (media / "avatars" / "maya.png").write_bytes(bytes(range(256)) * 40)
    (media / "covers").mkdir()
    (media / "covers" / "workshop one.jpg").write_bytes(b"\xff\xd8\xff" + b"\x00" * 5000)

    dump, archive = run(
        "backup.sh", DATABASE_URL=source, MEDIA_ROOT=str(media), BACKUP_DIR=str(tmp_path / "b")
    )
    target = recreate_database("network_faults_restore")
    restored_media = tmp_path / "restored-media"
    run("restore.sh", dump, archive, DATABASE_URL=target, MEDIA_ROOT=str(restored_media))

    before = snapshot(source)
    assert before[0]["django_comments"] > 0  # the load test's comments are there to restore
    assert snapshot(target) == before
    for path in ("avatars/maya.png", "covers/workshop one.jpg"):
        assert (restored_media / path).read_bytes() == (media / path).read_bytes()
