"""The editors' review queue: proposed events with their evidence, confirmed, rejected (as a wrong reading
or as out of scope) or merged in a click, and the events whose machine reading disagrees with what an
editor set, kept or taken in a click. A second lane lists the articles the relevance stage kept out of
event building, each promoted in a click.

The decisions themselves live in apps/events/review.py and apps/events/editing.py, shared with the
admin; the lane and promoting in apps/pipeline/scope.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.events.editing import disagreements_for, is_decision, keep_editor_value, use_machine_value
from apps.events.models import Event, EventPair, EventSource, MachineReading
from apps.events.review import Decision, decide, merge
from apps.news.models import Article
from apps.pipeline import scope
from apps.tagging.models import RelevanceLabel
from apps.web import filters

PER_PAGE = 20
MAX_CANDIDATE_ROWS = 2000
RECENT_READINGS = 50  # confirmed events whose machine reading changed last, checked for disagreements
PROPOSED, OUT_OF_SCOPE = "proposed", "out-of-scope"  # the lanes (`lane=`)


def _candidates(
    events: list[Event], pairs_by_event: dict[int, list[tuple[str, str]]]
) -> dict[int, list[Event]]:
    """For each event, up to five others of the same pair within 60 days: the likely duplicates.

    Two queries for the whole page: the pair index rows of every pair on the page, then the events.
    """
    wanted = {pair for pairs in pairs_by_event.values() for pair in pairs}
    if not wanted:
        return {}
    q = Q()
    for a, b in wanted:
        q |= Q(a_id=a, b_id=b)
    rows = (
        EventPair.objects.filter(q)
        .exclude(event__status=Event.Status.REJECTED)
        .values_list("event_id", "a_id", "b_id")[:MAX_CANDIDATE_ROWS]
    )
    events_by_pair: dict[tuple[str, str], set[int]] = {}
    for event_id, a, b in rows:
        events_by_pair.setdefault((a, b), set()).add(event_id)
    pool = Event.objects.in_bulk({pk for pks in events_by_pair.values() for pk in pks})
    window = dt.timedelta(days=60)
    found: dict[int, list[Event]] = {}
    for event in events:
        pks = {pk for pair in pairs_by_event.get(event.pk, []) for pk in events_by_pair.get(pair, ())}
        near = [
            pool[pk]
            for pk in pks - {event.pk}
            if pk in pool
            and (not event.date or not pool[pk].date or abs(pool[pk].date - event.date) <= window)
        ]
        near.sort(key=lambda e: (e.status != Event.Status.CONFIRMED, -(e.date or dt.date.min).toordinal()))
        found[event.pk] = near[:5]
    return found


@dataclass
class LaneRow:
    """An article of the out-of-scope lane and the latest decision an editor made on it."""

    article: Article
    label: RelevanceLabel | None

    @property
    def promoted(self) -> bool:
        return self.label is not None and self.label.decision == RelevanceLabel.Decision.PROMOTE

    @property
    def waiting(self) -> bool:
        """Promoted, and not read again since: the worker has yet to build its event."""
        tagged = self.article.tagged_at
        return self.promoted and (tagged is None or tagged < self.label.created_at)


@permission_required("events.change_event", raise_exception=True)
def queue(request: HttpRequest) -> HttpResponse:
    try:
        filters.check_params(request.GET, {"page", "lane"})
        page_number = filters.parse_page(request.GET)
        lane = request.GET.get("lane", PROPOSED)
        if lane not in (PROPOSED, OUT_OF_SCOPE):
            raise filters.BadFilter(_("lane: use “proposed” or “out-of-scope”."))
    except filters.BadFilter as exc:
        return render(request, "web/bad_request.html", {"message": str(exc)}, status=400)
    context = _out_of_scope_lane(page_number) if lane == OUT_OF_SCOPE else _proposed_lane(page_number)
    return render(request, "web/review.html", {"lane": lane, "lane_max": scope.LANE_MAX, **context})


def _proposed_lane(page_number: int) -> dict:
    """Proposed events with their sources, likely duplicates and disagreements; the other lane's count."""
    sources = EventSource.objects.select_related("article__source").order_by("added_at", "id")
    proposed = (
        Event.objects.filter(status=Event.Status.PROPOSED)
        .for_timeline()
        .prefetch_related(Prefetch("sources", queryset=sources), "readings")
        .order_by("-created_at", "-id")
    )
    page = Paginator(proposed, PER_PAGE).get_page(page_number)
    ids = [e.pk for e in page.object_list]
    pairs_by_event: dict[int, list[tuple[str, str]]] = {}
    for event_id, a, b in EventPair.objects.filter(event_id__in=ids).values_list("event_id", "a_id", "b_id"):
        pairs_by_event.setdefault(event_id, []).append((a, b))
    candidates = _candidates(list(page.object_list), pairs_by_event)
    disagreements = disagreements_for(list(page.object_list))
    rows = [(e, candidates.get(e.pk, []), disagreements.get(e.pk, [])) for e in page.object_list]
    return {
        "page": page,
        "rows": rows,
        "disputed": _disputed_confirmed() if page.number == 1 else [],
        "proposed_count": page.paginator.count,
        "out_of_scope_count": scope.out_of_scope_lane()[: scope.LANE_MAX].count(),
    }


