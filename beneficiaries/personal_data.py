"""The family's file in the inbox's requests about one person's data (PDPL): find, export, correct, erase.

Registered as a holder for the inbox's `inbox_personal_data` hook (inbox.personal_data.Holder): the inbox finds
the person by national ID or iqama (any digit set) or by mobile, and asks each holder what it holds. A person
is on a file as its head (their ID is the head's, or the mobile is one of the file's) or as a household member
(their ID is a member's). Corrections and erasures are logged on the file's timeline with field names and
counts only.

The export of a head holds the whole file: the household (without the members' health notes, which are each
member's own sensitive data), income, expenses, the list of documents and the deliveries. A member's export
holds their own row, health note included (it is theirs), and the file's number.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import get_language_bidi, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from beneficiaries import audit, erasure
from beneficiaries.editing import claim_version
from beneficiaries.models import HEALTH_TYPES, BeneficiaryFile, Delivery, FileDocument, HouseholdMember
from forms.saudi import clean_saudi_mobile
from inbox.personal_data import MOBILE, NATIONAL_ID, Held, Holder

HEAD_FIELDS = ("head_name", "mobile", "other_mobile")
MEMBER_NAME = "member_name"


def _of_association(queryset, identifier, field="site_id"):
    """Only the association's rows when the request about the person is made in one (`identifier.site_id`, set by
    the staff tool to the association worked in); every association's in a command that sets none."""
    site_id = getattr(identifier, "site_id", None)
    return queryset if site_id is None else queryset.filter(**{field: site_id})


def heads(identifier):
    """The files this person heads (by ID), or whose mobile or other mobile this is."""
    if identifier.by == NATIONAL_ID:
        found = Q(head_id=identifier.value)
    elif identifier.by == MOBILE:
        found = Q(mobile=identifier.value) | Q(other_mobile=identifier.value)
    else:
        return BeneficiaryFile.objects.none()
    return _of_association(BeneficiaryFile.objects.filter(found), identifier).select_related("site").order_by("pk")


def memberships(identifier):
    """The household rows with this person's ID (members have no mobile of their own on file)."""
    if identifier.by != NATIONAL_ID:
        return HouseholdMember.objects.none()
    return (
        _of_association(HouseholdMember.objects.filter(id_number=identifier.value), identifier, "file__site_id")
        .exclude(file__head_id=identifier.value)
        .select_related("file__site")
        .order_by("pk")
    )


def _association(file) -> str:
    return file.site.site_name or file.site.hostname


def _iso(value):
    return value.isoformat() if value else None


def _amount(value):
    return str(value) if value is not None else None


