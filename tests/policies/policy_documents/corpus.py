"""Twelve beneficiary relationship policies in the shapes associations' files really have.

Every text here was written for these tests (the associations are invented).
Each document says what it exercises and what the importer must give:
the block types in order, the counts, the approval, and text that must or
must not end up in the draft. `build()` makes the file's bytes at test time.
"""

import datetime
from dataclasses import dataclass, field

from tests.policies.policy_documents.builders import make_docx, make_pdf, presentation_forms

K = "ـــ"  # a kashida run, as justification leaves it


@dataclass
class Document:
    name: str  # the file name; its extension is the format
    exercises: str
    title: str
    kinds: list  # block types of the draft's body, in order
    counts: dict  # objectives, sub_points, channels, tools, steps
    approval: dict  # PolicyPage fields
    builder: object = None
    present: list = field(default_factory=list)  # text that must be in the draft
    absent: list = field(default_factory=list)  # text that must not (letterhead, contents)
    unplaced: int = 0  # pieces of text in the "not placed" block
    shortened: bool = False
    channel_kinds: list = field(default_factory=list)
    periods: list = field(default_factory=list)  # the steps' periods, where given

    def build(self) -> bytes:
        if self.name not in _BUILT:  # the same bytes every time: build each file once per run
            _BUILT[self.name] = self.builder()
        return _BUILT[self.name]


_BUILT: dict = {}


def letterhead(name_ar, name_en, number, phone, box, iban, memo_date="١٤٤٥/٠٤/٠١هـ", subject=""):
    return [
        name_ar,
        name_en,
        f"مسجلة بوزارة الموارد البشرية والتنمية الاجتماعية برقم ({number})",
        f"هاتف: {phone} - جوال: 0 5 5 1 2 3 4 5 6 7",
        f"البريد: info@{name_en.split()[0].lower()}.org.sa - www.{name_en.split()[0].lower()}.org.sa",
        f"ص.ب {box} - الرمز البريدي 11932",
        f"الآيبان: {iban}",
        "الرقم: ٣٢/ع/١٤٤٥",
        f"التاريخ: {memo_date}",
        f"الموضوع: {subject}" if subject else "الموضوع:",
        "المرفقات: لا يوجد",
    ]


def txt(lines):
    return lambda: "\n".join(lines).encode("utf-8")


# --- 01 ------------------------------------------------------------------------------
BIRR = letterhead(
    "جمعية البر الخيرية بالواحة",
    "Birr Charity Society - Al Waha",
    "٥١٢",
    "0164221100",
    "٢٤٥",
    "SA44 2000 0001 2345 6789 1234",
    subject="سياسة العلاقة مع المستفيدين",
)
DOC_01 = [
    *BIRR,
    "",
    "سياسة العلاقة مع المستفيدين وخدمتهم",
    "",
    "تمهيد:",
    "تخدم الجمعية الأسر المحتاجة في الواحة والقرى المجاورة، وترى أن وضوح العلاقة مع كل مستفيد أساس الثقة.",
    "وتبين هذه الوثيقة كيف نستقبل الطلبات وكيف نرد عليها.",
    "",
    "الهدف العام:",
    "أن يجد كل مستفيد خدمة لائقة وسريعة دون أن يتكلف عناء المراجعة المتكررة.",
    "",
    *BIRR,
    "",
    "الأهداف التفصيلية:",
    "- تيسير الوصول إلى خدمات الجمعية لكل الفئات.",
    "- الرد على الاستفسارات في وقت قصير.",
    "- حفظ كرامة المستفيد وخصوصية بياناته.",
    "- قياس رضا المستفيدين وتحسين الخدمة بناء على آرائهم.",
    "",
    "القنوات المستخدمة للتواصل مع المستفيدين:",
    "- المقابلة الشخصية في مقر الجمعية.",
    "- الهاتف الموحد.",
    "- منصات التواصل الاجتماعي.",
    "- الخطابات الرسمية.",
    "- خدمة طلب المساعدة عبر الموقع.",
    "- خدمة التطوع.",
    "",
    *BIRR,
    "",
    "الأدوات المتاحة للموظفين:",
    "- دليل الخدمات المعتمد.",
    "- نموذج طلب المساعدة.",
    "- سجل المتابعة اليومي.",
    "",
    "إجراءات التعامل مع المستفيد:",
    "- يستقبل الموظف المستفيد ويستمع إلى حاجته.",
    "- يتأكد الموظف من اكتمال المستندات.",
    "- يحال الطلب إلى الباحث الاجتماعي للزيارة.",
    "- ترفع لجنة البحث توصيتها خلال أسبوع.",
    "- يبلغ المستفيد بالنتيجة هاتفيا.",
    "",
    "اعتماد مجلس الإدارة:",
    "اعتمد مجلس إدارة الجمعية هذه السياسة في اجتماعه الخامس المنعقد بتاريخ 1445/03/07هـ.",
]

