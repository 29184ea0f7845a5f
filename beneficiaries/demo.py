"""The demo association's families with their history (`seed_demo`), and fake families in bulk for trying the
files listing and for its benchmark (`seed_demo --families N`, beneficiaries.fake_families).

Each demo family came the way a family comes: a help request (written as inbox.demo writes its fake requests,
then opened as a case, so beneficiaries.linking links it), its file opened when the request was accepted and made
active on registration, then its household, income and expenses, documents on file (small real PDFs in the private
storage), deliveries from two funds and a plan of deliveries still due. Later requests of the family find its file
by the head's ID on arrival, as a real one does.

The returning applicant: a browser test (or anyone trying the demo) who types RETURNING_APPLICANT_ID
(1070000011, مريم صالح الجهني) into the help request form sends a request that is linked to her file on arrival.

Safe to run again: a family whose head's ID already has a file is left as it is.
"""

import datetime
import hashlib
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Locale, Site

from beneficiaries import audit, campaigns, deliveries, documents, linking
from beneficiaries.models import (
    BeneficiaryFile,
    Campaign,
    CampaignStatus,
    Delivery,
    DeliveryKind,
    DeliveryPlan,
    DocumentType,
    Expense,
    ExpenseKind,
    FileDocument,
    HouseholdMember,
    Income,
    IncomeKind,
    LegalBasis,
    Relation,
    ScheduledDelivery,
    Season,
    Sex,
)
from core import calendars
from core.arabic import normalise_for_search
from forms.kinds import FormKind
from forms.models import FormPage, Submission
from forms.records import private_storage
from inbox.demo import reserve_references
from inbox.lifecycle import Status
from inbox.models import Case, CaseEvent
from services.models import BeneficiaryGroup, ServicePage

# The head of the demo family who applies again: type this ID into the help request form and the new request
# is linked to her file on arrival (beneficiaries.linking.link_on_arrival). National IDs of the demo families are
# below 1100000000, where fake families (beneficiaries.fake_families) never take theirs.
RETURNING_APPLICANT_ID = "1070000011"
RETURNING_APPLICANT_NAME = "مريم صالح الجهني"

# A help request's path through its lifecycle (inbox.lifecycle), to the status it has reached.
TO_CLOSED = [Status.RECEIVED, Status.VERIFICATION, Status.RESEARCH, Status.COMMITTEE, Status.ACCEPTED,
             Status.REGISTERED, Status.DELIVERED, Status.CLOSED]  # fmt: skip
TO_REGISTERED = TO_CLOSED[:6]
TO_ACCEPTED = TO_CLOSED[:5]
TO_COMMITTEE = TO_CLOSED[:4]


@dataclass
class Member:
    name: str
    relation: str
    sex: str
    age: int
    id_number: str = ""
    health_note: str = ""


@dataclass
class Given:
    """A delivery: service slug, fund slug, kind, amount or quantity and unit, days ago, the request (its index)."""

    service: str
    fund: str
    kind: str
    days_ago: int
    amount: str = ""
    quantity: str = ""
    unit: str = ""
    request: int | None = None


@dataclass
class Plan:
    """Deliveries scheduled monthly: the first `started_days_ago`, the first `delivered` of them recorded."""

    service: str
    fund: str
    count: int
    started_days_ago: int
    delivered: int
    quantity: str = "1"
    unit: str = "سلة"
    request: int = -1


@dataclass
class Document:
    document_type: str
    original_name: str
    expires_in_days: int | None  # negative: expired that many days ago


@dataclass
class Request:
    needs: str
    days_ago: int
    path: list


@dataclass
class Family:
    head_name: str
    head_id: str
    sex: str
    mobile: str
    city: str
    district: str
    groups: list
    requests: list  # the first opens the file on acceptance; the others arrive and find it
    verification_in_days: int | None  # next verification due (negative: lapsed)
    members: list = field(default_factory=list)
    incomes: list = field(default_factory=list)
    expenses: list = field(default_factory=list)
    documents: list = field(default_factory=list)
    given: list = field(default_factory=list)
    plans: list = field(default_factory=list)


