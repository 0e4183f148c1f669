"""Cut an article's text into plain and tagged segments at the tags' evidence offsets."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Segment:
    text: str
    kind: str = ""  # "", "country", "actor", "topic", "date"
    label: str = ""
    link: str = ""


def _spans(article) -> list[tuple[int, int, str, str, str]]:
    """(start, end, kind, label, link) from the prefetched tags; malformed spans are skipped."""
    found = []
    for tag in article.country_tags.all():
        for span in tag.spans or []:
            found.append((span, "country", tag.country.name, f"/countries/{tag.country_id}/"))
    for tag in article.actor_tags.all():
        for span in tag.spans or []:
            found.append((span, "actor", tag.actor.name, tag.actor.get_absolute_url()))
    for tag in article.topic_tags.all():
        for span in tag.spans or []:
            found.append((span, "topic", tag.topic.name, f"/?topic={tag.topic_id}"))
    for tag in article.date_tags.all():
        found.append(([tag.start, tag.end], "date", tag.value, ""))
    size = len(article.text)
    spans = []
    for span, kind, label, link in found:
        if not isinstance(span, (list, tuple)) or len(span) != 2:
            continue
        start, end = span
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= size:
            spans.append((start, end, kind, label, link))
    return sorted(spans, key=lambda s: (s[0], -s[1]))


def segments(article) -> list[Segment]:
    """The text as segments; where tags overlap, the one that starts first (then the longest) wins."""
    text = article.text
    out: list[Segment] = []
    pos = 0
    for start, end, kind, label, link in _spans(article):
        if start < pos:
            continue
        if start > pos:
            out.append(Segment(text[pos:start]))
        out.append(Segment(text[start:end], kind, label, link))
        pos = end
    if pos < len(text):
        out.append(Segment(text[pos:]))
    return out