# --- 02 ------------------------------------------------------------------------------
DOC_02 = [
    "سياسة التواصل مع المستفيدين",
    "جمعية الوفاء لرعاية الأيتام",
    "",
    "فهرس المحتويات",
    "أولاً: التمهيد ........................ ٢",
    "ثانياً: الهدف العام .................... ٢",
    "ثالثاً: الأهداف التفصيلية .............. ٣",
    "رابعاً: قنوات التواصل .................. ٣",
    "خامساً: أدوات العمل .................... ٤",
    "سادساً: آلية التعامل مع المستفيد ........ ٤",
    "سابعاً: اعتماد السياسة ................. ٥",
    "",
    "أولاً: التمهيد",
    "ترعى الجمعية الأيتام وأسرهم، وتلتزم بأن تكون معاملتها لهم واضحة ومنصفة.",
    "",
    "ثانياً: الهدف العام",
    "بناء صلة دائمة بين الجمعية وأسر الأيتام تقوم على الاحترام والسرعة.",
    "",
    "ثالثاً: الأهداف التفصيلية",
    "١. تعريف الأسر بالبرامج المتاحة.",
    "٢. متابعة أحوال الأيتام الدراسية والصحية.",
    "٣. إشراك الأسر في تقييم البرامج، وذلك بما يلي:",
    "   - استطلاع آرائهم مرتين في السنة.",
    "   - عقد لقاء مفتوح مع الأمهات.",
    "",
    "رابعاً: قنوات التواصل",
    "١. الزيارات المنزلية.",
    "٢. الاتصال الهاتفي.",
    "٣. الرسائل النصية.",
    "٤. موقع الجمعية الإلكتروني.",
    "٥. مندوب الجمعية في كل حي.",
    "",
    "خامساً: أدوات العمل",
    "١. ملف اليتيم الإلكتروني.",
    "٢. دليل البرامج.",
    "",
    "سادساً: آلية التعامل مع المستفيد",
    "١. استقبال الطلب من ولي الأمر.",
    "٢. التحقق من صك الولاية وشهادة الوفاة.",
    "٣. دراسة الحالة من الباحث الاجتماعي.",
    "٤. عرض الحالة على لجنة البحث والرد خلال 10 أيام.",
    "",
    "سابعاً: اعتماد السياسة",
    "أقر مجلس الإدارة هذه السياسة بجلسته العاشرة بالقرار رقم (٣/١٠) بتاريخ 7/3/1445 هـ الموافق 22/9/2023م.",
]


# --- 03 ------------------------------------------------------------------------------
def _doc_03():
    lines = [
        f"سيا{K}سة خد{K}مة المستف{K}يدين",
        "",
        presentation_forms("مقدمة:"),
        f"تعمل الجمع{K}ية في مجال الإسكان الخيري، وتحرص على أن يعرف كل متق{K}دم حقوقه وواجباته منذ أول زيارة.",
        "",
        f"الأه{K}داف التفص{K}يلية:",
        "- تقصير مدة انتظار الطلب.",
        f"- توحيد طريقة الاس{K}تقبال في الفروع.",
        "- نشر المعلومات عن شروط الاستحقاق.",
        "",
        presentation_forms("القنوات:"),
        "- " + presentation_forms("الاتصال الهاتفي"),
        "- " + presentation_forms("وسائل التواصل الاجتماعي"),
        "- " + presentation_forms("نافذة الشكاوى والمقترحات"),
        "- " + presentation_forms("استبيان رضا المستفيدين"),
        "",
        f"الأدو{K}ات:",
        "- نظام إدارة الطلبات.",
        "- استمارة البحث الميداني.",
        "",
        "التعامل مع المستفيد:",
        "- استقبال المتقدم وتسجيل طلبه.",
        "- مراجعة الطلب خلال ٧ أيام.",
        "- إبلاغ المتقدم بالقرار.",
        "",
        f"اعت{K}ماد مجلس الإدا{K}رة:",
        "اعتمد المجلس السياسة في اجتماعه رقم ( 4 2 ) وقراره رقم ( 1 0 7 ) وتاريخ 1 4 4 6 / 0 2 / 1 5 هـ.",
    ]
    return "\n".join(lines).encode("utf-8")


