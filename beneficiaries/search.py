"""Finding a family: by any member's ID (whole or its start), the mobile, or words of the head's name, typed in
any digit set. The files' listing and a campaign's distribution day both find families this way."""

from django.core.exceptions import ValidationError

from beneficiaries.identity import digits_of
from beneficiaries.models import BeneficiaryFile, HouseholdMember
from forms.records import searchable_name
from forms.saudi import clean_saudi_mobile


def matching_files(queryset, query: str):
    """Files whose head or any member has this ID (whole or its start), whose mobile is this number, or whose
    head's name holds these words; typed in any digit set."""
    digits = digits_of(query).removeprefix("+")
    if digits.isdigit():
        # One subquery per index (the heads' IDs, the members' IDs, both mobiles), joined by UNION: an OR across
        # the members' join would read every file and member at once on PostgreSQL.
        files = BeneficiaryFile.objects.order_by()
        found = (
            files.filter(head_id__startswith=digits)
            .values("pk")
            .union(HouseholdMember.objects.order_by().filter(id_number__startswith=digits).values("file_id"))
        )
        try:
            mobile = clean_saudi_mobile(query)
        except ValidationError:
            mobile = None
        if mobile:
            found = found.union(
                files.filter(mobile=mobile).values("pk"), files.filter(other_mobile=mobile).values("pk")
            )
        return queryset.filter(pk__in=found)
    for word in searchable_name(query).split():
        queryset = queryset.filter(head_name_search__contains=word)
    return queryset
