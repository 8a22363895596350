"""Telex composition: what a citizen types on the on-screen keyboard, and what appears."""
from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.telex import TelexComposer, compose, telex_spelling


def typed(keys: str, composer: TelexComposer | None = None) -> str:
    """Type `keys`; "<" stands for backspace."""
    composer = composer or TelexComposer()
    for key in keys:
        if key == "<":
            composer.backspace()
        else:
            composer.press(key)
    return composer.text


WORDS = [
    # names
    ("Nguyeenx Vawn Anh", "Nguyễn Văn Anh"),
    ("Traanf Thij Thu Hwowngf", "Trần Thị Thu Hường"),
    ("Lee Thij Hoaf", "Lê Thị Hòa"),
    ("Phamj Quoocs Baor", "Phạm Quốc Bảo"),
    ("Hoangf Minh Tuaans", "Hoàng Minh Tuấn"),
    ("Ddoox Thanh Huyeenf", "Đỗ Thanh Huyền"),
    ("Buif Thij Ngojc Dieepj", "Bùi Thị Ngọc Diệp"),
    ("Vux Dducws Thawngs", "Vũ Đức Thắng"),
    ("Ddawngj Thuyf Linh", "Đặng Thùy Linh"),
    ("Huynhf Vaan Khoa", "Huỳnh Vân Khoa"),
    ("Duwowng Quyf", "Dương Quỳ"),
    ("Ngoo Baor Chaau", "Ngô Bảo Châu"),
    ("Trinhj Coong Sown", "Trịnh Công Sơn"),
    ("Lys Thuwowngf Kieejt", "Lý Thường Kiệt"),
    # places and addresses
    ("Phuwowngf", "Phường"),
    ("Thur ddoo", "Thủ đô"),
    ("Haf Nooij", "Hà Nội"),
    ("DDawsk Lawsk", "Đắk Lắk"),
    ("Quangr Trij", "Quảng Trị"),
    ("Thanhf phoos Hoof Chis Minh", "Thành phố Hồ Chí Minh"),
    ("Quaanj Ba DDinhf", "Quận Ba Đình"),
    ("Xax Tieen Phong", "Xã Tiên Phong"),
    ("Tinhr Ngheej An", "Tỉnh Nghệ An"),
    ("Thuwaf Thieen Huees", "Thừa Thiên Huế"),
    ("Ddaf Nawngx", "Đà Nẵng"),
    ("Caanf Thow", "Cần Thơ"),
    ("Hair Phofng", "Hải Phòng"),
    ("Khanhs Hoaf", "Khánh Hòa"),
    ("Bawcs Giang", "Bắc Giang"),
    ("Soos 12 ngox 34 dduwowngf Giair Phongs", "Số 12 ngõ 34 đường Giải Phóng"),
    ("Thoon Ddoong", "Thôn Đông"),
    ("Krooong Buks", "Kroong Búk"),
    ("Kroong Buks", "Krông Búk"),
    ("Pleiku", "Pleiku"),
    ("M'DDrawsk", "M'Đrắk"),
    # single words
    ("khoer", "khỏe"),
    ("tuwj", "tự"),
    ("nguoiwf", "người"),
    ("nguwowif", "người"),
    ("tuyeenr", "tuyển"),
    ("quoocs", "quốc"),
    ("gif", "gì"),
    ("giaf", "già"),
    ("giuwax", "giữa"),
    ("gifn giuwx", "gìn giữ"),
    ("gieengs", "giếng"),
    ("toans", "toán"),
    ("vieejt", "việt"),
    ("hoaf", "hòa"),
    ("thuyr", "thủy"),
    ("khuyur", "khuỷu"),
    ("ngoaif", "ngoài"),
    ("ngoeoj", "ngoẹo"),
    ("khuaays", "khuấy"),
    ("khuya", "khuya"),
    ("yeeu", "yêu"),
    ("huwowu", "hươu"),
    ("thuowr", "thuở"),
    ("huow", "huơ"),
    ("truwongf", "trường"),
    ("muaw", "mưa"),
    ("wa", "ưa"),
    ("thw", "thư"),
    ("hoawcj", "hoặc"),
    ("quyeets", "quyết"),
    ("quys", "quý"),
    ("nghiax", "nghĩa"),
    ("kyx", "kỹ"),
    ("ddaasy", "đấy"),
    ("did", "đi"),
    ("dad", "đa"),
    ("xin chaof", "xin chào"),
    ("camr own", "cảm ơn"),
    # tone typed before the end of the word moves to the right vowel
    ("tosan", "toán"),
    ("viejet", "việt"),
    ("hofang", "hoàng"),
    ("ngwowfi", "người"),
    # modifiers typed later in the word
    ("tuyenre", "tuyển"),
    ("nguyenxe", "nguyễn"),
    ("thuongwf", "thường"),
    # not Vietnamese: typed as is
    ("windows", "windows"),
    ("UBND", "UBND"),
    ("park", "park"),
    ("hotmail", "hotmail"),
    ("nguyenvana@gmail.com", "nguyenvana@gmail.com"),
    ("cacf", "cacf"),
    ("ands", "ands"),
    ("s", "s"),
    ("z", "z"),
]