# --- 04 ------------------------------------------------------------------------------
DOC_04 = [
    "سياسة تنظيم العلاقة بالمستفيدين",
    "",
    "تمهيد:",
    "تعنى الجمعية بذوي الإعاقة وأسرهم، وتضع هنا قواعد التواصل معهم.",
    "",
    "القنوات:",
    "المقابلة الشخصية -1",
    "الاتصال الهاتفي 2-",
    "(3) وسائل التواصل الاجتماعي",
    "الخطابات (4)",
    "٥. نافذة الشكاوى والمقترحات",
    "استبيان قياس الرضا .٦",
    "• تطبيق الجمعية على الهواتف الذكية",
    "خدمة طلب المساعدة ٨.",
    "الموقع الإلكتروني للجمعية •",
    "",
    "الأدوات:",
    "-1 قاعدة بيانات المستفيدين",
    "-2 دليل الإجراءات",
    "",
    "التعامل مع المستفيد:",
    "-1 تسجيل الطلب في النظام.",
    "-2 زيارة الأسرة خلال 5 أيام عمل.",
    "-3 البت في الطلب خلال شهر من تقديمه.",
    "-4 تسليم الخدمة للمستفيد.",
    "",
    "اعتماد مجلس الإدارة:",
    "وافق مجلس الإدارة على هذه السياسة واعتمدها في اجتماعه الثاني عشر بتاريخ 2024/01/15م.",
]

# --- 05 ------------------------------------------------------------------------------
DOC_05 = [
    "سياسة العلاقة مع المستفيدين",
    "",
    ": تمهيد",
    "نشأت الجمعية لخدمة كبار السن، وتضع هذه القواعد لضمان معاملتهم بما يليق بهم.",
    "",
    "الهدف العام للسياسة",
    "رعاية كبار السن في بيوتهم قدر الإمكان.",
    "",
    "الاهداف التفصيليه:",
    "- زيارة كل مسن مسجل مرة في الشهر على الأقل.",
    "- توفير الأجهزة الطبية المساعدة.",
    "",
    "قنوات الإتصال بالمستفيدين:",
    "- الهاتف.",
    "- الزيارة المنزلية.",
    "- مندوبو الأحياء.",
    "",
    "الأدوات المتوفرة لموظفي علاقات",
    "المستفيدين:",
    "- ملف المسن.",
    "- جدول الزيارات.",
    "- دليل الرعاية المنزلية.",
    "",
    "الإجرائات المتبعة مع المستفيد:",
    "- استقبال طلب الأسرة.",
    "- زيارة تقييم من الباحث الاجتماعي.",
    "- قرار لجنة البحث خلال أسبوعين.",
    "",
    "أحكام عامة:",
    "يراجع مجلس الإدارة هذه السياسة كل سنتين.",
    "",
    "إعتماد المجلس:",
    "اعتمدت السياسة بجلسته الحادية والعشرين بتاريخ 1445/11/20هـ.",
]

# --- 06 ------------------------------------------------------------------------------
DOC_06 = [
    "سياسة خدمة المستفيدين",
    "",
    "تمهيد:",
    "واضحة. قواعد خلال من المستفيدين مع العلاقة تنظيم إلى السياسة هذه تهدف",
    "وتلتزم الجمعية بتطبيقها في جميع فروعها.",
    "",
    "التفصيلية الأهداف:",
    "- تقليل زمن الرد على الطلبات.",
    "- رفع رضا المستفيد عن الخدمة.",
    "- توثيق كل تواصل مع المستفيد.",
    "",
    "القنوات:",
    "- المقابلة الشخصية.",
    "- الاتصالات الهاتفية.",
    "- الموقع الإلكتروني.",
    "- خدمة التطوع.",
    "",
    "التعامل مع المستفيد:",
    "- استقبال المستفيد في مكتب الخدمة.",
    "- التأكد من صحة البيانات.",
    "- إحالة الطلب إلى لجنة البحث.",
    "",
    "اعتماد مجلس الإدارة:",
    "الإدارة مجلس من السياسة هذه اعتماد تم",
    "في اجتماعه الحادي والثلاثين بعد المائة بالقرار رقم 131/4 بتاريخ 1446/05/10هـ الموافق 2024/11/12م.",
]

