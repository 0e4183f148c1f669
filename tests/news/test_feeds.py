"""Feed bytes → items: every real feed decodes correctly; hostile XML never expands or reads anything."""

from __future__ import annotations

import time

import pytest

from apps.news.feeds import FeedError, parse_feed, parse_opml, strip_doctype

from .conftest import FEEDS_DIR

# file → (number of items, the exact title of one item: proves the charset was decoded correctly)
REAL_FEEDS = {
    "guardian_us_2018.rss": (55, "So, how did conservatives like the State of the Union?"),
    "heise_developer_2016.atom": (15, "Scrum Day 2016: Bewerbungen für Vorträge und Workshops"),
    "jn_pt_iso8859-1.rss": (40, "Mãe de utente é a nova presidente da Raríssimas"),
    "uol_noticias_iso8859-1.rss": (
        15, "Ibope: Bolsonaro perde de Haddad, Ciro e Alckmin em simulações de 2º turno",
    ),
    "qq_news_china_gb2312.xml": (20, "习近平为何如此强调崇尚英雄？"),
    "qq_tech_gb2312.xml": (1, "拟298亿元重组盛大游戏后 世纪华通发20亿回购预案"),
    "ilgiornale_cronache_trimmed.xml": (1, None),
    "ilmessaggero_mondo_trimmed.xml": (1, None),
    "nbcnewyork_trimmed.xml": (1, None),
}  # fmt: skip
MOJIBAKE = ("Ã", "Â", "\ufffd", "ï¿½", "â€")


def test_every_real_feed_is_covered_by_this_test():
    on_disk = {p.name for p in FEEDS_DIR.iterdir() if p.suffix != ".md"}
    assert on_disk == set(REAL_FEEDS)


@pytest.mark.parametrize("name", sorted(REAL_FEEDS))
def test_real_feed_imports_with_correct_titles_and_dates(name):
    count, known_title = REAL_FEEDS[name]
    parsed = parse_feed((FEEDS_DIR / name).read_bytes(), max_items=1000)
    assert len(parsed.items) == count
    titles = [item.title for item in parsed.items]
    if known_title:
        assert known_title in titles
    for item in parsed.items:
        assert item.title and not any(bad in item.title for bad in MOJIBAKE), item.title
        assert item.url.startswith("http")
        assert item.published_at is not None and item.published_at.tzinfo is not None


def test_non_rfc_dates_are_read():
    nbc = parse_feed((FEEDS_DIR / "nbcnewyork_trimmed.xml").read_bytes()).items[0]
    assert nbc.published_at.isoformat().startswith("2023-12-16T")
    uol = parse_feed((FEEDS_DIR / "uol_noticias_iso8859-1.rss").read_bytes()).items[0]
    assert uol.published_at.year == 2018 and uol.published_at.month == 9


def test_items_are_capped_per_fetch():
    parsed = parse_feed((FEEDS_DIR / "guardian_us_2018.rss").read_bytes(), max_items=10)
    assert len(parsed.items) == 10 and parsed.total_items == 55


def test_parse_feed_takes_bytes_only():
    with pytest.raises(TypeError):
        parse_feed(str(FEEDS_DIR / "guardian_us_2018.rss"))  # a path must never be opened


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>Laughs</title>
<item><title>&lol9;</title><link>http://example.com/a</link><description>&lol9; and more</description></item>
<item><title>Plain item</title><link>http://example.com/b</link><description>ok</description></item>
</channel></rss>"""


def test_billion_laughs_finishes_fast_with_nothing_expanded():
    started = time.monotonic()
    parsed = parse_feed(BILLION_LAUGHS)
    assert time.monotonic() - started < 1
    text = " ".join(f"{item.title} {item.text}" for item in parsed.items)
    assert "lollol" not in text
    assert len(text) < 1000
    assert "Plain item" in [item.title for item in parsed.items]


def test_external_entities_are_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    feed = f"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>
<rss version="2.0"><channel><title>x</title>
<item><title>Leak &xxe;</title><link>http://example.com/x</link><description>&xxe;</description></item>
</channel></rss>""".encode()
    parsed = parse_feed(feed)
    assert all("TOP-SECRET" not in f"{i.title} {i.text}" for i in parsed.items)


def test_doctype_with_external_dtd_is_removed():
    data = b'<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//x//y" "http://evil.example/dtd"><rss/>'
    assert b"evil" not in strip_doctype(data)


def test_malformed_feed_keeps_its_valid_items():
    data = (FEEDS_DIR / "guardian_us_2018.rss").read_bytes()
    cut = data[: data.index(b"<item>", len(data) // 2)] + b"<item><title>Broken & unclosed <b></item"
    parsed = parse_feed(cut, max_items=1000)
    assert len(parsed.items) >= 20
    assert parsed.problem  # the fault is reported for the feed's health


def test_garbage_is_not_a_feed():
    with pytest.raises(FeedError):
        parse_feed(b"\x00\x01\x02 definitely not xml")


def test_opml_lists_every_feed():
    opml = b"""<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>
    <outline text="Asia"><outline text="Korea.net" xmlUrl="https://www.korea.net/rss" type="rss"/>
    <outline title="Antara" xmlUrl="https://www.antaranews.com/rss/terkini.xml"/></outline>
    <outline text="no feed here"/></body></opml>"""
    assert parse_opml(opml) == [
        ("https://www.korea.net/rss", "Korea.net"),
        ("https://www.antaranews.com/rss/terkini.xml", "Antara"),
    ]


def test_opml_with_entities_is_refused():
    opml = (
        b'<?xml version="1.0"?><!DOCTYPE o [<!ENTITY a "aaaa">]>'
        b'<opml><body><outline xmlUrl="&a;"/></body></opml>'
    )
    with pytest.raises(FeedError):
        parse_opml(opml)
