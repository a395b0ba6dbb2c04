"""The Markdown subset is safe and topics/mentions are found in any script."""

from __future__ import annotations

from crosstalk.community.markup import (
    extract_mentions,
    extract_topics,
    render_markdown,
    render_plain,
)


def test_raw_html_is_escaped_not_rendered() -> None:
    html = render_markdown("<script>alert(1)</script><b onclick=x>hi</b>")
    assert "<script" not in html and "<b " not in html
    assert "&lt;script&gt;" in html


def test_allowed_formatting_survives() -> None:
    html = render_markdown("**bold** *it*\n\n- one\n- two\n\n> quote\n\n`code`")
    for tag in ("<strong>", "<em>", "<ul>", "<li>", "<blockquote>", "<code>"):
        assert tag in html


def test_images_and_headings_are_not_part_of_the_subset() -> None:
    html = render_markdown("# Big\n\n![x](https://example.org/a.png)")
    assert "<h1" not in html and "<img" not in html


def test_dangerous_link_schemes_are_dropped_and_links_get_rel() -> None:
    html = render_markdown("[a](javascript:alert(1)) [b](data:text/html,x) [c](https://ok.example)")
    assert "javascript:" not in html.split("href=")[-1] or 'href="javascript' not in html
    assert 'href="data:' not in html
    assert 'rel="nofollow noopener noreferrer ugc"' in html


def test_topics_in_chinese_and_english_are_extracted_lowercased_once() -> None:
    assert extract_topics("#CatTax and #猫税 again #cattax, url#not") == ["cattax", "猫税"]


def test_mentions_are_linked_but_not_inside_code_or_links() -> None:
    html = render_markdown("hi @Bob_1 and `@notme` #tag")
    assert '<a class="mention" href="/u/bob_1">@Bob_1</a>' in html
    assert "<code>@notme</code>" in html
    assert extract_mentions("mail me at a@b.com or @real_one") == ["real_one"]


def test_plain_comments_escape_and_keep_line_breaks() -> None:
    assert render_plain("a<b>\nc") == "a&lt;b&gt;<br>c"
