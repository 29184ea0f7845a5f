"""Finding a family: by any member's ID (whole or its start), the mobile, or words of the head's name, typed in
any digit set. The files' listing and a campaign's distribution day both find families this way."""

from django.core.exceptions import ValidationError
from django.db.models import Q

from beneficiaries.identity import digits_of
from forms.records import searchable_name
from forms.saudi import clean_saudi_mobile


def matching_files(queryset, query: str):
    """Files whose head or any member has this ID (whole or its start), whose mobile is this number, or whose
    head's name holds these words; typed in any digit set."""
    digits = digits_of(query).removeprefix("+")
    if digits.isdigit():
        found = Q(head_id__startswith=digits) | Q(members__id_number__startswith=digits)
        try:
            mobile = clean_saudi_mobile(query)
        except ValidationError:
            mobile = None
        if mobile:
            found |= Q(mobile=mobile) | Q(other_mobile=mobile)
        return queryset.filter(found).distinct()
    for word in searchable_name(query).split():
        queryset = queryset.filter(head_name_search__contains=word)
    return queryset
