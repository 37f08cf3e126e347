"""Kazakh case endings after a value, chosen by vowel harmony and the value's final sound read aloud.

A Kazakh translation glues an ending to a placeholder (``{percent}-ға``); the
right allomorph depends on the value filled in at build time, and not on how
it is written but on how it is *read*: ``2028`` is read «екі мың жиырма
сегіз», so it takes the endings of «сегіз» (``2028-ге``), ``70%`` those of
«пайыз» (``70%-ы``), ``3,4 млн`` those of «миллион» (``3,4 млн-ға``).

Following Kazakh orthography the ending is written after a hyphen when the
value ends in digits, a symbol, an abbreviation or an acronym, and joined
directly to a full word (``теңгеден``, ``мамырда``).

The tables follow the standard school grammar of Kazakh as written today
(and agree with Apertium's Kazakh two-level rules where the two were
compared). Where a rule is a judgement call it is marked *unsure* below.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# --- letters ------------------------------------------------------------------

_BACK_VOWELS = frozenset("аоұыяё")
_FRONT_VOWELS = frozenset("әеөүіэ")
# и, у and ю are written for a vowel plus a glide (ый/ій, ұу/үу, йу) and
# carry no harmony of their own: the other vowels of the word decide.
_GLIDE_VOWELS = frozenset("иую")
_VOWEL_LETTERS = _BACK_VOWELS | _FRONT_VOWELS | _GLIDE_VOWELS

# Final sound of a word, by its last letter (ь and ъ skipped). и, у and ю end
# in a glide, so for endings they behave like й (елу → елуге, елудің, елуді;
# ми → миы), as in the grammar tables and Apertium's HighSonCns set.
_FINAL = {
    **dict.fromkeys("аәеёоөұүыіэя", "vowel"),
    **dict.fromkeys("рйлиую", "sonorant"),
    **dict.fromkeys("мнң", "nasal"),
    # ғ never ends a native word; Apertium counts it voiced like з.
    # Unsure: Apertium counts a final ж voiceless (loans such as Париж); the
    # school tables, followed here, put it with з.
    **dict.fromkeys("зжғ", "voiced"),
    # б в г д end only loanwords, and are pronounced voiceless there
    # (миллиардқа, клубқа).
    **dict.fromkeys("кқпстшфхһцчщбвгд", "voiceless"),
}

_CYRILLIC = frozenset(_FINAL) | {"ь", "ъ"}

# Before a vowel-initial ending a native stem voices its final к/қ/п
# (қыркүйек → қыркүйегі); only after a vowel, so loans such as «банк» and
# «парк» keep theirs (банкі). Unsure for loans like «блок» (a vowel before к).
_VOICING = {"к": "г", "қ": "ғ", "п": "б"}

# --- reading values aloud -----------------------------------------------------

_UNITS = ("нөл", "бір", "екі", "үш", "төрт", "бес", "алты", "жеті", "сегіз", "тоғыз")
_TENS = ("", "он", "жиырма", "отыз", "қырық", "елу", "алпыс", "жетпіс", "сексен", "тоқсан")
_SCALES = (
    "",
    "мың",
    "миллион",
    "миллиард",
    "триллион",
    "квадриллион",
    "квинтиллион",
    "секстиллион",
    "септиллион",
    "октиллион",
    "нониллион",
    "дециллион",
)

# Symbols are read after the amount whichever side of it they are written on:
# «₸7 500» and «7 500 ₸» are both «жеті мың бес жүз теңге».
_SYMBOLS = {"%": "пайыз", "₸": "теңге", "$": "доллар", "€": "еуро", "₽": "рубль", "£": "фунт"}

# Abbreviations and the word read for each, with or without their dot.
_ABBREVIATIONS = {
    "млн": "миллион",
    "млрд": "миллиард",
    "трлн": "триллион",
    "км": "километр",
    "кг": "килограмм",
    "т": "тонна",
    "га": "гектар",
    "м": "метр",
    "см": "сантиметр",
    "мм": "миллиметр",
    "ж": "жыл",
}
# Only with their dot: CLDR's abbreviated months («27 мау.»), which without
# it are ordinary words (қар «snow», жел «wind»), and «м.», CLDR's kk
# abbreviation of thousands («450 м.»), where «м» alone is metres.
_DOTTED_ABBREVIATIONS = {
    "қаң": "қаңтар",
    "ақп": "ақпан",
    "нау": "наурыз",
    "сәу": "сәуір",
    "мам": "мамыр",
    "мау": "маусым",
    "шіл": "шілде",
    "там": "тамыз",
    "қыр": "қыркүйек",
    "қаз": "қазан",
    "қар": "қараша",
    "жел": "желтоқсан",
    "м": "мың",
}
# Scale words may follow a prefixed symbol and still be read before it:
# «$91 млн» is «тоқсан бір миллион доллар».
_SCALE_WORDS = frozenset(_SCALES[1:])

# A number with optional digit groups (any space: Babel uses U+00A0 or
# U+202F) and an optional decimal part; a word, possibly hyphenated, with an
# optional abbreviation dot; or any other single character.
_TOKEN = re.compile(
    r"(?P<number>\d{1,3}(?:\s\d{3})+(?:[,.]\d+)?|\d+(?:[,.]\d+)*)"
    r"|(?P<word>[^\W\d_]+(?:-[^\W\d_]+)*\.?)"
    r"|(?P<symbol>\S)"
)
_HYPHENS = "-‐‑–"

# --- the endings --------------------------------------------------------------

_CASES = ("dative", "locative", "ablative", "accusative", "genitive", "instrumental")


def _chains() -> tuple[tuple[str, ...], ...]:
    chains: list[tuple[str, ...]] = []
    for stem in ((), ("plural",), ("possessive",), ("plural", "possessive")):
        if stem:
            chains.append(stem)
        chains.extend((*stem, case) for case in _CASES)
        chains.append((*stem, "locative", "attributive"))
    return tuple(chains)


CHAINS: tuple[tuple[str, ...], ...] = _chains()
"""Every morpheme chain this module can spell, e.g. ``("possessive", "dative")`` for ``-ына``."""


@dataclass(frozen=True, slots=True)
class SoundClass:
    """What a Kazakh ending depends on in the word before it.

    Attributes:
        back: True if the word's harmony is back (а о ұ ы), False if front.
        final: The class of its final sound: "vowel", "sonorant" (р й л and
            the glides у и ю), "nasal" (м н ң), "voiced" (з ж) or "voiceless".
        letter: The final letter itself; only the plural tells л from the
            other sonorants (қолдар but жерлер).
    """

    back: bool
    final: str
    letter: str = ""

    @property
    def label(self) -> str:
        """A short description for translators, such as ``back, voiceless``."""
        return f"{'back' if self.back else 'front'}, {self.final}"


@dataclass(frozen=True, slots=True)
class Ending:
    """A chain of Kazakh suffixes, whatever allomorph it was written with.

    Attributes:
        chain: The morphemes in order, e.g. ``("possessive", "dative")`` for
            ``-ына``/``-іне``/``-сына``/``-сіне``.
    """

    chain: tuple[str, ...]

    @property
    def name(self) -> str:
        """The chain joined with "+", e.g. ``possessive+dative``."""
        return "+".join(self.chain)

    @property
    def allomorphs(self) -> frozenset[str]:
        """Every spelling of this chain, after any word."""
        return _ALLOMORPHS[self.chain]

    def spell(self, sound: SoundClass) -> str:
        """The allomorph of this chain after a word of class ``sound``, without a hyphen."""
        spelled = []
        possessed = False
        for morpheme in self.chain:
            suffix = _morpheme(morpheme, sound, possessed)
            spelled.append(suffix)
            possessed = morpheme == "possessive"
            last = suffix[-1]
            sound = SoundClass(sound.back, _FINAL[last], last)
        return "".join(spelled)


def _morpheme(morpheme: str, sound: SoundClass, possessed: bool) -> str:
    """One suffix after a word (or suffix) of class ``sound``; ``possessed`` if it follows the 3rd-person possessive.

    After the possessive the cases take their pronominal forms (кітабына,
    кітабында, кітабынан, кітабын), which is why it is tracked apart.
    """
    final = sound.final
    a, y = ("а", "ы") if sound.back else ("е", "і")
    voiceless = final == "voiceless"
    if morpheme == "plural":
        if final == "vowel" or (final == "sonorant" and sound.letter != "л"):
            return "л" + a + "р"
        return ("т" if voiceless else "д") + a + "р"
    if morpheme == "possessive":
        return ("с" + y) if final == "vowel" else y
    if morpheme == "dative":
        if possessed:
            return "н" + a
        return ("қ" if sound.back else "к") + a if voiceless else ("ғ" if sound.back else "г") + a
    if morpheme == "locative":
        if possessed:
            return "нд" + a
        return ("т" if voiceless else "д") + a
    if morpheme == "ablative":
        if possessed or final == "nasal":
            return "н" + a + "н"
        return ("т" if voiceless else "д") + a + "н"
    if morpheme == "accusative":
        if possessed:
            return "н"
        if final == "vowel":
            return "н" + y
        return ("т" if voiceless else "д") + y
    if morpheme == "genitive":
        if final in ("vowel", "nasal"):
            return "н" + y + "ң"
        return ("т" if voiceless else "д") + y + "ң"
    if morpheme == "instrumental":
        # -мен never harmonises. As written (not as pronounced) it stays -мен
        # after л м н ң too (қолмен, адаммен, Қазақстанмен); -бен is written
        # only after з ж (көзбен). Some grammar books list -бен after л м н ң,
        # describing pronunciation; Apertium's rules agree with the spelling.
        if voiceless:
            return "пен"
        return "бен" if final == "voiced" else "мен"
    if morpheme == "attributive":
        # -ғы/-гі: only after the locative here, which always ends in а/е.
        return ("қ" if sound.back else "к") + y if voiceless else ("ғ" if sound.back else "г") + y
    raise ValueError(f"unknown morpheme {morpheme!r}")


def _sample_classes() -> tuple[SoundClass, ...]:
    # One word of every class that changes some ending, both harmonies.
    finals = (("vowel", "а"), ("sonorant", "р"), ("sonorant", "л"), ("nasal", "н"), ("voiced", "з"), ("voiceless", "т"))
    return tuple(SoundClass(back, final, letter) for back in (True, False) for final, letter in finals)


_ALLOMORPHS: dict[tuple[str, ...], frozenset[str]] = {
    chain: frozenset(Ending(chain).spell(sound) for sound in _sample_classes()) for chain in CHAINS
}
_BY_SPELLING: dict[str, Ending] = {
    spelling: Ending(chain) for chain, spellings in _ALLOMORPHS.items() for spelling in spellings
}


# --- public API ---------------------------------------------------------------


def last_word_read_aloud(value: str) -> str:
    """The last word said when a formatted Kazakh value is read aloud.

    Numbers are read in words («2028» → «екі мың жиырма сегіз» → «сегіз»);
    a decimal ends with its fraction read as a number («17,2» → «он жеті
    бүтін оннан екі» → «екі»); symbols and abbreviations are read as the
    words they stand for («70%» → «пайыз», «3,4 млн» → «миллион»); otherwise
    the last word is the value's own last word («2028 жылғы мамыр» → «мамыр»).

    Args:
        value: A value as formatted for kk, e.g. ``14,7 млрд теңге``.

    Returns:
        The word, in lower case if it was an abbreviation, symbol or number,
        else as written.

    Raises:
        ValueError: If the value has no digits, letters or known symbols.
    """
    tokens = [(m.lastgroup, m.group()) for m in _TOKEN.finditer(value)]
    symbol_at = max((i for i, (kind, text) in enumerate(tokens) if kind == "symbol" and text in _SYMBOLS), default=-1)
    if symbol_at >= 0 and all(
        kind != "word" or _read_word(text) in _SCALE_WORDS for kind, text in tokens[symbol_at + 1 :]
    ):
        return _SYMBOLS[tokens[symbol_at][1]]
    for kind, text in reversed(tokens):
        if kind == "number":
            return _read_number(text)
        if kind == "word":
            return _read_word(text)
        if text in _SYMBOLS:
            return _SYMBOLS[text]
    raise ValueError(f"nothing to read aloud in {value!r}")


def sound_class(word: str) -> SoundClass:
    """The harmony and final sound of a Kazakh word, which decide the endings after it.

    The last vowel decides the harmony; и, у and ю decide only when the word
    has no other vowel (see :func:`_is_back`). A soft sign after the last
    vowel makes the word front (рубльге). The final sound is that of the
    last letter, with б в г д counted voiceless as they are pronounced.

    Args:
        word: A Kazakh word in Cyrillic, e.g. ``миллиард``.

    Raises:
        ValueError: If the word has no Cyrillic letter to judge by.
    """
    letters = [c for c in word.lower() if c.isalpha()]
    if not letters or any(c not in _CYRILLIC for c in letters):
        raise ValueError(f"{word!r} is not a word in Kazakh Cyrillic")
    sounding = [c for c in letters if c not in "ьъ"]
    if not sounding:
        raise ValueError(f"{word!r} has no sound to judge by")
    last = sounding[-1]
    return SoundClass(back=_is_back(letters), final=_FINAL[last], letter=last)


def parse_ending(ending: str) -> Ending | None:
    """The suffix chain a translator wrote, recognised in any of its allomorphs.

    Args:
        ending: The ending as written, with or without its leading hyphen,
            e.g. ``ға``, ``-нан``, ``ына``, ``-дағы``.

    Returns:
        The chain, or None if the text is not a Kazakh ending this module
        knows (e.g. ``менен``, ``ші`` or a word).
    """
    return _BY_SPELLING.get(ending.strip().lstrip(_HYPHENS).lower())


def needs_hyphen(value: str) -> bool:
    """Whether an ending is written after a hyphen (``70%-ы``) or joined to the value (``мамырда``).

    Kazakh spelling puts a hyphen after digits, symbols, abbreviations
    (``млн-ға``), acronyms (``АҚШ-қа``) and words in other scripts, and joins
    the ending directly to a full Cyrillic word.

    Raises:
        ValueError: If the value is empty.
    """
    text = value.rstrip()
    if not text:
        raise ValueError("an empty value takes no ending")
    last = list(_TOKEN.finditer(text))[-1]
    if last.lastgroup != "word" or last.group().endswith("."):
        return True
    word = last.group()
    if word.lower() in _ABBREVIATIONS:
        return True
    return not (any(c.islower() for c in word) and all(c in _CYRILLIC or c == "-" for c in word.lower()))


def attach(value: str, ending: str) -> str:
    """The value followed by the right allomorph of ``ending``, spelled as Kazakh writes it.

    Examples: ``attach("17,2%", "ге") == "17,2%-ға"``,
    ``attach("2024 жылғы 27 маусым", "де") == "2024 жылғы 27 маусымда"``.

    Args:
        value: A value formatted for kk (trailing spaces are dropped).
        ending: Any allomorph of a supported chain, with or without its hyphen.

    Returns:
        The value (unchanged, except that a joined native word voices its
        final к/қ/п and a soft sign drops before a vowel: қыркүйегі, рублі)
        and the ending.

    Raises:
        ValueError: If the ending is not one this module knows, or the value
            cannot be read.
    """
    parsed = parse_ending(ending)
    if parsed is None:
        raise ValueError(f"-{ending.lstrip(_HYPHENS)} is not a Kazakh case ending this module knows")
    text = value.rstrip()
    suffix = parsed.spell(sound_class(last_word_read_aloud(text)))
    if needs_hyphen(text):
        return f"{text}-{suffix}"
    if suffix[0] in _VOWEL_LETTERS:
        if text.endswith("ь"):
            text = text[:-1]
        elif text[-1] in _VOICING and len(text) > 1 and text[-2].lower() in _VOWEL_LETTERS:
            text = text[:-1] + _VOICING[text[-1]]
    return text + suffix


# --- helpers ------------------------------------------------------------------


def _read_number(text: str) -> str:
    parts = re.split(r"[,.]", re.sub(r"\s", "", text))
    # A decimal ends with its fraction read as a whole number («бүтін
    # жүзден бес» for ,05). Three or more parts are a numeric date
    # (27.06.24): read its last part as a number. Unsure: it may be read as an
    # ordinal or a year.
    return _integer_last_word(int(parts[-1]))


def _integer_last_word(n: int) -> str:
    if n == 0:
        return _UNITS[0]
    group = n % 1000
    if group:
        if group % 10:
            return _UNITS[group % 10]
        if group % 100:
            return _TENS[group % 100 // 10]
        return "жүз"
    scale = 0
    while n % 1000 == 0:
        n //= 1000
        scale += 1
    if scale >= len(_SCALES):
        raise ValueError(f"no Kazakh name for 10^{3 * scale}")
    return _SCALES[scale]


def _read_word(text: str) -> str:
    bare = text.removesuffix(".")
    if text.endswith(".") and bare.lower() in _DOTTED_ABBREVIATIONS:
        return _DOTTED_ABBREVIATIONS[bare.lower()]
    return _ABBREVIATIONS.get(bare.lower(), bare)


def _is_back(letters: list[str]) -> bool:
    """Back harmony of a word given as lower-case letters.

    Unsure: a word whose only vowels are и/у/ю is judged by a қ/ғ (back) or
    к/г (front) in it, else у and ю count back (су, фунт) and и front (ит,
    би); a few words such as «ми» (миға) go the other way. A word with no
    vowel at all (an acronym such as ҚР) counts back.
    """
    glide = ""
    for c in reversed(letters):
        if c == "ь" and not glide:
            return False
        if c in _BACK_VOWELS:
            return True
        if c in _FRONT_VOWELS:
            return False
        if c in _GLIDE_VOWELS and not glide:
            glide = c
    if not glide:
        return True
    for c in reversed(letters):
        if c in "қғ":
            return True
        if c in "кг":
            return False
    return glide != "и"
