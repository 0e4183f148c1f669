"""From tagged sentences to events: the kind, the main event and its date, parties, place and count.

The main event is the one the headline and the lead (the first story sentences) report; the rest of
the story adds to it but never replaces it. The rules, in the order they apply:
- Kind: trigger weights summed, the headline x3, the lead x2, the rest x0.5, background and side
  stories less; a trigger that is denied ("no agreement was signed"), planned, or a gathering named
  only as the setting counts for nothing or little. A collaboration with a signing is an agreement.
- Date: the best-placed date of the story (headline and lead first, then sentences with a trigger),
  never a dateline or publication date, a said-on date only when there is no other, and one in a
  background sentence (an earlier event, a law taking effect next year) only as the last resort.
  Dates a few days apart are one event. Without a date the event takes the publication month.
- Parties: the countries that take part, read in the headline, the first lead sentence, the main
  event's sentences and the lead sentences that report it: named countries and the home countries of
  the organisations taking part (a company's only when the story names that country). Never a place
  ("di Singapura", a dateline), a name in a quotation or a comparison, a country in a list when its
  bloc takes part or only as an example, or one from a background sentence. A regulation has one
  party: the state that acts.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from apps.tagging.actors import ActorMention
from apps.tagging.countries import CountryMention
from apps.tagging.dates import DateMention, truncate
from apps.tagging.kinds import (
    AGREEMENT,
    COLLABORATION,
    FORUM,
    FUNDING,
    KINDS,
    OTHER,
    REGULATION,
    VISIT,
    trigger_factor,
)
from apps.tagging.matcher import Hit
from apps.tagging.places import dateline, find_location, in_location_phrase
from apps.tagging.results import EventResult
from apps.tagging.text import Doc

LEAD_SENTENCES = 3
STATE_KINDS = {"ministry", "government", "international"}
# A date after a speech verb says when something was said ("mengungkapkan pada 4 November"): the
# event's date only when the story gives no other. After a publishing verb it is the publication.
_REPORTING = re.compile(
    r"(?:mengatakan|mengungkapkan|menyatakan|menjelaskan|menyebutkan|menerangkan|memaklumkan"
    r"|said|stated|told|berkata|kata|ujar|ungkap|jelas)\b[^.\n]{0,40}$",
    re.IGNORECASE,
)
_PUBLISHING = re.compile(
    r"(?:dikutip|dilansir|diakses|dipublikasikan|diterbitkan|melaporkan|reported|published|quoted|updated"
    r"|diperbarui)\b[^.\n]{0,40}$",
    re.IGNORECASE,
)
_REPORTING_WORDS = (
    "meng", "meny", "menj", "mener", "memak", "said", "stated", "told", "kata", "ujar", "ungkap", "jelas",
)  # fmt: skip
_PUBLISHING_WORDS = (
    "diku", "dila", "diak", "dipu", "diter", "melap", "report", "publish", "quot", "updat", "dipe",
)  # fmt: skip
# Korean and Chinese put the verb after the date: "…개최했다고 14일 밝혔다", "记者16日从…获悉".
_REPORTING_AFTER = re.compile(
    r"\s*(?:\([^)\n]{0,8}\))?\s*(?:밝혔|발표했|전했|말했|설명했|알렸|表示|称|说|获悉|从)"
)
_DATELINE_AFTER = re.compile(r"\s*(?:电|電|讯|訊)")
_OTHER_EVENT_BEFORE = re.compile(
    r"\b(?:ahead of|before|prior to|until|till|by|menjelang|jelang|sebelum|hingga|sampai|sehingga|deadline)"
    r"\s+(?:the\s+|tanggal\s+)?(?:\w+\s+){0,1}$",
    re.IGNORECASE,
)
_OPINION = re.compile(
    r"^\s*(?:kolom|opini|opinion|column|editorial|analisis|commentary|tajuk)\b", re.I | re.M
)
_COMPARISON = {"seperti", "like", "selain", "than", "daripada", "dibanding", "dibandingkan", "versus", "vs"}
_SIDE_OPENERS = re.compile(
    r"\s*(?:baru-baru ini|sementara itu|di sisi lain|di tempat terpisah|secara terpisah|meanwhile|separately"
    r"|in other news|elsewhere|한편|另外|与此同时|一方)",
    re.IGNORECASE,
)
# Words that join countries into a list ("Brunei, Kamboja, Indonesia, …", "베트남, 인도네시아, 브라질 등").
_LIST_GAP = re.compile(
    r"^\s*(?:,|、|·|/|;)?\s*(?:(?:dan|and|serta|atau|or|및|와|과|和|与|及)\s+)?(?:the\s+)?$", re.I
)
_SINCE_YEAR = re.compile(
    r"\b(?:since|sejak|semenjak|sedari)\s+(?:tahun\s+|early\s+|awal\s+)?(?:19|20)\d\d\b"
    r"|自\s*(?:19|20)\d\d\s*年|(?:19|20)\d\d\s*年(?:以来|起)|(?:19|20)\d\d년(?:부터|\s*이후|\s*이래)",
    re.IGNORECASE,
)
_NUMBER_WORDS = {
    "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7, "delapan": 8, "lapan": 8,
    "sembilan": 9, "sepuluh": 10, "sebelas": 11, "dua belas": 12, "one": 1, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fifteen": 15, "twenty": 20, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
    "八": 8, "九": 9, "十": 10,
}  # fmt: skip
_COUNT = re.compile(
    r"\b(?P<n>\d{1,3}|"
    + "|".join(k for k in _NUMBER_WORDS if k.isascii())
    + r")\s+(?:buah\s+|new\s+|dokumen\s+|cooperation\s+|kerja\s?sama\s+)?"
    r"(?:kerja\s?sama|perjanjian|kesepakatan|nota kesepahaman|memorandum|MoUs?|MOUs?|agreements?|accords?"
    r"|deals|pacts|memoranda|documents)\b"
    r"|(?P<k>\d{1,3})\s*(?:건의?|개의?)\s*(?:업무\s?)?(?:협약|양해각서|MOU|협정)"
    r"|(?P<c>\d{1,3}|[一二两三四五六七八九十]+)\s*(?:项|份|个)\s*(?:合作)?(?:协议|文件|谅解备忘录|协定)"
    r"|(?P<j>\d{1,3})\s*件の?\s*(?:協定|覚書|合意|協力文書)",
    re.IGNORECASE,
)
_ORDER = {"day": 0, "month": 1, "year": 2}
_CJK_CHAR = re.compile("[\u1100-\u11ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_READ_CONTEXT = {AGREEMENT, FORUM, FUNDING}


@dataclass
class Sentence:
    index: int
    start: int
    end: int
    in_title: bool
    side: bool = False
    lead: bool = False  # one of the first story sentences of the body
    background: bool = False  # about an earlier or other event ("sebelumnya", "last year", 지난해)
    triggers: list[tuple[str, float, int]] = field(default_factory=list)
    occurs: bool = False
    dates: list[DateMention] = field(default_factory=list)
    countries: list[CountryMention] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)

    @property
    def main(self) -> bool:
        """Part of the main story: not a side story, not background."""
        return not (self.side or self.background)


@dataclass
class Context:
    doc: Doc
    sentences: list[Sentence]
    countries: list[CountryMention]
    actors: list[ActorMention]
    actor_countries: list[str | None]  # by actor index
    published: date | None
    country_names: dict[str, str]
    city_gazetteer: object
    bloc_members: dict[str, set[str]] = field(default_factory=dict)
    _cities: dict[int, list[Hit]] = field(default_factory=dict)
    _usable: dict[tuple[int, bool], bool] = field(default_factory=dict)
    _listed: set[int] | None = None

    def cities_near(self, pos: int) -> list[Hit]:
        """City names in the sentence around `pos` (matched on demand: few sentences need them)."""
        index = self.doc.sentence_index(pos)
        if index not in self._cities:
            start, end = self.doc.sentences[index] if self.doc.sentences else (0, self.doc.end)
            self._cities[index] = self.city_gazetteer.find_in(self.doc, start, end)
        return self._cities[index]


def build_sentences(
    doc: Doc,
    triggers: list[Hit],
    dates: list[DateMention],
    countries: list[CountryMention],
    actors: list[ActorMention],
) -> list[Sentence]:
    sentences = [Sentence(i, s, e, doc.in_title(s)) for i, (s, e) in enumerate(doc.sentences)]
    side_paragraphs = {
        i for i, (s, e) in enumerate(doc.paragraphs) if i >= 3 and _SIDE_OPENERS.match(doc.text, s, e)
    }
    lead_left = LEAD_SENTENCES
    for sentence in sentences:
        sentence.side = doc.paragraph_index(sentence.start) in side_paragraphs
        if sentence.in_title:
            continue
        if lead_left and _is_story(doc, sentence):
            sentence.lead = True
            lead_left -= 1
    for hit in triggers:
        if not doc.active(hit.start, hit.end):
            continue
        sentence = sentences[doc.sentence_index(hit.start)]
        kind, weight = hit.payload
        if kind == "occurs":
            sentence.occurs = True
            continue
        if kind == "background":
            sentence.background = True
            continue
        # Context decides little for the kinds a single word names (a visit, a regulation) in the body;
        # it is read for signings, money and gatherings everywhere, and for any trigger of the lead.
        if kind in _READ_CONTEXT or sentence.in_title or sentence.lead:
            factor = trigger_factor(doc.text, hit.start, hit.end, kind)
        else:
            factor = 1.0
        if factor:
            sentence.triggers.append(
                (kind, weight * factor * (0.5 if doc.in_quote(hit.start) else 1.0), hit.start)
            )
    for index in {doc.sentence_index(h.start) for h in triggers if h.payload[0] == FORUM}:
        _forum_as_object(doc, sentences[index])
    for mention in dates:
        sentences[doc.sentence_index(mention.start)].dates.append(mention)
    first_lead = next((s.index for s in sentences if s.lead), -1)
    for sentence in sentences:
        # "Korea has been a partner since 2019": a state of affairs since a past year is background.
        if not sentence.in_title and sentence.index != first_lead and not sentence.background:
            sentence.background = _SINCE_YEAR.search(doc.text, sentence.start, sentence.end) is not None
    for mention in countries:
        sentences[doc.sentence_index(mention.start)].countries.append(mention)
    for mention in actors:
        sentences[doc.sentence_index(mention.start)].actors.append(mention)
    return sentences


def _forum_as_object(doc: Doc, sentence: Sentence) -> None:
    """ "menandatangani perjanjian kerja sama penyelenggaraan pameran", "signed an MoU to hold a festival":
    a gathering named after a signing, not as its setting, is what was agreed on; it counts little."""
    signed = [pos for kind, weight, pos in sentence.triggers if kind == AGREEMENT and weight >= 3.0]
    if not signed:
        return
    for i, (kind, weight, pos) in enumerate(sentence.triggers):
        if kind == FORUM and pos > signed[0] and not _SETTING_WORD.search(doc.text, max(0, pos - 12), pos):
            sentence.triggers[i] = (kind, weight * 0.4, pos)


_SETTING_WORD = re.compile(
    r"\b(?:at|in|during|di|pada|dalam|on the sidelines of|di sela)\s+(?:the\s+|a\s+)?\S*\s*$", re.I
)


def _is_story(doc: Doc, sentence: Sentence) -> bool:
    """A sentence of the story, not a byline, caption or a one-line label."""
    if not doc.active(sentence.start, sentence.end):
        return False
    if _CJK_CHAR.search(doc.text, sentence.start, min(sentence.end, sentence.start + 40)):
        return sentence.end - sentence.start >= 15
    return doc.text.count(" ", sentence.start, sentence.end) >= 4


def score_kinds(sentences: list[Sentence]) -> dict[str, float]:
    """Trigger weight per kind: the headline x3, the lead x2, the rest x0.5; side stories and
    background less. "signed" holds the strongest signing of the main story (not a kind)."""
    scores: dict[str, float] = defaultdict(float)
    signed = 0.0
    for sentence in sentences:
        factor = 3.0 if sentence.in_title else (2.0 if sentence.lead else 0.5)
        if sentence.side:
            factor *= 0.3
        if sentence.background:
            factor *= 0.3
        # Each kind counts once per sentence, at its strongest trigger: a sentence that says
        # "cooperation" three times is no more a collaboration than one that says it once.
        strongest: dict[str, float] = {}
        for kind, weight, _ in sentence.triggers:
            strongest[kind] = max(strongest.get(kind, 0.0), weight)
            if kind == AGREEMENT and sentence.main:
                signed = max(signed, weight)
        for kind, weight in strongest.items():
            scores[kind] += weight * factor
    if signed:
        scores["signed"] = signed
    return scores


def choose_kind(scores: dict[str, float]) -> tuple[str, float]:
    """The kind with the most trigger weight; a collaboration that was signed is an agreement."""
    signed = scores.get("signed", 0.0)
    scores = {k: v for k, v in scores.items() if k in KINDS and v > 0}
    if not scores:
        return OTHER, 0.0
    kind = max(KINDS, key=lambda k: (scores.get(k, 0.0), -KINDS.index(k)))
    if kind == COLLABORATION:
        # Talks where the sides agree to cooperate: the meeting is the event, the cooperation its
        # outcome. A collaboration that was signed is an agreement.
        if scores.get(AGREEMENT, 0.0) >= 3.0 or signed >= 3.0:
            kind = AGREEMENT
        elif scores.get(VISIT, 0.0) >= 0.8 * scores[COLLABORATION]:
            kind = VISIT
    total = sum(scores.values())
    return kind, scores[kind] / total if total else 0.0


def is_reporting_date(doc: Doc, mention: DateMention) -> bool:
    """A date that says when something was said, not when the event happened."""
    if _REPORTING_AFTER.match(doc.text, mention.end, mention.end + 12):
        return True
    return _verb_before(doc, mention, _REPORTING, _REPORTING_WORDS)


def is_publishing_date(doc: Doc, mention: DateMention) -> bool:
    """A date that says when the story was published ("dikutip Tagar pada Sabtu, 20 Maret 2021")."""
    return _verb_before(doc, mention, _PUBLISHING, _PUBLISHING_WORDS)


def is_dateline_date(doc: Doc, mention: DateMention) -> bool:
    """The date of a dateline ("NANNING, Sept. 16 (SRW) --", "北京10月17日电"): the filing date."""
    if _DATELINE_AFTER.match(doc.text, mention.end, mention.end + 3):
        return True
    line = dateline(doc)
    return line is not None and line[0] <= mention.start < line[1]


def _verb_before(doc: Doc, mention: DateMention, pattern: re.Pattern, words: tuple[str, ...]) -> bool:
    start = max(0, mention.start - 60)
    window = doc.lower[start : mention.start]
    if not any(word in window for word in words):  # substring tests first: the regex is slower
        return False
    return bool(pattern.search(doc.text, start, mention.start))


@dataclass
class DateCandidate:
    mention: DateMention
    sentence: Sentence
    score: float


def event_dates(ctx: Context, kind: str) -> list[DateCandidate]:
    """The dates that can be the main event's, each with how well placed it is. Said-on dates only
    when there are no others; background dates only when nothing else is dated."""
    plain, reporting, background = [], [], []
    published = ctx.published
    first_lead = _first_lead(ctx)
    for sentence in ctx.sentences:
        if sentence.side or not sentence.dates:
            continue
        if not (sentence.in_title or sentence.lead or sentence.triggers or sentence.occurs):
            continue
        related = max((w for k, w, _ in sentence.triggers if _related(k, kind)), default=0.0)
        base = 2.0 if sentence.in_title or sentence.lead else 0.0
        base += 0.5 if sentence.index == first_lead else 0.0
        base += (
            min(1.5, related / 2) + (0.5 if sentence.occurs else 0.0) + (0.25 if sentence.triggers else 0.0)
        )
        for mention in sentence.dates:
            if is_publishing_date(ctx.doc, mention) or is_dateline_date(ctx.doc, mention):
                continue
            score = base - {"day": 0.0, "month": 0.3, "year": 1.0}[mention.precision]
            if published and abs((mention.value - published).days) > 45:
                score -= 2.0
            if mention.relative:
                score -= 0.2  # "on Wednesday" next to "on 12 November": the date written out wins
            if _OTHER_EVENT_BEFORE.search(ctx.doc.text, max(0, mention.start - 30), mention.start):
                score -= 1.5  # "ahead of June 3 vote", "menjelang 22 Januari": another event's date
            candidate = DateCandidate(mention, sentence, score)
            if sentence.background:
                background.append(candidate)
            elif is_reporting_date(ctx.doc, mention):
                reporting.append(candidate)
            else:
                plain.append(candidate)
    return plain or reporting or background


def _first_lead(ctx: Context) -> int:
    return next((s.index for s in ctx.sentences if s.lead), -1)


def _related(trigger_kind: str, kind: str) -> bool:
    return trigger_kind == kind or (kind == AGREEMENT and trigger_kind == COLLABORATION)


def cluster_dates(items: list[DateCandidate]) -> list[list[DateCandidate]]:
    clusters: list[list[DateCandidate]] = []
    for item in sorted(items, key=lambda x: x.mention.value):
        mention = item.mention
        if clusters:
            last = clusters[-1][-1].mention
            close = (mention.value - (last.end_value or last.value)).days <= 3
            contained = (
                mention.precision != "day" and truncate(last.value, mention.precision) == mention.value
            )
            if close or contained:
                clusters[-1].append(item)
                continue
        clusters.append([item])
    return clusters


def cluster_score(cluster: list[DateCandidate]) -> float:
    """The best-placed date of the cluster, and a little for each more sentence that dates it."""
    sentences = {c.sentence.index for c in cluster}
    return max(c.score for c in cluster) + 0.25 * (len(sentences) - 1)


def best_mention(cluster: list[DateCandidate]) -> DateMention:
    """The most precise date of the cluster; among equals the best placed, then a stated range."""
    return min(
        (c for c in cluster),
        key=lambda c: (_ORDER[c.mention.precision], -c.score, c.mention.end_value is None, c.mention.start),
    ).mention


def sentence_score(sentence: Sentence, kind: str) -> float:
    related = [w for k, w, _ in sentence.triggers if _related(k, kind)]
    score = max(related, default=0.0)
    score += min(3, len(sentence.countries) + len(sentence.actors)) * 0.5
    if sentence.dates:
        score += 1.0
    if sentence.lead:
        score += 1.0
    if sentence.in_title:
        score -= 0.5
    return score - sentence.index * 0.01


def _related_trigger(sentence: Sentence, kind: str) -> bool:
    family = {kind, COLLABORATION, AGREEMENT} if kind in (AGREEMENT, COLLABORATION) else {kind}
    return any(k in family for k, _, _ in sentence.triggers)


def party_codes(
    ctx: Context,
    sentences: list[Sentence],
    title_sentences: list[Sentence],
    *,
    with_actors: bool = True,
    hosts: bool = False,
) -> list[str]:
    """Countries taking part, named in these sentences or home to an organisation taking part."""
    return sorted(_party_sources(ctx, [*title_sentences, *sentences], with_actors=with_actors, hosts=hosts))


def _party_sources(
    ctx: Context, sentences: list[Sentence], *, with_actors: bool = True, hosts: bool = False
) -> dict[str, list[tuple[str, int, bool]]]:
    """Each party with where it comes from: ("country" or an actor kind, offset, in a list)."""
    found: dict[str, list[tuple[str, int, bool]]] = defaultdict(list)
    if ctx._listed is None:
        ctx._listed = _listed(ctx)
    listed = ctx._listed
    named = {m.code for m in ctx.countries}
    for sentence in sentences:
        for mention in sentence.countries:
            if _usable_cached(ctx, mention.start, mention.end, hosts):
                found[mention.code].append(("country", mention.start, mention.start in listed))
        for mention in sentence.actors if with_actors else ():
            country = ctx.actor_countries[mention.actor]
            if not country or not _usable_cached(ctx, mention.start, mention.end, False):
                continue
            kind = getattr(mention, "kind", "") or "other"
            if kind == "company" and country not in named:
                continue  # a company's home country counts only when the story names it
            found[country].append((kind, mention.start, False))
    return found


def _usable_cached(ctx: Context, start: int, end: int, hosts: bool) -> bool:
    key = (start, hosts)
    if key not in ctx._usable:
        ctx._usable[key] = _usable(ctx, start, end, hosts)
    return ctx._usable[key]


def _usable(ctx: Context, start: int, end: int, hosts: bool) -> bool:
    """A name that can make a party: not a place (unless the country visited), not the dateline, not
    quoted, not a comparison."""
    doc = ctx.doc
    if doc.in_quote(start):
        return False
    line = dateline(doc)
    if line is not None and line[0] <= start < line[1]:
        return False
    before = doc.word_before(start)
    if in_location_phrase(doc, start, end, lambda: ctx.cities_near(start)) and not (
        hosts and before in _DESTINATION
    ):
        return False
    if before in _COMPARISON or before in _PEOPLE_BEFORE:
        return False  # "seperti Amerika Serikat"; "masyarakat Jepang": people of a country, not the state
    if _PEOPLE_AFTER.match(doc.text, end, end + 16):
        return False  # "Korean fans"
    if _COMPARED_AFTER.match(doc.text, end, end + 8) or _COMPARED_BEFORE.search(doc.text, start - 4, start):
        return False  # "中国に次いで", "중국, 일본에 이어", "보다", "仅次于美国": a ranking or comparison
    if before in _HOST_LINKS and _EMBASSY_HOST.search(doc.text, max(0, start - 40), start):
        return False  # "Duta Besar Belanda untuk Indonesia": the embassy's host country
    if before in _AND_WORDS and _EMBASSY_HOSTS.search(doc.text, max(0, start - 80), start):
        return False  # "Duta Besar Jepang untuk Indonesia dan ASEAN": a second host
    if doc.text[start - 1 : start] == "주":
        return False  # "주캄보디아 한국대사": the same, in Korean
    return doc.word_before(start, 2).split()[0:1] != ["seperti"]


_COMPARED_AFTER = re.compile(r"(?:に次いで|に次ぐ|より|에 이어|에 이은|보다|에 비해|다음으로|에 버금)")
_COMPARED_BEFORE = re.compile(r"(?:仅次于|次于|超过|超越|不如|媲美|比)$")
_DESTINATION = {"ke", "to"}
_HOST_LINKS = {"untuk", "to", "di", "in", "ke", "the"}
_PEOPLE_BEFORE = {
    "masyarakat", "warga", "publik", "pengunjung", "penonton", "penggemar", "wisatawan", "turis", "pelajar",
    "mahasiswa", "siswa", "diaspora", "komunitas", "rakyat", "pelancong", "peminat", "pengguna", "konsumen",
    "pembeli", "pembaca", "orang", "penduduk", "peserta", "pasar", "market", "markets",
}  # fmt: skip
_PEOPLE_AFTER = re.compile(
    r"\s+(?:people|fans|audiences?|visitors|tourists|students|consumers|users|readers|viewers|public|buyers"
    r"|citizens|nationals|diaspora|community|artists|creators|animators|players|customers|market)\b",
    re.IGNORECASE,
)
_EMBASSY_HOST = re.compile(
    r"(?:duta besar|dubes|kedutaan besar|kedutaan|kbri|ambassador|embassy|envoy|pesuruhjaya tinggi)\b"
    r"[^.,;\n]{0,25}"
    r"\b(?:untuk|to|di|in|ke)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


_AND_WORDS = {"dan", "and", "serta", "&"}
_EMBASSY_HOSTS = re.compile(
    r"(?:duta besar|dubes|kedutaan besar|ambassador|embassy|envoy|pesuruhjaya tinggi)\b[^.,;\n]{0,25}"
    r"\b(?:untuk|to|di|in|ke)\s+(?:the\s+)?[^.,;\n]{2,30}\s+(?:dan|and|serta|&)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# The word before a list of co-signatories: "diteken bersama Korea Selatan, Jepang dan Singapura".
_COSIGN_BEFORE = {"bersama", "dengan", "with", "alongside", "와", "과"}
_COSIGN_CJK = re.compile(r"(?:与|和|同|跟|및)")


def _listed(ctx: Context) -> set[int]:
    """Offsets of country names that stand in a list of three or more (members, markets, origins), but
    not the co-signatories of a signing ("signed with Malaysia, Singapore and Japan")."""
    mentions = sorted(ctx.countries, key=lambda m: m.start)
    listed: set[int] = set()
    run = mentions[:1]
    for mention in [*mentions[1:], None]:
        if mention is not None:
            gap = ctx.doc.text[run[-1].end : mention.start]
            if len(gap) <= 12 and _LIST_GAP.match(gap):
                run.append(mention)
                continue
        if len({m.code for m in run}) >= 3 and not _cosigners(ctx, run):
            listed.update(m.start for m in run)
        run = [mention]
    return listed


def _cosigners(ctx: Context, run: list[CountryMention]) -> bool:
    """A list that is the object of a signing: after "bersama", "with" (or joined by 与/和 in Chinese)
    with a signing word in the same clause."""
    doc = ctx.doc
    start, end = run[0].start, run[-1].end
    joined = doc.word_before(start) in _COSIGN_BEFORE or _COSIGN_CJK.search(doc.text, start, end)
    if not joined:
        return False
    sentence = ctx.sentences[doc.sentence_index(start)] if ctx.sentences else None
    return sentence is not None and any(
        kind == AGREEMENT and start - 60 <= pos <= end + 20 for kind, _, pos in sentence.triggers
    )


def count_agreements(doc: Doc, sentences: list[Sentence]) -> int | None:
    """The number of documents signed ("9 Kerja Sama", "nine agreements", "3건의 협약", "五项协议"), read
    just before the signing and cooperation words of the given sentences, in their order."""
    seen: set[int] = set()
    for sentence in sentences:
        for kind, _, pos in sentence.triggers:
            if kind not in (AGREEMENT, COLLABORATION) or pos in seen:
                continue
            seen.add(pos)
            m = _COUNT.search(doc.text, max(sentence.start, pos - 30), min(sentence.end, pos + 40))
            if m:
                raw = next(g for g in m.groups() if g)
                value = int(raw) if raw.isdigit() else _chinese_or_word(raw.lower())
                if value and 1 < value < 500:
                    return value
    return None


def _chinese_or_word(raw: str) -> int | None:
    if raw in _NUMBER_WORDS:
        return _NUMBER_WORDS[raw]
    if raw.startswith("十"):
        return 10 + _NUMBER_WORDS.get(raw[1:], 0)
    if "十" in raw:
        tens, _, ones = raw.partition("十")
        return _NUMBER_WORDS.get(tens, 1) * 10 + _NUMBER_WORDS.get(ones, 0)
    return None


def build_events(ctx: Context, kind: str, kind_confidence: float, title: str) -> list[EventResult]:
    doc = ctx.doc
    if _OPINION.match(doc.text, doc.body_offset, doc.body_offset + 200):
        return []  # a column argues; it reports no event of its own
    main_sentences = [s for s in ctx.sentences if not s.side]
    title_sentences = [s for s in main_sentences if s.in_title]
    lead = [s for s in main_sentences if s.lead]
    clusters = cluster_dates(event_dates(ctx, kind))
    main_cluster = max(clusters, key=cluster_score, default=None)

    # The evidence sentence: in the main cluster if there is one, else the best trigger sentence.
    if main_cluster:
        pool = [c.sentence for c in main_cluster]
    else:
        pool = [s for s in lead if s.triggers] or [s for s in main_sentences if s.triggers and s.main]
        pool = pool or [s for s in main_sentences if s.triggers]
    body_pool = [s for s in pool if not s.in_title] or pool
    if not body_pool:
        return []
    if kind == OTHER and not kind_confidence and not main_cluster:
        return []  # no trigger and no date: nothing happened that the tracker can file
    evidence = max(body_pool, key=lambda s: sentence_score(s, kind))
    core = {s.index: s for s in [evidence, *(c.sentence for c in main_cluster or [])]}
    parties = main_parties(ctx, kind, core, title_sentences, lead, main_cluster)

    if main_cluster:
        mention = best_mention(main_cluster)
        event_date, precision, end_date = mention.value, mention.precision, mention.end_value
        event_date = truncate(event_date, precision)
    elif ctx.published:
        event_date, precision, end_date = date(ctx.published.year, ctx.published.month, 1), "month", None
    else:
        event_date, precision, end_date = None, None, None

    ordered = [evidence, *sorted(core.values(), key=lambda s: s.index), *title_sentences]
    location = _location(ctx, ordered) or _dateline(ctx, parties)
    if location is None:
        others = [s for s in main_sentences if (s.triggers or s.occurs) and s.index not in core and s.main]
        location = _location(ctx, [*lead, *others], cities_only=True)
    count_from = [*title_sentences, *ordered, *(s for s in main_sentences if s.main)]
    confidence = 0.35 + 0.25 * min(1.0, kind_confidence * 1.5)
    confidence += 0.2 if event_date else 0.0
    confidence += 0.2 if parties else 0.0
    main = EventResult(
        kind=kind,
        title=title,
        date=event_date,
        date_precision=precision,
        end_date=end_date,
        location=location,
        parties=parties,
        agreement_count=count_agreements(doc, count_from) if kind == AGREEMENT else None,
        confidence=min(confidence, 0.95),
        evidence=doc.text[evidence.start : evidence.end],
        evidence_span=doc.to_body(evidence.start, evidence.end),
        sentences=sorted(core),
    )
    events = [main]
    for cluster in clusters:
        if cluster is main_cluster:
            continue
        extra = _secondary(ctx, cluster, kind, parties)
        if extra:
            events.append(extra)
    return events


def _dated_elsewhere(ctx: Context, sentence: Sentence, main_days: set[date]) -> bool:
    """A sentence whose own dates all lie outside the main event's (said-on dates aside)."""
    own = [
        m for m in sentence.dates if not is_reporting_date(ctx.doc, m) and not is_publishing_date(ctx.doc, m)
    ]
    return bool(own) and not any(m.value in main_days for m in own)


