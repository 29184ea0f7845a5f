"""Policy approval dates outside the Umm al-Qura tables (1343-1500 AH, 1924-08-01 to 2077-11-16):
the importer says so in its report instead of dropping the date unseen, and an editor's Gregorian
date is kept with its Hijri shown as unavailable."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation

from policies.importer import parse, report_lines
from policies.models import PolicyPage

pytestmark = pytest.mark.django_db

APPROVAL = "تمهيد:\nنص.\n\nاعتماد مجلس الإدارة:\nاعتمد مجلس الإدارة هذه السياسة في اجتماعه رقم 3 {dates}.\n"


def parsed(dates):
    with translation.override("en"):
        policy = parse(APPROVAL.format(dates=dates))
        return policy, [text for level, text in report_lines(policy) if level == "warning"]


@pytest.mark.parametrize(
    "written", ["بتاريخ 1340/05/03هـ", "بتاريخ ١٣٤٠/٠٥/٠٣هـ", "بتاريخ 3 جمادى الأولى 1340", "بتاريخ 1505/01/10هـ"]
)
def test_a_hijri_date_outside_the_tables_is_a_report_line(written):
    policy, warnings = parsed(written)
    assert "approval_date" not in policy.approval and "approval_date_hijri" not in policy.approval
    line = next(text for text in warnings if "outside the Umm al-Qura calendar's years (1343 to 1500 AH)" in text)
    assert "Enter the approval date in the draft by hand" in line


def test_with_a_gregorian_date_beside_it_the_gregorian_date_is_kept():
    policy, warnings = parsed("بتاريخ 1340/05/03هـ الموافق 1921/12/31م")
    assert policy.approval["approval_date"] == datetime.date(1921, 12, 31)
    assert policy.approval["approval_date_hijri"] == ""
    assert any("(1340-05-03 AH)" in text and "Gregorian date was" in text for text in warnings)


def test_a_gregorian_date_outside_the_tables_is_kept_and_reported():
    policy, warnings = parsed("بتاريخ 2080/01/15م")
    assert policy.approval["approval_date"] == datetime.date(2080, 1, 15)
    assert policy.approval["approval_date_hijri"] == ""
    assert any("2080-01-15" in text and "shown as unavailable" in text for text in warnings)


def test_the_import_command_prints_the_line_and_makes_the_draft(policy_library, tmp_path):
    path = tmp_path / "old-policy.txt"
    path.write_text(APPROVAL.format(dates="بتاريخ 1340/05/03هـ"), encoding="utf-8")
    out = io.StringIO()
    with translation.override("en"):
        call_command("import_policy", str(path), stdout=out)
    assert "outside the Umm al-Qura calendar's years" in out.getvalue()
    assert PolicyPage.objects.order_by("-pk").first().approval_date is None


# --- The editor's form --------------------------------------------------------------------
def test_an_approval_in_gregorian_outside_the_tables_is_kept_with_its_hijri_unavailable():
    policy = PolicyPage(
        title="سياسة قديمة", slug="old", approval_calendar="gregorian", approval_date=datetime.date(1920, 3, 1)
    )
    policy.clean()
    assert (policy.approval_date, policy.approval_date_hijri) == (datetime.date(1920, 3, 1), "")
    assert policy.approval_in("en")["date_hijri_display"] == "Hijri date unavailable"
    assert policy.approval_in("ar")["date_hijri_display"] == "التاريخ الهجري غير متاح"


def test_an_approval_in_hijri_outside_the_tables_is_a_clear_error():
    policy = PolicyPage(title="سياسة قديمة", slug="old", approval_calendar="hijri", approval_date_hijri="1/1/1342")
    with translation.override("en"):
        with pytest.raises(ValidationError) as raised:
            policy.clean()
        assert "1343 to 1500 AH" in raised.value.message_dict["approval_date_hijri"][0]
