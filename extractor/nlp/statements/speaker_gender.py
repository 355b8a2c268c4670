"""The gender of a quote's speaker, for media-parity counts: f, m, a group, or None when unsettled.

A plural speaker ("des témoins", "ils", "certains") or people coordinated ("Thierry et Véronique
Roy") are a group; a named organisation or place, an institution ("le parquet") or a document has
no gender. For one person the article's own words come first, those where the quote names its
speaker before those at the person's other mentions: an honorific ("Mme Borne"), a pronoun that
stands for the speaker ("a-t-elle déclaré", "selon lui"), the agreement of a person noun or of a
participle ("la ministre", "l'avocate", "interrogée"). Then the first name, from gender-guesser's
dictionary: a name French usage gives to one sex only comes before the words at other mentions,
which may be a namesake's ("Mme Troadec", the sister, merged with "Pascal Troadec"). A masculine
title does not beat a feminine first name ("le Premier ministre" is also said of a woman); pronouns
the resolver gave the person elsewhere in the article come last.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from weakref import WeakKeyDictionary

from spacy.tokens import Span, Token

from ..lexicon import Lexicon, current, honorifics, roles, speech_nouns, word_list
from ..roles import role_of
from ..speakers.animacy import Animacy
from ..first_names import first_name_sex
from ..speakers.coref import PRONOUNS
from ..speakers.subject import INDEFINITES
from .article import Article, FoundQuote


@dataclass(frozen=True)
class Gender:
    """A speaker's gender (f, m, group or None) and the evidence that decided it."""

    gender: str | None
    evidence: str | None


UNKNOWN = Gender(None, None)
_DET_GENDER = {"la": "f", "une": "f", "cette": "f", "le": "m", "un": "m", "ce": "m", "cet": "m"}
_SUBJECT_PRONOUNS = {"il": "m", "elle": "f"}
_MORPH_GENDER = {"Masc": "m", "Fem": "f"}
_EUPHONIC_T = ("-t", "-t-", "t")
# the kinds of evidence on a named person, most trusted first: the words where the quote names its
# speaker, a first name French usage gives to one sex, the words around the person's other mentions
# (a namesake may be merged with it: "Mme Troadec", the sister), a first name known elsewhere; last a
# masculine title ("le Premier ministre" is also said of a woman) and pronouns the resolver gave it
_ORDER = (
    "honorific here", "pronoun here", "agreement here", "french first name",
    "honorific", "agreement", "speech pronoun", "first name", "title", "pronoun elsewhere",
)
_REPORTED_AS = {
    "honorific here": "honorific", "pronoun here": "pronoun", "agreement here": "agreement",
    "french first name": "first name", "speech pronoun": "pronoun", "title": "agreement", "pronoun elsewhere": "pronoun",
}
_FEMININE_ENDINGS = ("ée", "ie", "ue", "te", "se")  # interrogée, partie, venue, dite, prise
_MASCULINE_ENDINGS = ("é", "i", "u", "t", "s")  # interrogé, parti, venu, dit, pris
_ANIMATE = 0.5  # the animacy model's probability above which a plural noun is people ("sources" 0.46 is listed)
_WINDOW = 6  # tokens around a quote where the pronoun of its incise may stand

Evidence = list[tuple[str, str]]  # (kind, gender)
_CACHE: WeakKeyDictionary[Article, dict[int, Counter[tuple[str, str]]]] = WeakKeyDictionary()


def speaker_gender(article: Article, quote: FoundQuote) -> Gender:
    """The gender of ``quote``'s speaker as the article presents it, and what decided it."""
    speaker = quote.speaker
    if speaker is None:
        return UNKNOWN
    doc = article.doc
    token = doc[speaker.token] if speaker.token is not None and 0 <= speaker.token < len(doc) else None
    cluster = article.coref.infos[speaker.cluster].cluster if speaker.cluster is not None else None
    mention = _mention_at(article, speaker.cluster, token) if cluster is not None and token is not None else None
    head = mention.root if mention is not None else token
    if cluster is not None and cluster.label != "PER" or speaker.label in ("LOC", "MISC"):
        return UNKNOWN  # "la CGT", "les Nations unies", "Paris": a named organisation or place
    if head is not None and (one := _one_of(head)) is not None:
        return one
    if head is not None and (group := _group(article, head)) is not None:
        return group
    if speaker.label == "ORG":
        return UNKNOWN  # "le parquet", "le gouvernement"
    evidence: Evidence = []
    if head is not None:
        evidence += _here(article, token, head, mention, cluster.name if cluster is not None else None)
    evidence += _incise_pronoun(article, quote, token)
    if cluster is not None:
        return decide(evidence, _of_cluster(article, speaker.cluster))
    if token is not None and token.pos_ == "PROPN":
        evidence += _first_name(speaker.name or "")
    return decide(evidence)


