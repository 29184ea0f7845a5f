"""The minutes (محضر) of a committee session as a PDF: made once when the session closes, in Arabic and
right to left, with an English rendering on demand marked as a translation.

What goes in is plain data (`Minutes`), filled from the closed session by the committee's closing, so
the document's layout is tested apart from the session's workflow. WeasyPrint draws it with the site's
own Arabic font (docs: /work/shared/NOTES.md "PDF output"); it is made after the session's transaction
commits, never inside it.
"""

import dataclasses
import datetime
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML

from core.arabic import to_arabic_indic_digits
from core.calendars import format_gregorian, hijri_display

FONTS = Path(settings.BASE_DIR) / "website" / "static" / "fonts"


@dataclasses.dataclass(frozen=True)
class MinutesDecision:
    """One request's decision, in the session's order. Only the request's reference identifies the family:
    never a national ID or a name."""

    number: str  # the decision number the timeline and the applicant's message quote, e.g. 1448/3/7
    reference: str
    outcome: str  # shown as given: the closing passes the translated label
    details: str = ""  # the service, amount and duration; the reason of a rejection; what a deferral waits for
    votes_for: int | None = None  # None: unanimous
    votes_against: int | None = None
    chair_decided: bool = False
    dissent: str = ""
    appeal: bool = False
    stood_aside: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class Minutes:
    association: str
    session_number: str  # e.g. 3/1448
    date: datetime.date
    place: str
    attendees: tuple[str, ...]
    absentees: tuple[str, ...]
    quorum: int
    adjourned: bool = False
    decisions: tuple[MinutesDecision, ...] = ()
    # Urgent requests decided by circulation since the last session, recorded with these minutes.
    circulated: tuple[MinutesDecision, ...] = ()
    chair: str = ""
    secretary: str = ""


def digits(value, language: str) -> str:
    text = str(value)
    return to_arabic_indic_digits(text) if language == "ar" else text


def render_html(minutes: Minutes, language: str = "ar") -> str:
    with translation.override(language):
        return render_to_string(
            "committee/minutes.html",
            {
                "minutes": minutes,
                "language": language,
                "direction": "rtl" if language == "ar" else "ltr",
                "translation": language != "ar",
                "fonts": FONTS.as_uri(),
                "hijri_date": hijri_display(minutes.date, language),
                "gregorian_date": format_gregorian(minutes.date, language),
                "session_number": digits(minutes.session_number, language),
                "present": digits(len(minutes.attendees), language),
                "quorum": digits(minutes.quorum, language),
                "decisions": [_shown(decision, language) for decision in minutes.decisions],
                "circulated": [_shown(decision, language) for decision in minutes.circulated],
            },
        )


def _shown(decision: MinutesDecision, language: str) -> dict:
    return {
        "decision": decision,
        "number": digits(decision.number, language),
        "votes_for": digits(decision.votes_for, language) if decision.votes_for is not None else "",
        "votes_against": digits(decision.votes_against, language) if decision.votes_against is not None else "",
    }


def render_pdf(minutes: Minutes, language: str = "ar") -> bytes:
    """The minutes as PDF bytes; `language` "ar" is the original, anything else a translation."""
    return HTML(string=render_html(minutes, language), base_url=str(FONTS)).write_pdf()
