"""A name's right edge, person-ness and role cleaning (issue #15, item 2)."""

from rasad.extract.name_words import clean_role, is_verb, names_person, never_in_name
from rasad.link.people import role_key, stored_person


def test_verbs_and_common_words_end_a_name() -> None:
    for word in ("می‌خواهد", "ندارد", "نخواهد", "نبود", "دادند", "کرده‌اند"):
        assert is_verb(word), word
    for word in ("خیلی", "نام", "نبود"):
        assert never_in_name(word), word
    for surname in ("کنی", "کردی", "زاده", "نادری", "نوری", "هاشمی", "اقبالی"):
        assert not never_in_name(surname), surname


def test_person_ness() -> None:
    assert names_person("حسن روحانی") and names_person("روحانی")
    assert names_person("ادوارد فیلیپ", tagged=True) and not names_person("ادوارد فیلیپ")
    for phrase in ("سید کاظم", "محمد رسول الله", "لواء معتصم", "آمریکا حضور چین", "The Tannery"):
        assert not names_person(phrase, tagged=True), phrase


def test_roles_cleaned_and_variants_one_key() -> None:
    assert clean_role("وزیر خارجه ایران واکنش نشان داد") == "وزیر خارجه ایران"
    assert clean_role("خبرنگار حوزه دولت خبرگزاری فارس") is None
    assert role_key("رئیس‌جمهوری") == role_key("رییس جمهور")
    assert role_key("وزیر امور خارجه") == role_key("وزیر خارجه")
    assert role_key("رئیس دستگاه قضا") == role_key("رئیس قوه قضاییه") == role_key("رییس دستگاه قضایی")


def test_stored_person_joins_the_one_it_can_only_mean() -> None:
    assert stored_person("روحانی", [(1, "حسن روحانی")]) == 1
    assert stored_person("جونگ اون", [(4, "کیم جونگ اون")]) == 4
    assert stored_person("استفان اینس", [(3, "استفن اینس")]) == 3
    assert stored_person("محمود احمدی", [(4, "محمد احمدی")]) is None  # two given names
    # homonyms kept apart
    assert stored_person("احمدی‌نژاد", [(1, "محمود احمدی‌نژاد"), (2, "احسان احمدی‌نژاد")]) is None
    assert stored_person("احمد روحانی", [(5, "روحانی"), (5, "حسن روحانی")]) is None


def test_a_surname_alone_is_no_one_in_particular() -> None:
    # the first `جعفری` stored does not take every later Jafari
    assert stored_person("مهدی جعفری", [(7, "جعفری")]) is None
    assert stored_person("جعفری", [(7, "جعفری"), (8, "مهدی جعفری")]) == 8


def test_a_compound_given_name_without_its_mohammad() -> None:
    assert stored_person("جواد ظریف", [(57, "محمدجواد ظریف")]) == 57
    assert stored_person("ظریف", [(57, "محمدجواد ظریف"), (57, "جواد ظریف")]) == 57
    assert stored_person("علی نجفی", [(9, "محمدعلی نجفی"), (10, "محمدحسین نجفی")]) == 9
    assert stored_person("رضا نجفی", [(9, "علیرضا نجفی")]) is None


def test_a_query_holds_words_with_or_without_a_zwnj() -> None:
    from rasad.link.people import holds_name

    assert holds_name("فضلی", "عبدالرضا رحمانی‌فضلی")
    assert holds_name("نیک‌خواه", "کامران نیکخواه") and holds_name("نیکخواه", "کامران نیک‌خواه")
    assert not holds_name("فضلی", "جهانگیر تفضلی")
