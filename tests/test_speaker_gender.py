"""Speaker gender: each kind of evidence on sentences written for these tests (invented names).

"Dominique" is a first name French usage gives to both sexes: with it, only the article's own words
can decide, so a test whose name is Dominique fails if the rule it checks does not work.
"""

from __future__ import annotations

import pytest

from extractor import analyze
from extractor.nlp.components import entity_clusters
from extractor.nlp.speakers.subject import Speaker
from extractor.nlp.statements.article import FoundQuote
from extractor.nlp.statements.attribute import Attributor
from extractor.nlp.first_names import first_name_sex
from extractor.nlp.statements.speaker_gender import (
    Gender,
    decide,
    speaker_gender,
)


def genders(nlp, text: str) -> list[tuple[str | None, str | None]]:
    """(gender, evidence) of every quote of ``text``, each quote with a speaker."""
    quotes = analyze(text, nlp=nlp).quotes
    assert quotes and all(q.speaker for q in quotes), [(q.text, q.speaker) for q in quotes]
    return sorted({(q.speaker_gender, q.speaker_gender_evidence) for q in quotes}, key=str)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # honorific
        ("Dominique Vasseur dirige l'usine depuis 2010. « Nous ne fermerons pas », a assuré Mme Vasseur.", ("f", "honorific")),
        ("« La situation est sous contrôle », a affirmé M. Kerbrat, le maire de la commune.", ("m", "honorific")),
        # a pronoun that stands for the speaker
        ("Dominique Fontaine préside l'association. « Nous avons besoin de bénévoles », a-t-elle expliqué.", ("f", "pronoun")),
        ("Dominique Perrin a été réélu dimanche. Il a affirmé que la priorité restait l'emploi.", ("m", "pronoun")),
        ("Andrea Colombo est arrivé à Marseille mardi. « Je suis heureux d'être ici », a-t-il dit.", ("m", "pronoun")),
        # a role noun's agreement
        ("« Il faut agir vite », a déclaré la ministre de la Santé, Dominique Rivière.", ("f", "agreement")),
        ("L'avocate de la famille a indiqué que la plainte serait déposée lundi.", ("f", "agreement")),
        ("Une porte-parole de la préfecture a précisé que la route resterait fermée.", ("f", "agreement")),
        ("Le porte-parole de la mairie a précisé que la route resterait fermée.", ("m", "agreement")),
        # a participle's agreement
        ("Interrogée par France Bleu, Dominique Laval a estimé que le projet était irréaliste.", ("f", "agreement")),
        ("Interrogé par France Bleu, Camille Moreau a estimé que le projet était irréaliste.", ("m", "agreement")),
        # the first name
        ("« Nous irons jusqu'au bout », a déclaré Sophie Marchand.", ("f", "first name")),
        ("Selon Olivier Dufresne, la grève pourrait durer plusieurs semaines.", ("m", "first name")),
        # a masculine title does not beat a woman's first name
        ("« Nous tiendrons nos engagements », a déclaré le Premier ministre, Élisabeth Marceau.", ("f", "first name")),
        ("Le directeur de l'hôpital, Nathalie Berthier, a assuré que les urgences resteraient ouvertes.", ("f", "first name")),
        # plural speakers
        ("Des témoins ont raconté que l'incendie avait commencé vers minuit.", ("group", "plural")),
        ("Les syndicats estiment que la réforme est injuste.", ("group", "plural")),
        ("Selon les enquêteurs, le suspect aurait agi seul.", ("group", "plural")),
        # people coordinated
        ("Thierry et Véronique Roy ont affirmé que leur fils était innocent.", ("group", "coordination")),
        ("Paul Girard et Hélène Marty ont déclaré que l'accord était « historique ».", ("group", "coordination")),
        # a compound kin noun: its last part tells
        ("Le beau-frère de Dominique Laval a avoué avoir menti aux enquêteurs.", ("m", "agreement")),
        ("Sa belle-sœur a affirmé que la famille était unie.", ("f", "agreement")),
        # one person taken from a group: "une" is the person
        ("Selon l'une des juges du tribunal, les preuves n'ont pas été contestées.", ("f", "agreement")),
        ("L'un des avocats a affirmé que le dossier était vide.", ("m", "agreement")),
        # a person named as the complement of the speaker's noun is not the speaker
        ("Un proche de Sophie Marchand confie que la famille n'a rien vu venir.", ("m", "agreement")),
        ("Une amie d'Olivier Dufresne a raconté que la soirée s'était bien passée.", ("f", "agreement")),
    ],
)
def test_evidence(nlp, text: str, expected: tuple[str, str]) -> None:
    assert genders(nlp, text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        # organisations and documents have no gender
        "La CGT a annoncé qu'elle appellerait à la grève jeudi.",
        "Selon le ministère de l'Intérieur, trois personnes ont été interpellées.",
        "Dans un communiqué, l'entreprise Valmor a indiqué que les ventes avaient reculé.",
        # nothing settles it: a first name given to both sexes, a noun whose gender is the word's
        "« Rien n'est décidé », a déclaré Dominique Lambert.",
        "Un témoin a affirmé que la voiture roulait très vite.",
        "Selon la victime, l'agresseur portait une capuche.",
        "L'un des rapports affirme que la digue a cédé dans la nuit.",
    ],
)
def test_no_gender(nlp, text: str) -> None:
    assert genders(nlp, text) == [(None, None)]