def decide(evidence: Evidence, counted: Counter[tuple[str, str]] | None = None) -> Gender:
    """The most trusted kind of evidence that agrees with itself (a tie says nothing). ``counted``: more
    evidence, already counted (what the article says of a person everywhere, counted once per article
    and not again for each of the person's quotes)."""
    said = Counter(evidence)
    if counted:
        said.update(counted)
    for kind in _ORDER:
        m, f = said[(kind, "m")], said[(kind, "f")]
        if m != f:
            return Gender("m" if m > f else "f", _REPORTED_AS.get(kind, kind))
    return UNKNOWN


def _here(article: Article, token: Token, head: Token, mention: Span | None, name: str | None) -> Evidence:
    """What the words where the quote names its speaker say: a pronoun ("a-t-elle"), an honorific
    ("Mme Borne"), a person noun ("la ministre", "l'avocate"), a participle ("interrogée"). ``mention``:
    the speaker's mention there, of the entity ``name``."""
    form = token.lower_.lstrip("-")
    if form in PRONOUNS:
        return [("pronoun here", PRONOUNS[form][0])]
    if mention is not None and name is not None:
        found = _around(article, mention, name)
    elif token.pos_ == "NOUN":
        found = _noun_evidence(token)
        if _agrees_with_person(head):
            found += [("agreement", g) for g in _participles(article, head)]
    else:
        return []
    return [(kind + " here" if kind in ("honorific", "agreement") else kind, g) for kind, g in found]


def _mention_at(article: Article, k: int, token: Token) -> Span | None:
    """The mention of the cluster ``k`` that ``token`` is part of, if any."""
    coref = article.coref
    return coref.mention_at[token.i] if coref.cluster_at.get(token.i) == k else None


# -- groups ------------------------------------------------------------------------------------
_ONE = {"un": "m", "une": "f"}


def _one_of(head: Token) -> Gender | None:
    """One person taken from a group: "l'une des juges", "un des avocats", "l'un d'entre eux"; the
    plural noun is the group, "un"/"une" the person and their gender."""
    one = head.head
    if head.dep_ != "nmod" or one.i >= head.i or one.lower_ not in _ONE or head.morph.get("Number") != ["Plur"]:
        return None
    if not any(c.dep_ == "case" and c.lower_ in ("des", "d'", "d’", "de", "parmi") for c in head.children):
        return None
    if head.pos_ == "NOUN" and not _people(head):
        return UNKNOWN  # "l'un des documents": a thing
    return Gender(_ONE[one.lower_], "agreement")

def _group(article: Article, head: Token) -> Gender | None:
    """A group speaker: a plural noun or pronoun, an indefinite ("certains"), people coordinated."""
    form = head.lower_.lstrip("-")
    if form in INDEFINITES:
        return Gender("group", "plural")
    if form in PRONOUNS:
        return Gender("group", "plural") if PRONOUNS[form][1] == "plur" else None
    if head.pos_ == "NOUN" and head.morph.get("Number") == ["Plur"] and _people(head):
        return Gender("group", "plural")
    if _coordinated(article, head):
        return Gender("group", "coordination")
    return None


def _people(noun: Token) -> bool:
    """Can a plural noun stand for people ("les témoins", "les syndicats", "des sources") rather
    than things ("d'autres études", "les documents")? The lexicons, else the animacy model."""
    lex = _nouns(current())
    if noun.lemma_.lower() in speech_nouns():
        return False  # "des rapports", "les communiqués": what was said, not who
    if role_of(noun) is not None or noun.lemma_.lower() in lex.gendered or noun.lemma_.lower() in lex.fixed:
        return True
    animacy = Animacy.load()
    return animacy is None or animacy.of_token(noun) >= _ANIMATE


def _coordinated(article: Article, head: Token) -> bool:
    """ "Thierry et Véronique Roy", "Pascal Julien et Yves Martin": people joined by "et"."""
    inside = article.inside
    pairs = [(head, c) for c in head.children if c.dep_ == "conj"]
    if head.dep_ == "conj":
        pairs.append((head.head, head))
    for first, second in pairs:
        if inside[first.i] or inside[second.i]:
            continue
        joined = any(c.dep_ == "cc" and c.lower_ == "et" for c in second.children)
        if joined and _is_person(article, first) and _is_person(article, second):
            return True
    return False


def _is_person(article: Article, token: Token) -> bool:
    k = article.coref.cluster_at.get(token.i)
    if k is not None:
        return article.coref.infos[k].cluster.label == "PER"
    if token.pos_ == "PROPN" and not token.ent_type_:
        return True
    return token.pos_ == "NOUN" and _person_noun_gender(token) is not None


