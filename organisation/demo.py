"""Demo identity of an invented association, in Arabic with its English translation."""

import io

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images.models import Image
from wagtail.models import Locale, Site

from core.localization import translate_with
from organisation.associations import association_of, link_role_groups
from organisation.models import OrganisationProfile, OrganisationSettings

PROFILE_AR = {
    "name": "جمعية نخلة العطاء الأهلية",
    "short_name": "نخلة العطاء",
    "ministry": "وزارة الموارد البشرية والتنمية الاجتماعية",
    "address": "حي الواحة، طريق الملك فهد، الرياض",
    "bank_name": "مصرف الراجحي",
    "account_holder": "جمعية نخلة العطاء الأهلية",
    "privacy_notice": (
        "<h2>ما نجمعه ولماذا</h2>"
        "<p>نطلب في نماذج الموقع ما يلزم لدراسة طلبك فقط: اسمك ورقم هويتك وجوالك وبيانات أسرتك والمستندات التي ترفقها.</p>"
        "<p>نستعمل هذه البيانات لدراسة الطلب والتواصل معك بشأنه، ولا نبيعها ولا نشاركها إلا مع الجهات الرسمية عند الحاجة النظامية.</p>"
        "<h2>مدة الاحتفاظ</h2>"
        "<p>نحتفظ بملف الطلب مدة خمس سنوات من إغلاقه ثم نتلفه، ما لم يلزمنا نظام بمدة أطول.</p>"
        "<h2>حقوقك</h2>"
        "<p>لك أن تطلب الاطلاع على بياناتك أو تصحيحها أو حذفها بمراسلتنا على بريد الجمعية، ونجيبك خلال ثلاثين يومًا وفق نظام حماية البيانات الشخصية.</p>"
    ),
}
BRANCHES_AR = [
    {
        "name": "المقر الرئيسي",
        "city": "الرياض",
        "address": "حي الواحة، طريق الملك فهد",
        "working_hours": "من الأحد إلى الخميس، ٨ صباحًا – ٣ عصرًا",
        "phone": "0115550123",
        "map_url": "",
    },
    {
        "name": "فرع الخرج",
        "city": "الخرج",
        "address": "حي الخالدية، شارع الأمير سلطان",
        "working_hours": "من الأحد إلى الخميس، ٩ صباحًا – ٢ ظهرًا",
        "phone": "0115550456",
        "map_url": "",
    },
]

# Arabic source text -> English, segment by segment.
ENGLISH = {
    "جمعية نخلة العطاء الأهلية": "Nakhlat Al-Ataa Community Association",
    "نخلة العطاء": "Nakhlat Al-Ataa",
    "وزارة الموارد البشرية والتنمية الاجتماعية": "Ministry of Human Resources and Social Development",
    "حي الواحة، طريق الملك فهد، الرياض": "Al-Waha district, King Fahd Road, Riyadh",
    "مصرف الراجحي": "Al Rajhi Bank",
    "<h2>ما نجمعه ولماذا</h2>": "<h2>What we collect and why</h2>",
    "ما نجمعه ولماذا": "What we collect and why",
    "نطلب في نماذج الموقع ما يلزم لدراسة طلبك فقط: اسمك ورقم هويتك وجوالك وبيانات أسرتك والمستندات التي ترفقها.": (
        "Our forms ask only for what is needed to study your request: your name, ID number, mobile number,"
        " your family's details and the documents you attach."
    ),
    "نستعمل هذه البيانات لدراسة الطلب والتواصل معك بشأنه، ولا نبيعها ولا نشاركها إلا مع الجهات الرسمية عند الحاجة النظامية.": (
        "We use this data to study the request and to contact you about it. We never sell it, and share it only"
        " with official authorities when the law requires."
    ),
    "مدة الاحتفاظ": "How long we keep it",
    "نحتفظ بملف الطلب مدة خمس سنوات من إغلاقه ثم نتلفه، ما لم يلزمنا نظام بمدة أطول.": (
        "We keep a request's file for five years after it is closed and then destroy it, unless a regulation"
        " requires a longer period."
    ),
    "حقوقك": "Your rights",
    "لك أن تطلب الاطلاع على بياناتك أو تصحيحها أو حذفها بمراسلتنا على بريد الجمعية، ونجيبك خلال ثلاثين يومًا وفق نظام حماية البيانات الشخصية.": (
        "You may ask to see, correct or delete your data by writing to the association's email; we answer"
        " within thirty days, as the Personal Data Protection Law requires."
    ),
    "المقر الرئيسي": "Head office",
    "الرياض": "Riyadh",
    "حي الواحة، طريق الملك فهد": "Al-Waha district, King Fahd Road",
    "من الأحد إلى الخميس، ٨ صباحًا – ٣ عصرًا": "Sunday to Thursday, 8 am – 3 pm",
    "0115550123": "0115550123",
    "فرع الخرج": "Al-Kharj branch",
    "الخرج": "Al-Kharj",
    "حي الخالدية، شارع الأمير سلطان": "Al-Khalidiyah district, Prince Sultan Street",
    "من الأحد إلى الخميس، ٩ صباحًا – ٢ ظهرًا": "Sunday to Thursday, 9 am – 2 pm",
    "0115550456": "0115550456",
}

SETTINGS = {
    "registration_number": "4821",
    "po_box": "12345",
    "postal_code": "11564",
    "phone": "0115550123",
    "mobile": "0505550123",
    "toll_free": "8001240000",
    "email": "info@nakhlat-alataa.org.sa",
    "iban": "SA0380000000608010167519",
    "default_reply_period_days": 14,
}
SOCIAL = [
    {"platform": "x", "url": "https://x.com/nakhlat_alataa"},
    {"platform": "instagram", "url": "https://www.instagram.com/nakhlat_alataa"},
    {"platform": "whatsapp", "url": "https://wa.me/966505550123"},
]


def _logo() -> Image:
    existing = Image.objects.filter(title="Demo association logo").first()
    if existing:
        return existing
    canvas = PILImage.new("RGB", (256, 256), "white")
    draw = ImageDraw.Draw(canvas)
    draw.ellipse((8, 8, 248, 248), fill="#0b5d3b")
    draw.rectangle((120, 110, 136, 220), fill="#e8c872")  # palm trunk
    for box in ((60, 60, 140, 120), (116, 60, 196, 120), (88, 40, 168, 100)):
        draw.ellipse(box, fill="#6fbf73")  # fronds
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG")
    return Image.objects.create(title="Demo association logo", file=ImageFile(buffer, name="demo-logo.png"))


def seed(site: Site) -> OrganisationSettings:
    # The demo association's staff are the role groups' members: tied to its site, or they would count in
    # every association (a database migrated before organisation.0008 has them tied to none).
    association_of(site)
    link_role_groups(site)
    settings = OrganisationSettings.for_site(site)
    arabic = Locale.objects.get(language_code="ar")
    profile = settings.profile or OrganisationProfile(locale=arabic)
    for field, value in PROFILE_AR.items():
        setattr(profile, field, value)
    profile.branches = [("branch", branch) for branch in BRANCHES_AR]
    profile.save()
    translate_with(profile, "en", ENGLISH)

    settings.profile = profile
    settings.logo = _logo()
    for field, value in SETTINGS.items():
        setattr(settings, field, value)
    settings.social_accounts = [("account", account) for account in SOCIAL]
    settings.full_clean()
    settings.save()
    return settings
