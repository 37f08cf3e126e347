"""The word tables of sentence segmentation: abbreviations and sentence openers in English, Russian and Kazakh.

Data only, read by the rules (:mod:`pipeline.boundary`), the scan
(:mod:`pipeline.segment`) and the reading of hard-wrapped paragraphs
(:mod:`pipeline.hardwrap`). Every entry is lower case, without its final period.
"""

# Abbreviations that never end a sentence (lower case, without the final
# period). Titles, month names, "No."-style markers and Russian/Kazakh
# contractions: in news copy a capitalised word after them is a name. Some
# do end one in a context the rules check first (ENUMERATION_END, UNIT_END,
# NUMBER_MARKERS, "et al.", "и др.").
NEVER_END = frozenset(
    (
        "mr mrs ms messrs dr prof st mt ft gen col lt sgt capt cmdr adm rev hon sen rep gov pres supt det "
        "insp sr jr vs etc approx est dept univ assn bros no nos nr n° № p pp para vol vols fig figs ch sec "
        "art cf ca al jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri "
        "sat sun e.g i.e г гг ул пр просп пер д кв корп стр рис см им тыс млн млрд трлн руб коп долл дол "
        "проф акад доц чл тов гр пгт ок обл р-н с пос ст ср напр др т тт мин сек б.з.б т.б т.с.с ж жж "
    ).split()
)

# Abbreviations that end a sentence when a capitalised word follows.
MAY_END = frozenset(["co", "corp", "inc", "ltd", "llc", "plc", "jsc"])

# Legal forms that follow a company abbreviation within one name ("Co. Ltd.",
# "Corp. Inc."): a capital after "Co." is no new sentence when it is one of these.
LEGAL_FORMS = frozenset("co corp inc ltd llc llp plc jsc pjsc gmbh limited".split())

# Abbreviations that close an enumeration ("etc.", "et al.", "и т.д.", "и др.",
# "т.б."): nothing of the sentence can follow them, so a capital after them
# opens the next one. Matched on the word before the period, with its context
# (see _closes_enumeration in pipeline.boundary).
ENUMERATION_END = frozenset(["etc", "т.д", "т.п", "т.б", "т.с.с"])

# Units and "year" after a number ("1998 г.", "500 руб.", "12 тыс.", "2024 ж."):
# a name often follows them in the same sentence ("г. Волгоград", "долл. США"),
# so they end a sentence only before a word that opens sentences and is no name
# (CLEAR_OPENERS).
UNIT_END = frozenset("г гг руб коп тыс млн млрд трлн долл дол мин сек обл ж жж".split())

# Markers that introduce a number ("No. 512", "Art. 5", "Vol. II") and are also
# words that can end a sentence ("the minister said no.", "modern art."): before
# a capitalised word that is no Roman numeral or single letter, the word it is.
NUMBER_MARKERS = frozenset("no nos art fig figs vol vols para".split())

# Russian and Kazakh words that open sentences and are not names: pronouns,
# prepositions, conjunctions and sentence adverbs of news copy. One-letter
# words ("В", "С", "И") are left out: the Golden Rules keep "1898 г. В 1854
# году" together (ru-037), and a lone capital is also how an initial starts.
CLEAR_OPENERS = frozenset(
    (
        "во на по со ко об обо от до из за для при под над перед без через после про это этот эта "
        "эти этим этой этого этом тот та те то такой так он она оно они мы вы его ее её их ему ей им как "
        "когда где что кто также однако но тогда затем потом сейчас сегодня вчера завтра ранее позже "
        "кроме всего все всё между вместе причем причём поэтому кстати впрочем здесь там теперь уже еще ещё "
        "не ни лишь только именно если хотя пока чтобы около более менее почти согласно напомним отметим "
        "известно сообщается отмечается итого "
        "бұл ол олар осы сол сондай-ақ сонымен алайда бірақ ал және қазір қазіргі бүгін кеше ертең мұнда онда "
        "биыл былтыр енді бұдан бұған оның оған біз біздің сіз сондықтан себебі өйткені мысалы атап айта жалпы "
        "сонда кейін бұрын әрі әзірге дегенмен тіпті осылайша нәтижесінде сондай еске "
    ).split()
)

# What may follow "a.m." / "p.m." within its sentence: a day, a month, a time zone.
TIME_CONTINUATIONS = frozenset(
    (
        "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun "
        "january february march april may june july august september october november december jan feb mar "
        "apr jun jul aug sep sept oct nov dec gmt utc bst cet cest eet est edt cst cdt mst mdt pst pdt et pt "
        "ct mt msk almt qyzt "
    ).split()
)

# Words that open a time phrase at the head of a sentence ("At 5 a.m. Mr. Smith
# went..."): "a.m." there ends the phrase, not the sentence.
TIME_PREPOSITIONS = frozenset("at by from until till before after since around about shortly on".split())

# Words that start a sentence after an initialism such as "U.S." (en-015 vs
# en-016 of the Golden Rules: "the U.S. How about you?" / "the U.S. Government").
STARTERS = frozenset(
    (
        "a an the he she it i we they you this that these those there here his her its our their how what "
        "when where why who which whose if but and so as in on at by for from with after before during while "
        "although though however meanwhile yet then thus also "
    ).split()
)

# Abbreviations the scan (pipeline.segment) passes to the rules only before a
# capital: they end a sentence in some contexts (enumerations, units after a number).
SOMETIMES_END = (UNIT_END | NUMBER_MARKERS | frozenset(["etc", "al", "д", "с", "т.б", "т.с.с", "др", "пр"])) & NEVER_END
# Abbreviations that end no sentence in any context.
ALWAYS_ABBREVIATION = NEVER_END - SOMETIMES_END
