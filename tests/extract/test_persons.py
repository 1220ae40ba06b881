"""People and roles: names with honorifics, appositions, several roles, and speaker resolution."""

from __future__ import annotations

from pathlib import Path

import pytest

from rasad.extract.lexicon import lexicon, suffix_role
from rasad.extract.persons import PersonResolver
from rasad.extract.quotes import extract_persons, extract_quotes
from rasad.extract.spans import Doc
from rasad.models import Article
from rasad.text.letters import fold_letters


def persons_of(*paragraphs: str) -> dict[str, list[str]]:
    return {p.name: p.roles for p in extract_persons(Article(title="عنوان خبر", paragraphs=list(paragraphs)))}


# (paragraph, name, roles)
APPOSITIONS = [
    ("اسکندر مومنی، وزیر کشور امروز به تبریز رفت.", "اسکندر مومنی", ["وزیر کشور"]),
    ("وزیر کشور، اسکندر مومنی امروز به تبریز رفت.", "اسکندر مومنی", ["وزیر کشور"]),
    ("محمد ابراهیم شوشتری مشاور وزیر کشور امروز به تبریز رفت.", "محمد ابراهیم شوشتری", ["مشاور وزیر کشور"]),
    ("حجت‌الاسلام والمسلمین سید ابراهیم رئیسی امروز به تبریز رفت.", "ابراهیم رئیسی", []),
    ("آقای بلندیان در جلسه حاضر بود.", "بلندیان", []),
    ("دکتر سمیرا مبارکه، پزشک متخصص بیماری‌های عفونی در جلسه حاضر بود.", "سمیرا مبارکه",
     ["پزشک متخصص بیماری‌های عفونی"]),
]


@pytest.mark.parametrize(("paragraph", "name", "roles"), APPOSITIONS)
def test_names_and_appositions(paragraph: str, name: str, roles: list[str]) -> None:
    persons = persons_of(paragraph)
    assert name in persons, persons
    assert persons[name] == roles


def test_one_person_two_roles_from_an_apposition_and_a_speaker_role() -> None:
    persons = persons_of("محمد ابراهیم شوشتری، مشاور وزیر کشور، در همایش سخن گفت.",
                         "رئیس مرکز حراست وزارت کشور تاکید کرد: حراست‌ها در انتخابات دخیل هستند.")
    assert persons["محمد ابراهیم شوشتری"] == ["مشاور وزیر کشور", "رئیس مرکز حراست وزارت کشور"]


def test_a_role_before_the_next_name_is_not_given_to_the_previous_one() -> None:
    persons = persons_of("فرشاد مقیمی مدیرعامل ایران خودرو، حسن وفادار ینگجه نایب رئیس هیئت مدیره "
                         "از کارخانه بازدید کردند.")
    assert persons["فرشاد مقیمی"] == ["مدیرعامل ایران خودرو"]
    assert persons["حسن وفادار ینگجه"] == ["نایب رئیس هیئت مدیره"]


def test_a_common_word_after_a_preposition_is_no_name() -> None:
    assert "حسن توجه" not in persons_of("وی از حسن توجه وزیر کشور تقدیر کرد.")


# (paragraphs, speakers of the quotes in order)
RESOLUTION = [
    (["ذبیح‌الله خدائیان در این دیدار گفت: همکاری لازم است.", "خدائیان اظهار کرد: فساد باید ریشه‌کن شود."],
     ["ذبیح‌الله خدائیان", "ذبیح‌الله خدائیان"]),
    (["علی لاریجانی گفت: مجلس آماده است.", "وی تاکید کرد: دولت باید همراهی کند.",
      "او ادامه داد: مردم همراهی می‌کنند."], ["علی لاریجانی"] * 3),
    # the lead names a role, the body the person
    (["سرپرست فدراسیون فوتبال از انتخاب سرمربی تا پنج روز دیگر خبر داد.",
      "حیدر بهاروند گفت: این موضوع کاملا سیاسی است."], ["حیدر بهاروند", "حیدر بهاروند"]),
    # a role the article gives a named person by apposition
    (["مجید تخت‌روانچی، نماینده دائم ایران در سازمان ملل امروز سخنرانی کرد.",
      "علی احمدی گفت: جلسه خوبی بود.", "نماینده دائم ایران گفت: تحریم‌ها غیرقانونی است."],
     ["علی احمدی", "مجید تخت‌روانچی"]),
    # `این مقام` refers back to the last speaker
    (["فوزی برهوم گفت: این طرح شکست می‌خورد.", "این مقام فلسطینی افزود: مقاومت ادامه دارد."],
     ["فوزی برهوم", "فوزی برهوم"]),
    # nobody named: the role phrase is the speaker
    (["سخنگوی وزارت امور خارجه گفت: ایران پاسخ می‌دهد."], ["سخنگوی وزارت امور خارجه"]),
]