@pytest.mark.parametrize(("keys", "expected"), WORDS)
def test_words_and_phrases(keys: str, expected: str) -> None:
    assert typed(keys) == expected


def test_the_table_is_large_enough() -> None:
    assert len(WORDS) >= 60


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ("ass", "as"), ("aff", "af"), ("arr", "ar"), ("axx", "ax"), ("ajj", "aj"),
        ("aaa", "aa"), ("eee", "ee"), ("ooo", "oo"), ("aww", "aw"), ("oww", "ow"),
        ("uww", "uw"), ("ww", "w"), ("thww", "thw"), ("ddd", "dd"), ("ddid", "did"),
        ("tuwowngw", "tuongw"), ("asss", "ass"), ("aaaa", "aaa"),
    ],
)
def test_the_same_modifier_twice_undoes_it_and_types_the_letter(keys: str, expected: str) -> None:
    assert typed(keys) == expected


@pytest.mark.parametrize(
    ("keys", "expected"),
    [("asf", "à"), ("tieengs", "tiếng"), ("awa", "â"), ("aaw", "ă"), ("oow", "ơ"), ("owo", "ô"),
     ("tuwowo", "tuô")],
)
def test_another_modifier_replaces_the_first(keys: str, expected: str) -> None:
    assert typed(keys) == expected


@pytest.mark.parametrize(("keys", "expected"),
                         [("asz", "a"), ("vieejtz", "viêt"), ("az", "az"), ("Nguyeenxz", "Nguyên")])
def test_z_removes_the_tone(keys: str, expected: str) -> None:
    assert typed(keys) == expected


@pytest.mark.parametrize(
    ("keys", "expected"),
    [("VIEETJ", "VIỆT"), ("Dd", "Đ"), ("DD", "Đ"), ("dD", "đ"), ("NGUYEENX", "NGUYỄN"),
     ("HAF NOOIJ", "HÀ NỘI"), ("PHUWOWNGF", "PHƯỜNG"), ("W", "Ư"), ("AAA", "AA"), ("ViEeTj", "ViỆT"),
     ("UBND", "UBND")],
)
def test_case_is_kept(keys: str, expected: str) -> None:
    assert typed(keys) == expected


def test_new_word_after_space_or_punctuation() -> None:
    assert typed("as s") == "á s"
    assert typed("Ddaf,Nawngx") == "Đà,Nẵng"
    assert typed("a-s") == "a-s"
    assert typed("12a") == "12a"


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ("toans<", "toá"),  # the tone stays where it was
        ("vieejt<", "việ"),
        ("vieejt<<", "vi"),
        ("Nooi <j", "Nội"),  # back into the earlier word, which composes on
        ("Haf Nooij<<<<<<", ""),
        ("ass<", "a"),
        ("ass<s", "á"),
        ("Nguyeenxa<", "Nguyễn"),  # a typo made the word literal; removing it composes again
        ("windows<<<", "wind"),
        ("<<<", ""),
        ("toans<n", "toán"),
    ],
)
def test_backspace(keys: str, expected: str) -> None:
    assert typed(keys) == expected


def test_set_text_and_clear() -> None:
    composer = TelexComposer()
    composer.set_text("Hà Noi")
    composer.press("j")
    assert composer.text == "Hà Nọi"
    composer.press("o")
    assert composer.text == "Hà Nội"
    composer.set_text("Ha\u0300")  # decomposed input is stored NFC
    assert composer.text == "Hà"
    composer.clear()
    assert composer.text == ""
    composer.press("w")
    assert composer.text == "ư"


