"""Safe Markdown subset for notes and comments, plus #topic and @mention extraction and linking."""

from __future__ import annotations

import html
import re
from urllib.parse import quote

import nh3
from markdown_it import MarkdownIt

# Letters and digits in any script (so #猫税 works), underscore; a topic ends at space/punct.
TOPIC_RE = re.compile(r"(?<![\w&/])#([\w\u4e00-\u9fff]{1,40})", re.UNICODE)
MENTION_RE = re.compile(r"(?<![\w@/])@([A-Za-z0-9_]{3,30})")

_md = (
    MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    .disable("image")
    .disable("heading")
    .disable("lheading")
    .disable("html_block")
    .disable("html_inline")
)

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "code", "pre", "a", "hr",
}  # fmt: skip
ALLOWED_ATTRS = {"a": {"href", "title"}}


def normalize_topic(raw: str) -> str:
    return raw.strip().lstrip("#").strip().lower()[:40]


def extract_topics(text: str) -> list[str]:
    return list(dict.fromkeys(normalize_topic(m.group(1)) for m in TOPIC_RE.finditer(text)))


def extract_mentions(text: str) -> list[str]:
    return list(dict.fromkeys(m.group(1).lower() for m in MENTION_RE.finditer(text)))


def render_markdown(text: str) -> str:
    """Markdown → sanitized HTML; topics and mentions become links. Raw HTML is never passed."""
    rendered = _md.render(text)
    clean = nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRS,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer ugc",
    )
    return _link_tags(clean)


def render_plain(text: str) -> str:
    """Comments: plain text with line breaks, topics and mentions linked."""
    escaped = html.escape(text).replace("\n", "<br>")
    return _link_tags(escaped)


def _link_tags(fragment: str) -> str:
    parts = re.split(r"(<[^>]+>)", fragment)
    inside_link_or_code = 0
    out: list[str] = []
    for part in parts:
        if part.startswith("<"):
            tag = part[1:].lstrip("/").split()[0].rstrip(">").lower() if len(part) > 2 else ""
            if tag in ("a", "code", "pre"):
                inside_link_or_code += -1 if part.startswith("</") else 1
            out.append(part)
            continue
        if inside_link_or_code > 0:
            out.append(part)
            continue
        part = TOPIC_RE.sub(
            lambda m: (
                f'<a class="topic" href="/topics/{quote(normalize_topic(m.group(1)))}">'
                f"#{m.group(1)}</a>"
            ),
            part,
        )
        part = MENTION_RE.sub(
            lambda m: f'<a class="mention" href="/u/{m.group(1).lower()}">@{m.group(1)}</a>', part
        )
        out.append(part)
    return "".join(out)