def main_parties(
    ctx: Context,
    kind: str,
    core: dict[int, Sentence],
    title_sentences: list[Sentence],
    lead: list[Sentence],
    main_cluster: list[DateCandidate] | None = None,
) -> list[str]:
    """The parties of the main event (codebook: those that take part, not those only mentioned)."""
    first_lead = _first_lead(ctx)
    # The headline, the first lead sentence and the event's own sentences name the parties; a later
    # lead sentence adds a country only when it reports the event too (a trigger of its kind) or a
    # party takes part in it: "The course drew civil servants from Vietnam, …" adds no party. When
    # those name none, the lead is all there is (a regulator the story names only through its targets).
    primary = [*title_sentences, *(s for s in core.values() if s.main or s.lead)]
    primary += [s for s in lead if s.main and s.index == first_lead]
    primary = list({s.index: s for s in primary}.values())
    sources = _party_sources(ctx, primary, hosts=kind == VISIT)
    for sentence in lead:
        if not sentence.main or sentence.index in {s.index for s in primary}:
            continue
        if not sources or _related_trigger(sentence, kind) or sentence.occurs:
            for code, found in _party_sources(ctx, [sentence], hosts=kind == VISIT).items():
                sources[code].extend(found)
    # Trigger sentences that name a party bring their other countries and organisations in ("… bersama
    # Korea Selatan", "Hibah diserahkan … kepada Indonesian Heritage Agency"), unless they are dated
    # at another time than the main event (a follow-up next year, an earlier forum).
    main_days = {c.mention.value for c in main_cluster} if main_cluster else set()
    body = [s for s in ctx.sentences if not s.in_title]
    # Only the first half of the story: the later paragraphs hold comment, context and analysis.
    last = body[max(5, len(body) // 2)].index if len(body) > 6 else len(ctx.sentences)
    for sentence in ctx.sentences:
        if sentence.index in core or sentence.in_title or not sentence.main or sentence.index > last:
            continue
        if not (sentence.countries or sentence.actors) or not _related_trigger(sentence, kind):
            continue
        if _dated_elsewhere(ctx, sentence, main_days):
            continue
        codes = {m.code for m in sentence.countries} | {
            ctx.actor_countries[a.actor] for a in sentence.actors if ctx.actor_countries[a.actor]
        }
        if codes & set(sources):
            for code, found in _party_sources(ctx, [sentence], hosts=kind == VISIT).items():
                sources[code].extend(found)
    title_codes = {code for code, found in sources.items() for _, pos, _ in found if ctx.doc.in_title(pos)}
    parties: dict[str, int] = {}
    for code, found in sources.items():
        # A country named only in a list (a bloc's members, markets, home countries of participants)
        # takes part only in the headline or when the first lead sentence lists the actors.
        kept = [
            (source, pos)
            for source, pos, in_list in found
            if not in_list or ctx.doc.in_title(pos) or ctx.doc.sentence_index(pos) == first_lead
        ]
        if kept:
            parties[code] = min(pos for _, pos in kept)
    blocs = [code for code in parties if code in ctx.bloc_members]
    for bloc in blocs:
        for member in ctx.bloc_members[bloc]:
            # A bloc that takes part speaks for its members: they are mentioned, not parties, unless the
            # headline names them or they act through an organisation of their own.
            named_only = all(source == "country" for source, _, _ in sources.get(member, ()))
            if member in parties and member not in title_codes and named_only:
                del parties[member]
    if kind == REGULATION and len(parties) > 1:
        parties = _acting_state(ctx, sources, parties)
    return sorted(parties)


def _acting_state(ctx: Context, sources: dict, parties: dict[str, int]) -> dict[str, int]:
    """A regulation has one party: the state whose body acts, else the first country of the story."""
    state = {
        code: min(pos for source, pos, _ in sources[code] if source in STATE_KINDS)
        for code in parties
        if any(source in STATE_KINDS for source, _, _ in sources[code])
    }
    code = min(state, key=state.get) if state else min(parties, key=parties.get)
    return {code: parties[code]}


def _location(ctx: Context, sentences: list[Sentence], *, cities_only: bool = False) -> str | None:
    for sentence in sentences:
        countries = [] if cities_only else [(m.start, m.end, m.code) for m in sentence.countries]
        place = find_location(
            ctx.doc,
            sentence.start,
            sentence.end,
            ctx.city_gazetteer,
            ctx.cities_near(sentence.start),
            countries,
            ctx.country_names,
        )
        if place:
            return place
    return None


def _dateline(ctx: Context, parties: list[str]) -> str | None:
    """ "YOGYAKARTA —": the dateline city, when it lies in a party (or a member of a party bloc)."""
    doc = ctx.doc
    line = dateline(doc)
    if line is None:
        return None
    start, end = line[2], line[3]
    name = doc.text[start:end].strip()
    members = set(parties) | {c for p in parties for c in ctx.bloc_members.get(p, ())}
    for hit in ctx.city_gazetteer.find_in(doc, start, end):
        if hit.start == start or doc.text[hit.start : hit.end].lower() == name.lower():
            city = ctx.city_gazetteer.cities[hit.payload]
            if city.country in members and hit.start >= start and hit.end <= end + 1:
                return city.name
    return None


def _secondary(
    ctx: Context, cluster: list[DateCandidate], main_kind: str, main_parties: list[str]
) -> EventResult | None:
    """Another dated event in the story, when a sentence says it took place."""
    mention = best_mention(cluster)
    sentences = sorted({c.sentence.index: c.sentence for c in cluster}.values(), key=lambda s: s.index)
    if mention.precision != "day" or not any(s.occurs for s in sentences):
        return None
    scores: dict[str, float] = defaultdict(float)
    for sentence in sentences:
        for kind, weight, _ in sentence.triggers:
            scores[kind] += weight
    kind, _ = choose_kind(scores) if scores else (main_kind, 0.0)
    parties = party_codes(ctx, sentences, []) or list(main_parties)
    evidence = sentences[0]
    return EventResult(
        kind=kind,
        title=ctx.doc.text[evidence.start : evidence.end][:200],
        date=mention.value,
        date_precision="day",
        end_date=mention.end_value,
        location=_location(ctx, sentences),
        parties=parties,
        confidence=0.5,
        evidence=ctx.doc.text[evidence.start : evidence.end],
        evidence_span=ctx.doc.to_body(evidence.start, evidence.end),
        sentences=[s.index for s in sentences],
        actors=_unique(
            a.actor
            for s in sentences
            for a in s.actors
            if not in_location_phrase(ctx.doc, a.start, a.end, lambda a=a: ctx.cities_near(a.start))
        ),
    )


def _unique(values) -> list:
    return list(dict.fromkeys(values))