# --- 07 ------------------------------------------------------------------------------
LONG_TITLE = (
    "سياسة تنظيم العلاقة مع المستفيدين من خدمات الجمعية في المدينة والمحافظات التابعة لها"
    " وتحديد حقوقهم وواجباتهم وطرق تواصلهم مع الجمعية وآلية استقبال طلباتهم ودراستها والرد عليها"
    " ومتابعة رضاهم عن الخدمات المقدمة إليهم وطرق تقديم الشكاوى والمقترحات ومعالجتها"
    " بما يتفق مع أنظمة وزارة الموارد البشرية والتنمية الاجتماعية ولوائح الجمعية الداخلية"
    " المعتمدة من مجلس الإدارة في دورته الحالية والدورات القادمة حتى يصدر ما يعدلها أو يلغيها"
)
LONG_CHANNEL = (
    "المقابلة الشخصية في مقر الجمعية الرئيسي أو في أحد مكاتبها في المحافظات خلال أوقات الدوام الرسمي"
    " من الأحد إلى الخميس، مع إمكان حجز موعد مسبق عبر الهاتف أو الموقع الإلكتروني لمن يتعذر عليه الحضور"
    " في الأوقات المعتادة، وتخصيص مكان مناسب لكبار السن وذوي الإعاقة"
)
DOC_07 = [
    LONG_TITLE,
    "الإصدار الثاني، مراجعة شهر رجب",
    "",
    "تمهيد:",
    "تقدم الجمعية خدماتها لأكثر من ألفي أسرة، وتحتاج إلى قواعد مكتوبة يعرفها الموظف والمستفيد معا.",
    "",
    "كيف يصل إلينا المستفيد:",
    f"- {LONG_CHANNEL}.",
    "- الاتصال الهاتفي.",
    "- وسائل التواصل الاجتماعي.",
    "- خدمة طلب المساعدة.",
    "",
    "مسار الطلب:",
    "- استقبال الطلب وقيده.",
    "- التأكد من الوثائق المطلوبة.",
    "- إحالة الطلب إلى الباحث الاجتماعي.",
    "- الرد على المستفيد خلال أسبوعين.",
    "",
    "ما نستعين به:",
    "- دليل إجراءات الخدمة.",
    "- نموذج تقييم الحالة.",
    "- سجل الطلبات الواردة.",
    "",
    "الختام:",
    "اعتمد مجلس الإدارة هذه السياسة في اجتماعه الثالث بتاريخ 1446/09/03هـ، وتلغي ما سبقها من تعليمات.",
    "رئيس مجلس الإدارة",
    "عبدالرحمن بن سعد القحطاني",
    "التوقيع: ....................",
]

# --- 08 ------------------------------------------------------------------------------
NOOR_HEADER = ["جمعية النور للخدمات الاجتماعية", "Al Noor Social Services Society", "هاتف: 0112345678"]


def _doc_08():
    return make_docx(
        [
            (
                "table",
                [
                    ["جمعية النور للخدمات الاجتماعية", "Al Noor Social Services Society"],
                    ["مسجلة بالوزارة برقم ٧٧٠", "ص.ب ٩٩٠ الرياض"],
                ],
            ),
            ("table", [["الرقم: ١٢/ن", "التاريخ: ١٤٤٦/٠١/٠١هـ"]]),
            "سياسة التعامل مع المستفيدين",
            ("textbox", "معاً نحو خدمة أفضل"),
            ("runs", ["تمه", f"{K}يد:"]),
            ("runs", ["تقدم الجمعية برامج ", "التدريب والتأهيل لأبناء الأسر المحتاجة، وتنظم هنا علاقتها بهم."]),
            "الأهداف التفصيلية:",
            ("num", "تمكين الشباب من فرص العمل.", 0),
            ("num", "متابعة المتدربين بعد التخرج، وذلك من خلال ما يلي:", 0),
            ("num", "اتصال شهري بكل متدرب.", 1),
            ("num", "لقاء سنوي للخريجين.", 1),
            ("num", "إشراك الأسر في اختيار البرامج.", 0),
            "القنوات:",
            ("num", "المقابلة الشخصية."),
            ("num", "الاتصالات الهاتفية."),
            ("num", "خدمة التطوع."),
            ("num", "الموقع الإلكتروني للجمعية."),
            ("br", ["الأدوات المتاحة", "لموظفي علاقات المستفيدين:"]),
            ("num", "نظام التدريب الإلكتروني."),
            ("num", "دليل البرامج التدريبية."),
            "التعامل مع المستفيد:",
            ("num", "تسجيل رغبة المتدرب."),
            ("num", "مقابلة قبول مع الباحث الاجتماعي."),
            ("num", "إعلان القبول خلال 14 يوم."),
            "اعتماد مجلس الإدارة:",
            "اعتمد مجلس الإدارة هذه السياسة في اجتماعه الثالث عشر بتاريخ 1446/01/15هـ.",
        ],
        header=NOOR_HEADER,
    )


