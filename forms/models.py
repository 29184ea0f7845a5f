"""The forms app's models, where Django and other apps look for them.

Each lives with its own kind: the fields editors add to a form (forms.form_fields),
the form page (forms.pages), and what applicants sent (forms.records). The page
serves itself through forms.views and forms.intake, which use the records: so
the page sits above them and this module, importing all three, above it. Code
inside forms imports the module a model lives in.
"""

from forms.form_fields import FormField, validate_field_key
from forms.pages import DEFAULT_DECLARATION, FormPage
from forms.records import Attachment, Notification, ReferenceCounter, Submission, private_storage, searchable_name

__all__ = [
    "DEFAULT_DECLARATION",
    "Attachment",
    "FormField",
    "FormPage",
    "Notification",
    "ReferenceCounter",
    "Submission",
    "private_storage",
    "searchable_name",
    "validate_field_key",
]