def test_modern_tone_style() -> None:
    assert typed("hoaf thuyr khoer hoafn", TelexComposer(modern_tones=True)) == "hoà thuỷ khoẻ hoàn"


@pytest.mark.parametrize(
    ("keys", "expected"),
    [("ăns", "ắn"), ("Đông", "Đông"), ("ươngf", "ường"), ("ngươif", "người"), ("Ăa", "Â"),
     ("thưở", "thưở"), ("ăns<", "ắ"), ("êê", "êê")],
)
def test_vietnamese_letters_from_the_keyboard_row(keys: str, expected: str) -> None:
    assert typed(keys) == expected


def test_press_takes_one_character() -> None:
    with pytest.raises(ValueError):
        TelexComposer().press("ab")


def test_telex_spelling() -> None:
    assert telex_spelling("Người") == "Nguwowif"
    assert telex_spelling("Đắk") == "Ddawks"
    assert telex_spelling("ấ́") is None
    assert compose("Nguwowif") == "Người"


# ---- every syllable: onset x rhyme x tone, with an independent Telex spelling ----------------

ONSETS = ["", "b", "c", "ch", "d", "đ", "g", "h", "kh", "l", "m", "n", "ng", "nh", "ph", "r", "s",
          "t", "th", "tr", "v", "x"]


def _spaced(text: str) -> list[str]:
    return text.split()


# The letter carrying the tone is followed by "'".
OPEN_RHYMES = _spaced(
    "a' e' ê' i' o' ô' ơ' u' ư' y' a'i a'o a'u a'y â'u â'y e'o ê'u i'a i'u o'i ô'i ơ'i u'i ư'i "
    "ư'u ư'a u'a o'a o'e uê' u'y oa'i oa'y uô'i ươ'i ươ'u iê'u"
)
CLOSED_RHYMES = _spaced(
    "a'n a'm a't a'p a'c a'ng a'nh a'ch ă'n ă'm ă't ă'p ă'c ă'ng â'n â'm â't â'p â'c â'ng "
    "e'n e'm e't e'p ê'n ê'm ê't ê'nh ê'ch i'n i'm i't i'p i'nh i'ch o'n o'm o't o'p o'c o'ng "
    "ô'n ô'm ô't ô'p ô'c ô'ng ơ'n ơ'm ơ't ơ'p u'n u'm u't u'p u'c u'ng ư'ng ư'c ư't "
    "iê'n iê'm iê't iê'p iê'c iê'ng uô'n uô'm uô't uô'c uô'ng ươ'n ươ'm ươ't ươ'p ươ'c ươ'ng "
    "oa'n oa't oa'ng oa'c oa'nh oa'ch oă'n oă't oă'ng oă'c oe'n oe't uâ'n uâ't uyê'n uyê't "
    "uy'nh uy'ch uy't"
)
TONE_MARKS = {"": "", "s": "\u0301", "f": "\u0300", "r": "\u0309", "x": "\u0303", "j": "\u0323"}
STOP_FINALS = ("c", "ch", "p", "t")
LETTER_KEYS = {"â": "aa", "ă": "aw", "ê": "ee", "ô": "oo", "ơ": "ow", "ư": "uw", "đ": "dd"}


def _syllables() -> list[tuple[str, str, str]]:
    """(word, canonical Telex keys, keys with the tone typed right after its vowel)."""
    out = []
    for onset in ONSETS:
        for rhyme in OPEN_RHYMES + CLOSED_RHYMES:
            bare = rhyme.replace("'", "")
            if onset == "g" and bare[0] == "i" and len(bare) > 1 and bare[1] in "aeêuư":
                continue  # written with the onset "gi": gia, giêng
            if onset == "" and rhyme.startswith("iê"):
                rhyme = "y" + rhyme[1:]  # yên, yêu
            stop = rhyme.endswith(STOP_FINALS)
            for tone in ("s", "j") if stop else TONE_MARKS:
                letters = onset + rhyme
                mark_at = letters.index("'")
                plain = letters.replace("'", "")
                word = unicodedata.normalize(
                    "NFC", plain[:mark_at] + TONE_MARKS[tone] + plain[mark_at:])
                keys = "".join(LETTER_KEYS.get(ch, ch) for ch in plain)
                early = "".join(LETTER_KEYS.get(ch, ch) for ch in letters[:mark_at]) + tone + \
                    "".join(LETTER_KEYS.get(ch, ch) for ch in letters[mark_at + 1:])
                out.append((word, keys + tone, early))
    return out