# --- 09 ------------------------------------------------------------------------------
def _doc_09():
    return make_docx(
        [
            "سياسة تنظيم العلاقة مع المستفيدين",
            "المحتويات",
            ("tab", ["المقدمة", "٢"]),
            ("tab", ["الأهداف", "٢"]),
            ("tab", ["قنوات التواصل", "٣"]),
            ("tab", ["الإجراءات", "٣"]),
            ("tab", ["الاعتماد", "٤"]),
            "المقدمة:",
            "تعمل الجمعية في دعم مرضى الكلى وأسرهم، وترجو أن تكون هذه السياسة مرجعا لكل موظف.",
            "الأهداف:",
            ("num", "تسهيل حصول المرضى على مواعيد الغسيل."),
            ("num", "توفير النقل للمرضى غير القادرين."),
            ("num", "توعية الأسر بالرعاية المنزلية."),
            "قنوات التواصل:",
            ("num", "الاتصال الهاتفي."),
            ("num", "الخطابات."),
            ("num", "وسائل التواصل الاجتماعي."),
            ("num", "مناديب المكاتب الفرعية."),
            ("num", "تطبيق المواعيد."),
            "الإجراءات:",
            ("num", "استقبال المريض أو ذويه."),
            ("num", "التأكد من التقرير الطبي."),
            ("num", "عرض الطلب على لجنة البحث."),
            ("num", "إبلاغ المريض بالقرار خلال أسبوع."),
            ("num", "تقديم الخدمة."),
            "الاعتماد:",
            "صادق مجلس الإدارة على هذه السياسة في اجتماعه المائة والخامس بتاريخ 15/8/1445هـ الموافق 25/2/2024م.",
            ("table", [["رئيس مجلس الإدارة", "أمين الصندوق"], ["فهد بن ناصر العتيبي", "سلمى بنت علي الزهراني"]]),
        ]
    )


# --- 10 ------------------------------------------------------------------------------
AMAL_HEAD = [
    "جمعية الأمل الخيرية بالقصيم",
    "Al Amal Charity - Qassim",
    "مسجلة بوزارة الموارد البشرية والتنمية الاجتماعية برقم (٣٣٠)",
    "هاتف: 0163334455 ص.ب ٧١",
    "info@amal.org.sa",
]


def _doc_10():
    return make_pdf(
        [
            [
                "سياسة تنظيم العلاقة مع المستفيدين",
                f"تمهيـ{K}ـد:",
                "تقدم الجمعية السلال الغذائية والكسوة والإعانات المالية للأسر المسجلة لديها،",
                "وتلتزم بأن يعامل كل مستفيد بإنصاف ووضوح.",
                "الهدف العام:",
                "الوصول إلى الأسر المستحقة قبل أن تطلب.",
            ],
            [
                "الأهداف التفصيلية:",
                "- حصر الأسر المستحقة في كل حي.",
                "- توزيع الإعانات في مواعيد معلنة.",
                "- الاستماع إلى ملاحظات المستفيدين.",
                "القنوات:",
                "- المقابلة.",
                "- الاتصالات الهاتفية.",
                "- وسائل التواصل الاجتماعي.",
                "- الخطابات.",
                "- خدمات طلب المساعدة.",
                "- خدمة التطوع.",
                "- الموقع الإلكتروني للجمعية.",
            ],
            [
                "الأدوات:",
                "- بطاقة الأسرة.",
                "- دليل الإعانات.",
                "التعامل مع المستفيد:",
                "- استقبال الأسرة بترحيب.",
                "- التأكد من بيانات الأسرة.",
                "- إحالة الطلب إلى الباحث الاجتماعي.",
                "- عرض الطلب على لجنة البحث.",
                "- الرد على الأسرة خلال أسبوعين.",
                "- صرف الإعانة.",
                "اعتماد مجلس الإدارة:",
                "اعتمد مجلس الإدارة السياسة في اجتماعه السابع بتاريخ 1445/06/12هـ الموافق 2023/12/25م.",
            ],
        ],
        letterhead=AMAL_HEAD,
    )


