"""Topics from the editable multilingual keyword taxonomy (events.Topic.keywords).

Keywords match as whole words in any case (acronyms such as AI and NFT only in capitals), so
"bahasa" does not fire inside "bahasan". A topic is given when its keywords occur at least
`MIN_HITS` (see `score_topics` for the weights), or once in the headline.
"""

from __future__ import annotations

import bisect
from collections import Counter

from apps.tagging.matcher import Hit
from apps.tagging.text import Doc

MIN_HITS = 1.5


def topic_entries(topics: list[dict]) -> list[tuple[str, str]]:
    entries = []
    for topic in topics:
        for words in (topic.get("keywords") or {}).values():
            for word in words:
                entries.append((_surface(word), topic["slug"]))
    return entries


def _surface(word: str) -> str:
    letters = [c for c in word if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return word
    return word.lower()


def score_topics(doc: Doc, hits: list[Hit], actors: list, start: int = 0, end: int | None = None) -> Counter:
    """Keyword weight per topic between start and end.

    A keyword in the headline weighs 2, in the story 1; inside an actor's name ("Kementerian
    Kebudayaan, Olahraga, dan Pariwisata") it weighs 0.5, once per actor: a name is not a theme.
    """
    end = doc.end if end is None else end
    counts: Counter = Counter()
    named: set[tuple[int, str]] = set()
    spans = sorted((a.start, a.end, a.actor) for a in actors)
    starts = [s for s, _, _ in spans]
    for hit in hits:
        if not (start <= hit.start < end and doc.active(hit.start, hit.end)):
            continue
        i = bisect.bisect_right(starts, hit.start) - 1
        owner = spans[i][2] if i >= 0 and hit.end <= spans[i][1] else None
        if owner is not None:
            if (owner, hit.payload) not in named:
                named.add((owner, hit.payload))
                counts[hit.payload] += 0.5
        else:
            counts[hit.payload] += 2 if doc.in_title(hit.start) else 1
    return counts


def pick_topics(counts: Counter, minimum: int = MIN_HITS) -> list[str]:
    return sorted(slug for slug, n in counts.items() if n >= minimum)
