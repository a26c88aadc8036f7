#!/usr/bin/env bash
# Back up the database and the uploads (`make backup`; see docs/operations.md).
#   DATABASE_URL  postgres://user:pass@host:5432/name   (required)
#   MEDIA_ROOT    the uploads folder (default var/media; skip with MEDIA_ROOT=none when
#                 uploads are on object storage: back the bucket up with its versioning)
#   BACKUP_DIR    where the files go (default var/backups)
# Writes <BACKUP_DIR>/db-<UTC time>.dump (pg_dump custom format, compressed) and
# <BACKUP_DIR>/media-<UTC time>.tar.gz, and prints their paths.
set -euo pipefail
: "${DATABASE_URL:?Set DATABASE_URL to the PostgreSQL database to back up}"
DIR="${BACKUP_DIR:-var/backups}"
MEDIA="${MEDIA_ROOT:-var/media}"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$DIR"

# A consistent snapshot of a live database; written under a temporary name so a
# failed run never leaves a file that looks like a good backup.
pg_dump --format=custom --no-owner --no-acl --dbname="$DATABASE_URL" --file="$DIR/db-$STAMP.dump.part"
mv "$DIR/db-$STAMP.dump.part" "$DIR/db-$STAMP.dump"
echo "$DIR/db-$STAMP.dump"

if [ "$MEDIA" != "none" ]; then
  mkdir -p "$MEDIA"
  tar -C "$MEDIA" -czf "$DIR/media-$STAMP.tar.gz.part" .
  mv "$DIR/media-$STAMP.tar.gz.part" "$DIR/media-$STAMP.tar.gz"
  echo "$DIR/media-$STAMP.tar.gz"
fi