# -- person nouns --------------------------------------------------------------------------------
def _noun_evidence(token: Token) -> Evidence:
    g = _person_noun_gender(token)
    if g is None or g == "x":
        return []
    return [("agreement" if g == "f" else "title", g)]


def _person_noun_gender(token: Token) -> str | None:
    """m or f for a noun of a person whose form or determiner shows the gender ("avocate", "la
    ministre"), x for one that does not ("un témoin", "la victime"), None for a noun not of a person."""
    lex = _nouns(current())
    form = token.lower_
    if "-" in form and form not in lex.gendered and form.rsplit("-", 1)[1] in lex.gendered:
        form = form.rsplit("-", 1)[1]  # "beau-frère", "belle-sœur", "grand-mère", "petit-fils": the kin noun
    if form in lex.fixed:
        return "x"  # "la victime", "un témoin": the noun's own gender, whoever it is
    determiner = next((_DET_GENDER[c.lower_] for c in token.children if c.dep_ == "det" and c.lower_ in _DET_GENDER), None)
    if form in lex.gendered:
        return "f" if determiner == "f" else lex.gendered[form]  # "la professeur": the determiner tells
    role = role_of(token)
    if role is None or roles()[role].kind != "PER":
        return None
    if roles()[role].gender in ("m", "f") and (role == form or " " in role):
        return "f" if determiner == "f" else roles()[role].gender
    if determiner is not None:
        return determiner
    for child in token.children:  # "l'ancienne ministre", "ministre française"
        if child.dep_ == "amod" and child.pos_ == "ADJ" and child.morph.get("Number") != ["Plur"]:
            g = child.morph.get("Gender")
            if g:
                return _MORPH_GENDER.get(g[0], "x")
    return "x"


@dataclass(frozen=True)
class _Nouns:
    gendered: dict[str, str]
    fixed: frozenset[str]


@lru_cache(maxsize=8)
def _nouns(lexicon: Lexicon) -> _Nouns:
    """The person nouns of ``word_lists.tsv``: gendered by their form, or of a fixed gender."""
    return _Nouns(lexicon.person_nouns, frozenset(word_list("fixed_gender_noun", lexicon)))


def _agrees_with_person(head: Token) -> bool:
    """Does a participle agreeing with ``head`` tell the person's gender? Not with "la victime", "la
    star": it agrees with the noun."""
    if head.pos_ in ("PROPN", "PRON") or head.lower_.lstrip("-") in PRONOUNS:
        return True
    return head.pos_ == "NOUN" and head.lower_ not in _nouns(current()).fixed and _person_noun_gender(head) is not None


def _participles(article: Article, head: Token) -> list[str]:
    """The genders of the participles that agree with the speaker: "Interrogée par…, X a dit", "X
    s'est dite…", "X, citée par…"."""
    candidates = [c for c in head.children if c.dep_ in ("acl", "amod") and c.i > head.i]
    if head.dep_ in ("nsubj", "nsubj:pass"):
        verb = head.head
        # "Interrogée par Le Monde, X a déclaré": a participle clause before the subject
        candidates += [c for c in verb.children if c.dep_ in ("advcl", "acl", "xcomp") and c.i < head.i]
        if any(c.dep_ in ("aux:pass", "expl:comp") or c.lemma_ == "être" and c.dep_ == "aux:tense" for c in verb.children):
            candidates.append(verb)  # "X s'est dite satisfaite", "X est revenue sur"
    if head.dep_ in ("ROOT", "parataxis"):
        # "Interrogée par Le Monde, la ministre …" parsed with the participle as root
        candidates += [c for c in head.children if c.dep_ == "advcl" and c.i < head.i]
    genders = []
    for c in candidates:
        if article.inside[c.i] or c.morph.get("VerbForm") != ["Part"] or c.morph.get("Tense") != ["Past"]:
            continue
        if (g := _participle_gender(c.lower_)) is not None:
            genders.append(g)
    return genders


def _participle_gender(form: str) -> str | None:
    if form.endswith("s") and (form.endswith("es") or len(form) < 3):
        return None  # plural, or too short to say
    if form.endswith(_FEMININE_ENDINGS):
        return "f"
    if form.endswith(_MASCULINE_ENDINGS):
        return "m"
    return None


