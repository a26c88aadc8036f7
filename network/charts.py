"""Charts drawn on the server: a figure as an accessible SVG bar chart, the same
numbers as a table, and as CSV. No JavaScript and nothing from a CDN: the SVG is
inline, scales to any width through its viewBox, and names itself for screen readers
(`role="img"` with a `<title>` and `<desc>`); the table beside it is the exact figures.

Each app gives its figures as `Chart`s (settings.OVERVIEW_SECTIONS, network.hooks).
"""

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.html import format_html
from django.utils.safestring import mark_safe

# Bar colours, dark enough against white for 3:1 (graphics) and, as text, 4.5:1.
COLOURS = ("#1d4e89", "#8a4b00", "#2e6b30")
TEXT = "#1a1a1a"
WIDTH = 400
LABEL_HEIGHT = 19
BAR_HEIGHT = 16
ROW_GAP = 10


@dataclass
class Chart:
    """One figure: `rows` are (label, [one value per series]) in the order shown."""

    slug: str  # in the CSV's address: letters, digits and hyphens
    title: str
    description: str  # what the figure shows, in plain words (also the SVG's <desc>)
    label_heading: str  # the first column's heading: "Month", "Kind of expertise"
    series: list[str]  # one heading per value column
    rows: list[tuple[str, list]] = field(default_factory=list)
    note: str = ""  # anything a reader should know (where the figures come from)
    # The series the picture draws (indexes; all when empty): the table and CSV have all.
    drawn: list[int] = field(default_factory=list)
    unit: str = ""  # "£" before money; "" for counts

    def format(self, value) -> str:
        if value is None:
            return "–"
        if isinstance(value, Decimal) or self.unit == "£":
            return f"{self.unit}{Decimal(value):,.2f}"
        if isinstance(value, float):
            return f"{value:,.1f}"
        return f"{value:,}"

    @property
    def table_rows(self) -> list[tuple[str, list[str]]]:
        return [(label, [self.format(v) for v in values]) for label, values in self.rows]

    @property
    def is_empty(self) -> bool:
        return not any(value for _, values in self.rows for value in values if value)

    def svg(self) -> str:
        return chart_svg(self)

    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([self.label_heading, *self.series])
        for label, values in self.rows:
            writer.writerow([_safe_cell(label), *("" if v is None else v for v in values)])
        return out.getvalue()


def _safe_cell(text) -> str:
    """A cell a spreadsheet will not run as a formula."""
    text = str(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def chart_svg(chart: Chart) -> str:
    """Horizontal bars, one group per row: the row's label above its bars, each bar's
    value at its end. Legible at 360 px (the text scales with the viewBox)."""
    drawn = chart.drawn or list(range(len(chart.series)))
    rows = [(label, [values[i] for i in drawn]) for label, values in chart.rows]
    names = [chart.series[i] for i in drawn]
    top = max((float(v or 0) for _, row in rows for v in row), default=0) or 1
    legend = len(names) > 1
    y = 8
    parts = []
    if legend:
        x = 0
        for index, name in enumerate(names):
            colour = COLOURS[index % len(COLOURS)]
            room = 16 + 8 * len(name) + 18  # a generous guess at the text's width
            if x and x + room > WIDTH:  # the next line of the legend
                x, y = 0, y + 20
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="12" height="12" fill="{}"/>'
                    '<text x="{}" y="{}" font-size="14" fill="{}">{}</text>',
                    x,
                    y,
                    colour,
                    x + 16,
                    y + 11,
                    TEXT,
                    name,
                )
            )
            x += room
        y += 26
    bar_room = WIDTH - 80
    for label, row in rows:
        parts.append(
            format_html(
                '<text x="0" y="{}" font-size="15" fill="{}">{}</text>', y + 14, TEXT, label
            )
        )
        y += LABEL_HEIGHT + 2
        for index, value in enumerate(row):
            colour = COLOURS[index % len(COLOURS)]
            length = round(bar_room * float(value or 0) / top, 1)
            parts.append(
                format_html(
                    '<rect x="0" y="{}" width="{}" height="{}" fill="{}"/>'
                    '<text x="{}" y="{}" font-size="14" fill="{}">{}</text>',
                    y,
                    length,
                    BAR_HEIGHT,
                    colour,
                    length + 4,
                    y + 13,
                    TEXT,
                    chart.format(value),
                )
            )
            y += BAR_HEIGHT + 2
        y += ROW_GAP
    height = max(y, 24)
    title_id = f"chart-{chart.slug}-title"
    desc_id = f"chart-{chart.slug}-desc"
    return format_html(
        '<svg class="chart" role="img" viewBox="0 0 {} {}" width="100%" '
        'preserveAspectRatio="xMinYMin meet" aria-labelledby="{} {}" '
        'xmlns="http://www.w3.org/2000/svg" focusable="false">'
        '<title id="{}">{}</title><desc id="{}">{}</desc>{}</svg>',
        WIDTH,
        height,
        title_id,
        desc_id,
        title_id,
        chart.title,
        desc_id,
        chart.description,
        mark_safe("".join(str(part) for part in parts)),  # noqa: S308 - each part escaped above
    )
