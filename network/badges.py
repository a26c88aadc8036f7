"""The network badge that members put on their own websites.

Two forms: a PNG drawn with Pillow and an SVG. Both show the network's name and
how many members it has. The member count is cached for a few minutes so an
embedded badge on a busy site costs the database almost nothing.
"""

import io
from collections.abc import Callable
from xml.sax.saxutils import escape

from django.core.cache import cache
from PIL import Image, ImageDraw, ImageFont, PngImagePlugin

COUNT_CACHE_KEY = "network:badge:member-count"
COUNT_CACHE_SECONDS = 300
WIDTH, HEIGHT = 300, 100
BACKGROUND = "#1d4f5c"
FOREGROUND = "#ffffff"
ACCENT = "#f6d55c"


def cached_count(count: Callable[[], int]) -> int:
    value = cache.get(COUNT_CACHE_KEY)
    if value is None:
        value = count()
        cache.set(COUNT_CACHE_KEY, value, COUNT_CACHE_SECONDS)
    return value


def member_label(count: int) -> str:
    return f"{count:,} member" + ("" if count == 1 else "s")


def _wrap(text: str, font, width: int, draw: ImageDraw.ImageDraw) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines[:2]


def badge_png(name: str, count: int) -> bytes:
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    title_font = ImageFont.load_default(size=17)
    count_font = ImageFont.load_default(size=15)
    y = 12
    for line in _wrap(name, title_font, WIDTH - 24, draw):
        draw.text((12, y), line, font=title_font, fill=FOREGROUND)
        y += 22
    draw.text((12, HEIGHT - 30), member_label(count), font=count_font, fill=ACCENT)
    # The text is also in the PNG's metadata, for anything that reads images as data.
    info = PngImagePlugin.PngInfo()
    info.add_text("Title", name)
    info.add_text("Members", str(count))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", pnginfo=info, optimize=True)
    return buffer.getvalue()


def badge_svg(name: str, count: int) -> str:
    title = escape(name, {'"': "&quot;"})
    label = escape(member_label(count))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'role="img" aria-label="{title}: {label}">'
        f"<title>{title}: {label}</title>"
        f'<rect width="{WIDTH}" height="{HEIGHT}" rx="8" fill="{BACKGROUND}"/>'
        f'<text x="12" y="32" fill="{FOREGROUND}" font-family="sans-serif" '
        f'font-size="16" font-weight="bold">{title}</text>'
        f'<text x="12" y="82" fill="{ACCENT}" font-family="sans-serif" '
        f'font-size="15">{label}</text>'
        "</svg>"
    )
