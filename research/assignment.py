"""The association's assignment rule: researchers who take households headed by a woman.

Who heads the household is read from the family's file when the request is linked to one: the head's sex as
staff recorded it, else what the file implies (the head listed among the members by ID, as a merge lists them;
else the head's spouse: a husband on file means the head is his wife). Unknown when none of these is on file:
then the rule suggests nobody and flags nothing.
"""

from wagtail.models import Site

from beneficiaries.models import FileRequest, Relation, Sex
from inbox.lifecycle import Role
from inbox.roles import staff_with_role
from research.models import ResearchSettings


def headed_by_woman(case) -> bool | None:
    """True, False, or None when the family's file does not say (or the request has no file)."""
    link = FileRequest.objects.filter(case=case).select_related("file").first()
    if link is None:
        return None
    file = link.file
    if file.head_sex:
        return file.head_sex == Sex.FEMALE
    members = list(file.members.all())
    for member in members:
        if member.id_number and member.id_number == file.head_id and member.sex:
            return member.sex == Sex.FEMALE
    spouses = {member.sex for member in members if member.relation == Relation.SPOUSE and member.sex}
    if spouses == {Sex.MALE}:
        return True
    if Sex.FEMALE in spouses:
        return False
    return None


def rule_researchers(site_id) -> list:
    """The researchers the association names for households headed by a woman (still holding the role there)."""
    config = ResearchSettings.for_site(Site(pk=site_id))
    chosen = config.women_researchers.all()
    return list(staff_with_role(Role.RESEARCHER, site_id=site_id).filter(pk__in=chosen.values("pk")))


def rule_applies(case, site_id) -> list:
    """The rule's researchers when it applies to this request (a household headed by a woman), else []."""
    if not headed_by_woman(case):
        return []
    return rule_researchers(site_id)


def outside_rule(case, site_id, researcher_id) -> bool:
    """Whether a referral to this researcher breaks the rule for this request."""
    named = rule_applies(case, site_id)
    return bool(named) and researcher_id not in {person.pk for person in named}
