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

import numpy as np
from django.db.models import Count

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


def find_group(content: str, signature: np.ndarray | None, keys: list[int]) -> int | None:
    """The group (first stored copy) this article belongs to: same content hash, else a confirmed
    near-duplicate among the band candidates."""
    exact = Article.objects.filter(content_hash=content).values_list("id", "duplicate_of_id").first()
    if exact:
        return exact[1] or exact[0]
    if signature is None:
        return None
    candidates = (
        ArticleBand.objects.filter(key__in=keys)
        .values("article_id")
        .annotate(shared=Count("id"))
        .order_by("-shared")[:5]
    )
    ids = [row["article_id"] for row in candidates]
    for pk, other, group in Article.objects.filter(pk__in=ids).values_list(
        "id", "minhash", "duplicate_of_id"
    ):
        if other and similarity(signature, np.frombuffer(bytes(other), dtype=np.uint32)) >= NEAR_DUPLICATE:
            return group or pk
    return None
