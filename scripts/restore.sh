#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh (`make restore DB_DUMP=... MEDIA_ARCHIVE=...`).
#   scripts/restore.sh <db-....dump> [<media-....tar.gz>]
#   DATABASE_URL  the database to restore into: create it first (createdb); objects
#                 already in it are replaced. Stop the app servers while restoring.
#   MEDIA_ROOT    the uploads folder to restore into (default var/media)
set -euo pipefail
: "${DATABASE_URL:?Set DATABASE_URL to the PostgreSQL database to restore into}"
DUMP="${1:?Usage: scripts/restore.sh <db dump> [<media archive>]}"
ARCHIVE="${2:-}"
MEDIA="${MEDIA_ROOT:-var/media}"

# One transaction: either the whole backup is restored or nothing changes.
pg_restore --clean --if-exists --no-owner --no-acl --exit-on-error --single-transaction \
  --dbname="$DATABASE_URL" "$DUMP"
echo "database restored from $DUMP"

if [ -n "$ARCHIVE" ]; then
  mkdir -p "$MEDIA"
  tar -C "$MEDIA" -xzf "$ARCHIVE"
  echo "uploads restored into $MEDIA from $ARCHIVE"
fi
