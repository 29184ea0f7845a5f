"""Writing a research report: who may write and read one, the researcher's draft (begun with the questions of
the day), saving it with the version check (of two saves of one draft, the stale one is told and changes
nothing) and submitting it only when every question is answered and the recommendation is complete."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beneficiaries.linking import site_id_of
from inbox.lifecycle import Role, Status
from inbox.models import visible_cases
from inbox.roles import roles_of
from research.models import Recommendation, ReportStatus, ResearchReport, ResearchSettings
from research.questions import questions_for

# Those who read a request's reports besides its researcher: the desk and the committee (administrators hold
# every role).
READERS = {Role.RELATIONS, Role.COMMITTEE}


class ReportError(Exception):
    """A save or submit refused: nothing changed; the message says why."""


def keeps_photo_location(site) -> bool:
    """Whether the association keeps the location (EXIF/GPS) of the researcher's photos (off unless it chooses)."""
    return ResearchSettings.for_site(site).keep_photo_location


def may_write(user, case) -> bool:
    """Only the request's own researcher, while the request is with research."""
    return (
        user.is_authenticated
        and case.researcher_id == user.pk
        and Role.RESEARCHER in roles_of(user)
        and case.status == Status.RESEARCH
    )


def may_read(user, case) -> bool:
    """The request's researcher, and beneficiary relations and the committee among those who see the request."""
    roles = roles_of(user)
    if not roles:
        return False
    if case.researcher_id == user.pk and Role.RESEARCHER in roles:
        return True
    return bool(roles & READERS) and visible_cases(user).filter(pk=case.pk).exists()


def snapshot(questions) -> list[dict]:
    """The questions as asked today, kept on the report so later edits to them rewrite no history."""
    return [
        {"key": str(q.translation_key), "question": q.shown_text, "help": q.shown_help, "kind": q.answer_kind,
         "answer": ""}
        for q in questions
    ]  # fmt: skip


def draft_for(case, user) -> ResearchReport:
    """The researcher's draft on this request, begun now with the questions of its service if there is none."""
    report = ResearchReport.objects.filter(case=case, researcher=user, status=ReportStatus.DRAFT).first()
    if report is not None:
        return report
    site_id = site_id_of(case)
    answers = snapshot(questions_for(site_id, case.submission.service))
    try:
        with transaction.atomic():
            return ResearchReport.objects.create(site_id=site_id, case=case, researcher=user, answers=answers)
    except IntegrityError:  # begun at the same moment in another tab: that one is the draft
        return ResearchReport.objects.get(case=case, researcher=user, status=ReportStatus.DRAFT)


@dataclass
class Content:
    """What the researcher typed, cleaned: {question key: answer text} and the recommendation."""

    answers: dict
    recommendation: str = ""
    service: object = None
    amount: object = None
    duration_months: int | None = None
    reason: str = ""


def missing(report, content: Content) -> list[str]:
    """Why this content cannot be submitted yet (empty when it can)."""
    problems = []
    unanswered = [row["question"] for row in report.answers if not str(content.answers.get(row["key"], "")).strip()]
    if unanswered:
        problems.append(
            _("Answer every question before submitting: %(questions)s") % {"questions": "، ".join(unanswered)}
        )
    recommendation = content.recommendation
    if not recommendation:
        problems.append(_("Choose a recommendation before submitting."))
    elif recommendation == Recommendation.ACCEPT and not (
        content.service and content.amount is not None and content.duration_months
    ):
        problems.append(_("To recommend accepting, give the service, the amount and the duration in months."))
    elif recommendation == Recommendation.REJECT and not content.reason.strip():
        problems.append(_("To recommend rejecting, give the reason."))
    elif recommendation == Recommendation.MORE_INFORMATION and not content.reason.strip():
        problems.append(_("Say what information is missing."))
    return problems


def save(report, content: Content, *, expected_version: int | None, submit: bool = False) -> ResearchReport:
    """Save the draft (and submit it when `submit`), in one UPDATE that holds only if nobody saved it since
    `expected_version`; raise ReportError, changing nothing, when it is stale, submitted or incomplete."""
    if submit and (problems := missing(report, content)):
        raise ReportError(" ".join(str(problem) for problem in problems))
    answers = [{**row, "answer": str(content.answers.get(row["key"], "")).strip()} for row in report.answers]
    accepting = content.recommendation == Recommendation.ACCEPT
    now = timezone.now()
    fields = {
        "answers": answers,
        "recommendation": content.recommendation,
        "service": content.service if accepting else None,
        "service_title": content.service.title if accepting and content.service else "",
        "amount": content.amount if accepting else None,
        "duration_months": content.duration_months if accepting else None,
        "reason": "" if accepting else content.reason.strip(),
        "updated_at": now,
        "version": F("version") + 1,
    }
    if submit:
        fields |= {"status": ReportStatus.SUBMITTED, "submitted_at": now}
    with transaction.atomic():
        updated = ResearchReport.objects.filter(
            pk=report.pk, status=ReportStatus.DRAFT, version=expected_version
        ).update(**fields)
    if not updated:
        current = ResearchReport.objects.filter(pk=report.pk).values_list("status", flat=True).first()
        if current != ReportStatus.DRAFT:
            raise ReportError(_("This report was already submitted: it can no longer be changed."))
        raise ReportError(
            _(
                "This draft was saved elsewhere (another tab or device) since you opened it: nothing was saved. "
                "Reload the page to see the latest version; what you typed is kept on this device."
            )
        )
    report.refresh_from_db()
    return report
