"""Telex typing for the kiosk's own on-screen keyboard, kept free of Qt.

Elderly citizens type their names and addresses with diacritics the way
Unikey taught them: Telex. The keyboard widget in ui/ sends each key to a
`TelexComposer` and shows its `text`; all the rules live here so they can be
tested without a screen.

Rules (Unikey's Telex): aa â, aw ă, ee ê, oo ô, ow ơ, uw ư, uow / uwow ươ,
w with no vowel before it ư, dd đ (also a later d: "did" -> "đi"); tones
s f r x j (sắc huyền hỏi ngã nặng), z removes the tone. A modifier may come
later in the word ("tuyeen", "toans", "nguoiwf"); pressing the same modifier
again undoes it and types the letter ("ass" -> "as", "aaa" -> "aa",
"ww" -> "w"), and the rest of that word is then typed as is.

Decisions, kept here so the keyboard and its tests agree:
- Tones go where the classic ("old") style puts them, Unikey's default:
  hòa, thủy, khỏe; on the vowel with a diacritic if any (tuyển, quốc, người);
  on the last vowel when a final consonant follows (toán, hoàng); on the
  middle of three vowels (ngoài, khuỷu). `modern_tones=True` gives hoà,
  thuỷ, khoẻ instead.
- Spelling check: the word must stay the start of a Vietnamese syllable
  (onset + vowel cluster + final). Finals c, ch, p, t (and k, for Đắk Lắk)
  take only sắc or nặng. When a key would break that, the word falls back to
  the keys exactly as typed ("windows", "UBND", "park"), like Unikey's
  "restore keys of invalid words"; one backspace then removes that last key
  and composes again ("Nguyeenxa", backspace -> "Nguyễn").
- Onsets include the clusters of Central Highlands place names (Krông,
  Pleiku, Đrắk, Glei...), so those compose; other clusters ("nd") do not.
- "uow" gives "ươ", except "uơ" at the end of the word after h, th, kh
  (huơ, thuở); "uơ"/"ưo" followed by another letter become "ươ".
- ASCII letters are Telex keys; ă â đ ê ô ơ ư (the keyboard's own row) are
  taken as letters of the word; other letters are typed as is, and "[" "]"
  are plain punctuation (no ơ/ư shortcut).
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

TONE_KEYS = "sfrxj"
_TONE_MARKS = {"s": "\u0301", "f": "\u0300", "r": "\u0309", "x": "\u0303", "j": "\u0323"}
_TONE_OF_MARK = {mark: key for key, mark in _TONE_MARKS.items()}
VOWELS = "aăâeêioôơuưy"
_BASE = {"ă": "a", "â": "a", "ê": "e", "ô": "o", "ơ": "o", "ư": "u", "đ": "d"}
_HAT = {"a": "â", "ă": "â", "e": "ê", "o": "ô", "ơ": "ô"}
_HORN = {"a": "ă", "â": "ă", "o": "ơ", "ô": "ơ", "u": "ư"}
_SPELL_MARK = {"\u0302": None, "\u0306": "w", "\u031b": "w"}  # None: repeat the letter
DIRECT_LETTERS = "ăâđêôơư"  # from the keyboard's row of Vietnamese letters, taken as they are

ONSETS = ("", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng",
          "ngh", "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x",
          # Central Highlands place names: Krông, Pleiku, Glei, M'Đrắk, Chư Prông...
          "bl", "br", "dr", "đr", "gl", "gr", "kl", "kr", "pl", "pr")
_OPEN = ("ai ao au ay âu ây eo êu ia iu oi ôi ơi ui ưi ưu ưa ua uơ oai oao oay oeo uây uôi "
         "ươi ươu iêu yêu uya uyu")
# Vowel cluster -> allowed finals ("-" = none).
NUCLEI: dict[str, tuple[str, ...]] = {
    **{n: ("-",) for n in _OPEN.split()},
    "a": ("-", "c", "ch", "m", "n", "ng", "nh", "p", "t", "k"),
    "ă": ("c", "m", "n", "ng", "p", "t", "k"), "â": ("c", "m", "n", "ng", "p", "t", "k"),
    "e": ("-", "c", "m", "n", "ng", "p", "t"), "ê": ("-", "ch", "m", "n", "nh", "p", "t"),
    "i": ("-", "ch", "m", "n", "nh", "p", "t"), "o": ("-", "c", "m", "n", "ng", "p", "t"),
    "ô": ("-", "c", "m", "n", "ng", "p", "t"), "ơ": ("-", "m", "n", "p", "t"),
    "u": ("-", "c", "m", "n", "ng", "p", "t", "k"), "ư": ("-", "c", "m", "n", "ng", "t"),
    "y": ("-",),
    **{n: ("c", "m", "n", "ng", "p", "t") for n in ("iê", "yê", "uô", "ươ")},
    "oa": ("-", "c", "ch", "m", "n", "ng", "nh", "p", "t"), "oă": ("c", "m", "n", "ng", "t"),
    "oe": ("-", "m", "n", "t"), "uâ": ("n", "ng", "t"), "uê": ("-", "ch", "nh"),
    "uy": ("-", "ch", "nh", "n", "t", "p"), "uyê": ("n", "t"), "oo": ("c", "ng"),
}
_STOPS = ("c", "ch", "p", "t", "k")


def _syllables() -> set[str]:
    out: set[str] = set()
    for onset in ONSETS:
        for nucleus, finals in NUCLEI.items():
            if onset == "gi" and nucleus.startswith("i"):
                if nucleus == "i":
                    continue  # "gi" alone is g + i
                nucleus = nucleus[1:]  # gi + iêng is written "giêng"
            if onset == "qu" and nucleus[0] in "uư":
                if nucleus[0] == "ư" or len(nucleus) == 1:
                    continue
                nucleus = nucleus[1:]  # qu + uy, uyê, uâ is written "quy", "quyê", "quâ"
            out.update(onset + nucleus + ("" if f == "-" else f) for f in finals)
    return out


def _skeleton(word: str) -> str:
    return "".join(_BASE.get(ch, ch) for ch in word)


def _prefix_index(syllables: set[str]) -> dict[str, set[str]]:
    index: dict[str, set[str]] = {}
    for syllable in syllables:
        for end in range(1, len(syllable) + 1):
            prefix = syllable[:end]
            index.setdefault(_skeleton(prefix), set()).add(prefix)
    return index


_PREFIXES = _prefix_index(_syllables())


def _ends_with_stop(letters: str) -> bool:
    stripped = letters.rstrip("cptkh")
    return bool(stripped) and stripped[-1] in VOWELS and letters[len(stripped):] in _STOPS


def is_syllable_start(letters: str, tone: str = "") -> bool:
    """Can `letters` (lower case, no tone) still grow into a Vietnamese syllable with `tone`?

    A plain letter may still gain its mark (a -> â), so "tuye" is a start of "tuyên".
    """
    if not letters:
        return True
    if tone and tone in "frx" and _ends_with_stop(letters):
        return False
    return any(
        all(w == p or w == _BASE.get(p) for w, p in zip(letters, candidate, strict=True))
        for candidate in _PREFIXES.get(_skeleton(letters), ())
    )


def tone_index(letters: str, *, modern: bool = False) -> int | None:
    """Which letter of a syllable carries the tone mark, or None without a vowel."""
    start = 0
    if letters[:2] in ("gi", "qu") and len(letters) > 2 and letters[2] in VOWELS:
        start = 2
    while start < len(letters) and letters[start] not in VOWELS:
        start += 1
    end = start
    while end < len(letters) and letters[end] in VOWELS:
        end += 1
    nucleus = letters[start:end]
    if not nucleus:
        return None
    marked = [i for i, ch in enumerate(nucleus) if ch in _BASE]
    if marked:
        return start + marked[-1]
    if len(nucleus) == 1 or end < len(letters):
        return end - 1
    if len(nucleus) >= 3:
        return start + 1
    if modern and nucleus in ("oa", "oe", "uy"):
        return start + 1
    return start


@dataclass
class _Word:
    """One word being composed: plain lower-case letters plus a tone, or frozen text."""

    modern: bool = False
    letters: list[str] = field(default_factory=list)
    upper: list[bool] = field(default_factory=list)
    bare_w: list[bool] = field(default_factory=list)  # this ư came from a lone w
    tone: str = ""
    raw: str = ""
    frozen: str | None = None  # set once the word is typed as is

    def render(self) -> str:
        if self.frozen is not None:
            return self.frozen
        chars = list(self.letters)
        where = tone_index("".join(chars), modern=self.modern) if self.tone else None
        if where is not None:
            chars[where] = unicodedata.normalize("NFC", chars[where] + _TONE_MARKS[self.tone])
        shown = "".join(ch.upper() if up else ch for ch, up in zip(chars, self.upper, strict=True))
        return unicodedata.normalize("NFC", shown)

    def _plain(self) -> str:
        return "".join(self.letters)

    def _valid(self, letters: list[str] | None = None, tone: str | None = None) -> bool:
        return is_syllable_start("".join(self.letters if letters is None else letters),
                                 self.tone if tone is None else tone)

    def _has_vowel(self) -> bool:
        return any(ch in VOWELS for ch in self.letters)

    def _undo(self, key: str) -> None:
        self.frozen = self.render() + key

    def _try(self, letters: list[str]) -> bool:
        if not self._valid(letters):
            return False
        self.letters = letters
        return True

    def _append(self, key: str, letter: str | None = None, bare_w: bool = False) -> None:
        self.letters.append(letter or key.lower())
        self.upper.append(key.isupper())
        self.bare_w.append(bare_w)
        self._join_uo()
        if not self._valid():
            self.frozen = self.raw  # not Vietnamese: show the keys as typed

    def _join_uo(self) -> None:
        """"uơ" / "ưo" followed by another letter is "ươ" (thuơn -> thươn, ngưoi -> ngươi)."""
        plain = self._plain()
        for i in range(len(plain) - 2):
            pair = plain[i:i + 2]
            if pair in ("uơ", "ưo") and (i == 0 or plain[i - 1] != "q"):
                candidate = [*self.letters[:i], "ư", "ơ", *self.letters[i + 2:]]
                self._try(candidate)

    def press(self, key: str) -> None:
        self.raw += key
        if self.frozen is not None:
            self.frozen += key
            return
        k = key.lower()
        if k in DIRECT_LETTERS:
            self._append(key, k)
        elif k in TONE_KEYS:
            self._tone(key, k)
        elif k == "z" and self.tone:
            self.tone = ""
        elif k in "aeo":
            self._hat(key, k)
        elif k == "w":
            self._horn(key)
        elif k == "d" and self.letters and self.letters[0] in "dđ":
            if self.letters[0] == "đ":
                self.letters[0] = "d"
                self._undo(key)
            elif not self._try(["đ", *self.letters[1:]]):
                self._append(key)
        else:
            self._append(key)

    def _tone(self, key: str, k: str) -> None:
        if self.tone == k:
            self.tone = ""
            self._undo(key)
        elif self._has_vowel() and self._valid(tone=k):
            self.tone = k
        else:
            self._append(key)

    def _hat(self, key: str, k: str) -> None:
        for i in range(len(self.letters) - 1, -1, -1):
            ch = self.letters[i]
            if _BASE.get(ch, ch) != k:
                continue
            if ch in "âêô":
                self.letters[i] = k
                self._undo(key)
                return
            candidate = list(self.letters)
            candidate[i] = _HAT[ch]
            if ch == "ơ" and i > 0 and candidate[i - 1] == "ư":
                candidate[i - 1] = "u"  # ươ + o -> uô
            if not self._try(candidate):
                self._append(key)
            return
        self._append(key)

    def _horn(self, key: str) -> None:
        plain = self._plain()
        for i in range(len(plain) - 1):
            if plain[i] in "uư" and plain[i + 1] in "oôơ" and (i == 0 or plain[i - 1] != "q"):
                if plain[i:i + 2] == "ươ":
                    self.letters[i:i + 2] = ["u", "o"]
                    self._undo(key)
                    return
                candidate = [*self.letters[:i], "ư", "ơ", *self.letters[i + 2:]]
                if plain[i:i + 2] == "uo" and i + 2 == len(plain) and plain[:i] in ("h", "th", "kh"):
                    candidate[i] = "u"  # huơ, thuở
                if self._try(candidate):
                    return
        for i in range(len(plain) - 1, -1, -1):
            ch = plain[i]
            if ch in "ăơư":
                if self.bare_w[i]:
                    del self.letters[i], self.upper[i], self.bare_w[i]
                else:
                    self.letters[i] = _BASE[ch]
                self._undo(key)
                return
            if ch in _HORN:
                candidate = list(self.letters)
                candidate[i] = _HORN[ch]
                if self._try(candidate):
                    return
        if not self._has_vowel() and self._valid([*self.letters, "ư"]):
            self._append(key, "ư", bare_w=True)
        else:
            self._append(key)


def compose(keys: str, *, modern_tones: bool = False) -> str:
    """The word that typing `keys` (letters only) in Telex gives."""
    word = _Word(modern=modern_tones)
    for key in keys:
        word.press(key)
    return word.render()


def telex_spelling(word: str) -> str | None:
    """Keys that type `word` (modifier after each letter, tone last), or None if it has two tones."""
    keys, tone = [], ""
    for ch in unicodedata.normalize("NFD", word.replace("đ", "dd").replace("Đ", "Dd")):
        if ch in _TONE_OF_MARK:
            if tone:
                return None
            tone = _TONE_OF_MARK[ch]
        elif ch in _SPELL_MARK:
            if not keys:
                return None
            keys.append(_SPELL_MARK[ch] or keys[-1].lower())
        elif unicodedata.combining(ch):
            return None
        else:
            keys.append(ch)
    return "".join(keys) + tone


def _untoned(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if ch not in _TONE_OF_MARK)


def _is_key_letter(ch: str) -> bool:
    return (ch.isascii() and ch.isalpha()) or ch.lower() in DIRECT_LETTERS


class TelexComposer:
    """The text on the keyboard's display, composed key by key (no Qt, no state elsewhere)."""

    def __init__(self, *, modern_tones: bool = False) -> None:
        self.modern_tones = modern_tones
        self._head = ""  # text before the word being composed
        self._shown = ""  # that word as displayed
        self._word: _Word | None = _Word(modern=modern_tones)  # None: typed as is

    @property
    def text(self) -> str:
        return unicodedata.normalize("NFC", self._head + self._shown)

    def press(self, key: str) -> None:
        """One typed character; anything but a letter ends the word."""
        if len(key) != 1:
            raise ValueError(f"press() takes one character, got {key!r}")
        if not key.isalpha():
            self._head = self.text + key
            self._shown = ""
            self._word = _Word(modern=self.modern_tones)
        elif self._word is None or not _is_key_letter(key):
            self._shown += key
            self._word = None
        else:
            self._word.press(key)
            self._shown = self._word.render()

    def backspace(self) -> None:
        if self._shown:
            word = self._word
            if word is not None and self._shown == word.raw:
                self._take_keys(word.raw[:-1])  # a word typed as is: drop a key, compose again
            else:
                self._take_word(self._shown[:-1])
            return
        head = self._head[:-1]
        start = len(head)
        while start > 0 and head[start - 1].isalpha():
            start -= 1
        self._head = head[:start]
        self._take_word(head[start:])

    def clear(self) -> None:
        self.set_text("")

    def set_text(self, text: str) -> None:
        """Replace the text; its last word may go on being composed."""
        text = unicodedata.normalize("NFC", text)
        start = len(text)
        while start > 0 and text[start - 1].isalpha():
            start -= 1
        self._head = text[:start]
        self._take_word(text[start:])

    def _take_keys(self, keys: str) -> None:
        word = _Word(modern=self.modern_tones)
        for key in keys:
            word.press(key)
        self._word, self._shown = word, word.render()

    def _take_word(self, shown: str) -> None:
        """Find keys that compose to `shown` so typing can go on; else type on as is."""
        self._shown = shown
        keys = telex_spelling(shown)
        if keys is None or not all(_is_key_letter(k) for k in keys):
            self._word = None
            return
        word = _Word(modern=self.modern_tones)
        for key in keys:
            word.press(key)
        rendered = word.render()
        same_tone = {_TONE_OF_MARK.get(c) for c in unicodedata.normalize("NFD", rendered)} == {
            _TONE_OF_MARK.get(c) for c in unicodedata.normalize("NFD", shown)}
        self._word = word if _untoned(rendered) == _untoned(shown) and same_tone else None
