"""Faster re-implementations of the two lexicon sentiment scorers, returning exactly the libraries' floats.

* :func:`pattern_sentiment` ≡ ``textblob.en.sentiment(text)`` (pattern's ``Sentiment.__call__``: the
  ``find_tokens`` tokenizer, then ``assessments``), as ``(polarity, subjectivity)``.
* :func:`vader_compound` ≡ ``SentimentIntensityAnalyzer().polarity_scores(text)["compound"]``.

Both use the libraries' own lexicons and constants, loaded once from the installed packages (nothing
is copied). The speed comes from work that depends only on one whitespace-separated token being done
once per distinct token and cached (pattern's punctuation splitting and contraction handling; VADER's
punctuation stripping, lower-casing and lexicon look-ups), and from not rebuilding per word what the
libraries rebuild (VADER lower-cases the whole text again for every lexicon word's negation and idiom
checks; pattern builds a dict per assessment). Results are never cached per text.

Every arithmetic step on the scores is done in the libraries' order with the same operands, so the
floats are the same bit for bit (signed zeros included). Where a rule is rare and awkward, the text
goes to the library's own code for that step instead:

* pattern: if the tokenized text could be changed by pattern's emoticon or sarcasm ("(!)")
  re-joining regexes (an emoticon split by spaces, e.g. ``:)`` → ``: )``, or ``2008)`` → ``8 )``), the
  tokens come from the library's ``find_tokens`` (its regex alternation order depends on the hash
  seed, so it must be the library's own compiled pattern). Scoring still uses the fast loop.
* VADER: the "but" rule is the library's ``_but_check``; texts with an emoji character are
  converted with a copy of the library's emoji loop; the rest is the fast path.
"""

from __future__ import annotations

import re
from itertools import compress
from operator import itemgetter

from vaderSentiment import vaderSentiment as _vader_module
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer


def _pattern_modules():
    """TextBlob's ``_text`` (pattern's tokenizer and sentiment code) and ``en`` (its English lexicon)
    modules, without running ``textblob/__init__.py``, which imports NLTK (≈ 0.2–0.7 s) for the
    TextBlob class this module does not use. Both modules import only the standard library; they
    are loaded from the installed package below a placeholder for the package, and then taken out
    of ``sys.modules`` again, so that a later ``import textblob`` anywhere loads the real package
    (with its own copies) as usual. If TextBlob is already imported, its modules are used."""
    import importlib
    import importlib.util
    import sys
    import types

    if "textblob" in sys.modules:
        from textblob import _text
        from textblob.en import sentiment

        return _text, sentiment
    spec = importlib.util.find_spec("textblob")
    placeholder = types.ModuleType("textblob")
    placeholder.__path__ = list(spec.submodule_search_locations)
    placeholder.__spec__ = spec
    loaded = [name for name in ("textblob", "textblob._text", "textblob.en") if name not in sys.modules]
    sys.modules["textblob"] = placeholder
    try:
        text_module = importlib.import_module("textblob._text")
        english = importlib.import_module("textblob.en")
    finally:
        for name in loaded:
            sys.modules.pop(name, None)
    return text_module, english.sentiment


_pattern, _pattern_analyzer = _pattern_modules()

_CACHE_LIMIT = 200_000  # distinct tokens kept per cache before it is emptied (bounds memory)

# ---------------------------------------------------------------------------------------------------
# TextBlob / pattern
# ---------------------------------------------------------------------------------------------------

len(_pattern_analyzer)  # loads the lazy lexicon (the library's own loader), once
_EOS = _pattern.EOS
_REPLACE = _pattern.replacements  # the tokenizer defaults that Parser.find_tokens passes
_PUNCTUATION = _pattern.PUNCTUATION
_PUNC = tuple(_PUNCTUATION.replace(".", ""))
_PUNC_DOT = _PUNC + (".",)
_ABBREVIATIONS = _pattern.ABBREVIATIONS
_RE_ABBR1, _RE_ABBR2, _RE_ABBR3 = _pattern.RE_ABBR1, _pattern.RE_ABBR2, _pattern.RE_ABBR3
_NEGATIONS = _pattern_analyzer.negations
_MODIFIERS = _pattern_analyzer.modifiers
_IS_MODIFIER = _pattern_analyzer.modifier

