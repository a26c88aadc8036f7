"""Stored full-text search vectors (PostgreSQL).

Posts and workshops keep a `search_vector` column, written when they are saved and
indexed with GIN, so a search reads the index instead of running `to_tsvector` over
every post's and workshop's text on every query (a search for a common word took
about a second with 1,000 of each). On SQLite (development) the column stays empty
and search matches the text itself (network.search).
"""

import functools
import operator

from django.contrib.postgres.search import SearchVector
from django.db import connection, models

CONFIG = "english"


class SearchVectorDeferredManager(models.Manager):
    """Rows are read without their search vector (a few KB a post that only the
    search query itself reads)."""

    def get_queryset(self):
        return super().get_queryset().defer("search_vector")


def weighted_vector(*weighted_fields: tuple[str, str]) -> SearchVector:
    """One vector from ("field", "A"|"B"|"C"|"D") pairs: a match in an A field
    ranks above one in a B field."""
    return functools.reduce(
        operator.add,
        (SearchVector(field, weight=weight, config=CONFIG) for field, weight in weighted_fields),
    )


def store_vectors(queryset, weighted_fields) -> None:
    """Write the search vectors of these rows (bulk inserts call this too)."""
    if connection.vendor == "postgresql":
        queryset.update(search_vector=weighted_vector(*weighted_fields))


def store_after_save(instance, weighted_fields, save_kwargs: dict) -> None:
    """After `instance.save(**save_kwargs)`: store its vector, unless the save wrote
    none of the searched fields (save(update_fields=[...]))."""
    update_fields = save_kwargs.get("update_fields")
    searched = {field for field, _ in weighted_fields}
    if update_fields is None or searched & set(update_fields):
        store_vectors(type(instance)._base_manager.filter(pk=instance.pk), weighted_fields)


def gin_index(table: str, name: str):
    """A migration operation adding the GIN index on PostgreSQL only (SQLite has no
    GIN); it is not declared in the model, so Django never tries it elsewhere."""
    from django.db import migrations

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin (search_vector)'
            )

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')

    return migrations.RunPython(forwards, backwards, elidable=False)


def trigram_index(table: str, column: str, name: str):
    """A migration operation adding a trigram index (pg_trgm) on PostgreSQL only, for
    `icontains` on `column`: Django compares UPPER(column::text), so the index is on
    that expression and "name contains …" reads the index instead of every row."""
    from django.db import migrations

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
                f'USING gin (UPPER("{column}"::text) gin_trgm_ops)'
            )

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')

    return migrations.RunPython(forwards, backwards, elidable=False)


def backfill(app_label: str, model_name: str, *weighted_fields: tuple[str, str]):
    """A migration operation storing the vectors of rows saved before the column existed."""
    from django.db import migrations

    def forwards(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        if schema_editor.connection.vendor == "postgresql":
            model.objects.update(search_vector=weighted_vector(*weighted_fields))

    return migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False)