FAMILIES = [
    # Active, two earlier requests, deliveries from zakat and general donations, a monthly basket still due, an
    # expired ID card on file and her verification due within days. She applies again (RETURNING_APPLICANT_ID).
    Family(
        head_name=RETURNING_APPLICANT_NAME,
        head_id=RETURNING_APPLICANT_ID,
        sex=Sex.FEMALE,
        mobile="+966551230011",
        city="الرياض",
        district="النسيم",
        groups=["widows", "orphans"],
        verification_in_days=6,
        requests=[
            Request("سداد إيجار ستة أشهر بعد وفاة زوجي", 420, TO_CLOSED),
            Request("سلة غذائية شهرية للأسرة", 80, TO_REGISTERED),
        ],
        members=[
            Member("عبدالرحمن محمد الجهني", Relation.SON, Sex.MALE, 15, "1070000029"),
            Member("جود محمد الجهني", Relation.DAUGHTER, Sex.FEMALE, 11, "1070000037"),
            Member("لين محمد الجهني", Relation.DAUGHTER, Sex.FEMALE, 3),
            Member("صالح عبيد الجهني", Relation.FATHER, Sex.MALE, 72, "1070000045", "داء السكري ويحتاج متابعة"),
        ],
        incomes=[(IncomeKind.SOCIAL_SECURITY, "2400"), (IncomeKind.CITIZEN_ACCOUNT, "900")],
        expenses=[(ExpenseKind.RENT, "1500")],
        documents=[
            Document(DocumentType.NATIONAL_ID, "هوية مريم.pdf", -20),
            Document(DocumentType.FAMILY_RECORD, "سجل الأسرة.pdf", None),
            Document(DocumentType.DEATH_CERTIFICATE, "شهادة الوفاة.pdf", None),
            Document(DocumentType.LEASE, "عقد الإيجار.pdf", 200),
        ],
        given=[
            Given("rent-and-bills", "zakat", DeliveryKind.THIRD_PARTY, 390, amount="9000", request=0),
            Given("eid-clothing", "general", DeliveryKind.VOUCHER, 300, amount="600", unit="قسيمة", request=0),
            Given("food-basket", "general", DeliveryKind.IN_KIND, 75, quantity="1", unit="سلة", request=1),
        ],
        plans=[Plan("food-basket", "zakat", count=6, started_days_ago=65, delivered=2)],
    ),
    # Active, her verification lapsed a month ago, an expired lease on file, deliveries from both funds.
    Family(
        head_name="عائشة حمد البلوي",
        head_id="1070000110",
        sex=Sex.FEMALE,
        mobile="+966551230110",
        city="الخرج",
        district="الراشدية",
        groups=["widows"],
        verification_in_days=-30,
        requests=[Request("مساعدة في سداد فواتير الكهرباء", 500, TO_CLOSED)],
        members=[
            Member("غادة سالم البلوي", Relation.DAUGHTER, Sex.FEMALE, 19, "1070000128"),
            Member("حمد سالم البلوي", Relation.SON, Sex.MALE, 16, "1070000136"),
        ],
        incomes=[(IncomeKind.PENSION, "3100")],
        expenses=[(ExpenseKind.RENT, "1250"), (ExpenseKind.DEBT, "400")],
        documents=[
            Document(DocumentType.NATIONAL_ID, "الهوية.pdf", 900),
            Document(DocumentType.LEASE, "عقد الإيجار القديم.pdf", -45),
        ],
        given=[
            Given("rent-and-bills", "zakat", DeliveryKind.CASH, 470, amount="1800", request=0),
            Given("food-basket", "general", DeliveryKind.IN_KIND, 440, quantity="2", unit="سلة", request=0),
        ],
    ),
    # Under registration: accepted last week, the file opened on acceptance; the household to complete.
    Family(
        head_name="سعد عوض الفيفي",
        head_id="1070000219",
        sex=Sex.MALE,
        mobile="+966551230219",
        city="الرياض",
        district="العزيزية",
        groups=["families", "disabilities"],
        verification_in_days=None,
        requests=[Request("كرسي متحرك لابني وسلة غذائية", 20, TO_ACCEPTED)],
        members=[
            Member("منى علي الفيفي", Relation.SPOUSE, Sex.FEMALE, 38, "1070000227"),
            Member("عوض سعد الفيفي", Relation.SON, Sex.MALE, 9, "1070000235", "إعاقة حركية"),
        ],
        incomes=[(IncomeKind.SALARY, "3800")],
        expenses=[(ExpenseKind.RENT, "1700")],
    ),
]

# The demo's distribution day: Ramadan baskets for the first two families above, the first already collected.
CAMPAIGN_NAME = "سلال رمضان"


def seed(site: Site) -> list[BeneficiaryFile]:
    """The demo families on the association's site; those already there are left as they are."""
    page = FormPage.objects.filter(
        kind=FormKind.HELP_REQUEST, locale=Locale.get_default(), path__startswith=site.root_page.path
    ).first()
    if page is None:
        return []
    files = []
    for family in FAMILIES:
        file = BeneficiaryFile.objects.filter(site=site, head_id=family.head_id).first()
        if file is None:
            with transaction.atomic():
                file = seed_family(site, page, family)
        files.append(file)
    if files and not Campaign.objects.filter(site=site, name=CAMPAIGN_NAME).exists():
        with transaction.atomic():
            seed_campaign(site, files[:2])
    return files


