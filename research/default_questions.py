"""The default research questions every association starts with (used for any service without its own set):
housing, income and expenses, health, and the members' situation. Plain data, read by the data migration that
gives existing associations the set and by research.questions, which gives a new association the same set on
first use. Each row: (topic, answer kind, Arabic text, English text, Arabic help, English help)."""

DEFAULT_QUESTIONS = [
    (
        "housing",
        "text",
        "ما نوع السكن وحالته؟",
        "What kind of home is it, and in what condition?",
        "ملك أو إيجار أو سكن خيري أو مع الأقارب، وحالة البناء والأثاث.",
        "Owned, rented, charitable housing or with relatives; the state of the building and furniture.",
    ),
    (
        "housing",
        "amount",
        "كم الإيجار السنوي؟",
        "What is the yearly rent?",
        "بالريال، واكتب صفرًا إن لم يكن السكن بالإيجار.",
        "In riyals; write zero if the home is not rented.",
    ),
    ("housing", "yes_no", "هل السكن يكفي عدد أفراد الأسرة؟", "Is the home large enough for the household?", "", ""),
    (
        "income",
        "amount",
        "كم مجموع دخل الأسرة الشهري؟",
        "What is the household's total monthly income?",
        "الرواتب والضمان الاجتماعي وحساب المواطن والمعاشات وأي دخل آخر، بالريال.",
        "Salaries, social security, the Citizen's Account, pensions and any other income, in riyals.",
    ),
    (
        "income",
        "amount",
        "كم مجموع المصروفات الشهرية الأساسية؟",
        "What are the household's basic monthly expenses?",
        "الإيجار والكهرباء والماء والغذاء والمواصلات والأقساط، بالريال.",
        "Rent, electricity, water, food, transport and instalments, in riyals.",
    ),
    (
        "income",
        "text",
        "هل على الأسرة ديون؟ وما سببها؟",
        "Does the household have debts, and why?",
        "اذكر الجهة والمبلغ المتبقي إن وُجد.",
        "Name the lender and the amount still owed, if any.",
    ),
    (
        "health",
        "yes_no",
        "هل في الأسرة مريض بمرض مزمن أو ذو إعاقة؟",
        "Is anyone in the household chronically ill or living with a disability?",
        "",
        "",
    ),
    (
        "health",
        "text",
        "ما الحالة الصحية وما تكاليف العلاج؟",
        "What is the state of health, and what does treatment cost?",
        "اذكر التقارير الطبية التي اطلعت عليها.",
        "Mention the medical reports you saw.",
    ),
    (
        "members",
        "number",
        "كم عدد أفراد الأسرة المقيمين في السكن؟",
        "How many members of the household live in the home?",
        "",
        "",
    ),
    (
        "members",
        "text",
        "ما حال الأبناء في الدراسة والعمل؟",
        "How are the children doing at school and at work?",
        "",
        "",
    ),
    (
        "members",
        "text",
        "ملاحظات الباحث عن حال الأسرة",
        "The researcher's notes on the household's situation",
        "ما رأيته في الزيارة ولم تشمله الأسئلة السابقة.",
        "What you saw during the visit that the questions above did not cover.",
    ),
]