def test_things_are_not_a_group(nlp) -> None:
    quotes = analyze("D'autres études affirment que la collision aura lieu dans deux milliards d'années.", nlp=nlp).quotes
    assert [q.speaker_gender for q in quotes if q.speaker] in ([], [None])


def test_a_french_first_name_beats_a_namesake(nlp) -> None:
    # "Mme Troadec" (the sister) joins the cluster of "Pascal Troadec", whose first name is a man's
    text = "Mme Troadec, sa sœur, a porté plainte. « Je n'ai rien pris », a déclaré Pascal Troadec."
    assert genders(nlp, text) == [("m", "first name")]


def test_the_pronoun_of_the_incise_decides(nlp) -> None:
    # a speaker chosen elsewhere (the ranker may name the person at another mention): "précise-t-elle"
    doc = nlp("Pascal Troadec n'a plus de nouvelles de sa sœur. « Il a tout pris », précise-t-elle.")
    attributor = Attributor(doc, entity_clusters(doc))
    named = Speaker("Pascal Troadec", "Pascal Troadec", "PER", None, 0.5, attributor.coref.cluster_at[0], 0)
    quote = FoundQuote(doc.text.index("Il a"), doc.text.index(" »"), "direct", named, "préciser")
    assert speaker_gender(attributor, quote) == Gender("f", "pronoun")


def test_the_order_of_trust() -> None:
    # the sister "Mme Troadec" merged with "Pascal Troadec": the pronoun of the incise decides
    assert decide([("pronoun here", "f"), ("honorific", "f"), ("french first name", "m")]) == Gender("f", "pronoun")
    assert decide([("french first name", "m"), ("honorific", "f")]) == Gender("m", "first name")
    assert decide([("title", "m"), ("first name", "f")]) == Gender("f", "first name")
    assert decide([("agreement here", "m"), ("agreement here", "f")]) == Gender(None, None)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Olivier", ("m", True)),
        ("Élisabeth", ("f", True)),
        ("Claude", ("m", False)),  # mostly a man's name in France
        ("Vladimir", ("m", False)),  # not French, a man's name wherever it is used
        ("Andrea", (None, False)),  # a woman's name in most countries, a man's in Italy
        ("Dominique", (None, False)),
        ("Xqzvbl", (None, False)),
    ],
)
def test_first_names(name: str, expected: tuple[str | None, bool]) -> None:
    assert first_name_sex(name) == expected


def test_first_names_france_does_not_use():
    # asked for France, the dictionary says "both sexes" for any name it has no French data on
    assert [first_name_sex(n)[0] for n in ("Donald", "Vladimir", "Rafael", "Élisabeth")] == ["m", "m", "m", "f"]
    assert [first_name_sex(n)[0] for n in ("Dominique", "Andrea", "Xzqwv")] == [None, None, None]
    assert first_name_sex("Jean-Marie") == ("m", True)  # by its first half