def seed_campaign(site: Site, files: list[BeneficiaryFile]) -> Campaign | None:
    """An open campaign giving one food basket from zakat, with two families chosen and the first collected."""
    today = timezone.localdate()
    service = ServicePage.objects.filter(locale=Locale.get_default(), slug="food-basket").first()
    zakat = deliveries.funds_for(site.pk).filter(slug="zakat").first()
    if service is None or zakat is None:
        return None
    starts = today - datetime.timedelta(days=3)
    ends = today + datetime.timedelta(days=20)
    campaign = Campaign.objects.create(
        site=site, name=CAMPAIGN_NAME, season=Season.RAMADAN, service=service, kind=DeliveryKind.IN_KIND,
        quantity=Decimal(1), unit="سلة", fund=zakat, status=CampaignStatus.OPEN,
        starts_on=starts, starts_on_hijri=calendars.gregorian_to_hijri(starts),
        ends_on=ends, ends_on_hijri=calendars.gregorian_to_hijri(ends),
    )  # fmt: skip
    campaigns.add_families(campaign, BeneficiaryFile.objects.filter(pk__in=[file.pk for file in files]), user=None)
    first = campaign.families.get(file=files[0])
    campaigns.record_collected(
        campaign, [first.pk], day=today, hijri=calendars.gregorian_to_hijri(today), calendar="gregorian",
        delivered_by=None, user=None, reason="سلة رمضان مع السلة الشهرية",
    )  # fmt: skip
    return campaign


def seed_family(site: Site, page: FormPage, family: Family) -> BeneficiaryFile:
    today = timezone.localdate()
    first, *later = family.requests
    cases = [help_request(page, family, first)]
    # Accepted: the file is opened from what the request carried; registered: it becomes active.
    file = linking.open_file_for(cases[0])
    if first.path[-1] != Status.ACCEPTED:
        linking.activate_file_of(cases[0])
    # Later requests arrive and are linked by the head's ID (beneficiaries.linking.link_on_arrival).
    cases += [help_request(page, family, request) for request in later]
    file.refresh_from_db()
    file.district = family.district
    if family.verification_in_days is not None:
        file.next_verification = today + datetime.timedelta(days=family.verification_in_days)
    file.save()
    file.groups.set(BeneficiaryGroup.objects.for_site(file.site_id).originals().filter(slug__in=family.groups))
    for member in family.members:
        HouseholdMember.objects.create(
            file=file, name=member.name, id_number=member.id_number, relation=member.relation, sex=member.sex,
            birth_date=today.replace(year=today.year - member.age, day=1), health_note=member.health_note,
            health_legal_basis=LegalBasis.CONSENT if member.health_note else "",
        )  # fmt: skip
    Income.objects.bulk_create(Income(file=file, kind=k, monthly_amount=Decimal(a)) for k, a in family.incomes)
    Expense.objects.bulk_create(Expense(file=file, kind=k, monthly_amount=Decimal(a)) for k, a in family.expenses)
    audit.record(file, audit.CHANGED, changed=["members", "incomes", "expenses", "groups"])
    for document in family.documents:
        keep_document(file, document, today)
    funds = {fund.slug: fund for fund in deliveries.funds_for(site.pk)}
    services = {service.slug: service for service in ServicePage.objects.filter(locale=Locale.get_default())}
    for given in family.given:
        if given.service in services:
            deliveries.record(delivery_of(file, given, services, funds, cases, today), user=None)
    for plan in family.plans:
        if plan.service in services:
            schedule(file, plan, services[plan.service], funds[plan.fund], cases[plan.request], today)
    return file


