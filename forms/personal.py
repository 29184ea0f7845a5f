"""Which answers of a form tell who the applicant is: the fields' roles.

An editor marks a field with its role (applicant's name, national ID, mobile,
email), whatever its key. A field of type national ID, mobile or email tells
who the applicant is even unmarked. The submission's applicant columns come
from these fields; an anonymous complaint leaves their answers out; the inbox
masks, searches, messages and erases by them (`Submission.personal_answers`).
"""

from forms.kinds import ROLE_OF_TYPE


def role_of(field) -> str:
    """The field's role: marked by the editor, or implied by its type; "" for neither."""
    return field.role or ROLE_OF_TYPE.get(field.field_type, "")


def personal_fields(fields) -> list[tuple[str, str]]:
    """(key, role) of every field whose answer is personal, in the fields' order."""
    return [(field.clean_name, role) for field in fields if (role := role_of(field))]


def applicant_keys(fields) -> dict[str, str]:
    """Role -> the key whose answer fills the submission's column for it.

    The first field marked with the role; when none is, (national ID, mobile,
    email) the first field of that type.
    """
    fields = list(fields)
    chosen: dict[str, str] = {}
    for field in fields:
        if field.role:
            chosen.setdefault(field.role, field.clean_name)
    for field in fields:
        if role := ROLE_OF_TYPE.get(field.field_type):
            chosen.setdefault(role, field.clean_name)
    return chosen
