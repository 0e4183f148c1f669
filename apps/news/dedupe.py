"""Exact and near-duplicate detection: syndicated copies of one story join one group.

Near-duplicates use MinHash (128 hash functions over word 3-gram shingles, character 5-grams for
scripts without spaces) with LSH: 16 bands of 8 rows, each band hashed to one indexed key. Two texts
with Jaccard similarity 0.84 share a band with probability 0.99, unrelated texts practically never;
a shared band is then confirmed on the full signature (estimated similarity >= NEAR_DUPLICATE).
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np

from apps.news.models import Article, ArticleBand

NUM_PERM = 128
BANDS = 16
ROWS = NUM_PERM // BANDS
NEAR_DUPLICATE = 0.7
MIN_SHINGLES = 20
_PRIME = np.uint64((1 << 31) - 1)
_rng = np.random.default_rng(20251104)  # fixed seed: signatures must be comparable forever
_A = _rng.integers(1, (1 << 31) - 1, NUM_PERM, dtype=np.uint64)
_B = _rng.integers(0, (1 << 31) - 1, NUM_PERM, dtype=np.uint64)
_WORD = re.compile(r"\w+", re.UNICODE)
_SPACE = re.compile(r"\s+")


def content_hash(title: str, text: str) -> str:
    """Hash of the normalised text (or of the title when there is little text)."""
    body = text if len(text) >= 200 else f"{title}\n{text}"
    normalised = _SPACE.sub(" ", body.lower()).strip()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def shingles(text: str) -> set[str]:
    words = _WORD.findall(text.lower())
    if len(words) >= 3 and sum(map(len, words)) / len(words) < 12:
        return {" ".join(words[i : i + 3]) for i in range(len(words) - 2)}
    compact = _SPACE.sub("", text.lower())  # Chinese, Japanese, Thai: no spaces between words
    return {compact[i : i + 5] for i in range(max(0, len(compact) - 4))}


def minhash(text: str) -> np.ndarray | None:
    """The text's signature, or None when it is too short to compare meaningfully."""
    items = shingles(text)
    if len(items) < MIN_SHINGLES:
        return None
    hashes = np.fromiter((zlib.crc32(s.encode("utf-8")) for s in items), dtype=np.uint64, count=len(items))
    hashes %= _PRIME
    signature = ((_A[:, None] * hashes[None, :] + _B[:, None]) % _PRIME).min(axis=1)
    return signature.astype(np.uint32)


def band_keys(signature: np.ndarray) -> list[int]:
    keys = []
    for band in range(BANDS):
        digest = hashlib.blake2b(
            bytes([band]) + signature[band * ROWS : (band + 1) * ROWS].tobytes(), digest_size=8
        ).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return keys


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.mean(a == b))


@dataclass(frozen=True)
class Fingerprint:
    """What grouping compares: the exact content hash, then the MinHash signature and its band keys."""

    content: str
    signature: np.ndarray | None
    keys: list[int]

    @classmethod
    def of(cls, title: str, text: str) -> Fingerprint:
        signature = minhash(text)
        keys = band_keys(signature) if signature is not None else []
        return cls(content_hash(title, text), signature, keys)


@dataclass(frozen=True)
class Group:
    """The group an article joins: a stored article's (`article_id`, the group's first copy), or an
    earlier item of the same batch (`item`, its index), which is then the first copy."""

    article_id: int | None = None
    item: int | None = None


def find_groups(prints: list[Fingerprint]) -> list[Group | None]:
    """The group of each article of a batch (in three queries), as if they were stored one by one in
    order: same content hash, else a confirmed near-duplicate among the five candidates sharing the
    most bands. Stored articles and earlier items of the batch are both candidates."""
    if not prints:
        return []
    exact: dict[str, int] = {}
    for content, pk, group in (
        Article.objects.filter(content_hash__in={p.content for p in prints})
        .order_by("id")
        .values_list("content_hash", "id", "duplicate_of_id")
    ):
        exact.setdefault(content, group or pk)

    # Stored candidates: articles sharing band keys, counted per item in Python (one query for all).
    keys = {k for p in prints if p.content not in exact for k in p.keys}
    stored_by_key: dict[int, list[int]] = defaultdict(list)
    if keys:
        for key, article_id in ArticleBand.objects.filter(key__in=keys).values_list("key", "article_id"):
            stored_by_key[key].append(article_id)
    shared_stored = [Counter(pk for k in p.keys for pk in stored_by_key.get(k, ())) for p in prints]
    ids = {pk for shared in shared_stored for pk, _ in _top(shared)}
    stored: dict[int, tuple[np.ndarray, int]] = {}  # candidate → its signature and its group
    if ids:
        for pk, other, group in (
            Article.objects.filter(pk__in=ids).order_by().values_list("id", "minhash", "duplicate_of_id")
        ):
            if other:
                stored[pk] = (np.frombuffer(bytes(other), dtype=np.uint32), group or pk)

    groups: list[Group | None] = []
    first_with_content: dict[str, int] = {}
    items_by_key: dict[int, list[int]] = defaultdict(list)
    for index, p in enumerate(prints):
        if p.content in exact:
            group = Group(article_id=exact[p.content])
        elif p.content in first_with_content:
            group = _root(groups, first_with_content[p.content])
        else:
            group = None
            if p.signature is not None:
                shared_items = Counter(i for k in p.keys for i in items_by_key.get(k, ()))
                # Strongest candidates first; on a tie, stored articles (older) before this batch's.
                candidates = sorted(
                    [(-n, 0, pk) for pk, n in _top(shared_stored[index])]
                    + [(-n, 1, i) for i, n in shared_items.items()]
                )[:5]
                for _, batch, ref in candidates:
                    if batch:
                        other, found = prints[ref].signature, _root(groups, ref)
                    elif ref in stored:
                        other, found = stored[ref][0], Group(article_id=stored[ref][1])
                    else:
                        continue
                    if similarity(p.signature, other) >= NEAR_DUPLICATE:
                        group = found
                        break
        groups.append(group)
        first_with_content.setdefault(p.content, index)
        for key in p.keys:
            items_by_key[key].append(index)
    return groups


def _top(shared: Counter) -> list[tuple[int, int]]:
    """The five candidates sharing the most bands (the oldest first on a tie)."""
    return sorted(shared.items(), key=lambda pair: (-pair[1], pair[0]))[:5]


def _root(groups: list[Group | None], index: int) -> Group:
    """The group an earlier item of the batch belongs to, or that item itself when it is the first copy."""
    return groups[index] or Group(item=index)