def _out_of_scope_lane(page_number: int) -> dict:
    """Articles below the relevance threshold without an event, newest first (a bounded count); the
    other lane's count."""
    page = Paginator(scope.out_of_scope_lane()[: scope.LANE_MAX], PER_PAGE).get_page(page_number)
    return {
        "page": page,
        "lane_rows": [LaneRow(a, next(iter(a.relevance_labels.all()), None)) for a in page.object_list],
        "proposed_count": Event.objects.filter(status=Event.Status.PROPOSED).count(),
        "out_of_scope_count": page.paginator.count,
        "threshold": scope.threshold(),
    }


def _disputed_confirmed() -> list[tuple[Event, list]]:
    """Confirmed events whose machine reading (among the most recently re-read) disagrees with what an
    editor set: proposed ones show their disagreements in their own row."""
    recent = (
        MachineReading.objects.filter(merged_from__isnull=True)
        .order_by("-updated_at")
        .values("event_id")[:RECENT_READINGS]
    )
    events = list(
        Event.objects.filter(pk__in=recent, status=Event.Status.CONFIRMED)
        .for_timeline()
        .prefetch_related("readings")
        .order_by("-updated_at", "-id")
    )
    found = disagreements_for(events)
    return [(event, found[event.pk]) for event in events if found.get(event.pk)]


@require_POST
@permission_required("events.change_event", raise_exception=True)
def act(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(Event, pk=pk)
    page = event.get_absolute_url()  # before a merge takes the event away
    action = request.POST.get("action")
    if action == "confirm":
        decide(event, Decision.CONFIRM, request.user)
        messages.success(request, _("Confirmed: %(title)s") % {"title": event.title})
    elif action == "reject":  # the reading is wrong; the article is in scope
        decide(event, Decision.REJECT_WRONG, request.user)
        messages.info(request, _("Rejected: %(title)s") % {"title": event.title})
    elif action == "reject_out_of_scope":
        decide(event, Decision.REJECT_OUT_OF_SCOPE, request.user)
        messages.info(request, _("Rejected as out of scope: %(title)s") % {"title": event.title})
    elif action in {"keep", "use"}:
        field = request.POST.get("field", "")
        if not is_decision(field):
            return HttpResponse(_("field: name a field the machine and an editor disagree on."), status=400)
        if action == "keep":
            keep_editor_value(event, field)
            messages.info(request, _("Kept the editor's value: %(title)s") % {"title": event.title})
        else:
            use_machine_value(event, field)
            messages.success(request, _("Took the machine's value: %(title)s") % {"title": event.title})
    elif action == "merge":
        target_id = request.POST.get("target", "")
        if not target_id.isdigit():
            return HttpResponse(_("target: give the id of the event to merge into."), status=400)
        target = get_object_or_404(Event, pk=int(target_id))
        if target.pk == event.pk:
            return HttpResponse(_("target: an event cannot be merged into itself."), status=400)
        merge(event, target)
        messages.success(request, _("Merged into: %(title)s") % {"title": target.title})
    else:
        return HttpResponse(
            _("action: use confirm, reject, reject_out_of_scope, merge, keep or use."), status=400
        )
    back = request.POST.get("next", "")
    return redirect(back if back.startswith("/review/") or back == page else "web:review")


@require_POST
@permission_required("events.change_event", raise_exception=True)
def promote(request: HttpRequest, pk: int) -> HttpResponse:
    """An article of the out-of-scope lane is in scope after all: label it and have its event built."""
    article = get_object_or_404(Article.objects.defer("text", "html", "minhash"), pk=pk)
    scope.promote(article, request.user)
    messages.success(
        request,
        _("Promoted: %(title)s. A worker is building its event, which will be proposed in this queue.")
        % {"title": article.title},
    )
    back = request.POST.get("next", "")
    return redirect(back if back.startswith("/review/") else reverse("web:review") + f"?lane={OUT_OF_SCOPE}")