# --- 11 ------------------------------------------------------------------------------
def _doc_11():
    pf = presentation_forms
    return make_pdf(
        [
            [
                pf("سياسة خدمة المستفيدين"),
                pf("فهرس المحتويات"),
                "تمهيد ................ ٢",
                "الأهداف التفصيلية ................ ٢",
                "قنوات التواصل ................ ٣",
                "اعتماد مجلس الإدارة ................ ٣",
            ],
            [
                pf("تمهيد:"),
                pf("تدعم الجمعية طلاب الأسر المحتاجة في دراستهم، وتوضح هذه السياسة كيف يتواصلون معها."),
                pf("الأهداف التفصيلية:"),
                "1- " + pf("تمكين الطلاب من إكمال دراستهم."),
                "(2) " + pf("توفير الأدوات المدرسية في بداية العام."),
                "٣. " + pf("متابعة التحصيل الدراسي."),
                "• " + pf("تكريم المتفوقين."),
            ],
            [
                pf("قنوات التواصل:"),
                "1- " + pf("المقابلة الشخصية."),
                "2- " + pf("الاتصال الهاتفي."),
                "3- " + pf("الموقع الإلكتروني."),
                "4- " + pf("خدمة طلب المساعدة."),
                pf("التعامل مع المستفيد:"),
                "- " + pf("استقبال طلب الطالب."),
                "- " + pf("دراسة الطلب من الباحث الاجتماعي."),
                "- " + pf("الرد خلال 10 أيام."),
                pf("اعتماد مجلس الإدارة:"),
                "اعتمد مجلس الإدارة السياسة في اجتماعه رقم ( ٤ ٢ ) بتاريخ ١٤٤٧/٠١/٢٠هـ.",
            ],
        ]
    )


# --- 12 ------------------------------------------------------------------------------
def _doc_12():
    return make_pdf(
        [
            [
                "سياسة تنظيم العلاقة مع المستفيدين",
                "صدرت هذه النسخة بعد مراجعة لجنة الحوكمة.",
                "الهدف العام:",
                "المستفيدين. لجميع ومنصفة سريعة خدمة تقديم",
                "الأهداف التفصيلية:",
                "- تبسيط إجراءات التسجيل.",
                "- التواصل الدوري مع الأسر.",
                "القنوات المستخدمة للتواصل",
                "مع المستفيدين:",
                "- الاتصالات الهاتفية.",
                "- الخطابات.",
                "- خدمة طلب المساعدة.",
            ],
            [
                "ويتم التعامل مع المستفيد على النحو",
                "الآتي:",
                "- استقبال المستفيد.",
                "- التأكد من اكتمال الطلب.",
                "- إحالة الطلب إلى لجنة البحث.",
                "- إبلاغ المستفيد بالقرار.",
                "اعتماد مجلس الإدارة:",
                "اعتمد مجلس الإدارة هذه السياسة في اجتماعه الخامس والثلاثين بتاريخ 1445/10/05هـ.",
                "رئيس المجلس",
                "خالد بن عمر الشهري",
                "نائب الرئيس",
                "منى بنت سعيد الدوسري",
            ],
        ]
    )


def _date(year, month, day):
    return datetime.date(year, month, day)


def _hijri(text, gregorian, calendar="hijri", **more):
    return {"approval_calendar": calendar, "approval_date_hijri": text, "approval_date": gregorian, **more}


ALL_SECTIONS = ["preamble", "general_objective", "objectives", "channels", "tools", "procedure"]