RESOLUTION += [
    # an adverbial opener up to the comma before the cue leaves the subject implicit: the last speaker
    (["علی دایی گفت: تیم آماده است.",
      "پس از پیروزی امین قاسمی‌پور مقابل نماینده عربستان، اظهار داشت: شاهکار کرد."],
     ["علی دایی", "علی دایی"]),
    # a subject noun phrase stops at a role head: the role is its apposition
    (["فیلیپو اینزاگی مهاجم سابق میلان گفت: کاکا بازیکن بزرگی است."], ["فیلیپو اینزاگی"]),
]


@pytest.mark.parametrize(("paragraphs", "speakers"), RESOLUTION)
def test_speaker_resolution(paragraphs: list[str], speakers: list[str]) -> None:
    quotes = extract_quotes(Article(title="عنوان خبر", paragraphs=paragraphs))
    assert [q.speaker for q in quotes] == speakers


@pytest.mark.shared
def test_seed_persons_and_roles(shared_dir: Path) -> None:
    from rasad.pipeline import analyze_paths

    people = {}
    for outcome in analyze_paths(sorted((shared_dir / "seeds").glob("*.txt"))):
        people.update({p.name: p.roles for p in extract_persons(outcome.articles[0])})
    assert people["اسکندر مومنی"] == ["وزیر کشور"]
    assert people["ذبیح‌الله خدائیان"] == ["رئیس سازمان بازرسی کل کشور"]
    assert "بلندیان" in people
    assert people["محمد ابراهیم شوشتری"] == ["مشاور وزیر کشور", "رئیس مرکز حراست وزارت کشور"]


def test_resolver_from_article_finds_a_surname_and_its_person() -> None:
    from rasad.extract.persons import PersonResolver

    article = Article(title="عنوان", paragraphs=["ذبیح‌الله خدائیان، رئیس سازمان بازرسی کل کشور در جلسه بود."])
    resolver = PersonResolver.from_article(article)
    entry = resolver.find("خدائیان")
    assert entry is not None
    assert entry.name == "ذبیح‌الله خدائیان"
    assert entry.roles == ["رئیس سازمان بازرسی کل کشور"]


def test_a_role_far_from_any_speaker_stays_a_role_in_a_roundup() -> None:
    filler = "این رویداد در سال‌های گذشته بارها تکرار شده و توجه زیادی را جلب کرده است."
    quotes = extract_quotes(Article(title="عنوان", paragraphs=[
        "علی احمدی گفت: جلسه خوبی بود.", "رضا کریمی گفت: جلسه بدی بود.", *[filler] * 12,
        "وزیر نفت از کشف دو میدان جدید گاز خبر داد."]))
    assert [q.speaker for q in quotes] == ["علی احمدی", "رضا کریمی", "وزیر نفت"]


def test_a_role_far_on_goes_to_the_one_person_who_speaks() -> None:
    """In an article about one person (`دادستان عمومی` paragraphs after `دادخدا سالاری` spoke), the
    role is theirs: the speaker ranker, against the rules' reach."""
    filler = "این رویداد در سال‌های گذشته بارها تکرار شده و توجه زیادی را جلب کرده است."
    quotes = extract_quotes(Article(title="عنوان", paragraphs=[
        "علی احمدی گفت: جلسه خوبی بود.", *[filler] * 12, "وزیر نفت از کشف دو میدان جدید گاز خبر داد."]))
    assert [q.speaker for q in quotes] == ["علی احمدی", "علی احمدی"]