# Emoticon value per lower-cased emoticon: the first EMOTICONS group (in its order) that contains it,
# which is what pattern's loop over EMOTICONS.items() finds.
_EMOTICON_VALUE: dict[str, float] = {}
for (_kind, _value), _faces in _pattern.EMOTICONS.items():
    for _face in _faces:
        _EMOTICON_VALUE.setdefault(_face.lower(), _value)

# Any substring the library's RE_EMOTICONS could re-join: an emoticon with at least one of its optional
# in-between spaces actually present, followed by whitespace or the end (as in RE_EMOTICONS). If no such
# substring exists, RE_EMOTICONS.sub leaves every sentence unchanged.
_spaced = []
for _faces in _pattern.EMOTICONS.values():
    for _face in _faces:
        _chars = [re.escape(c) for c in _face]
        for _gap in range(len(_chars) - 1):
            _spaced.append("".join(c + (" " if k == _gap else " ?") for k, c in enumerate(_chars[:-1])) + _chars[-1])
_RE_SPACED_EMOTICON = re.compile(r"(?:%s)(?:$|\s)" % "|".join(_spaced))
_RE_SARCASM = _pattern.RE_SARCASM


def _split_punctuation(t: str) -> list[str]:
    """pattern's per-token step of ``find_tokens`` (leading/trailing punctuation, ellipsis, periods that
    are not abbreviations), verbatim."""
    tokens: list[str] = []
    tail: list[str] = []
    while t.startswith(_PUNC) and t not in _REPLACE:
        tokens.append(t[0])
        t = t[1:]
    while t.endswith(_PUNC_DOT) and t not in _REPLACE:
        if t.endswith(_PUNC):
            tail.append(t[-1])
            t = t[:-1]
        if t.endswith("..."):
            tail.append("...")
            t = t[:-3].rstrip(".")
        if t.endswith("."):
            if (
                t in _ABBREVIATIONS
                or _RE_ABBR1.match(t) is not None
                or _RE_ABBR2.match(t) is not None
                or _RE_ABBR3.match(t) is not None
            ):
                break
            else:
                tail.append(t[-1])
                t = t[:-1]
    if t != "":
        tokens.append(t)
    tokens.extend(reversed(tail))
    return tokens


# Per lower-cased word: (lexicon entry or None, is negation, len(w.strip("'")) > 1, len(w) > 2,
# pattern's modifier(w) ("-ly"), w == "!", w == "(!)", emoticon value or None).
# lexicon entry = (polarity, subjectivity, intensity, is a modifier (has an "RB" sense)).
# A plain word (unknown, not a negation, "!", "(!)" or an emoticon) is only an int: bit 1 = len(w.strip("'")) > 1,
# bit 2 = len(w) > 2, the two things the loop asks of it.
_WordInfo = tuple | int
_word_info: dict[str, _WordInfo] = {}


def _info(w: str) -> _WordInfo:
    info = _word_info.get(w)
    if info is None:
        senses = dict.get(_pattern_analyzer, w)
        entry = None
        if senses is not None and None in senses:
            p, s, i = senses[None]
            entry = (p, s, i, any(map(senses.__contains__, _MODIFIERS)))
        emoticon = None
        if w.isalpha() is False and len(w) <= 5 and w not in _PUNCTUATION:
            emoticon = _EMOTICON_VALUE.get(w)
        info = (entry, w in _NEGATIONS, len(w.strip("'")) > 1, len(w) > 2, bool(_IS_MODIFIER(w)),
                w == "!", w == "(!)", emoticon)
        if entry is None and not any(info[1:2] + info[5:7]) and emoticon is None:
            info = info[2] | info[3] << 1
        if len(_word_info) >= _CACHE_LIMIT:
            _word_info.clear()
        _word_info[w] = info
    return info


# Per whitespace-separated piece of the input: (its tokens as find_tokens makes them, without EOS markers,
# and their word infos). Contractions and quotes never span whitespace, so doing find_tokens' string
# replacements per piece equals doing them on the whole text.
_piece_cache: dict[str, tuple[tuple[str, ...], tuple[_WordInfo, ...]]] = {}