DOCUMENTS = [
    Document(
        "01_letterhead_on_every_page.txt",
        "letterhead (Arabic and English names, ministry registration, phones with letter-spaced digits, email,"
        " web, P.O. box, IBAN) and the filled-in memo header repeated between sections; meeting as an ordinal word",
        title="سياسة العلاقة مع المستفيدين وخدمتهم",
        kinds=ALL_SECTIONS,
        counts={"objectives": 4, "channels": 6, "tools": 3, "steps": 5},
        approval=_hijri("1445-03-07", _date(2023, 9, 22), meeting_number="5", approving_body="مجلس الإدارة"),
        builder=txt(DOC_01),
        present=["وضوح العلاقة مع كل مستفيد"],
        absent=["SA44", "info@", "الآيبان", "Birr", "مسجلة بوزارة", "ص.ب", "المرفقات", "٣٢/ع"],
        channel_kinds=["interview", "phone", "social_media", "letters", "help_request", "volunteer"],
        periods=[7],
    ),
    Document(
        "02_contents_and_numbered_headings.txt",
        "a table of contents with dotted leaders and Arabic-Indic page numbers; headings numbered أولاً…سابعاً"
        " without colons; indented sub-points; 'بجلسته العاشرة'; a decision number; both calendars as d/m/y",
        title="سياسة التواصل مع المستفيدين",
        kinds=[*ALL_SECTIONS, "section"],  # the association's name under the title, not placed
        counts={"objectives": 3, "sub_points": 2, "channels": 5, "tools": 2, "steps": 4},
        approval=_hijri("1445-03-07", _date(2023, 9, 22), meeting_number="10", decision_number="3/10"),
        builder=txt(DOC_02),
        absent=["........", "سابعاً"],
        unplaced=1,  # the association's name under the title
        channel_kinds=["interview", "phone", "other", "website", "branch_representatives"],
        periods=[10],
    ),
    Document(
        "03_kashida_presentation_forms_spaced_digits.txt",
        "kashida runs inside words and headings, headings and channels in Arabic presentation forms,"
        " letter-spaced meeting, decision and date digits",
        title="سياسة خدمة المستفيدين",
        kinds=["preamble", "objectives", "channels", "tools", "procedure"],
        counts={"objectives": 3, "channels": 4, "tools": 2, "steps": 3},
        approval=_hijri("1446-02-15", _date(2024, 8, 19), meeting_number="42", decision_number="107"),
        builder=_doc_03,
        present=["الاتصال الهاتفي", "نافذة الشكاوى والمقترحات", "الاستقبال في الفروع"],
        absent=["ـ"],
        channel_kinds=["phone", "social_media", "complaints", "survey"],
        periods=[7],
    ),
    Document(
        "04_list_markers_on_either_side.txt",
        "list markers before and after the item (-1, 2-, (3), (4), ٥., .٦, •, ٨.), nine channels including"
        " survey, complaints and app; periods in days and in words; a Gregorian-only date",
        title="سياسة تنظيم العلاقة بالمستفيدين",
        kinds=["preamble", "channels", "tools", "procedure"],
        counts={"channels": 9, "tools": 2, "steps": 4},
        approval={
            "approval_calendar": "gregorian",
            "approval_date": _date(2024, 1, 15),
            "approval_date_hijri": "1445-07-03",
            "meeting_number": "12",
        },
        builder=txt(DOC_04),
        channel_kinds=[
            "interview",
            "phone",
            "social_media",
            "letters",
            "complaints",
            "survey",
            "app",
            "help_request",
            "website",
        ],  # fmt: skip
        periods=[5, 30],
    ),
    Document(
        "05_heading_variants.txt",
        "a heading's colon at the start, headings with a word added, changed or missing, hamza and taa marbuta"
        " variants (إعتماد, الاهداف التفصيليه, الإتصال), a misspelt الإجرائات, a heading broken over two lines,"
        " an unknown section kept as a free section",
        title="سياسة العلاقة مع المستفيدين",
        kinds=[*ALL_SECTIONS, "section"],
        counts={"objectives": 2, "channels": 3, "tools": 3, "steps": 3},
        approval=_hijri("1445-11-20", _date(2024, 5, 28), meeting_number="21"),
        builder=txt(DOC_05),
        present=["يراجع مجلس الإدارة هذه السياسة كل سنتين"],
        periods=[14],
    ),
    Document(
        "06_reversed_justified_lines.txt",
        "justified lines whose words came out in reverse order (a paragraph, a heading, the approval sentence);"
        " the meeting 'الحادي والثلاثين بعد المائة' (131); both calendars, agreeing",
        title="سياسة خدمة المستفيدين",
        kinds=["preamble", "objectives", "channels", "procedure"],
        counts={"objectives": 3, "channels": 4, "steps": 3},
        approval=_hijri("1446-05-10", _date(2024, 11, 12), meeting_number="131", decision_number="131/4"),
        builder=txt(DOC_06),
        present=["تهدف هذه السياسة إلى تنظيم العلاقة مع المستفيدين من خلال قواعد واضحة."],
    ),
    Document(
        "07_sections_by_meaning_long_values.txt",
        "headings the importer does not know (channels, procedure and tools recognised by what they hold,"
        " the approval by its sentence); a title of more than 255 characters and a channel of more than 200,"
        " shortened at a word; a version line that fits nowhere; signatures after the approval",
        title="",  # checked apart: shortened
        kinds=["preamble", "channels", "procedure", "tools", "section", "section"],  # signatures, then not placed
        counts={"channels": 4, "tools": 3, "steps": 4},
        approval=_hijri("1446-09-03", _date(2025, 3, 3), meeting_number="3"),
        builder=txt(DOC_07),
        present=["عبدالرحمن بن سعد القحطاني", "الإصدار الثاني", "لمن يتعذر عليه الحضور"],
        unplaced=2,  # the version line and the whole title
        shortened=True,
        periods=[14],
    ),
    Document(
        "08_word_letterhead_in_header_and_table.docx",
        "Word: letterhead in the page header part and in a table, memo header in a table, Word numbering with"
        " a second level for sub-points, a word split across runs with kashida, a heading broken by a line"
        " break, a text box stored twice (choice and fallback); 'الثالث عشر'",
        title="سياسة التعامل مع المستفيدين",
        kinds=["preamble", "objectives", "channels", "tools", "procedure", "section"],
        counts={"objectives": 3, "sub_points": 2, "channels": 4, "tools": 2, "steps": 3},
        approval=_hijri("1446-01-15", _date(2024, 7, 21), meeting_number="13"),
        builder=_doc_08,
        absent=["Al Noor", "مسجلة بالوزارة", "١٢/ن"],
        unplaced=1,  # the text box's slogan, once
        periods=[14],
    ),
    Document(
        "09_word_contents_and_signature_table.docx",
        "Word: a table of contents whose leaders are tab stops (page numbers after a tab), one-word headings"
        " (المقدمة, الأهداف, الإجراءات, الاعتماد), 'المائة والخامس' (105), both calendars d/m/y,"
        " signatures in a table after the approval",
        title="سياسة تنظيم العلاقة مع المستفيدين",
        kinds=["preamble", "objectives", "channels", "procedure", "section"],
        counts={"objectives": 3, "channels": 5, "steps": 5},
        approval=_hijri("1445-08-15", _date(2024, 2, 25), meeting_number="105"),
        builder=_doc_09,
        present=["فهد بن ناصر العتيبي", "أمين الصندوق"],
        channel_kinds=["phone", "letters", "social_media", "branch_representatives", "app"],
        periods=[7],
    ),
    Document(
        "10_pdf_letterhead_on_every_page.pdf",
        "PDF over three pages with the letterhead on each; the extraction's own artefacts: colons at the start"
        " of headings, Western-digit dates moved to the other end of the line, a paragraph broken over lines;"
        " kashida; both calendars",
        title="سياسة تنظيم العلاقة مع المستفيدين",
        kinds=ALL_SECTIONS,
        counts={"objectives": 3, "channels": 7, "tools": 2, "steps": 6},
        approval=_hijri("1445-06-12", _date(2023, 12, 25), meeting_number="7"),
        builder=_doc_10,
        present=["تقدم الجمعية السلال الغذائية والكسوة والإعانات المالية للأسر المسجلة لديها، وتلتزم"],
        absent=["Amal", "info@", "مسجلة بوزارة"],
        periods=[14],
    ),
    Document(
        "11_pdf_presentation_forms_and_contents.pdf",
        "PDF whose text layer is in presentation forms (U+FB50–U+FEFF) with a table of contents (dotted"
        " leaders, Arabic-Indic page numbers); markers 1-, (2), ٣., • as extraction cuts them;"
        " letter-spaced Arabic-Indic meeting digits",
        title="سياسة خدمة المستفيدين",
        kinds=["preamble", "objectives", "channels", "procedure"],
        counts={"objectives": 4, "channels": 4, "steps": 3},
        approval=_hijri("1447-01-20", _date(2025, 7, 15), meeting_number="42"),
        builder=_doc_11,
        present=["تمكين الطلاب من إكمال دراستهم", "توفير الأدوات المدرسية في بداية العام"],
        absent=["........"],
        channel_kinds=["interview", "phone", "website", "help_request"],
        periods=[10],
    ),
    Document(
        "12_pdf_reversed_lines_broken_headings.pdf",
        "PDF with a justified line in reverse word order, two headings broken over two lines, a line before"
        " the first section that fits nowhere, 'الخامس والثلاثين' (35), names and titles after the approval",
        title="سياسة تنظيم العلاقة مع المستفيدين",
        kinds=["general_objective", "objectives", "channels", "procedure", "section", "section"],
        counts={"objectives": 2, "channels": 3, "steps": 4},
        approval=_hijri("1445-10-05", _date(2024, 4, 14), meeting_number="35"),
        builder=_doc_12,
        present=["تقديم خدمة سريعة ومنصفة لجميع المستفيدين.", "منى بنت سعيد الدوسري", "لجنة الحوكمة"],
        unplaced=1,
    ),
]
