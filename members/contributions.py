"""A member's contribution record: what they brought to the network, for a CV, a
revalidation or a continuing-professional-development portfolio.

Members owns the record (who sees it: Profile.contributions_visibility, asked through
members.roles.can_see_contributions); each app that knows what people did fills its
part through settings.CONTRIBUTION_SECTIONS (network.hooks.contribution_sections), so
members imports none of them. A part is a `Section`: a table with its own columns."""

import csv
import io
from dataclasses import dataclass, field

from django.utils import timezone

from network import hooks


@dataclass
class Section:
    slug: str
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    # The address each row's first cell links to ("" for none), parallel to `rows`.
    urls: list[str] = field(default_factory=list)
    summary: str = ""  # one line above the table, e.g. the hours in all
    empty: str = "Nothing yet."

    @property
    def linked_rows(self):
        urls = self.urls or [""] * len(self.rows)
        return list(zip(urls, self.rows, strict=True))


def record_of(user, *, is_self: bool) -> list[Section]:
    return hooks.contribution_sections(user, is_self=is_self)


def _safe_cell(value) -> str:
    """A cell a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def record_csv(*, person, network_name: str, sections: list[Section]) -> str:
    """The record as one CSV: a heading block, then each section's title, its column
    headings and its rows, with a blank line between sections."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Contribution record", _safe_cell(person)])
    writer.writerow(["Network", _safe_cell(network_name)])
    writer.writerow(["Made on", timezone.localdate().isoformat()])
    for section in sections:
        writer.writerow([])
        writer.writerow([_safe_cell(section.title)])
        if section.summary:
            writer.writerow([_safe_cell(section.summary)])
        writer.writerow(section.columns)
        for row in section.rows:
            writer.writerow([_safe_cell(cell) for cell in row])
    return out.getvalue()