def _incise_pronoun(article: Article, quote: FoundQuote, token: Token | None) -> Evidence:
    """The subject pronoun of the cue that reports the quote, next to it: "», a-t-elle déclaré",
    "Il a ajouté que…", when the speaker's own mention is not there."""
    doc = article.doc
    span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
    if span is None:
        return []
    first, last = max(0, span.start - _WINDOW), min(len(doc), span.end + _WINDOW)
    if token is not None and first <= token.i < last:
        return []
    out: Evidence = []
    sentences = {article.sentence_of[span.start], article.sentence_of[span.end - 1]}
    for tok in doc[first:last]:
        form = tok.lower_.lstrip("-")
        if form not in _SUBJECT_PRONOUNS or article.inside[tok.i] or span.start <= tok.i < span.end:
            continue
        if article.sentence_of[tok.i] not in sentences:
            continue
        if _reports(article, tok):
            out.append(("pronoun here", _SUBJECT_PRONOUNS[form]))
    return out


def _reports(article: Article, pronoun: Token) -> bool:
    """Is this subject pronoun the subject of a speech verb ("a-t-elle déclaré", "il estime")?"""
    subject = pronoun.dep_.startswith("nsubj") or pronoun.dep_ in ("expl:subj", "dep")  # "dep": "-elle" misparsed
    if subject and article.cue_of(pronoun.head) is not None:
        return True
    if not pronoun.text.startswith("-"):
        return False
    # inverted, whatever the parse: "ajoute-t-elle", "dit-il", "a-t-il conclu"
    doc = pronoun.doc
    before = pronoun.i - 2 if pronoun.i >= 2 and doc[pronoun.i - 1].lower_ in _EUPHONIC_T else pronoun.i - 1
    verbs = [doc[before]] if before >= 0 else []
    if verbs and verbs[0].pos_ == "AUX" and pronoun.i + 1 < len(doc):
        verbs.append(doc[pronoun.i + 1])
    return any(article.cue_of(v) is not None for v in verbs)


# -- everything the article says of a named person ----------------------------------------------
def _of_cluster(article: Article, k: int) -> Counter[tuple[str, str]]:
    cache = _CACHE.setdefault(article, {})
    if k not in cache:
        cache[k] = Counter(_cluster_evidence(article, k))
    return cache[k]


def _cluster_evidence(article: Article, k: int) -> Evidence:
    """Honorifics and person nouns at every mention, pronouns the article resolved to the person,
    the first name."""
    coref = article.coref
    out: Evidence = []
    cluster = coref.infos[k].cluster
    for m in cluster.mentions:
        out += _around(article, m, cluster.name)
    doc = article.doc
    for i, (resolved, _) in coref._pronouns.items():
        if resolved == k:
            # "a-t-il conclu" more than "il" anywhere: the resolver follows the speakers
            kind = "speech pronoun" if _reports(article, doc[i]) else "pronoun elsewhere"
            out.append((kind, _SUBJECT_PRONOUNS[doc[i].lower_.lstrip("-")]))
    out += _first_name(cluster.name)
    return out


def _around(article: Article, m: Span, name: str) -> Evidence:
    """The honorific before a mention ``m`` of the entity ``name`` ("Mme Borne") and the person nouns
    tied to it ("la ministre Élisabeth Borne", "Bob Ferguson, le ministre à l'origine de la plainte")."""
    out: Evidence = []
    titles = honorifics()
    prev = m.doc[m.start - 1] if m.start > 0 else None
    if prev is not None and prev.text in titles and titles[prev.text].gender in ("m", "f"):
        out.append(("honorific", titles[prev.text].gender))
    for tok in dict.fromkeys(article.coref.role_tokens_near(m, name) + _nouns_beside(m)):
        out += _noun_evidence(tok)
    out += [("agreement", g) for g in _participles(article, m.root)]  # "X, interrogée par…"
    return out


def _nouns_beside(m: Span) -> list[Token]:
    """A person noun just before a name ("l'écrivaine Ana Ruiz") or in apposition after it ("Ana
    Ruiz, conseillère à la Maison-Blanche")."""
    doc = m.doc
    found = []
    i = m.start - 1
    while i >= 0 and m.start - i <= 3 and doc[i].pos_ in ("ADJ", "NOUN"):
        if doc[i].pos_ == "NOUN":
            found.append(doc[i])
            break
        i -= 1
    j = m.end
    if j < len(doc) and doc[j].text == ",":
        # ", conseillère à la Maison-Blanche", ", la nouvelle directrice", ", ancienne ministre"
        for tok in doc[j + 1 : j + 4]:
            if tok.pos_ == "NOUN":
                found.append(tok)
            if tok.pos_ not in ("DET", "ADJ"):
                break
    return [t for t in found if _person_noun_gender(t) is not None]


def _first_name(name: str) -> Evidence:
    """The first word of a full name, if the dictionary of first names knows it: "french first
    name" when French usage gives it to one sex only."""
    words = name.split()
    if len(words) < 2:
        return []
    gender, french = first_name_sex(words[0])
    if gender is None:
        return []
    return [("french first name" if french else "first name", gender)]


