"""Who speaks: the subject of a cue verb, and what that subject resolves to.

The parser's view of French incises is imperfect: in "« … », estime la CGT" the inverted subject
comes out as an object, in "a-t-il déclaré" the "-t" token may be taken for the subject, and a
participle clause ("…, s'opposant à « … »") has no subject of its own. These functions repair that.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from ..lexicon import honorifics, roles, speech_nouns, word_list
from ..roles import role_of
from ..trust import TRUST
from .animacy import Animacy
from .coref import PRONOUNS, Coreference, is_complement, is_concerned, is_epithet, is_latest, latest_word, role_phrase

_NOMINAL = ("NOUN", "PROPN", "PRON")
# indefinite pronouns that speak for a group, kept as written: "certains se demandaient si…"
INDEFINITES = {"certains", "certaines", "plusieurs", "beaucoup", "d'autres", "d’autres", "la plupart", "tous", "toutes"}
_CLITICS = {"le", "la", "l'", "l’", "les", "lui", "leur", "se", "s'", "s’", "en", "y", "me", "te", "nous", "vous", "on", "ce", "c'", "c’", "ça", "cela"}
_RELATIVES = {"qui"}
# how far back (in tokens) a bare noun looks for the fuller phrase the article first named it with
_FULLER_WITHIN = 600
# the lowercase words of a name: "Charles de Gaulle", "Ursula von der Leyen", "Mohammed ben Salmane"
_NAME_PARTICLES = frozenset({"de", "du", "des", "d'", "d’", "la", "le", "van", "von", "der", "den", "ben", "bin",
                             "ibn", "al", "el", "da", "di", "dos", "das", "do", "y", "-"})
# the verbs whose subject issues the document they take as object: "X a publié un communiqué dénonçant…"
_ISSUING_VERBS = frozenset({"publier", "diffuser", "signer", "rédiger", "envoyer", "adresser", "transmettre", "lire"})
# the endings of a past participle ("interrogée", "sollicités", "saisi", "prévenue")
_PARTICIPLE_ENDINGS = ("é", "ée", "és", "ées", "i", "ie", "is", "ies", "u", "ue", "us", "ues")
# the clitics of the one spoken to, in an incise's verb group: "», lui a lancé X", "», nous a-t-il dit", "m'a-t-il confié"
DATIVES = frozenset({"lui", "leur", "me", "m'", "m’", "te", "t'", "t’", "nous", "vous"})
# the determiners of a noun that can be a speaker ("le ministre", "une riveraine", "ses avocats"), and with
# the partitive ones, what a noun phrase as written drops before its noun ("des habitants" -> habitants)
SPEAKER_DETERMINERS = frozenset(
    {"le", "la", "les", "l'", "l’", "un", "une", "des", "ce", "cet", "cette", "ces", "son", "sa", "ses", "leur", "leurs"}
)
_DETERMINERS = SPEAKER_DETERMINERS | {"du", "de", "d'", "d’"}
_PHRASE_STOP = {",", "(", ")", ";", ":", "«", "»", "“", "”", '"', "—", "–"}


@dataclass(frozen=True)
class Speaker:
    """A resolved speaker: the canonical name, how it was written, and how sure we are."""

    name: str | None
    mention: str
    label: str | None
    role: str | None
    confidence: float
    cluster: int | None = None
    token: int | None = None


def is_t_token(token: Token) -> bool:
    """The euphonic "-t" of "a-t-il", which the parser may take for a subject."""
    return token.lower_ in ("-t", "t", "-t-")


def subject_of(verb: Token, inside: set[int], inverted: bool = False, depth: int = 0) -> Token | None:
    """The subject of ``verb``, climbing to the governing verb of a participle or infinitive clause.

    Args:
        verb: the cue verb or the verb governing a quote.
        inside: token indices inside quotation marks (never a subject of the writer's sentence).
        inverted: also accept a nominal after the verb ("estime la CGT", parsed as an object).
    """
    pronoun = None
    # "Ce dernier aurait, par courriel, expliqué…": a subject the parser hung on the auxiliary is the verb's
    hung = [g for c in verb.children if c.dep_.startswith("aux") and c.i < verb.i for g in c.children if g.dep_.startswith("nsubj")]
    children = sorted([*verb.children, *hung], key=lambda c: c.pos_ != "PROPN")  # two subjects: the name first
    times = word_list("time_word") if inverted else ()
    for child in children:
        if is_t_token(child):
            # "a-t-elle répondu": the pronoun after the euphonic -t, wherever the parser hung it
            nxt = child.doc[child.i + 1] if child.i + 1 < len(child.doc) else None
            if nxt is not None and nxt.lower_.lstrip("-") in PRONOUNS:
                return nxt
            continue
        if child.i in inside:
            continue
        if child.dep_ == "nsubj" and child.i < verb.i and present_participle(verb) and any(
            t.text == "," for t in verb.doc[child.i + 1 : verb.i]
        ):
            continue  # "…que le blocage de l'usine, qui dure…, reconnaissant que": a participle after a comma has the sentence's subject
        if inverted and child.i < verb.i and child.lower_ in DATIVES:
            continue  # "« … », lui a lancé une ouvrière": the one spoken to, not the speaker
        if child.dep_ in ("nsubj", "expl:subj") and (
            child.pos_ in _NOMINAL + ("NUM", "DET", "ADJ", "X") or _is_nominal(child) or child.lower_ in PRONOUNS  # "Celui-ci" as CCONJ
        ):
            if child.lower_.lstrip("-") in PRONOUNS or child.pos_ != "PRON" or child.lower_ in _RELATIVES:
                if child.lower_ in _RELATIVES:
                    return _antecedent(child, verb)
                opened = after_opening_participle(child, verb) if child.is_sent_start else None
                return opened or past_relative_clause(verb, child)
            pronoun = pronoun or child
    if pronoun is not None and pronoun.lower_ not in ("on", "ce", "c'", "c’", "cela", "ça"):
        return pronoun
    if inverted:
        for child in verb.children:
            if child.lower_ in times:
                continue  # "a déclaré mercredi un responsable": a time, not the speaker
            if child.i > verb.i and child.i not in inside and (child.pos_ in _NOMINAL or _is_nominal(child)) and child.dep_ in (
                "obj", "nsubj", "appos", "nmod", "dep", "obl:arg", "obl:mod", "iobj", "conj", "flat:name",
            ):
                if child.lower_ in _CLITICS:
                    continue
                if any(c.dep_ == "case" for c in child.children):
                    # "a déclaré à l'AFP un diplomate": the subject hung on the one spoken to, without a comma
                    hung = next((c for c in child.rights if c.dep_ in ("appos", "nmod") and c.pos_ in ("NOUN", "PROPN")
                                 and not any(g.dep_ == "case" for g in c.children)
                                 and not any(t.is_punct for t in verb.doc[child.i : c.i])), None)
                    if hung is None:
                        continue
                    return hung
                if child.dep_ == "obl:mod" and not can_speak(child):
                    continue  # "a noté un jour le chef animateur": a time, not the speaker
                return child
        # the parser sometimes hangs the inverted subject on the next token: take the first nominal after
        for tok in verb.doc[verb.i + 1 : verb.i + 6]:
            if tok.i in inside or tok.is_punct:
                break
            if tok.lower_ in times:
                continue
            if (tok.pos_ in ("PROPN", "NOUN") or _is_nominal(tok)) and not any(c.dep_ == "case" for c in tok.children):
                return tok
            if tok.lower_.lstrip("-") in PRONOUNS and tok.i > verb.i or is_latest(tok):
                return tok
    head = verb.head
    if verb.dep_ == "acl" and gerund(verb) and depth < 3:
        # "a interpellé le ministre en criant « … »": the parser hangs the gerund on the noun before it,
        # but a gerund's subject is its clause's; climb to the verb that noun depends on
        while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:  # Token objects are made anew: compare indices
            head = head.head
        return subject_of(head, inside, False, depth + 1) if head.pos_ in ("VERB", "AUX") else None
    if (verb.dep_ == "acl" and head.i < verb.i and head.pos_ in _NOMINAL and head.i not in inside and present_participle(verb)
            and not any(t.is_punct for t in verb.doc[head.i + 1 : verb.i]) and (head.pos_ != "NOUN" or can_speak(head))):
        # "…, le président promettant d'inverser la courbe": the noun the participle describes (after a
        # comma, "…, Jean-Claude Juncker, confiant que…", it describes the subject of the sentence)
        return head
    if depth < 3 and verb.dep_ == "cop" and verb.head.i != verb.i:
        return subject_of(verb.head, inside, False, depth + 1)  # "elle est formelle :": the adjective's subject
    if depth < 3 and verb.dep_ in ("conj", "xcomp", "advcl", "acl", "ccomp", "parataxis") and verb.head.i != verb.i:
        if verb.dep_ == "conj" or verb.morph.get("VerbForm") in (["Part"], ["Inf"], ["Ger"]) or verb.dep_ == "xcomp":
            found = subject_of(verb.head, inside, False, depth + 1)
            return past_relative_clause(verb, found)
    return None


def past_relative_clause(verb: Token, found: Token | None) -> Token | None:
    """ "X, dont le recours avait été rejeté, a estimé que…": the subject ``found`` for ``verb`` ("recours") is
    the relative clause's (the parser made it the main clause, or left the cue with no subject); the speaker
    is X, the word before the comma that opens the relative clause."""
    if found is None or found.i > verb.i:
        return found
    doc = verb.doc
    # "Ce dernier, qui avait rencontré la veille la présidente, X, a promis": as far as a relative clause's verb
    # and its object go
    r = next((k for k in range(found.i, max(-1, found.i - 10), -1) if doc[k].lower_ in ("dont", "qui")), None)
    if r is None or r < 2 or doc[r - 1].text != "," or not any(t.text == "," for t in doc[found.i : verb.i]):
        return found
    if any(t.text == "," for t in doc[r + 1 : found.i - 1]):
        # "Interrogé sur la réforme, qui doit être votée mardi, le ministre, X, a estimé": the clause ended before
        # it (not the comma that sets off a name: "qui a reçu le préfet, Jean Roux, a déclaré")
        return found
    before = doc[r - 2]  # the word before the comma that opens the relative clause: the end of its antecedent
    return before if before.pos_ in ("NOUN", "PROPN") or is_latest(before) else found


def after_opening_participle(first: Token, verb: Token) -> Token | None:
    """The subject after a participle phrase that opens the sentence at ``first``, where the tagger took
    the participle for the subject or the parse lost the verb's subject: "Questionnée par Le Monde, la
    directrice… a estimé", "Sollicitée par Le Figaro, la directrice… a assuré" -> directrice."""
    doc = first.doc
    if not (first.text[:1].isupper() and first.lower_.endswith(_PARTICIPLE_ENDINGS) and first.i + 1 < verb.i
            and doc[first.i + 1].lower_ == "par"):
        return None
    comma = next((t for t in doc[first.i + 2 : min(first.i + 10, verb.i)] if t.text == ","), None)
    if comma is None:
        return None
    return next((t for t in doc[comma.i + 1 : verb.i] if t.pos_ in ("NOUN", "PROPN")), None)


def _is_nominal(token: Token) -> bool:
    """A word the tagger took for an adjective or a participle, used as a noun after its determiner:
    "l'accusé", "une ouvrière", "le prévenu"."""
    return token.pos_ in ("ADJ", "VERB") and any(
        c.i == token.i - 1 and (c.dep_ == "det" or c.pos_ == "DET") for c in token.children
    )  # "un supporter", the article parsed as the object of the verb "supporter"


def gerund(verb: Token) -> bool:
    """ "en criant", "tout en précisant": a present participle after "en"."""
    return verb.i > 0 and verb.doc[verb.i - 1].lower_ == "en" and present_participle(verb)


def present_participle(verb: Token) -> bool:
    """ "promettant", "estimant": the form that describes its noun as the one doing it."""
    return verb.morph.get("VerbForm") == ["Part"] and verb.morph.get("Tense") == ["Pres"] or verb.lower_.endswith("ant")


def _issuer(document: Token, coref: Coreference) -> Speaker | None:
    """Who issued a document: its "de X" complement, the agent of a participle on it ("par X"), or the
    subject of the verb that issued it ("Le parti a publié un communiqué dénonçant…")."""
    verb = document.head
    if document.dep_ == "obj" and verb.pos_ == "VERB" and verb.lemma_.lower() in _ISSUING_VERBS:
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        author = resolve(subject, coref) if subject is not None else None
        if author is not None:
            return author
    for child in document.children:
        case = [c.lower_ for c in child.children if c.dep_ == "case"]
        if child.dep_ == "nmod" and case and case[0] in ("de", "du", "des", "d'", "d’"):
            author = resolve(child, coref)
            if author is not None:
                return author
        if child.dep_ == "acl" and child.pos_ == "VERB":  # "images diffusées par Irib"
            agents = [a for a in child.children if a.dep_ == "obl:agent" or any(c.lower_ == "par" for c in a.children if c.dep_ == "case")]
            # "données publiées vendredi par l'Insee": the parser may hang the agent on the day
            par = next((t for t in document.doc[child.i + 1 : child.i + 5] if t.lower_ == "par" and t.head.i > t.i), None)
            for agent in agents + ([par.head] if par is not None else []):
                author = resolve(agent, coref)
                if author is not None and author.label in ("PER", "ORG", "LOC"):
                    return author
    return None


def can_speak(token: Token) -> bool:
    """Could this noun say something? A named entity or a role noun can; else the animacy model
    decides ("jour", "victoire" cannot); without the model, anything can."""
    if token.pos_ == "PROPN" or token.ent_type_ or role_of(token) is not None:
        return True
    animacy = Animacy.load()
    glued = token.doc[token.i : _glued_end(token.doc, token.i) + 1].text.lower()  # "état", "-", "major"
    if glued != token.lower_:
        return glued in roles() or animacy is None or animacy.of_word(token.vocab, glued) >= 0.25
    return animacy is None or animacy.of_token(token) >= 0.25


def _glued_end(doc, i: int) -> int:
    """The last token of the word at ``i`` with the hyphenated parts written against it: the tokenizer
    splits "état-major" into "état", "-", "major"."""
    while i + 1 < len(doc) and doc[i].whitespace_ == "" and (doc[i + 1].text.startswith("-") or doc[i].text.endswith("-")):
        i += 1
    return i


def _antecedent(relative: Token, verb: Token) -> Token | None:
    """What "qui" stands for: the head of the relative clause, or the noun just before it
    (a cleft sentence, "C'est Maradona qui a fait le premier pas", is often parsed otherwise)."""
    near = None
    for tok in reversed(relative.doc[max(0, relative.i - 3) : relative.i]):
        if tok.text == ",":
            continue
        near = tok if tok.pos_ in ("NOUN", "PROPN") or is_latest(tok) else None  # "Ce dernier, qui…"
        break
    if verb.dep_ == "acl:relcl":
        head = verb.head
        if near is not None and near is not head and head.pos_ == "NOUN" and not can_speak(head) and can_speak(near):
            return near  # "…un acte terroriste selon la police, qui précise…": the clause hung on the wrong noun
    elif near is None:
        return None
    else:
        head = near  # the clause not parsed as a relative one: the noun before "qui"
    # a place, or a name after a noun that cannot speak: "le quartier des Glycines", "la résidence des Acacias"
    place = head.ent_type_ == "LOC" or head.pos_ == "NOUN" and not can_speak(head) or (
        (head.ent_type_ != "" or head.text[:1].isupper()) and head.head.pos_ == "NOUN" and not can_speak(head.head))
    if place and head.dep_ == "nmod":
        # "Paolo Renzi, le chef de mission de l'ONG pour la Syrie qui considère…": a place in a person's
        # description is not who speaks; the person is
        up = head.head
        speaking = None
        for _ in range(3):
            if up.ent_type_ == "PER":
                return up
            if up.pos_ == "NOUN" and (r := role_of(up)) is not None and roles()[r].kind == "PER":
                # "Paolo Renzi, le chef de…": the name the role noun stands beside
                comma = up.left_edge.i - 1
                named = up.doc[comma - 1] if comma > 0 and up.doc[comma].text == "," else None
                return named if named is not None and named.ent_type_ == "PER" else up
            if speaking is None and up.pos_ == "NOUN" and can_speak(up):
                speaking = up
            if up.dep_ != "nmod":
                break
            up = up.head
        if speaking is not None:
            return speaking  # "Les habitants du quartier des Glycines, qui se disent…": the people, not the place
    return head


def noun_phrase(token: Token) -> str:
    """A speaker as written, without its determiner and appositions: "porte-parole de la police"."""
    doc = token.doc
    left = token.i
    determiner = max((c.i for c in token.lefts if c.dep_ == "det"), default=-1)
    for child in token.lefts:
        # not a word before the determiner: "abonde sa collègue", the incise's verb the tagger made an adjective
        if child.dep_ in ("amod", "nummod", "compound", "flat", "flat:name") and not child.is_punct and child.i > determiner:
            left = min(left, child.left_edge.i)
    right = token.i
    for child in token.rights:
        if child.is_punct or child.dep_ not in ("nmod", "amod", "flat", "flat:name", "fixed", "compound"):
            continue
        if child.lower_ in DATIVES:
            continue  # "le communiste lui a répondu": the one spoken to, parsed as the noun's complement
        if child.dep_ in ("flat", "flat:name") and child.pos_ == "PROPN":
            # "Sa collègue Julie acquiesce :": the name ends at the first lowercase word the parser hung on it
            lowered = next((t.i for t in doc[child.i : child.right_edge.i + 1]
                            if t.text[:1].islower() and t.lower_ not in _NAME_PARTICLES), None)
            right = max(right, (lowered - 1) if lowered is not None else child.right_edge.i)
            continue
        case = [c.lower_ for c in child.children if c.dep_ == "case"]
        present = any(c.dep_ == "amod" and c.lemma_.lower() == "présent" and c.i == child.left_edge.i - 1 for c in token.children)
        if child.dep_ == "nmod" and case and case[0] not in ("de", "du", "des", "d'", "d’") and not present:
            continue  # "responsable syndical sous couvert d'anonymat": only genitive complements belong
        right = max(right, child.right_edge.i)  # but "policiers présents sur les lieux" is one phrase
    # "état-major des armées", "porte-parole": words glued by a hyphen are one word
    while right < _glued_end(doc, right):
        right += 1
        for child in doc[right].rights:
            if child.dep_ == "nmod" and any(c.lower_ in ("de", "du", "des", "d'", "d’") for c in child.children):
                right = max(right, child.right_edge.i)
    words = []
    for tok in doc[left : right + 1]:
        if tok.text in _PHRASE_STOP or "\n" in tok.text:
            if tok.i > token.i:
                break
            words = []
            continue
        if tok.i > token.i and tok.lower_ == "sous" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ in ("couvert", "le"):
            break  # "un responsable de la protection civile sous couvert d'anonymat": how, not who
        words.append(tok)
    while words and words[0].lower_ in _DETERMINERS:
        words = words[1:]
    if not words:
        return token.text
    return doc[words[0].i : words[-1].i + 1].text


def _fuller(token: Token, coref: Coreference) -> str:
    """A bare definite noun ("la police", "le procureur") named as the article wrote it in full a little
    before ("la police malaisienne", "le procureur de Nanterre"), when it wrote it in full only one way:
    the same speaker, told apart from others. Else the noun phrase as written here."""
    phrase = noun_phrase(token)
    doc = token.doc
    if phrase != token.text or token.i == 0 or doc[token.i - 1].lower_ not in ("le", "la", "l'", "l’", "les"):
        return phrase
    fuller = {
        earlier for i in coref.positions_of(token.lower_, token.i) if token.i - i <= _FULLER_WITHIN
        and (earlier := noun_phrase(doc[i])) != doc[i].text and earlier.lower().startswith(token.lower_ + " ")
    }
    # "le quotidien libanais X… le quotidien suisse Y… le quotidien note": which one is not for us to guess
    return fuller.pop() if len(fuller) == 1 else phrase


def _named_appos(token: Token, coref: Coreference) -> int | None:
    """The entity in apposition to a role noun: "le porte-parole, Olivier Véran"."""
    role = role_of(token)
    kind = roles()[role].kind if role is not None else None
    if token.lower_ in ("source", "sources"):
        return None  # "des sources PS", "une source policière": someone in it, not the party itself
    for child in token.children:
        if any(c.dep_ == "case" for c in child.children):
            continue  # "le président du Sénat": a complement, not the name of the person
        if child.dep_ in ("appos", "flat:name", "nmod", "flat") and child.i in coref.cluster_at:
            k = coref.cluster_at[child.i]
            label = coref.infos[k].cluster.label
            if is_complement(coref.mention_at[child.i], coref.infos[k].cluster.name):
                continue  # "le porte-parole d'Emmanuel Macron" parsed with the name's last word on the noun
            if kind is not None and label != kind:
                continue  # "le député LR du Cantal, Vincent Rigal": a party does not name a député
            if label in ("PER", "ORG") and (child.dep_ == "appos" or child.pos_ == "PROPN"):
                return k
    # "le commissaire européen chargé de la pêche, Josep Morell, a déclaré": a name set off by a comma
    doc = token.doc
    for tok in token.subtree:
        if tok.i <= token.i or tok.i not in coref.cluster_at or coref.infos[coref.cluster_at[tok.i]].cluster.label != "PER":
            continue
        k = coref.cluster_at[tok.i]
        mention = coref.mention_at[tok.i]
        # ", Élodie Garnier-Rousseau", ", l'Espagnol Josep Morell": a comma a few words before the name
        comma = any(t.text == "," for t in doc[max(token.i, mention.start - 3) : mention.start])
        after = doc[mention.end] if mention.end < len(doc) else None
        closed = after is None or after.text in (",", ".", ";", "!", "?") or after.pos_ in ("AUX", "VERB")
        if comma and (closed or tok.dep_ == "appos") and not tok.dep_.startswith("nsubj"):
            return k
    # "l'avocat de la défense, Me Léon Durand, a lancé": a person's name between commas right after the
    # noun's phrase, where the parser hung it elsewhere
    if kind != "ORG" and (named := _person_after_comma(token.right_edge.i + 1, coref)) is not None:
        return coref.cluster_at[named]
    # "le président François Hollande", "le quotidien nippon Asahi Shimbun": the name after the noun
    for nxt in range(token.i + 1, min(token.i + 5, len(doc))):
        tok = doc[nxt]
        if nxt in coref.cluster_at:
            k = coref.cluster_at[nxt]
            if kind == "ORG" and coref.infos[k].cluster.label == "PER":
                return None  # "le gouvernement Assad", "l'administration Trump": a body named after its head
            if coref.infos[k].cluster.label in ("PER", "ORG"):
                return k
        if tok.pos_ in ("VERB", "AUX", "ADP", "SCONJ", "CCONJ") or tok.is_punct and tok.text != ",":
            break
    return None


def _one_of(token: Token) -> Token | None:
    """The plural noun a "un"/"une" takes one of: "l'une des juges" -> juges."""
    for child in token.rights:
        if child.dep_ == "nmod" and child.pos_ == "NOUN" and child.morph.get("Number") == ["Plur"] and any(
            c.dep_ == "case" and c.lower_ in ("des", "de", "d'", "d’") for c in child.children
        ):
            return child
    return None


def _person_after_comma(comma: int, coref: Coreference) -> int | None:
    """Where the person named right after the comma at ``comma`` starts (a title before the name allowed),
    when the name ends at a comma or the sentence's end: "l'avocat de la défense, Me Léon Durand,",
    "l'un d'entre eux, Marc Tissier."; else None."""
    doc = coref.doc
    if comma + 1 >= len(doc) or doc[comma].text != ",":
        return None
    k = comma + 1 + (doc[comma + 1].text in honorifics())
    if k not in coref.cluster_at or coref.infos[coref.cluster_at[k]].cluster.label != "PER":
        return None
    end = coref.mention_at[k].end
    return k if end >= len(doc) or doc[end].text in (",", ".", ";", "!", "?") else None


def _one_of_them(token: Token) -> Token | None:
    """The pronoun a "un"/"une" takes one of: "l'un d'eux", "l'une d'entre elles" -> eux, elles."""
    for child in token.rights:
        if child.dep_ == "nmod" and child.lower_ in ("eux", "elles") and any(
            c.dep_ == "case" and c.lower_ in ("de", "d'", "d’", "entre") for c in child.children
        ):
            return child
    return None


def entity_speaker(coref: Coreference, k: int, written: str, confidence: float, at: int, role: str | None = None) -> Speaker:
    """The entity ``k`` as the speaker, written ``written`` at token ``at``: its role the one the article
    gives it, else ``role``."""
    cluster = coref.infos[k].cluster
    return Speaker(cluster.name, written, cluster.label, coref.role(k) or role, confidence, k, at)


def resolve(token: Token, coref: Coreference) -> Speaker | None:
    """Turn the subject token of a cue into a speaker: a named entity, a resolved pronoun or role, or
    the noun phrase as written."""
    doc = token.doc
    form = token.lower_.lstrip("-")
    if token.text in honorifics() and token.i + 1 < len(doc) and token.i + 1 in coref.cluster_at:
        return resolve(doc[token.i + 1], coref)  # "Mme Vasseur" parsed with the title as head
    nxt = token.i + 1
    if (
        token.i not in coref.cluster_at and token.text[:1].isupper() and token.pos_ in ("NOUN", "PROPN")
        and nxt in coref.cluster_at and coref.infos[coref.cluster_at[nxt]].cluster.label == "PER"
    ):
        return resolve(doc[nxt], coref)  # "le Danois Lars Henriksen"
    tagged = coref.cluster_at.get(token.i)
    if (tagged is None or coref.infos[tagged].cluster.label in ("LOC", "MISC")) and is_epithet(token):
        if (k := coref.epithet(token)) is not None:
            # "« … », a lâché le quadragénaire", "reconnaît la Rennaise": the one person of its gender named before
            return entity_speaker(coref, k, token.text, TRUST["epithet"], token.i)
    if token.i in coref.cluster_at:
        k = coref.cluster_at[token.i]
        cluster = coref.infos[k].cluster
        if cluster.label in ("LOC", "MISC"):
            # "le Danois Lars Henriksen", "l'Espagnol Josep Morell": a demonym before the person
            end = coref.mention_at[token.i].end
            if end < len(doc) and end in coref.cluster_at and coref.infos[coref.cluster_at[end]].cluster.label == "PER":
                return resolve(doc[end], coref)
        mention = coref.mention_at[token.i]
        if cluster.label in ("PER", "ORG", "LOC"):
            return entity_speaker(coref, k, mention.text, TRUST["named_entity"], token.i)
    if form in INDEFINITES:
        return Speaker(token.text, token.text, None, None, TRUST["indefinite"], None, token.i)  # "certains", "plusieurs"
    if (k := coref.ordinal(token)) is not None:
        # "Le premier a promis…; la seconde a jugé…": one of the two people named just before
        return entity_speaker(coref, k, doc[token.i - 1 : token.i + 1].text, TRUST["pronoun_among_others"], token.i)
    if (latest := latest_word(token)) is not None:
        # "ce dernier", "selon cette dernière": the one named last
        written = latest.text if latest.i == token.i and "-" in latest.text else doc[latest.i - 1 : latest.i + 1].text
        found = coref.latest(latest, can_speak)
        if isinstance(found, int):
            return entity_speaker(coref, found, written, TRUST["pronoun_among_others"], latest.i)
        if found is not None and (speaker := resolve(found, coref)) is not None:
            return Speaker(speaker.name, written, speaker.label, speaker.role,
                           round(speaker.confidence * TRUST["pronoun_to_noun"], 3), speaker.cluster, latest.i)
        if not is_concerned(latest):
            return None
        # "l'intéressé" with two people it may be: the noun as written, as any person noun
    if form in ("un", "une") and (group := _one_of(token)) is not None:
        # "l'une des juges du tribunal", "un des avocats": one person of the group, named by it
        of = next(c for c in group.children if c.dep_ == "case")
        inner = resolve(group, coref)
        # "un de ses avocats": the possessive stays, it says whose
        poss = next((c.text + " " for c in group.children if c.dep_ == "det" and c.morph.get("Poss") == ["Yes"]), "")
        name = f"{token.text} {of.text} {poss}{noun_phrase(group)}"
        label = inner.label if inner is not None and inner.cluster is None else None
        return Speaker(name, name, label, None, TRUST["common_noun"], None, group.i)
    them = _one_of_them(token) if form in ("un", "une") else None
    if them is not None or form in ("un", "une", "autre") and token.i > 0 and doc[token.i - 1].lower_ in ("l'", "l’"):
        # "l'un d'eux", "l'une d'entre elles", "tranche l'un… rétorque l'autre": one of a group the article
        # named before, named by it ("un des deux hommes"), or as written
        last = (them or token).i
        if (named := _person_after_comma(last + 1, coref)) is not None:  # "l'un d'entre eux, Marc Tissier": the one named
            return entity_speaker(coref, coref.cluster_at[named], coref.mention_at[named].text, TRUST["named_in_apposition"], named)
        group = coref.plural_antecedent(them or token, can_speak)
        written = doc[token.i - 1 if them is None else token.left_edge.i : (them or token).i + 1].text
        one = written if form == "autre" else token.text
        name = f"{one} des {noun_phrase(group)}" if group is not None else written
        return Speaker(name, written, None, None, TRUST["indefinite"], None, token.i)
    if token.pos_ == "PRON" or form in PRONOUNS:
        if form in PRONOUNS and PRONOUNS[form][1] == "sing":
            k, conf = coref.resolve_pronoun(token)
            if k is not None:
                return entity_speaker(coref, k, token.text.lstrip("-"), conf, token.i)
            antecedent = coref.noun_antecedent(token)
            if antecedent is not None:
                speaker = resolve(antecedent, coref)  # "Le député … Selon lui": the role as written
                if speaker is not None:
                    return Speaker(speaker.name, token.text.lstrip("-"), speaker.label, speaker.role,
                                   round(speaker.confidence * TRUST["pronoun_to_noun"], 3), speaker.cluster, token.i)
        elif form in PRONOUNS:
            antecedent = coref.plural_antecedent(token, can_speak)
            if antecedent is not None:
                # "Les volontaires … Ils conseillent": the group as written, or the organization it names
                speaker = resolve(antecedent, coref)
                if speaker is not None:
                    return Speaker(speaker.name, token.text.lstrip("-"), speaker.label, speaker.role,
                                   round(speaker.confidence * TRUST["pronoun_to_noun"], 3), speaker.cluster, token.i)
        return None
    if token.pos_ == "NOUN" and (token.lower_ in speech_nouns() or not can_speak(token)):
        # "les paroles de l'écrivain", "un communiqué du ministère", "une projection de France Télévisions",
        # "des images diffusées par Irib": the author speaks, not the document
        author = _issuer(token, coref)
        if author is not None:
            return author
    if token.pos_ == "NOUN" or role_of(token) or _is_nominal(token):
        k = _named_appos(token, coref)
        if k is not None:
            return entity_speaker(coref, k, noun_phrase(token), TRUST["named_in_apposition"], token.i, role_phrase(token))
        role = role_of(token)
        if role is not None:
            k, conf = coref.resolve_role(token)
            if k is not None:
                return entity_speaker(coref, k, noun_phrase(token), conf, token.i, role_phrase(token))
            kind = roles()[role].kind
            return Speaker(_fuller(token, coref), noun_phrase(token), kind, None, TRUST["role_noun"], None, token.i)
        if token.pos_ == "NOUN" or _is_nominal(token):
            return Speaker(_fuller(token, coref), noun_phrase(token), None, None, TRUST["common_noun"], None, token.i)
    if token.pos_ == "PROPN" and token.text[:1].isupper():
        phrase = noun_phrase(token)
        return Speaker(phrase, phrase, None, None, TRUST["proper_noun"], None, token.i)
    del doc
    return None
