"""The editors' review queue: proposed events with their evidence, confirmed, rejected or merged in a click.

The decisions themselves live in apps/events/review.py, shared with the admin actions.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.events.models import Event, EventPair, EventSource
from apps.events.review import merge, set_status
from apps.web import filters

PER_PAGE = 20
MAX_CANDIDATE_ROWS = 2000


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


@permission_required("events.change_event", raise_exception=True)
def queue(request: HttpRequest) -> HttpResponse:
    try:
        filters.check_params(request.GET, {"page"})
        page_number = filters.parse_page(request.GET)
    except filters.BadFilter as exc:
        return render(request, "web/bad_request.html", {"message": str(exc)}, status=400)
    sources = EventSource.objects.select_related("article__source").order_by("added_at", "id")
    proposed = (
        Event.objects.filter(status=Event.Status.PROPOSED)
        .for_timeline()
        .prefetch_related(Prefetch("sources", queryset=sources))
        .order_by("-created_at", "-id")
    )
    page = Paginator(proposed, PER_PAGE).get_page(page_number)
    ids = [e.pk for e in page.object_list]
    pairs_by_event: dict[int, list[tuple[str, str]]] = {}
    for event_id, a, b in EventPair.objects.filter(event_id__in=ids).values_list("event_id", "a_id", "b_id"):
        pairs_by_event.setdefault(event_id, []).append((a, b))
    candidates = _candidates(list(page.object_list), pairs_by_event)
    rows = [(e, candidates.get(e.pk, [])) for e in page.object_list]
    return render(request, "web/review.html", {"page": page, "rows": rows})


@require_POST
@permission_required("events.change_event", raise_exception=True)
def act(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(Event, pk=pk)
    action = request.POST.get("action")
    if action == "confirm":
        set_status(event, Event.Status.CONFIRMED)
        messages.success(request, _("Confirmed: %(title)s") % {"title": event.title})
    elif action == "reject":
        set_status(event, Event.Status.REJECTED)
        messages.info(request, _("Rejected: %(title)s") % {"title": event.title})
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
        return HttpResponse(_("action: use confirm, reject or merge."), status=400)
    return redirect(
        request.POST.get("next") if request.POST.get("next", "").startswith("/review/") else "web:review"
    )
