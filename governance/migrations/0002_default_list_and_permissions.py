"""The default disclosure list (in Arabic and English) and the governance permissions of the staff groups.

Administrators may change everything here; editors may add and correct
disclosure documents and general assembly meetings, and see the report.
"""

import uuid

from django.contrib.auth.management import create_permissions
from django.db import migrations

# (key, area, source, renewal, due months, Arabic name, English name, Arabic description, English description)
DEFAULT_LIST = [
    ("licence", "licence", "document", "once", 1,
     "ترخيص الجمعية وشهادة التسجيل", "Registration licence and certificate",
     "الترخيص الصادر للجمعية وشهادة تسجيلها برقمها، ويُجدد قبل انتهائه.",
     "The licence issued to the association and its registration certificate with its number, renewed before it expires."),
    ("bylaws", "bylaws", "document", "once", 0,
     "اللائحة الأساسية", "Bylaws",
     "اللائحة الأساسية المعتمدة للجمعية وتاريخ اعتمادها.",
     "The association's approved bylaws and the date they were approved."),
    ("board", "board", "board", "board_term", 1,
     "تشكيل مجلس الإدارة", "Board composition",
     "أعضاء مجلس الإدارة ومناصبهم ومدة عضويتهم، ويُحدَّث عند انتهاء الدورة.",
     "The board's members, their roles and terms, updated when a term ends."),
    ("committees", "board", "committees", "once", 0,
     "لجان مجلس الإدارة", "Board committees",
     "اللجان المنبثقة عن المجلس ومهامها وأعضاؤها.",
     "The board's committees, their mandates and members."),
    ("general-assembly", "general_assembly", "assembly", "fiscal_year", 6,
     "اجتماع الجمعية العمومية العادي", "Ordinary general assembly meeting",
     "اجتماع سنوي يعتمد القوائم المالية والتقرير السنوي للسنة المالية المنتهية، مع محضره أو ملخصه.",
     "A yearly meeting that approves the ended fiscal year's statements and report, with its minutes or a summary."),
    ("executive", "executive", "executive", "once", 0,
     "الإدارة التنفيذية", "Executive management",
     "المدير التنفيذي وفريق الإدارة.", "The executive director and the management team."),
    ("organisation-chart", "organisation_chart", "document", "once", 0,
     "الهيكل التنظيمي", "Organisational chart",
     "الهيكل التنظيمي المعتمد للجمعية.", "The association's approved organisational chart."),
    ("financial-statements", "financial", "document", "fiscal_year", 6,
     "القوائم المالية المدققة", "Audited financial statements",
     "القوائم المالية لكل سنة مالية مع تقرير المراجع الخارجي، خلال ستة أشهر من نهاية السنة.",
     "Each fiscal year's statements with the external auditor's report, within six months of the year's end."),
    ("annual-report", "reports", "document", "fiscal_year", 6,
     "التقرير السنوي", "Annual report",
     "تقرير أعمال الجمعية وإنجازاتها في السنة المالية، خلال ستة أشهر من نهايتها.",
     "The association's work and results in the fiscal year, within six months of its end."),
    ("strategic-plan", "plans", "document", "once", 3,
     "الخطة الاستراتيجية", "Strategic plan",
     "الخطة الاستراتيجية النافذة، وتنشر الخطة التالية خلال ثلاثة أشهر من انتهائها.",
     "The strategic plan in force; the next one is published within three months of its end."),
    ("operating-plan", "plans", "document", "once", 1,
     "الخطة التشغيلية", "Operating plan",
     "الخطة التشغيلية للسنة، وتنشر خطة السنة التالية خلال شهر من انتهائها.",
     "The year's operating plan; the next year's is published within a month of its end."),
    ("conflict-of-interest-policy", "policies", "policy", "once", 0,
     "سياسة تعارض المصالح", "Conflict of interest policy", "", ""),
    ("whistleblowing-policy", "policies", "policy", "once", 0,
     "سياسة الإبلاغ عن المخالفات وحماية مقدمي البلاغات", "Whistleblowing policy", "", ""),
    ("privacy-policy", "policies", "policy", "once", 0,
     "سياسة الخصوصية وحماية البيانات", "Privacy and data protection policy", "", ""),
    ("document-retention-policy", "policies", "policy", "once", 0,
     "سياسة الاحتفاظ بالوثائق وإتلافها", "Document retention and destruction policy", "", ""),
    ("donations-policy", "policies", "policy", "once", 0,
     "سياسة جمع التبرعات", "Donations policy", "", ""),
    ("beneficiary-relations-policy", "policies", "policy", "once", 0,
     "سياسة تنظيم العلاقة مع المستفيدين", "Beneficiary relationship policy", "", ""),
]  # fmt: skip

MODELS = ["disclosureitem", "disclosuredocument", "boardmember", "committee", "executivemember", "assemblymeeting"]
GROUP_PERMISSIONS = {
    "Administrators": [f"{action}_{model}" for model in MODELS for action in ("add", "change", "delete", "view")]
    + ["change_governancesettings", "view_disclosure_report"],
    "Editors": [
        "add_disclosuredocument", "change_disclosuredocument", "view_disclosuredocument",
        "add_assemblymeeting", "change_assemblymeeting", "view_assemblymeeting",
        "view_disclosureitem", "view_disclosure_report",
    ],
}  # fmt: skip


def forwards(apps, schema_editor):
    app_config = apps.get_app_config("governance")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUP_PERMISSIONS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label="governance", codename__in=codenames)
            )

    Locale = apps.get_model("wagtailcore", "Locale")
    DisclosureItem = apps.get_model("governance", "DisclosureItem")
    locales = {locale.language_code: locale for locale in Locale.objects.filter(language_code__in=["ar", "en"])}
    for order, (key, area, source, renewal, months, name_ar, name_en, text_ar, text_en) in enumerate(DEFAULT_LIST):
        translation_key = uuid.uuid4()
        # The English rows share the Arabic rows' translation key: they are their translations.
        for code, name, text in (("ar", name_ar, text_ar), ("en", name_en, text_en)):
            locale = locales.get(code)
            if locale is None or DisclosureItem.objects.filter(locale=locale, key=key).exists():
                continue
            DisclosureItem.objects.create(
                locale=locale, translation_key=translation_key, key=key, name=name, description=text, area=area,
                source=source, renewal=renewal, due_months=months, sort_order=order + 1,
            )  # fmt: skip


def backwards(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=list(GROUP_PERMISSIONS)):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="governance"))


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0001_initial"),
        ("organisation", "0002_staff_groups"),
        ("home", "0002_create_homepage"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
