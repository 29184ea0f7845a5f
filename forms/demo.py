"""Demo request forms in Arabic with English translations made through wagtail-localize."""

from wagtail.models import Locale, Site

from core.localization import translate_with
from forms.form_fields import FormField
from forms.kinds import FieldRole, FormKind
from forms.pages import FormPage

# The fields that tell who the applicant is, in every demo form that has them.
ROLES = {
    "full_name": FieldRole.NAME,
    "national_id": FieldRole.NATIONAL_ID,
    "mobile": FieldRole.MOBILE,
    "email": FieldRole.EMAIL,
}

# (key, type, required, Arabic label, Arabic help, Arabic choices)
HELP_FIELDS = [
    ("full_name", "singleline", True, "الاسم الرباعي", "", ""),
    ("national_id", "national_id", True, "رقم الهوية الوطنية أو الإقامة", "عشرة أرقام تبدأ بـ ١ أو ٢", ""),
    ("mobile", "mobile", True, "رقم الجوال", "مثال: ٠٥٠١٢٣٤٥٦٧", ""),
    ("email", "email", False, "البريد الإلكتروني", "", ""),
    ("city", "dropdown", True, "المدينة", "", "الرياض\nالخرج\nأخرى"),
    ("marital_status", "radio", True, "الحالة الاجتماعية", "", "متزوج\nأرمل\nمطلق\nأعزب"),
    ("family_size", "number", True, "عدد أفراد الأسرة", "", ""),
    ("monthly_income", "number", True, "دخل الأسرة الشهري بالريال", "", ""),
    ("birth_date", "hijri_date", False, "تاريخ الميلاد", "بالهجري أو بالميلادي", ""),
    ("needs", "multiline", True, "صف حاجتك باختصار", "", ""),
    ("documents", "files", True, "المستندات", "صورة الهوية وما يثبت الدخل، بصيغة PDF أو صورة", ""),
]
VOLUNTEER_FIELDS = [
    ("full_name", "singleline", True, "الاسم الرباعي", "", ""),
    ("national_id", "national_id", True, "رقم الهوية الوطنية أو الإقامة", "", ""),
    ("mobile", "mobile", True, "رقم الجوال", "", ""),
    ("email", "email", False, "البريد الإلكتروني", "", ""),
    ("interests", "checkboxes", True, "مجالات التطوع", "", "إداري\nميداني\nتقني\nتعليمي"),
    ("availability", "radio", True, "الوقت المناسب", "", "صباحًا\nمساءً\nنهاية الأسبوع"),
    ("cv", "file", False, "السيرة الذاتية", "اختياري، بصيغة PDF", ""),
]
COMPLAINT_FIELDS = [
    ("full_name", "singleline", True, "الاسم", "", ""),
    ("mobile", "mobile", True, "رقم الجوال", "", ""),
    ("details", "multiline", True, "التفاصيل", "", ""),
    ("attachment", "file", False, "مرفق", "اختياري", ""),
]
SURVEY_FIELDS = [
    ("request_reference", "singleline", False, "رقم الطلب", "إن وُجد", ""),
    ("overall", "rating", True, "رضاك عن الخدمة عمومًا", "", ""),
    ("speed", "rating", True, "سرعة الإنجاز", "", ""),
    ("staff", "rating", True, "تعامل الموظفين", "", ""),
    ("comments", "multiline", False, "ملاحظات واقتراحات", "", ""),
]

FORMS = [
    {
        "slug": "help-request",
        "kind": FormKind.HELP_REQUEST,
        "title": "طلب مساعدة",
        "intro": "<p>عبّئ النموذج وأرفق مستنداتك. نتحقق من اكتمال البيانات ثم تدرس لجنة البحث الطلب وتجيبك بالقبول أو الاعتذار.</p>",
        "thank_you_text": "<p>شكرًا لك، وصل طلبك وسنتابعه.</p>",
        "collects_personal_data": True,
        "fields": HELP_FIELDS,
    },
    {
        "slug": "volunteer",
        "kind": FormKind.VOLUNTEER,
        "title": "التطوع",
        "intro": "<p>يسعدنا انضمامك إلى فريق المتطوعين. أخبرنا عن نفسك وعن الوقت الذي يناسبك.</p>",
        "thank_you_text": "<p>شكرًا لرغبتك في التطوع معنا.</p>",
        "collects_personal_data": True,
        "fields": VOLUNTEER_FIELDS,
    },
    {
        "slug": "complaints",
        "kind": FormKind.COMPLAINT,
        "title": "الشكاوى والمقترحات",
        "intro": "<p>رأيك يهمنا: أرسل شكوى أو اقتراحًا أو شكرًا أو استفسارًا، وسنرد عليك.</p>",
        "thank_you_text": "<p>شكرًا لك، وصلتنا رسالتك.</p>",
        "collects_personal_data": True,
        "fields": COMPLAINT_FIELDS,
    },
    {
        "slug": "satisfaction-survey",
        "kind": FormKind.SURVEY,
        "title": "قياس رضا المستفيدين",
        "intro": "<p>قياس رضاك حق لك ووسيلة لنا للتحسين. لا يستغرق الاستبيان أكثر من دقيقة.</p>",
        "thank_you_text": "<p>شكرًا لوقتك.</p>",
        "collects_personal_data": False,
        "fields": SURVEY_FIELDS,
    },
]