SYLLABLES = _syllables()
EXTRA = [("gì", "gif"), ("già", "giaf"), ("giữa", "giuwax"), ("giếng", "gieengs"), ("giờ", "giowf"),
         ("giàu", "giauf"), ("gìn", "gifn"), ("giận", "giaanj"), ("giọng", "giongj"),
         ("giường", "giuwowngf"), ("quả", "quar"), ("quốc", "quoocs"), ("quyền", "quyeenf"),
         ("quý", "quys"), ("quần", "quaanf"), ("quê", "quee"), ("quên", "queen"), ("quạt", "quatj"),
         ("quanh", "quanh"), ("quỳnh", "quynhf"), ("quăng", "quawng"), ("kẻ", "ker"),
         ("kính", "kinhs"), ("kiểm", "kieemr"), ("ghế", "ghees"), ("ghét", "ghets"),
         ("nghề", "ngheef"), ("nghiêng", "nghieeng"), ("nghỉ", "nghir"), ("thuở", "thuowr"),
         ("huơ", "huow"), ("khuya", "khuya"), ("khuỷu", "khuyur"), ("ngoẹo", "ngoeoj"),
         ("khuấy", "khuaays"), ("ngoao", "ngoao"), ("xoay", "xoay")]


def test_every_syllable_types_back() -> None:
    wrong = [(keys, word, compose(keys)) for word, keys, _ in SYLLABLES if compose(keys) != word]
    wrong += [(keys, word, compose(keys)) for word, keys in EXTRA if compose(keys) != word]
    assert wrong == []
    assert len(SYLLABLES) > 10_000


def test_every_syllable_with_the_tone_typed_early() -> None:
    wrong = [(early, word, compose(early)) for word, _, early in SYLLABLES if compose(early) != word]
    assert wrong == []


@given(st.lists(st.sampled_from(SYLLABLES), min_size=1, max_size=6), st.booleans())
def test_phrases_type_back(words: list[tuple[str, str, str]], capitalise: bool) -> None:
    text = " ".join(word.capitalize() if capitalise else word for word, _, _ in words)
    keys = " ".join((keys[0].upper() + keys[1:] if capitalise and keys else keys)
                    for _, keys, _ in words)
    assert typed(keys) == text


@given(st.sampled_from(SYLLABLES))
def test_upper_case_types_back(syllable: tuple[str, str, str]) -> None:
    word, keys, _ = syllable
    assert typed(keys.upper()) == word.upper()


@given(st.sampled_from(SYLLABLES))
def test_spelling_round_trip(syllable: tuple[str, str, str]) -> None:
    word, _, _ = syllable
    spelled = telex_spelling(word)
    assert spelled is not None
    assert compose(spelled) == word


KEYS = st.text(
    alphabet=st.sampled_from("aeiouywdsfrxjzqgnhtcmkpbvlAEOUWDSFJZ '.,-1@<")
    | st.characters(codec="utf-8"),
    max_size=40,
)


@settings(max_examples=300)
@given(KEYS)
def test_any_keys_never_raise_and_text_is_nfc(keys: str) -> None:
    composer = TelexComposer()
    for key in keys:
        if key == "<":
            composer.backspace()
        else:
            composer.press(key)
        assert unicodedata.is_normalized("NFC", composer.text)


@settings(max_examples=300)
@given(KEYS)
def test_backspace_always_empties_the_text(keys: str) -> None:
    composer = TelexComposer()
    for key in keys.replace("<", ""):
        composer.press(key)
    for _ in range(len(composer.text)):
        before = composer.text
        if not before:
            break
        composer.backspace()  # may go back more than one character (see test_backspace)
        assert len(composer.text) < len(before)
        assert unicodedata.is_normalized("NFC", composer.text)
    assert composer.text == ""


@given(st.text(max_size=30))
def test_set_text_keeps_the_text(text: str) -> None:
    composer = TelexComposer()
    composer.set_text(text)
    assert composer.text == unicodedata.normalize("NFC", text)