def help_request(page: FormPage, family: Family, request: Request) -> Case:
    """A help request the family sent `days_ago`, moved along its path: written in bulk as inbox.demo writes its
    fake requests (no acknowledgement sent), then opened as a case, which links it to a file already there."""
    received = timezone.now() - datetime.timedelta(days=request.days_ago, hours=3)
    reference = reserve_references(FormKind.HELP_REQUEST, received.year, 1)[0]
    members = len(family.members) + 1
    data = {
        "full_name": family.head_name, "national_id": family.head_id, "mobile": family.mobile, "city": family.city,
        "family_size": members, "monthly_income": sum(int(amount) for _kind, amount in family.incomes),
        "needs": request.needs,
    }  # fmt: skip
    (submission,) = Submission.objects.bulk_create(
        [
            Submission(
                site=page.get_site(), reference=reference, kind=FormKind.HELP_REQUEST, form_page=page, form_key=page.translation_key,
                form_title=page.title, language="ar", data=data, applicant_name=family.head_name,
                applicant_name_search=normalise_for_search(family.head_name), applicant_national_id=family.head_id,
                applicant_mobile=family.mobile, submitted_at=received,
                reply_due=(received + datetime.timedelta(days=14)).date(), idempotency_token=uuid.uuid4(),
                declaration_accepted=True, privacy_consent_at=received,
            )
        ]
    )  # fmt: skip
    path = request.path
    moved_at = [received + datetime.timedelta(days=2 * step) for step in range(len(path))]
    reached = dict(zip(path, moved_at, strict=True))
    case = Case.objects.create(
        submission=submission, status=path[-1], due_date=submission.reply_due, status_changed_at=moved_at[-1],
        answered_at=reached.get(Status.ACCEPTED), committee_at=reached.get(Status.COMMITTEE),
        closed_at=reached.get(Status.CLOSED),
    )  # fmt: skip
    CaseEvent.objects.bulk_create(
        [CaseEvent(case=case, kind="received", to_status=path[0], created_at=received)]
        + [
            CaseEvent(case=case, kind="move", from_status=a, to_status=b, created_at=at)
            for a, b, at in zip(path, path[1:], moved_at[1:], strict=False)
        ]
    )
    return case


def delivery_of(file, given: Given, services, funds, cases, today) -> Delivery:
    day = today - datetime.timedelta(days=given.days_ago)
    return Delivery(
        file=file, service=services[given.service], kind=given.kind, fund=funds[given.fund],
        amount=Decimal(given.amount) if given.amount else None,
        quantity=Decimal(given.quantity) if given.quantity else None, unit=given.unit, delivered_on=day,
        delivered_on_hijri=calendars.gregorian_to_hijri(day), date_calendar=calendars.GREGORIAN,
        case=cases[given.request] if given.request is not None else None,
    )  # fmt: skip


def schedule(file, plan: Plan, service, fund, case, today) -> DeliveryPlan:
    """A monthly plan from the request it answers; its first `delivered` due deliveries recorded."""
    starts_on = today - datetime.timedelta(days=plan.started_days_ago)
    made = DeliveryPlan(
        file=file, case=case, service=service, fund=fund, kind=DeliveryKind.IN_KIND,
        quantity=Decimal(plan.quantity), unit=plan.unit, every_months=1, count=plan.count, starts_on=starts_on,
        starts_on_hijri=calendars.gregorian_to_hijri(starts_on), date_calendar=calendars.GREGORIAN,
    )  # fmt: skip
    rows = deliveries.schedule(made, user=None)
    for row in rows[: plan.delivered]:
        delivery = Delivery(
            file=file, service=service, kind=made.kind, fund=fund, quantity=made.quantity, unit=made.unit,
            delivered_on=row.due_on, delivered_on_hijri=calendars.gregorian_to_hijri(row.due_on),
            date_calendar=calendars.GREGORIAN, case=case,
        )  # fmt: skip
        deliveries.record(delivery, user=None, scheduled=ScheduledDelivery.objects.get(pk=row.pk))
    return made


def keep_document(file, document: Document, today) -> FileDocument:
    """A document on file: a small real PDF stored privately under a key of its own, as staff uploads are."""
    content = demo_pdf(f"Demo document: {document.document_type}")
    name = private_storage().save(f"{documents.FOLDER}/demo/{uuid.uuid4().hex}.pdf", ContentFile(content))
    expires_on = None
    if document.expires_in_days is not None:
        expires_on = today + datetime.timedelta(days=document.expires_in_days)
    kept = FileDocument.objects.create(
        file=file, document_type=document.document_type, stored_file=name, original_name=document.original_name,
        content_type="application/pdf", size=len(content), sha256=hashlib.sha256(content).hexdigest(),
        expires_on=expires_on,
    )  # fmt: skip
    log(file, "beneficiaries.document_add", data={"documents": [kept.pk]})
    return kept


def demo_pdf(text: str) -> bytes:
    """A one-page PDF showing one line of Latin text, with a correct cross-reference table."""
    line = text.replace("\\", "").replace("(", "").replace(")", "").encode("latin-1", "replace")
    stream = b"BT /F1 18 Tf 72 770 Td (" + line + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, start)
    return bytes(out)