ENGLISH = {
    "طلب مساعدة": "Help request",
    "help-request": "help-request",
    "التطوع": "Volunteering",
    "volunteer": "volunteer",
    "الشكاوى والمقترحات": "Complaints and suggestions",
    "complaints": "complaints",
    "قياس رضا المستفيدين": "Beneficiary satisfaction survey",
    "satisfaction-survey": "satisfaction-survey",
    "عبّئ النموذج وأرفق مستنداتك. نتحقق من اكتمال البيانات ثم تدرس لجنة البحث الطلب وتجيبك بالقبول أو الاعتذار.": (
        "Fill in the form and attach your documents. We check that the data is complete, then the research"
        " committee studies the request and answers you with an acceptance or an apology."
    ),
    "شكرًا لك، وصل طلبك وسنتابعه.": "Thank you: your request has arrived and we will follow it up.",
    "يسعدنا انضمامك إلى فريق المتطوعين. أخبرنا عن نفسك وعن الوقت الذي يناسبك.": (
        "We would be glad to have you in our volunteer team. Tell us about yourself and the time that suits you."
    ),
    "شكرًا لرغبتك في التطوع معنا.": "Thank you for wanting to volunteer with us.",
    "رأيك يهمنا: أرسل شكوى أو اقتراحًا أو شكرًا أو استفسارًا، وسنرد عليك.": (
        "Your view matters: send a complaint, a suggestion, a compliment or a question, and we will answer."
    ),
    "شكرًا لك، وصلتنا رسالتك.": "Thank you: your message has reached us.",
    "قياس رضاك حق لك ووسيلة لنا للتحسين. لا يستغرق الاستبيان أكثر من دقيقة.": (
        "Measuring your satisfaction is your right and how we improve. The survey takes a minute."
    ),
    "شكرًا لوقتك.": "Thank you for your time.",
    "الاسم الرباعي": "Full name (four parts)",
    "رقم الهوية الوطنية أو الإقامة": "National ID or Iqama number",
    "عشرة أرقام تبدأ بـ ١ أو ٢": "Ten digits starting with 1 or 2",
    "رقم الجوال": "Mobile number",
    "مثال: ٠٥٠١٢٣٤٥٦٧": "For example: 0501234567",
    "البريد الإلكتروني": "Email",
    "المدينة": "City",
    "الرياض\nالخرج\nأخرى": "Riyadh\nAl-Kharj\nOther",
    "الحالة الاجتماعية": "Marital status",
    "متزوج\nأرمل\nمطلق\nأعزب": "Married\nWidowed\nDivorced\nSingle",
    "عدد أفراد الأسرة": "Number of family members",
    "دخل الأسرة الشهري بالريال": "Family's monthly income (SAR)",
    "تاريخ الميلاد": "Date of birth",
    "بالهجري أو بالميلادي": "Hijri or Gregorian",
    "صف حاجتك باختصار": "Describe your need briefly",
    "المستندات": "Documents",
    "صورة الهوية وما يثبت الدخل، بصيغة PDF أو صورة": "A copy of your ID and proof of income, as PDF or images",
    "مجالات التطوع": "Areas of volunteering",
    "إداري\nميداني\nتقني\nتعليمي": "Administrative\nField work\nTechnical\nTeaching",
    "الوقت المناسب": "Preferred time",
    "صباحًا\nمساءً\nنهاية الأسبوع": "Mornings\nEvenings\nWeekends",
    "السيرة الذاتية": "CV",
    "اختياري، بصيغة PDF": "Optional, as PDF",
    "الاسم": "Name",
    "التفاصيل": "Details",
    "مرفق": "Attachment",
    "اختياري": "Optional",
    "رقم الطلب": "Request reference",
    "إن وُجد": "If you have one",
    "رضاك عن الخدمة عمومًا": "Your overall satisfaction with the service",
    "سرعة الإنجاز": "Speed of service",
    "تعامل الموظفين": "How staff treated you",
    "ملاحظات واقتراحات": "Comments and suggestions",
}

# wagtail-localize offers a field's choices as one segment, lines joined by <br/>.
ENGLISH.update({k.replace("\n", "<br/>"): v.replace("\n", "<br/>") for k, v in ENGLISH.items() if "\n" in k})


DEMO_STAFF_EMAILS = "requests@nakhlat-alataa.org.sa"


def seed(site: Site, staff_emails: str = DEMO_STAFF_EMAILS) -> dict[str, FormPage]:
    """The four request forms with their fields under the site's home page, in Arabic and English; also the
    standard forms of a new association (hosting.creation), whose staff are told at `staff_emails`."""
    home = site.root_page.specific
    pages = {}
    for spec in FORMS:
        page = FormPage.objects.child_of(home).filter(slug=spec["slug"]).first()
        if page is None:
            page = home.add_child(
                instance=FormPage(
                    title=spec["title"],
                    slug=spec["slug"],
                    kind=spec["kind"],
                    intro=spec["intro"],
                    thank_you_text=spec["thank_you_text"],
                    collects_personal_data=spec["collects_personal_data"],
                    staff_emails=staff_emails,
                    show_in_menus=spec["kind"] in (FormKind.HELP_REQUEST, FormKind.COMPLAINT),
                    form_fields=[
                        FormField(
                            key=key,
                            field_type=kind,
                            required=required,
                            label=label,
                            help_text=help_text,
                            choices=choices,
                            role=ROLES.get(key, ""),
                            locale=home.locale,
                        )
                        for key, kind, required, label, help_text, choices in spec["fields"]
                    ],
                )  # fmt: skip
            )
            page.save_revision().publish()
        if page.get_translation_or_none(_english()) is None:
            translate_with(page, "en", ENGLISH)
        pages[spec["slug"]] = page
    return pages


def _english():
    return Locale.objects.get(language_code="en")
