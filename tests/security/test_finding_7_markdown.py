"""Issue 12, finding 7: Markdown images could point at any address on the site
(`/media/../…`), and everything after `<math>…<style>` in a post silently vanished.
Now an image shows only when its address, resolved as a browser resolves it, is one
of the site's uploads (otherwise its description shows instead), and HTML we do not
allow is shown as typed, with nothing after it lost."""

import pytest

from network.markdown import render_markdown
from tests.network.html_safety import unsafe_parts

pytestmark = pytest.mark.django_db

OWN = "/media/covers/0123456789abcdef0123456789abcdef/map.png"


@pytest.mark.parametrize(
    "address",
    [
        "/media/../admin/logout/",
        "/media/../../members/me/picture/",
        "/media/%2e%2e/admin/",
        "/media/%2E%2E/%2E%2E/accounts/logout/",
        "/media/covers/..%2f..%2fadmin/",
        "/media/..\\admin/",
        "/media\\..\\admin/",
        "/\\evil.example.org/media/x.png",
        "//evil.example.org/media/x.png",
        "https://evil.example.org/media/x.png",
        "/media/",
        "/media/x.png",
        "/admin/",
        "/accounts/logout/",
        "media/covers/x.png",
        "/media/covers//x.png",
    ],
)
def test_an_image_from_anywhere_but_the_sites_uploads_shows_its_description(address):
    html = render_markdown(f"Before.\n\n![A map of the borough]({address})\n\nAfter.")

    assert "<img" not in html
    assert "A map of the borough" in html
    assert "<p>After.</p>" in html


def test_an_image_in_typed_html_from_elsewhere_shows_its_description_escaped():
    html = render_markdown('Lunch: <img src="/media/../admin/" alt="Fish &amp; &quot;chips&quot;">')

    assert "<img" not in html
    assert "<p>Lunch: Fish &amp; &quot;chips&quot;</p>" in html


@pytest.mark.parametrize(
    "address",
    [OWN, f"http://testserver{OWN}"],
)
def test_an_image_from_the_sites_uploads_is_kept(address):
    html = render_markdown(f"![A map]({address})")

    assert f'<img alt="A map" src="{address}">' in html


def test_text_after_math_and_style_is_kept_and_the_markup_is_shown():
    html = render_markdown(
        "Before the formula.\n\n<math><mi><style>x</style></mi></math> after it.\n\n"
        "The last paragraph."
    )

    assert "Before the formula." in html
    assert "after it." in html
    assert "The last paragraph." in html
    assert "&lt;math&gt;&lt;mi&gt;&lt;style&gt;x&lt;/style&gt;" in html
    assert unsafe_parts(html) == []


@pytest.mark.parametrize(
    "markup",
    [
        "<style>",
        "<math><style>",
        "<script>",
        "<textarea>",
        "<title>",
        "<!-- a note",
        "<noscript>",
        "<xmp>",
        "<plaintext>",
        "<svg><style>",
        "<iframe>",
    ],
)
def test_unclosed_markup_never_swallows_what_follows(markup):
    html = render_markdown(f"Intro.\n\n{markup} in the middle\n\nThe end of the post.")

    assert "Intro." in html
    assert "in the middle" in html
    assert "The end of the post." in html
    assert unsafe_parts(html) == []


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("<!-- a note -->", "&lt;!-- a note --&gt;"),
        ('<div class="box">Boxed</div>', '&lt;div class="box"&gt;Boxed&lt;/div&gt;'),
        ("Inline <kbd>Ctrl</kbd> keys", "Inline &lt;kbd&gt;Ctrl&lt;/kbd&gt; keys"),
    ],
)
def test_html_we_do_not_allow_is_shown_as_typed(typed, shown):
    html = render_markdown(typed)

    assert shown in html
    assert unsafe_parts(html) == []


def test_html_we_allow_still_works_and_loses_only_what_could_run():
    html = render_markdown(
        'Some <strong>bold</strong> and <a href="https://example.org/" onclick="x()">a link</a>.'
    )

    assert "<strong>bold</strong>" in html
    assert '<a href="https://example.org/" rel="nofollow noopener noreferrer">a link</a>' in html


def test_code_blocks_still_show_html_as_code():
    html = render_markdown("```\n<div>not a tag</div>\n```\n\nAfter the code.")

    assert "<pre><code>&lt;div&gt;not a tag&lt;/div&gt;\n</code></pre>" in html
    assert "<p>After the code.</p>" in html


def test_a_typed_h1_becomes_a_second_level_heading_like_markdowns():
    assert render_markdown("<h1>Title</h1>").strip() == "<h2>Title</h2>"
