"""The bridge between stored articles and the pipeline: tag one article and build its events.

`tag_article` is what ingestion (news.process_article) and `retag` call.
"""

from __future__ import annotations

from apps.news.models import Article


def tag_article(article: Article, *, build_events: bool = True) -> None:
    """Run the pipeline on the article, store its tags and build or corroborate its events."""
    raise NotImplementedError("the tagging pipeline lands with the extraction issue")
