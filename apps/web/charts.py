"""Server-rendered SVG bar charts: no JavaScript library, nothing fetched from a CDN."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.formats import date_format

WIDTH = 720
HEIGHT = 120
MAX_MONTHS = 96


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    count: int
    label: str
    start: dt.date
    end: dt.date


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)


# A lone period must not fill the chart with one slab: bars are never wider than this.
MAX_BAR_WIDTH = 48.0


def month_bars(counts: list[tuple[dt.date, int]]) -> dict | None:
    """Bars for every month between the first and the last counted month (zeros included).

    Past eight years the bars become years, so the chart stays readable whatever the range.
    """
    if not counts:
        return None
    by_month = {(d.year, d.month): n for d, n in counts}
    first, last = counts[0][0], counts[-1][0]
    span = (last.year - first.year) * 12 + last.month - first.month + 1
    periods: list[tuple[dt.date, dt.date, int, str]] = []
    if span <= MAX_MONTHS:
        day = dt.date(first.year, first.month, 1)
        while day <= last:
            end = _next_month(day) - dt.timedelta(days=1)
            periods.append(
                (day, end, by_month.get((day.year, day.month), 0), date_format(day, "YEAR_MONTH_FORMAT"))
            )
            day = _next_month(day)
    else:
        for year in range(first.year, last.year + 1):
            n = sum(v for (y, _m), v in by_month.items() if y == year)
            periods.append((dt.date(year, 1, 1), dt.date(year, 12, 31), n, str(year)))
    top = max(p[2] for p in periods) or 1
    slot = WIDTH / len(periods)
    gap = min(2.0, slot * 0.2)
    bar = min(max(slot - gap, 1.0), MAX_BAR_WIDTH)
    bars = []
    for i, (start, end, n, label) in enumerate(periods):
        h = (HEIGHT - 4) * n / top
        bars.append(Bar(i * slot + (slot - bar) / 2, HEIGHT - h, bar, h, n, label, start, end))
    return {
        "bars": bars,
        "width": WIDTH,
        "height": HEIGHT,
        "max": top,
        "first_label": periods[0][3],
        "last_label": periods[-1][3],
        "yearly": span > MAX_MONTHS,
    }


def year_bars(counts: list[tuple[int, int]]) -> dict | None:
    """Bars per year (the country page), zeros filled between the first and last year."""
    if not counts:
        return None
    by_year = dict(counts)
    periods = list(range(counts[0][0], counts[-1][0] + 1))
    top = max(by_year.values()) or 1
    slot = WIDTH / len(periods)
    bar = min(max(slot - 4, 1.0), MAX_BAR_WIDTH)
    bars = [
        Bar(
            i * slot + (slot - bar) / 2,
            HEIGHT - (HEIGHT - 4) * by_year.get(y, 0) / top,
            bar,
            (HEIGHT - 4) * by_year.get(y, 0) / top,
            by_year.get(y, 0),
            str(y),
            dt.date(y, 1, 1),
            dt.date(y, 12, 31),
        )
        for i, y in enumerate(periods)
    ]
    return {"bars": bars, "width": WIDTH, "height": HEIGHT, "max": top, "yearly": True}