@pytest.mark.parametrize(("paragraph", "name", "roles"), [
    ("وزیر کشور اسکندر مومنی امروز به تبریز رفت.", "اسکندر مومنی", ["وزیر کشور"]),
    ("به گزارش ایسنا، سخنگوی وزارت امور خارجه سید عباس موسوی گفت: ایران پاسخ می‌دهد.", "عباس موسوی",
     ["سخنگوی وزارت امور خارجه"]),
    ("سردار حسین سلامی فرمانده کل سپاه گفت: دشمن شکست می‌خورد.", "حسین سلامی", ["فرمانده کل سپاه"]),
])
def test_role_before_or_after_a_name_without_comma(paragraph: str, name: str, roles: list[str]) -> None:
    assert persons_of(paragraph)[name] == roles


@pytest.mark.parametrize(
    ("sentence", "name", "role"),
    [
        ("سعید نمکی، وزیر بهداشت، درمان و آموزش پزشکی در نشست خبری گفت: واکسن رسید.", "سعید نمکی",
         "وزیر بهداشت، درمان و آموزش پزشکی"),
        ("محمد اسلامی، وزیر راه و شهرسازی امروز گفت: قطار تازه راه افتاد.", "محمد اسلامی", "وزیر راه و شهرسازی"),
    ],
)
def test_roles_run_through_compound_names(sentence: str, name: str, role: str) -> None:
    people = {p.name: p.roles for p in extract_persons(Article(title="عنوان", paragraphs=[sentence]))}
    assert people[name] == [role]


# (paragraph, name, roles): occupations by suffix (role_heads.txt `*یست`, `*شناس`), `از` + an
# organization inside a role, roles joined by `و`
OCCUPATIONS = [
    ("علی رضایی، بیولوژیست مولکولی از دانشگاه تهران، در جلسه حاضر بود.", "علی رضایی",
     ["بیولوژیست مولکولی از دانشگاه تهران"]),
    ("علی رضایی، ویروس‌شناس، در جلسه حاضر بود.", "علی رضایی", ["ویروس‌شناس"]),
    ("مصطفی معین، وزیر علوم دولت اصلاحات و فعال سیاسی اصلاح‌طلب، در جلسه حاضر بود.", "مصطفی معین",
     ["وزیر علوم دولت اصلاحات", "فعال سیاسی اصلاح‌طلب"]),
    ("سمیرا مبارکه، میکروبیولوژیست و پزشک متخصص بیماری‌های عفونی، در جلسه حاضر بود.", "سمیرا مبارکه",
     ["میکروبیولوژیست و پزشک متخصص بیماری‌های عفونی"]),
]


@pytest.mark.parametrize(("paragraph", "name", "roles"), OCCUPATIONS)
def test_occupations_and_coordinated_roles(paragraph: str, name: str, roles: list[str]) -> None:
    assert persons_of(paragraph)[name] == roles


@pytest.mark.parametrize("word", ["نمی‌بایست", "محیط‌زیست", "دویست", "نیست", "ناشناس", "حق‌شناس"])
def test_words_ending_like_occupations_are_no_role_heads(word: str) -> None:
    assert not suffix_role(fold_letters(word)) and lexicon().role_re.match(fold_letters(word)) is None


def test_a_later_subject_role_continues_the_one_person_who_holds_it() -> None:
    persons = persons_of("علی لاریجانی، رئیس مجلس، امروز به تبریز رفت.",
                         "رییس مجلس شورای اسلامی سپس از بیمارستان شهر بازدید کرد.")
    assert persons["علی لاریجانی"] == ["رئیس مجلس", "رییس مجلس شورای اسلامی"]


