"""`manage.py seed_scale`: a large network for the benchmark (see network/scale.py)."""

import time

from django.core.management.base import BaseCommand

from devtools.scale import Sizes, build

SIZES = ("members", "posts", "comments", "workshops", "registrations", "likes")


def scaled(factor: float, given: dict) -> Sizes:
    """The default sizes times `factor`; a size given on its own is taken as it is."""
    defaults = Sizes()
    return Sizes(
        **{
            name: max(0, given[name] if given.get(name) is not None else
                      round(getattr(defaults, name) * factor))
            for name in SIZES
        }
    )  # fmt: skip


class Command(BaseCommand):
    help = (
        "Build a large, deterministic network for benchmarking (replaces the previous "
        "scale data: people @scale.example, posts and workshops with scale- slugs)."
    )

    def add_arguments(self, parser):
        defaults = Sizes()
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="multiply every size by this factor (10: 100,000 members, 1,000,000 comments)",
        )
        for name in SIZES:
            parser.add_argument(
                f"--{name}", type=int, default=None, help=f"default {getattr(defaults, name):,}"
            )

    def handle(self, *args, **options):
        sizes = scaled(options["scale"], {name: options[name] for name in SIZES})
        started = time.monotonic()
        built = build(sizes, seed=options["seed"], stdout=self.stdout)
        summary = ", ".join(f"{n:,} {what}" for what, n in built.counts.items())
        self.stdout.write(
            self.style.SUCCESS(f"Scale data: {summary} in {time.monotonic() - started:.0f} s")
        )