# find_tokens applies each contraction with re.sub; for patterns without regex syntax and replacements
# without backslashes that is str.replace (checked here, else re.sub is used as the library does).
_LITERAL_REPLACE = all(re.escape(a) == a and "\\" not in b for a, b in _REPLACE.items())
# A character every contraction contains ("'"): without it none can match.
_REPLACE_NEEDLES = tuple(set.intersection(*map(set, _REPLACE))) or ("",)


def _piece(raw: str) -> tuple[tuple[str, ...], tuple[_WordInfo, ...]]:
    if raw.isalnum():  # no contraction, quote or punctuation (which are all ASCII non-alphanumerics)
        tokens: tuple[str, ...] = (raw,) if raw != _EOS else ()
    else:
        string = raw
        if all(c in string for c in _REPLACE_NEEDLES):
            for a, b in list(_REPLACE.items()):
                string = string.replace(a, b) if _LITERAL_REPLACE else re.sub(a, b, string)
        string = (string.replace("“", " “ ").replace("”", " ” ").replace("‘", " ‘ ").replace("’", " ’ ")
                  .replace("'", " ' ").replace('"', ' " '))
        tokens = tuple(t for part in string.split() for t in _split_punctuation(part) if t != _EOS)
    result = (tokens, tuple(_info(t.lower()) for t in tokens))
    if len(_piece_cache) >= _CACHE_LIMIT:
        _piece_cache.clear()
    _piece_cache[raw] = result
    return result


def _word_infos(text: str) -> list[_WordInfo]:
    tokens: list[str] = []
    infos: list[_WordInfo] = []
    cache = _piece_cache
    for raw in text.split():
        hit = cache.get(raw)
        if hit is None:
            hit = _piece(raw)
        tokens += hit[0]
        infos += hit[1]
    joined = " ".join(tokens)
    if ("(" in joined and _RE_SARCASM.search(joined)) or _RE_SPACED_EMOTICON.search(joined):
        # The library's regexes would re-join some tokens: take its own tokenization.
        return [_info(w.lower()) for w in " ".join(_pattern_analyzer.tokenizer(text)).split()]
    return infos


def pattern_sentiment(text: str) -> tuple[float, float]:
    """Exactly ``textblob.en.sentiment(text)`` as (polarity, subjectivity), for a str."""
    # pattern's Sentiment.assessments, with negation=True and pos=None for every word; an assessment is
    # [p, s, i, n] (its word list and label do not reach the scores).
    a: list[list] = []
    m = None  # preceding modifier: (modifier(word),) (pattern keeps (word, pos); pos is always None here)
    n = None  # preceding negation
    for info in _word_infos(text):
        if info.__class__ is int:  # a plain unknown word: the same steps as below, without the no-ops
            if n is not None:
                if info & 1:
                    n = None
                if n is not None and m is not None and m[0]:
                    a[-1][3] = -1
                    n = None
                elif m and info & 2:
                    m = None
            elif m is not None and info & 2:
                m = None
            continue
        entry, is_negation, strip_long, long_, ly, is_excl, is_sarcasm, emoticon = info
        if entry is not None:
            p, s, i, is_mod = entry
            if m is None:
                a.append([p, s, i, 1])
            else:
                last = a[-1]
                last[0] = max(-1.0, min(p * last[2], +1.0))
                last[1] = max(-1.0, min(s * last[2], +1.0))
                last[2] = i
            if n is not None:
                last = a[-1]
                last[2] = 1.0 / last[2]
                last[3] = -1
            m = None
            n = None
            if is_mod:
                m = (ly,)
            if is_negation:
                n = True
        else:
            if is_negation:
                n = True
            elif n and strip_long:
                n = None
            if n is not None and m is not None and m[0]:
                a[-1][3] = -1
                n = None
            elif m and long_:
                m = None
            if is_excl and len(a) > 0:
                a[-1][0] = max(-1.0, min(a[-1][0] * 1.25, +1.0))
            if is_sarcasm:
                a.append([0.0, 1.0, 1.0, 1])
            if emoticon is not None:
                a.append([emoticon, 1.0, 1.0, 1])
    # Sentiment.__call__'s avg(), weight 1.
    ps, ss, count = 0, 0, 0
    for p, s, _i, neg in a:
        ps += 1 * (p * -0.5 if neg < 0 else p)
        ss += 1 * s
        count += 1
    return ps / float(count or 1), ss / float(count or 1)


