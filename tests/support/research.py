"""What the research tests share: days from today, and the visit form as a phone posts it."""

import datetime

from django.utils import timezone


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def visit_form(day, starts="10:00", ends="12:00", place="home", **extra) -> dict:
    """The plan/reschedule form's fields; `day` a date or the text typed."""
    date = day.isoformat() if isinstance(day, datetime.date) else day
    return {"date": date, "starts_at": starts, "ends_at": ends, "place": place, **extra}
