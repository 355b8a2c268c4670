"""Who "il", "elle" and "la ministre" are: the little coreference a quote attributor needs.

Antecedents are the entity clusters of the document. A person's gender comes from an honorific
("Mme Borne"), a role noun agreeing with it ("la ministre, Élisabeth Borne"), the first name
(gender-guesser's dictionary of first names) or the parser's morphology, in that order of trust.
A pronoun goes to the most salient compatible antecedent: the nearest sentence first, subjects and
earlier speakers before other mentions. A role noun goes to the person the article tied it to
("le porte-parole du gouvernement, Olivier Véran" … "a souligné le porte-parole").
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
from spacy.tokens import Doc, Span, Token

from ..entities import Cluster
from ..first_names import first_name_sex
from ..lexicon import honorifics, person_nouns, roles, word_list
from ..marks import CLOSING_MARKS
from ..roles import role_of
from ..trust import TRUST

PRONOUNS = {
    "il": ("m", "sing"), "elle": ("f", "sing"), "ils": ("m", "plur"), "elles": ("f", "plur"),
    "celui-ci": ("m", "sing"), "celle-ci": ("f", "sing"), "ceux-ci": ("m", "plur"), "celles-ci": ("f", "plur"),
    "lui": ("m", "sing"), "eux": ("m", "plur"),
}
_DET_GENDER = {"la": "f", "une": "f", "cette": "f", "sa": "f", "le": "m", "un": "m", "ce": "m", "cet": "m", "son": "m"}
_OF = {"de", "d'", "d’", "du", "des"}  # a name after these is a complement of the noun before it


# "ce dernier", "cette dernière", "ces derniers": the one named last, by gender and number
_LATEST = {"dernier": ("m", "Sing"), "dernière": ("f", "Sing"), "derniers": ("m", "Plur"), "dernières": ("f", "Plur")}
# "celui-ci", "celle-ci": the one named last, as "ce dernier" (one token: extractor/nlp/hyphenated.py)
_LATTER = {"celui-ci": ("m", "Sing"), "celle-ci": ("f", "Sing"), "ceux-ci": ("m", "Plur"), "celles-ci": ("f", "Plur")}
# "l'intéressé", "l'intéressée": the person in question, named last (a person, never an organization)
_CONCERNED = {"intéressé": ("m", "Sing"), "intéressée": ("f", "Sing"), "intéressés": ("m", "Plur"), "intéressées": ("f", "Plur")}


# "le premier… la seconde": the first or the second of two people named just before (gender, which)
_ORDINALS = {"premier": ("m", 0), "première": ("f", 0), "second": ("m", 1), "seconde": ("f", 1), "deuxième": (None, 1)}

_DEMONSTRATIVES = ("ce", "cet", "cette", "ces")
_ARTICLES = ("l'", "l’", "les")


def _pointer_before(word: str) -> tuple[str, ...]:
    """The words before ``word`` that make it a pointer: "ce dernier", "l'intéressé"."""
    return _DEMONSTRATIVES if word in _LATEST else _ARTICLES if word in _CONCERNED else ()


def is_latest(token: Token) -> bool:
    """ "dernier" in "ce dernier", "cette dernière", "ces derniers", "intéressé" in "l'intéressé", or
    "celui-ci", "celle-ci": a pointer to the one named last."""
    if token.lower_ in _LATTER:
        return True
    return token.i > 0 and token.doc[token.i - 1].lower_ in _pointer_before(token.lower_)


def is_concerned(token: Token) -> bool:
    """ "intéressé" in "l'intéressé": the person in question."""
    return token.lower_ in _CONCERNED and is_latest(token)


# the endings of a demonym used for a person: "la Rennaise", "le Breton", "l'Américaine", "le Toulousain"
_DEMONYM_ENDINGS = ("ais", "aise", "ois", "oise", "ien", "ienne", "éen", "éenne", "ain", "aine", "on", "onne", "an", "ane")
_FEMININE_ENDINGS = ("aise", "oise", "ienne", "éenne", "aine", "onne", "ane")
_DEFINITE = ("le", "la", "l'", "l’")


def epithet_gender(token: Token) -> str | None:
    """The person an epithet stands for is a man (m), a woman (f), or either (None): "le quadragénaire",
    "l'élue" (the lexicon's form), "l'Américaine" (a demonym's ending), "l'artiste" (either)."""
    before = token.doc[token.i - 1].lower_
    if before in ("le", "la"):
        return _DET_GENDER[before]
    form = token.lower_
    role = role_of(token)
    if role is not None and roles()[role].gender in ("m", "f"):
        return roles()[role].gender
    if form in person_nouns():
        return person_nouns()[form]
    if form[:1] != token.text[:1]:  # a demonym
        return "f" if form.endswith(_FEMININE_ENDINGS) else "m"
    return None


def _alone(token: Token) -> bool:
    """A noun with nothing hung on it but its determiner (and punctuation): "le second", not "la seconde fois"."""
    return all(c.dep_ in ("det", "punct") for c in token.children)


def is_epithet(token: Token) -> bool:
    """ "le quadragénaire", "l'élue", "la Rennaise": a noun the press uses in place of the name of someone
    it has named (an age, a status, a calling, where they come from), after a definite article and alone
    ("l'élu socialiste de Haute-Garonne", "le Breton Yann Kerhervé" name someone else, or name him)."""
    doc = token.doc
    if token.i == 0 or doc[token.i - 1].lower_ not in _DEFINITE or token.morph.get("Number") == ["Plur"] or not _alone(token):
        return False
    nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if nxt is not None and (nxt.lower_ in _OF or nxt.pos_ in ("PROPN", "ADJ") or nxt.text[:1].isupper()):
        return False
    form = token.lower_
    if form in word_list("epithet_noun"):
        return True
    return token.text[:1].isupper() and token.pos_ in ("PROPN", "NOUN") and form.endswith(_DEMONYM_ENDINGS)


def latest_word(token: Token) -> Token | None:
    """The "dernier" of "ce dernier" (the "intéressé" of "l'intéressé") when ``token`` is either of its
    words, else None."""
    if is_latest(token):
        return token
    nxt = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return nxt if nxt is not None and token.lower_ in _DEMONSTRATIVES + _ARTICLES and is_latest(nxt) else None


def _agrees(noun: Token, gender: str | None, number: str) -> bool:
    """Can a noun of ``number`` stand for a pronoun of ``gender``? Not a masculine noun for "elles" ("ils"
    can stand for a mixed group), nor "la ministre" for "il"."""
    if gender == "f" and noun.morph.get("Gender") == ["Masc"]:
        return False
    return not (number == "Sing" and gender == "m" and _det_gender(noun) == "f")


def _names_a_person(noun: Token) -> bool:
    """A role ("la ministre") or a person noun ("la mère", "le prévenu"): a singular noun that can be
    who a pronoun or "celui-ci" stands for ("la réforme", "le geste" cannot)."""
    return role_of(noun) is not None or noun.lower_ in person_nouns()


@dataclass
class EntityInfo:
    """What coreference knows about one cluster."""

    cluster: Cluster
    gender: str | None = None
    roles: list[tuple[int, str, str]] = field(default_factory=list)  # (token index, role noun, role phrase)


def _det_gender(token: Token) -> str | None:
    for child in token.children:
        if child.dep_ == "det" and child.lower_ in _DET_GENDER:
            return _DET_GENDER[child.lower_]
    g = token.morph.get("Gender")
    return {"Masc": "m", "Fem": "f"}.get(g[0]) if g else None


def role_phrase(token: Token) -> str:
    """The role noun with its complements, without determiner: "porte-parole du gouvernement"."""
    keep = [token]
    for child in token.children:
        if child.pos_ == "PROPN" and not any(c.dep_ == "case" for c in child.children):
            continue  # "la ministre Nathalie Roussel": the name is not part of the role
        if child.i > token.i and child.dep_ in ("nmod", "amod", "flat", "fixed", "compound") and not child.is_punct:
            keep.extend(t for t in child.subtree)
        elif child.i < token.i and child.dep_ in ("amod",):
            keep.extend(t for t in child.subtree)
    keep = sorted({t.i: t for t in keep}.values(), key=lambda t: t.i)
    start, end = keep[0].i, keep[-1].i + 1
    # stop at the first comma or parenthesis: an apposition is not part of the role
    for t in token.doc[token.i : end]:
        if t.text in (",", "(", ")", ";", ":", "«", "»") or "\n" in t.text:
            end = t.i
            break
    return token.doc[start:end].text


def is_complement(m: Span, name: str) -> bool:
    """Is the name after "de" the complement of the noun before ("un proche de Brigitte Troadec",
    "le porte-parole de Macron" when the article calls him Emmanuel Macron) rather than a name with its
    particle ("le général de Gaulle")? A first name cannot follow a particle; a family name alone can,
    so it is a complement only when the person's full name is known and has no "de" before it."""
    if m.start == 0 or m.doc[m.start - 1].lower_ not in _OF:
        return False
    if len(m) > 1:
        return True
    words = name.split()
    return len(words) > 1 and f"{m.doc[m.start - 1].text} {m.text}" not in name and f"{m.doc[m.start - 1].text}{m.text}" not in name


def _inverted_after_quote(token: Token) -> bool:
    """ "« … », a répliqué la maire": the subject after the verb of an incise."""
    verb = token.head
    doc = token.doc
    return (verb.pos_ == "VERB" and verb.i < token.i <= verb.i + 3
            and any(t.text in CLOSING_MARKS for t in doc[max(0, verb.i - 4) : verb.i]))


class Coreference:
    """Resolves pronouns and role nouns to entity clusters in one document."""

    def __init__(self, doc: Doc, clusters: list[Cluster], sentence_of: list[int], inside: set[int] | None = None) -> None:
        self.doc = doc
        self.sentence_of = sentence_of
        self.inside = inside or set()
        self.infos = [EntityInfo(c) for c in clusters]
        self.cluster_at: dict[int, int] = {}
        for k, cluster in enumerate(clusters):
            for m in cluster.mentions:
                for i in range(m.start, m.end):
                    self.cluster_at[i] = k
        # the mention a token is part of, of the cluster it belongs to (the first, if two hold it): looked
        # up at each speaker resolved, where a walk over a cluster's mentions grew with the article
        self.mention_at: dict[int, Span] = {}
        for k, cluster in enumerate(clusters):
            for m in cluster.mentions:
                for i in range(m.start, m.end):
                    if self.cluster_at[i] == k:
                        self.mention_at.setdefault(i, m)
        # the antecedents: (token index of the mention head, cluster, is a subject)
        self.mentions: list[tuple[int, int, bool]] = []
        for k, cluster in enumerate(clusters):
            for m in cluster.mentions:
                if inside is None or m.start not in inside:  # a name inside a quotation is not an antecedent
                    self.mentions.append((m.start, k, self._is_subject(m)))
        self.mentions.sort()
        self.speakers: list[tuple[int, int]] = []  # (token index, cluster) of attributions made so far
        for info in self.infos:
            self._learn(info)
        self._add_role_mentions()
        self._pronouns: dict[int, tuple[int | None, float]] = {}
        self._nouns: dict[str, list[int]] | None = None
        self._chain_pronouns()

    def _chain_pronouns(self) -> None:
        """Resolve the singular subject pronouns in text order, each one resolved becoming a mention
        of its entity: "Bayrou renonce… Il a annoncé… il annonce… il affirme" stays with Bayrou, however
        many other names come between."""
        strings = self.doc.vocab.strings
        wanted = [strings.add(form) for form in ("il", "elle", "-il", "-elle")]
        for i in np.flatnonzero(np.isin(self.doc.to_array("LOWER"), wanted)).tolist():
            tok = self.doc[i]  # only the pronouns: this runs on every document of a corpus
            form = tok.lower_.lstrip("-")
            if tok.i in self.inside:
                continue
            k, confidence = self._resolve_pronoun(tok)
            self._pronouns[tok.i] = (k, confidence)
            if k is not None:
                bisect.insort(self.mentions, (tok.i, k, True))
                if self.infos[k].gender is None and self.infos[k].cluster.label == "PER":
                    # "Oksana Kovrijnaïa. Elle précise…": the pronoun tells the gender the name did not
                    self.infos[k].gender = PRONOUNS[form][0]

    def _add_role_mentions(self) -> None:
        """A role noun the article ties to one person is a mention of that person for the pronouns after
        it: "L'avocat de l'accusé, Me Olivier Saint-Cyr, a plaidé… « … », a-t-il martelé" (the subject is
        the avocat, the name an apposition), "« … », a répliqué la maire. Elle a ensuite…"."""
        for tok in self.doc:
            if tok.pos_ != "NOUN" or tok.i in self.cluster_at or tok.i in self.inside or role_of(tok) is None:
                continue
            k, _ = self.resolve_role(tok)
            if k is not None and self.infos[k].cluster.label == "PER":
                subject = tok.dep_.startswith("nsubj") or _inverted_after_quote(tok) or self._in_opening_noun_phrase(tok.doc[tok.i : tok.i + 1])
                bisect.insort(self.mentions, (tok.i, k, subject))

    def _is_subject(self, span: Span) -> bool:
        root = span.root
        while root.dep_ in ("flat:name", "flat", "appos") and root.head.i != root.i:
            root = root.head
        return root.dep_.startswith("nsubj") or self._in_opening_noun_phrase(span)

    def _in_opening_noun_phrase(self, span: Span) -> bool:
        """ "La secrétaire générale du Syndicat X, Corinne Belkacem, en est ressortie…": a name in the noun
        phrase that opens its sentence, before any verb, is its subject, however the parser hung it."""
        doc = span.doc
        a = bisect.bisect_left(self.sentence_of, self.sentence_of[span.start])  # where its sentence starts
        if doc[a].pos_ not in ("DET", "PROPN", "NOUN") or span.start - a > 12:
            return False
        if any(t.pos_ in ("VERB", "AUX", "PRON", "SCONJ", "CCONJ") or t.is_punct and t.text != "," for t in doc[a : span.start]):
            return False
        # the phrase's head (its first noun), or a name set off by commas: not a complement ("la version du
        # décret du président Donald Trump a été bloquée par le juge")
        head = span.start == a or not any(t.pos_ in ("NOUN", "PROPN") for t in doc[a : span.start])
        set_off = doc[span.start - 1].text == "," and span.end < len(doc) and doc[span.end].text == ","
        return (head or set_off) and any(t.pos_ in ("VERB", "AUX") for t in doc[span.end : span.end + 6])

    def _learn(self, info: EntityInfo) -> None:
        """Gender and roles of a cluster, from the words around its mentions."""
        titles = honorifics()
        votes: list[str] = []
        for m in info.cluster.mentions:
            doc = m.doc
            prev = doc[m.start - 1] if m.start > 0 else None
            if prev is not None and prev.text in titles and titles[prev.text].gender in ("m", "f"):
                votes += [titles[prev.text].gender] * 3
            # "la ministre Élisabeth Borne", "le porte-parole du gouvernement, Olivier Véran"
            for tok in dict.fromkeys(self.role_tokens_near(m, info.cluster.name)):
                role = role_of(tok)
                if role is None and info.cluster.label == "PER" and tok.lower_ in person_nouns():
                    votes += [person_nouns()[tok.lower_]] * 2  # "sa femme, Leïla", "son fils Hugo"
                    continue
                if role is None or (info.cluster.label == "PER") != (roles()[role].kind == "PER"):
                    continue  # "le porte-parole du gouvernement, X": X is the porte-parole, not the gouvernement
                info.roles.append((m.start, role, role_phrase(tok)))
                g = _det_gender(tok) if roles()[role].gender == "x" else roles()[role].gender
                if g:
                    votes += [g] * 2
        if info.cluster.label == "PER":
            first = info.cluster.name.split()[0]
            g = first_name_sex(first)[0] if len(info.cluster.name.split()) > 1 else None
            if g:
                votes += [g] * 2
            for m in info.cluster.mentions:
                # the tagger's gender on a proper name is a guess ("Fidel" Fem): only a common noun's counts
                morph = m[0].morph.get("Gender") if m[0].pos_ != "PROPN" else None
                if morph:
                    votes.append({"Masc": "m", "Fem": "f"}[morph[0]])
        elif info.cluster.label == "ORG":
            for m in info.cluster.mentions:
                g = _det_gender(m.root) if m.start > 0 and m.doc[m.start - 1].dep_ == "det" else None
                prev = m.doc[m.start - 1] if m.start > 0 else None
                if prev is not None and prev.lower_ in _DET_GENDER:
                    g = _DET_GENDER[prev.lower_]
                if g:
                    votes.append(g)
        if votes:
            m_votes, f_votes = votes.count("m"), votes.count("f")
            if m_votes != f_votes:
                info.gender = "m" if m_votes > f_votes else "f"

    def role_tokens_near(self, m: Span, name: str) -> list[Token]:
        """The role nouns the article ties to the mention ``m`` of the person or organisation ``name``:
        before it ("la ministre Élisabeth Borne"), in apposition ("X, le PDG de la compagnie")."""
        doc = m.doc
        found: list[Token] = []
        root = m.root
        for child in root.children:
            if child.dep_ == "appos" and child.pos_ == "NOUN":
                found.append(child)
        if root.dep_ == "appos" and root.head.pos_ == "NOUN":
            found.append(root.head)
        # the words just before the name: "le ministre des Finances Michel Sapin", "la députée X"
        i = m.start - 1
        steps = 0 if m.label_ == "PER" else 10  # "le président du Sénat": the Sénat is not the président
        if is_complement(m, name):
            steps = 10  # "un proche de Brigitte T.", "l'avocat de X": the noun is someone else
        while i >= 0 and steps < 10:
            tok = doc[i]
            in_person = tok.i in self.cluster_at and self.infos[self.cluster_at[tok.i]].cluster.label == "PER"
            if tok.is_punct and tok.text != "," or "\n" in tok.text or in_person:
                break
            if tok.pos_ == "NOUN" and (role := role_of(tok)):
                if m.label_ != "PER" or roles()[role].kind == "PER":
                    found.append(tok)
                    break
                # "la secrétaire générale du Syndicat des soignants, Corinne B.": the union is her role's complement
            i -= 1
            steps += 1
        # "Ghaith al Ghaith, le PDG de la compagnie" just after the name
        j = m.end
        if j < len(doc) and doc[j].text == "," and m.label_ == "PER":
            for tok in doc[j + 1 : j + 4]:
                if tok.pos_ == "NOUN" and role_of(tok):
                    # an apposition, not the subject of the next clause: "X, le PDG de Y, a annoncé"
                    if tok.dep_ in ("appos", "nmod") or m.start <= tok.head.i < m.end:
                        found.append(tok)
                    break
        return found

    def positions_of(self, lower: str, before: int) -> list[int]:
        """The positions of the common nouns written ``lower`` before token ``before``, in order (the
        nouns indexed once per article, on first use)."""
        if self._nouns is None:
            self._nouns = {}
            for tok in self.doc:
                if tok.pos_ == "NOUN":
                    self._nouns.setdefault(tok.lower_, []).append(tok.i)
        found = self._nouns.get(lower, [])
        return found[: bisect.bisect_left(found, before)]

    def role(self, k: int) -> str | None:
        """The function the article gives the entity, as written ("ministre des Finances")."""
        roles_ = self.infos[k].roles
        return roles_[0][2] if roles_ else None

    def note_speaker(self, token_index: int, k: int) -> None:
        self.speakers.append((token_index, k))

    def resolve_pronoun(self, token: Token) -> tuple[int | None, float]:
        """The cluster a personal pronoun refers to, with a confidence; (None, 0) when unsure."""
        if token.i in self._pronouns:
            return self._pronouns[token.i]
        return self._resolve_pronoun(token)

    def _resolve_pronoun(self, token: Token) -> tuple[int | None, float]:
        form = token.lower_.lstrip("-")
        gender, number = PRONOUNS.get(form, (None, None))
        if gender is None or number == "plur":
            return None, 0.0
        here = self.sentence_of[token.i]
        # a subject pronoun continues the topic: a subject or a speaker of the last two sentences comes
        # before a nearer mention in another role ("Bayrou a annoncé… le programme de François Fillon…
        # il affirme": Bayrou)
        # "il" and "elle" are subject forms ("lui", "le" the others), whatever the parser's label (it
        # often says expl:subj); "elle" after a preposition ("selon elle") is not
        before = self.doc[token.i - 1] if token.i > 0 else None
        subject = form in ("il", "elle") and not (before is not None and before.pos_ == "ADP")
        best: tuple[tuple, int] | None = None
        compatible: set[int] = set()
        fallback: list[tuple[int, int]] = []
        # from the first mention of the sentences in reach: those before are too far, and a long article
        # is not walked from its start for each pronoun
        first = bisect.bisect_left(self.mentions, (bisect.bisect_left(self.sentence_of, here - 4),))
        for n in range(first, len(self.mentions)):
            pos, k, is_subj = self.mentions[n]
            if pos >= token.i:
                break
            info = self.infos[k]
            distance = here - self.sentence_of[pos]
            if distance > 4 or info.cluster.label not in ("PER", "ORG"):
                continue
            if info.gender is not None and info.gender != gender:
                continue
            if info.cluster.label == "ORG" and info.gender is None:
                if gender == "m":
                    fallback.append((pos, k))  # "Monsanto … il": when no one else can be "il"
                continue
            compatible.add(k)
            was_speaker = any(k == sk and sp < token.i and here - self.sentence_of[sp] <= 3 for sp, sk in self.speakers)
            key = (
                subject and (is_subj or was_speaker) and distance <= 2,
                -distance,
                info.cluster.label == "PER",
                is_subj or was_speaker,
                pos,
            )
            if best is None or key > best[0]:
                best = (key, k)
        if best is None and fallback:
            return fallback[-1][1], TRUST["pronoun_fallback"]
        if best is None:
            return None, 0.0
        k = best[1]
        others = compatible - {k}
        confidence = TRUST["pronoun_alone"] if not others else TRUST["pronoun_among_others"]
        if self.infos[k].gender is None:
            confidence += TRUST["pronoun_gender_unknown"]
        return k, confidence

    def latest(self, token: Token, speaks: Callable[[Token], bool]) -> int | Token | None:
        """What "ce dernier" (``token`` is "dernier") points to: the person or organization named last
        before it, in the two sentences before, of its gender and number: a cluster, or a role or group
        noun as written ("Le juge a reçu l'avocat. Selon ce dernier…" -> avocat; "ces derniers": the
        nearest plural noun). None when unsure."""
        latter = token.lower_ in _LATTER
        person = token.lower_ in _CONCERNED
        gender, number = (_LATTER if latter else _CONCERNED if person else _LATEST)[token.lower_]
        here = self.sentence_of[token.i]
        doc = token.doc
        if person and number == "Sing":
            return self._concerned(token, gender)
        for i in range(token.i - (1 if latter else 2), -1, -1):
            if here - self.sentence_of[i] > 2:
                break
            tok = doc[i]
            if i in self.inside or tok.is_punct:
                continue
            if i in self.cluster_at and number == "Sing":
                info = self.infos[self.cluster_at[i]]
                if info.cluster.label in (("PER",) if person else ("PER", "ORG")) and (info.gender is None or info.gender == gender):
                    return self.cluster_at[i]
                continue
            if tok.pos_ != "NOUN" or tok.morph.get("Number") != [number]:
                continue
            if number == "Sing" and not _names_a_person(tok):
                continue  # "la juge a interrogé le prévenu. … a répondu celui-ci": a role or a person, not "le geste"
            if number == "Plur" and not speaks(tok):
                continue  # "Les manifestants ont défilé dans les rues. Selon ces derniers": not the streets
            if _agrees(tok, gender, number):
                # "à une époque où X était responsable de… Ce dernier": the predicate of a named person is that person
                if number == "Sing" and any(c.dep_ == "cop" for c in tok.children):
                    named = next((c.i for c in tok.children if c.dep_.startswith("nsubj") and c.i in self.cluster_at), None)
                    if named is not None and self.infos[self.cluster_at[named]].cluster.label == "PER":
                        return self.cluster_at[named]
                return tok
        return None

    def ordinal(self, token: Token) -> int | None:
        """ "Le premier a promis…; la seconde a jugé…": the first or second of the two people named in the
        two sentences before (and in this one before the word), of its gender; None if not exactly two, or
        when ``token`` is not such a pronoun ("le premier ministre", "la seconde fois"). A subject, or the
        one after an incise's verb ("« … », raconte la seconde"), which the parser may take for an object."""
        doc = token.doc
        if token.lower_ not in _ORDINALS or token.i == 0 or doc[token.i - 1].lower_ not in ("le", "la"):
            return None
        if not (token.dep_.startswith("nsubj") or _inverted_after_quote(token)) or not _alone(token):
            return None
        named = self._people_before(token, 2)
        if len(named) != 2:
            return None
        gender, which = _ORDINALS[token.lower_]
        k = named[which]
        return k if gender is None or self.infos[k].gender in (None, gender) else None

    def _concerned(self, token: Token, gender: str | None, eligible: Callable[[int], bool] | None = None) -> int | None:
        """ "l'intéressé": the one person of its gender (None: of either) named in its sentence and the two
        before, or None (not the last one named: "Le parquet vise l'ancien maire X. Selon le procureur, Y, …
        L'intéressé se dit « serein »" is X, whom nothing tells from Y). "Les intéressés": as "ces derniers".
        Only the persons ``eligible`` says may be meant count."""
        found = [k for k in self._people_before(token, 2) if (gender is None or self.infos[k].gender in (None, gender))
                 and (eligible is None or eligible(k))]
        return found[0] if len(found) == 1 else None

    def epithet(self, token: Token) -> int | None:
        """The person an epithet (:func:`is_epithet`) stands for: "« … », a lâché le quadragénaire" after
        one man named, "a conclu l'élue" after one woman named. As "l'intéressé": the one person of its
        gender named in its sentence and the two before, None if there are more (or none)."""
        party = token.lower_ in word_list("party_noun")
        # "a reconnu le prévenu": not the lawyer, judge or prosecutor the article named beside the defendant
        return self._concerned(token, epithet_gender(token), self._no_counsel if party else None)

    def _no_counsel(self, k: int) -> bool:
        """A person the article gives no role and never calls "Maître" ("Me X"): who may be a party to a case."""
        titles = honorifics()
        return not self.infos[k].roles and not any(
            m.start > 0 and (title := titles.get(m.doc[m.start - 1].text)) is not None and title.expansion == "Maître"
            for m in self.infos[k].cluster.mentions)

    def _people_before(self, token: Token, sentences: int) -> list[int]:
        """The persons mentioned before ``token`` in its sentence and the ``sentences`` before, each once, in
        the order of their first mention there."""
        here = self.sentence_of[token.i]
        named: list[int] = []
        for pos, k, _ in self.mentions:
            if pos >= token.i:
                break
            if here - self.sentence_of[pos] <= sentences and self.infos[k].cluster.label == "PER" and k not in named:
                named.append(k)
        return named

    def plural_antecedent(self, token: Token, speaks: Callable[[Token], bool] | None = None) -> Token | None:
        """The group "ils"/"elles" stands for: the nearest plural noun subject of the sentences
        before (within two), of the pronoun's gender when the noun shows it; a passive's subject only if
        ``speaks`` says it can speak ("les deux hommes ne se sont pas parlé", not "les premiers
        centimètres du sol sont retournés")."""
        return self.noun_antecedent(token, "Plur", speaks)

    def noun_antecedent(self, token: Token, number: str = "Sing", speaks: Callable[[Token], bool] | None = None) -> Token | None:
        """The unnamed antecedent of a pronoun: the nearest noun subject (or "selon" source) of the
        sentences before (within two), of the pronoun's number, and of its gender when the noun shows
        it: "Le député a rencontré la ministre. Selon lui, …" -> député; in that sentence, the subject of
        its main clause before that of a subordinate one. A singular one must be a role
        noun ("le député", "la porte-parole"): "la réforme" does not speak."""
        gender = PRONOUNS.get(token.lower_.lstrip("-"), (None,))[0]  # "l'autre": of either gender
        here = self.sentence_of[token.i]
        doc = token.doc
        nearest = None  # in the nearest sentence with one, the main clause's subject comes first
        for i in range(token.i - 1, -1, -1):
            if here - self.sentence_of[i] > 2:
                break
            tok = doc[i]
            source = any(c.lower_ == "selon" for c in tok.children if c.dep_ == "case")  # "selon les volontaires"
            source = source or tok.dep_ == "obl:agent"  # "revendiquée par les islamistes shebab … ont-ils écrit"
            # a group's reflexive verb is often parsed as a passive: "les deux hommes ne se sont pas parlé"
            subject = tok.dep_ == "nsubj" or tok.dep_ == "nsubj:pass" and number == "Plur" and speaks is not None and speaks(tok)
            if not (subject or source) or tok.pos_ != "NOUN" or tok.morph.get("Number") != [number]:
                continue
            if number == "Sing" and not _names_a_person(tok):
                continue  # "la réforme" does not speak; "la ministre", "la mère" do
            if i in self.inside or not _agrees(tok, gender, number):
                continue
            if nearest is None:
                nearest = tok
            if self.sentence_of[i] != self.sentence_of[nearest.i]:
                break
            if tok.head.dep_ == "ROOT" or tok.head == tok:
                return tok  # "La mère de P. a confirmé…, alors que la mère du suspect avait…" -> the main clause's
        return nearest

    def resolve_role(self, token: Token) -> tuple[int | None, float]:
        """The cluster a role noun refers to ("le porte-parole" -> Olivier Véran), if the article says."""
        role = role_of(token)
        if role is None:
            return None, 0.0
        gender = _det_gender(token)
        if roles()[role].gender == "x" and not any(c.dep_ == "det" and c.lower_ in _DET_GENDER for c in token.children):
            gender = None  # "l'édile": the tagger's gender of a noun for both sexes, with no determiner to show it, is a guess
        best = None
        covered = (role, *roles()[role].covers)  # "la magistrate": the procureure named before
        for k, info in enumerate(self.infos):
            for pos, r, _ in info.roles:
                if r in covered and pos != token.i and (info.gender is None or gender is None or info.gender == gender):
                    if not (info.cluster.mentions[0].start <= token.i + 12):
                        continue
                    if best is None or abs(pos - token.i) < best[0]:
                        best = (abs(pos - token.i), k)
        if best is None and roles()[role].kind == "ORG":
            return self._resolve_institution(token, role)
        if best is None:
            return None, 0.0
        return best[1], TRUST["role_of_a_named_person"]

    def _resolve_institution(self, token: Token, role: str) -> tuple[int | None, float]:
        """ "le ministère" -> "ministère de l'Intérieur", "la compagnie" -> "compagnie Flydubai": the latest
        organization named with that noun, before the role noun; for a company, with any noun of a company
        ("le groupe EDF … l'entreprise")."""
        companies = word_list("company_noun")
        nouns = set(companies) if role in companies else {role}
        best = None
        for k, info in enumerate(self.infos):
            if info.cluster.label != "ORG":
                continue
            for m in info.cluster.mentions:
                if m.start >= token.i:
                    break
                named = m[0].lower_ in nouns or (m.start > 0 and m.doc[m.start - 1].lower_ in nouns)
                if named and (best is None or m.start > best[0]):
                    best = (m.start, k)
        if best is None:
            return None, 0.0
        # another organisation spoke in the sentences just before ("…, indique la NASA. « … », tempère
        # l'agence spatiale", with the Canadian agency named earlier): the noun may be either, leave it as written
        here = self.sentence_of[token.i]
        if any(k != best[1] and self.infos[k].cluster.label == "ORG" and 0 <= here - self.sentence_of[sp] <= 2
               for sp, k in self.speakers if sp < token.i):
            return None, 0.0
        return best[1], TRUST["role_named_before"]