def test_a_later_role_that_fits_two_people_is_given_to_neither() -> None:
    persons = persons_of("علی لاریجانی، رئیس مجلس، و محمد باقر قالیباف، رئیس مجلس پیشین، به تبریز رفتند.",
                         "رییس مجلس شورای اسلامی سپس از بیمارستان شهر بازدید کرد.")
    assert persons["علی لاریجانی"] == ["رئیس مجلس"]


def test_a_name_cut_short_takes_the_one_full_name_it_begins() -> None:
    resolver = PersonResolver(Doc("امیرحسین علم‌الهدی، کارشناس سینما، در جلسه حاضر بود."))
    resolver.add("امیرحسین علم", 6)  # as the tagger may cut it
    resolver.merge_prefixes()
    assert [(p.name, p.roles) for p in resolver.persons()] == [("امیرحسین علم‌الهدی", ["کارشناس سینما"])]


def test_a_name_cut_short_that_begins_two_names_stays_apart() -> None:
    resolver = PersonResolver(Doc("امیرحسین علم‌الهدی و امیرحسین علم‌دوست در جلسه حاضر بودند."))
    resolver.add("امیرحسین علم", 8)
    resolver.merge_prefixes()
    assert "امیرحسین علم" in [p.name for p in resolver.persons()]


def test_a_role_runs_on_into_an_organization_the_article_names() -> None:
    text = ("موسسه تحقیقاتی سانی‌بروک پژوهش می‌کند. علی رضایی، میکروبیولوژیست آزمایشگاهی در سانی‌بروک، "
            "در جلسه حاضر بود. حسن کریمی، پزشک متخصص در جلسه حاضر بود.")
    resolver = PersonResolver(Doc(text))
    resolver.add_tagged([], [(0, "موسسه تحقیقاتی سانی‌بروک")], frozenset(range(3)))
    roles = {p.name: p.roles for p in resolver.persons()}
    assert roles["علی رضایی"] == ["میکروبیولوژیست آزمایشگاهی در سانی‌بروک"]
    assert roles["حسن کریمی"] == ["پزشک متخصص"]  # `در جلسه`: no organization of the article


def test_a_later_role_in_another_wording_of_the_office_is_his() -> None:
    persons = persons_of("ابراهیم رئیسی، رئیس قوه قضاییه، امروز به تبریز رفت.",
                         "رئیس دستگاه قضا با حضور در بیمارستان از تجهیزات آن بازدید کرد.")
    assert persons["ابراهیم رئیسی"] == ["رئیس قوه قضاییه", "رئیس دستگاه قضا"]


def test_a_rank_before_a_name_is_no_speaker_and_a_body_named_after_a_person_stays_in_the_role() -> None:
    quotes = extract_quotes(Article(title="عنوان خبر", paragraphs=[
        "«سرتیپ دوم پاسدار محمدرضا یزدی» فرمانده سپاه محمد رسول‌الله تهران بزرگ گفت: امنیت برقرار است."]))
    assert [q.speaker for q in quotes] == ["محمدرضا یزدی"]
    persons = persons_of("سرتیپ دوم پاسدار محمدرضا یزدی فرمانده سپاه محمد رسول‌الله تهران بزرگ در جلسه حاضر بود.")
    assert persons == {"محمدرضا یزدی": ["فرمانده سپاه محمد رسول‌الله تهران بزرگ"]}


@pytest.mark.parametrize(("sentence", "name", "roles"), [
    ("محمود احمدی‌نژاد طی حکمی علی نیکزاد، وزیر مسکن را به عنوان سرپرست وزارت راه منصوب کرد.", "علی نیکزاد",
     ["وزیر مسکن", "سرپرست وزارت راه"]),
    ("علی رضایی به عنوان نماینده ایران در نشست حضور داشت.", "علی رضایی", ["نماینده ایران"]),
    # a name right after the role: the role is its apposition, not the previous person's
    ("علی رضایی گفت که به عنوان وزیر کشور حسن کریمی را می‌شناسد.", "علی رضایی", []),
])
def test_a_role_after_as_is_the_person_named_before(sentence: str, name: str, roles: list[str]) -> None:
    assert persons_of(sentence)[name] == roles