# ---------------------------------------------------------------------------------------------------
# VADER
# ---------------------------------------------------------------------------------------------------

_analyzer = SentimentIntensityAnalyzer()
_LEXICON = _analyzer.lexicon
_EMOJIS = _analyzer.emojis
_BOOSTER = _vader_module.BOOSTER_DICT
_SPECIAL = _vader_module.SPECIAL_CASES
_N_SCALAR = _vader_module.N_SCALAR
_C_INCR = _vader_module.C_INCR
_negated = _vader_module.negated
_scalar_inc_dec = _vader_module.scalar_inc_dec
_normalize = _vader_module.normalize
_strip_punc_if_word = _vader_module.SentiText._strip_punc_if_word
_but_check = SentimentIntensityAnalyzer._but_check
# polarity_scores replaces single characters only (`for chr in text: if chr in self.emojis`).
# (A frozenset: a regex character class of these 1,200 characters is ~100× slower to search.)
_EMOJI_CHARS = frozenset(k for k in _EMOJIS if len(k) == 1)
# Adjacent word pairs of the multi-word SPECIAL_CASES and BOOSTER_DICT keys. _special_idioms_check joins
# two or three of the words i-3 … i+2 with spaces (words never contain whitespace), so it can only match a
# key if one of these pairs occurs among those words.
_IDIOM_PAIRS = frozenset(pair for k in list(_SPECIAL) + list(_BOOSTER) if " " in k
                         for pair in zip(k.split(" "), k.split(" ")[1:]))
_IDIOM_WORDS = frozenset(w for pair in _IDIOM_PAIRS for w in pair)

# Per whitespace-separated token: (word after punctuation stripping, lower-cased, isupper(),
# lexicon valence or None, in BOOSTER_DICT, negated([lower]), scored by sentiment_valence).
_vader_cache: dict[str, tuple] = {}
_LOW, _UPPER, _SCORED = itemgetter(1), itemgetter(2), itemgetter(6)


def _vader_token(raw: str) -> tuple:
    item = _strip_punc_if_word(raw)
    low = item.lower()
    lex_value = _LEXICON.get(low)
    booster = low in _BOOSTER
    result = (item, low, item.isupper(), lex_value, booster, _negated([low]), lex_value is not None and not booster)
    if len(_vader_cache) >= _CACHE_LIMIT:
        _vader_cache.clear()
    _vader_cache[raw] = result
    return result


def _replace_emojis(text: str) -> str:
    """polarity_scores' emoji-to-description loop, verbatim."""
    text_no_emoji = ""
    prev_space = True
    for chr in text:
        if chr in _EMOJIS:
            description = _EMOJIS[chr]
            if not prev_space:
                text_no_emoji += " "
            text_no_emoji += description
            prev_space = False
        else:
            text_no_emoji += chr
            prev_space = chr == " "
    return text_no_emoji.strip()


def _idioms(valence: float, lows: list[str], i: int) -> float:
    """SentimentIntensityAnalyzer._special_idioms_check on pre-lowered words (i > 2)."""
    onezero = "{0} {1}".format(lows[i - 1], lows[i])
    twoonezero = "{0} {1} {2}".format(lows[i - 2], lows[i - 1], lows[i])
    twoone = "{0} {1}".format(lows[i - 2], lows[i - 1])
    threetwoone = "{0} {1} {2}".format(lows[i - 3], lows[i - 2], lows[i - 1])
    threetwo = "{0} {1}".format(lows[i - 3], lows[i - 2])
    for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
        if seq in _SPECIAL:
            valence = _SPECIAL[seq]
            break
    if len(lows) - 1 > i:
        zeroone = "{0} {1}".format(lows[i], lows[i + 1])
        if zeroone in _SPECIAL:
            valence = _SPECIAL[zeroone]
    if len(lows) - 1 > i + 1:
        zeroonetwo = "{0} {1} {2}".format(lows[i], lows[i + 1], lows[i + 2])
        if zeroonetwo in _SPECIAL:
            valence = _SPECIAL[zeroonetwo]
    for n_gram in (threetwoone, threetwo, twoone):
        if n_gram in _BOOSTER:
            valence = valence + _BOOSTER[n_gram]
    return valence


