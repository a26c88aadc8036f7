"""`manage.py seed_scale`: a large network for the benchmark (see network/scale.py)."""

import time

from django.core.management.base import BaseCommand

from devtools.scale import Sizes, build


class Command(BaseCommand):
    help = (
        "Build a large, deterministic network for benchmarking (replaces the previous "
        "scale data: people @scale.example, posts and workshops with scale- slugs)."
    )

    def add_arguments(self, parser):
        defaults = Sizes()
        parser.add_argument("--seed", type=int, default=2026)
        for name in ("members", "posts", "comments", "workshops", "registrations", "likes"):
            parser.add_argument(f"--{name}", type=int, default=getattr(defaults, name))

    def handle(self, *args, **options):
        sizes = Sizes(
            **{
                name: max(0, options[name])
                for name in ("members", "posts", "comments", "workshops", "registrations", "likes")
            }
        )
        started = time.monotonic()
        built = build(sizes, seed=options["seed"], stdout=self.stdout)
        summary = ", ".join(f"{n:,} {what}" for what, n in built.counts.items())
        self.stdout.write(
            self.style.SUCCESS(f"Scale data: {summary} in {time.monotonic() - started:.0f} s")
        )