class FileHolder(Holder):
    key = "beneficiaries"
    label = gettext_lazy("Family file")
    export_key = "beneficiary_files"
    identifying = {"mobile": MOBILE}

    # --- find ------------------------------------------------------------------------------------
    def find(self, identifier) -> list[Held]:
        found = []
        for file in heads(identifier):
            members = file.members.count()
            documents = FileDocument.objects.filter(file=file).count()
            deliveries = Delivery.objects.filter(file=file).count()
            found.append(
                Held(
                    f"file:{file.pk}",
                    _("Family file #%(number)s (%(association)s), head of the family: %(name)s")
                    % {"number": file.pk, "association": _association(file), "name": file.head_name},
                    ("، " if get_language_bidi() else ", ").join(
                        [
                            str(file.get_status_display()),
                            ngettext("%(n)d member", "%(n)d members", members) % {"n": members},
                            ngettext("%(n)d document", "%(n)d documents", documents) % {"n": documents},
                            ngettext("%(n)d delivery", "%(n)d deliveries", deliveries) % {"n": deliveries},
                        ]
                    ),
                )
            )
        for member in memberships(identifier):
            found.append(
                Held(
                    f"member:{member.pk}",
                    _("Household member on family file #%(number)s (%(association)s): %(name)s")
                    % {"number": member.file_id, "association": _association(member.file), "name": member.name},
                    str(member.get_relation_display()),
                )
            )
        return found

    # --- export ----------------------------------------------------------------------------------
    def export(self, identifier) -> list[dict]:
        files = [self._file_record(file) for file in heads(identifier)]
        return files + [self._membership_record(member) for member in memberships(identifier)]

    @staticmethod
    def _member(member, *, with_health) -> dict:
        record = {
            "name": member.name,
            "id_number": member.id_number,
            "relation": str(member.get_relation_display()),
            "date_of_birth": _iso(member.birth_date),
            "sex": str(member.get_sex_display()),
        }
        if with_health and member.health_note:
            record["health_note"] = member.health_note
            record["health_note_legal_basis"] = str(member.get_health_legal_basis_display())
        return record

    def _membership_record(self, member) -> dict:
        return {
            "file": member.file_id,
            "association": _association(member.file),
            "role": "member",
            "member": self._member(member, with_health=True),
        }

    def _file_record(self, file) -> dict:
        documents = []
        for document in FileDocument.objects.filter(file=file).order_by("added_at", "pk"):
            row = {
                "type": str(document.get_document_type_display()),
                "expires_on": _iso(document.expires_on),
                "added_at": _iso(document.added_at),
            }
            if document.document_type not in HEALTH_TYPES:  # a medical report may be a member's: type and dates
                row["file_name"] = document.original_name
            documents.append(row)
        deliveries = Delivery.objects.filter(file=file).select_related("fund", "service").order_by("delivered_on", "pk")
        return {
            "file": file.pk,
            "association": _association(file),
            "role": "head",
            "status": str(file.get_status_display()),
            "opened_at": _iso(file.opened_at),
            "head": {
                "name": file.head_name,
                "id_number": file.head_id,
                "mobile": file.mobile,
                "other_mobile": file.other_mobile,
            },
            "city": file.city,
            "district": file.district,
            "groups": [str(group) for group in file.groups.all()],
            "members": [self._member(member, with_health=False) for member in file.members.all()],
            "income": [
                {"source": str(income.get_kind_display()), "monthly_amount": _amount(income.monthly_amount)}
                for income in file.incomes.all()
            ],
            "expenses": [
                {"expense": str(expense.get_kind_display()), "monthly_amount": _amount(expense.monthly_amount)}
                for expense in file.expenses.all()
            ],
            "documents": documents,
            "deliveries": [
                {
                    "date": _iso(delivery.delivered_on),
                    "date_hijri": delivery.delivered_on_hijri,
                    "service": delivery.service_name,
                    "kind": str(delivery.get_kind_display()),
                    "amount": _amount(delivery.amount),
                    "quantity": _amount(delivery.quantity),
                    "unit": delivery.unit,
                    "fund": delivery.fund.name,
                    "confirmed_at": _iso(delivery.confirmed_at),
                }
                for delivery in deliveries
            ],
            "requests": list(file.requests.order_by("linked_at").values_list("case__submission__reference", flat=True)),
        }

    # --- correct ---------------------------------------------------------------------------------
    def correctable_fields(self, identifier) -> list[tuple[str, str]]:
        fields = []
        if heads(identifier).exists():
            fields += [
                ("head_name", _("Name of the head of the family (family file)")),
                ("mobile", _("Mobile (family file)")),
                ("other_mobile", _("Other mobile (family file)")),
            ]
        if memberships(identifier).exists():
            fields.append((MEMBER_NAME, _("Name as a household member (family file)")))
        return fields

    @staticmethod
    def _clean(field, value):
        value = " ".join((value or "").split())
        if field == "other_mobile" and not value:
            return ""
        if field in ("mobile", "other_mobile"):
            return clean_saudi_mobile(value)
        if not value:
            raise ValidationError(_("The name cannot be empty."), code="required")
        return value[:255]

    def correct(self, identifier, field, value, reason, user) -> int:
        if field not in (*HEAD_FIELDS, MEMBER_NAME):
            raise ValidationError(_("Choose the field to correct."), code="field")
        new = self._clean(field, value)
        changed = 0
        with transaction.atomic():
            if field == MEMBER_NAME:
                for member in memberships(identifier).select_for_update(of=("self",)):
                    if member.name == new:
                        continue
                    member.name = new
                    member.save(update_fields=["name"])
                    claim_version(member.file, None)
                    audit.record(member.file, audit.CORRECTED, user=user, changed=[MEMBER_NAME])
                    changed += 1
                return changed
            for file in heads(identifier).select_for_update(of=("self",)):
                if getattr(file, field) == new:
                    continue
                claim_version(file, None)
                setattr(file, field, new)
                file.save(update_fields=[field, "head_name_search"])
                audit.record(file, audit.CORRECTED, user=user, changed=[field])
                changed += 1
        return changed

    # --- erase -----------------------------------------------------------------------------------
    def erase(self, identifier, user, keys) -> tuple[int, list[str]]:
        wanted = None if keys is None else set(keys)
        erased, failed = 0, []
        plan = [(f"file:{pk}", pk, erasure.erase_file) for pk in heads(identifier).values_list("pk", flat=True)]
        plan += [
            (f"member:{pk}", pk, erasure.erase_member)
            for pk in memberships(identifier).values_list("pk", flat=True)
        ]  # fmt: skip
        for key, pk, erase_one in plan:
            if wanted is not None and key not in wanted:
                continue
            try:
                done = erase_one(pk, action=erasure.ERASE, user=user)
            except erasure.ErasureFailed:
                failed.append(f"#{pk}")
                continue
            if done is not None:
                erased += 1
        return erased, failed