def _valence(i: int, toks: list[tuple], lows: list[str], is_cap_diff: bool) -> float:
    """SentimentIntensityAnalyzer.sentiment_valence for a lexicon word at position i."""
    item, low, upper, lex_value, _b, _neg, _scored = toks[i]
    count = len(toks)
    valence = lex_value
    if low == "no" and i != count - 1 and toks[i + 1][3] is not None:
        valence = 0.0
    if (i > 0 and lows[i - 1] == "no") or (i > 1 and lows[i - 2] == "no") \
            or (i > 2 and lows[i - 3] == "no" and lows[i - 1] in ["or", "nor"]):
        valence = lex_value * _N_SCALAR
    if upper and is_cap_diff:
        if valence > 0:
            valence += _C_INCR
        else:
            valence -= _C_INCR
    for start_i in range(0, 3):
        if i > start_i and toks[i - (start_i + 1)][3] is None:
            prev = toks[i - (start_i + 1)]
            s = _scalar_inc_dec(prev[0], valence, is_cap_diff) if prev[4] else 0.0
            if start_i == 1 and s != 0:
                s = s * 0.95
            if start_i == 2 and s != 0:
                s = s * 0.9
            valence = valence + s
            # _negation_check
            if start_i == 0:
                if prev[5]:
                    valence = valence * _N_SCALAR
            elif start_i == 1:
                if lows[i - 2] == "never" and (lows[i - 1] == "so" or lows[i - 1] == "this"):
                    valence = valence * 1.25
                elif lows[i - 2] == "without" and lows[i - 1] == "doubt":
                    pass
                elif prev[5]:
                    valence = valence * _N_SCALAR
            else:
                if lows[i - 3] == "never" and (lows[i - 2] == "so" or lows[i - 2] == "this") or \
                        (lows[i - 1] == "so" or lows[i - 1] == "this"):
                    valence = valence * 1.25
                elif lows[i - 3] == "without" and (lows[i - 2] == "doubt" or lows[i - 1] == "doubt"):
                    pass
                elif prev[5]:
                    valence = valence * _N_SCALAR
                window = lows[i - 3:i + 3]
                if not _IDIOM_WORDS.isdisjoint(window) and not _IDIOM_PAIRS.isdisjoint(zip(window, window[1:])):
                    valence = _idioms(valence, lows, i)
    # _least_check
    if i > 1 and toks[i - 1][3] is None and lows[i - 1] == "least":
        if lows[i - 2] != "at" and lows[i - 2] != "very":
            valence = valence * _N_SCALAR
    elif i > 0 and toks[i - 1][3] is None and lows[i - 1] == "least":
        valence = valence * _N_SCALAR
    return valence


def vader_compound(text: str) -> float:
    """Exactly ``SentimentIntensityAnalyzer().polarity_scores(text)["compound"]``, for a str."""
    if not text.isascii() and not _EMOJI_CHARS.isdisjoint(text):
        text = _replace_emojis(text)
    cache = _vader_cache
    toks = [cache.get(raw) or _vader_token(raw) for raw in text.split()]
    # polarity_scores appends 0 for every word that is not scored (not in the lexicon, or a booster, which
    # is checked first); only the lexicon words need sentiment_valence.
    positions = list(compress(range(len(toks)), map(_SCORED, toks)))
    if not positions:
        return 0.0  # sentiments all 0 (or none): sum 0 → compound 0.0, also after _but_check (0 * x = 0.0)
    count = len(toks)
    lows = list(map(_LOW, toks))
    caps = sum(map(_UPPER, toks))  # allcap_differential
    is_cap_diff = 0 < count - caps < count
    sentiments: list = [0] * count
    for i in positions:
        if i < count - 1 and lows[i] == "kind" and lows[i + 1] == "of":
            continue
        sentiments[i] = _valence(i, toks, lows, is_cap_diff)
    if "but" in lows:
        sentiments = _but_check([t[0] for t in toks], sentiments)
    # score_valence: only the compound.
    sum_s = float(sum(sentiments))
    if sum_s > 0:
        sum_s += _analyzer._punctuation_emphasis(text)
    elif sum_s < 0:
        sum_s -= _analyzer._punctuation_emphasis(text)
    return round(_normalize(sum_s), 4)
