"""How the article reports each statement (extractor.nlp.statements.reporting): denied, at second hand,
in the conditional, as a question. Sentences written for these tests, news style, invented names."""

from __future__ import annotations

import dataclasses

import pytest

from extractor.nlp.components import entity_clusters
from extractor.nlp.statements.attribute import Attributor
from extractor.nlp.statements.reporting import Reporting, how_reported


@pytest.fixture(scope="module")
def report(nlp):
    """``report(text, statement)``: the Reporting of the statement whose text is ``statement``."""
    parsed: dict[str, tuple[Attributor, list]] = {}

    def run(text: str, statement: str) -> Reporting:
        if text not in parsed:
            doc = nlp(text)
            att = Attributor(doc, entity_clusters(doc))
            parsed[text] = (att, att.run())
        att, quotes = parsed[text]
        found = [q for q in quotes if att.text[q.start : q.end] == statement]
        assert found, f"no statement {statement!r} among {[att.text[q.start : q.end] for q in quotes]}"
        return how_reported(att, found[0])

    return run


# -- negated -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "statement"),
    [
        # a denial verb the tagger takes for an adverb, above the cue of the words in marks
        ("Le ministre Paul Garnier dément avoir qualifié le projet de « gabegie ».", "gabegie"),
        ("Le ministre Paul Garnier n'a jamais qualifié le projet de « gabegie ».", "gabegie"),
        ("Le sénateur Alain Roux n'a jamais déclaré : « Je quitterai le parti. »", "Je quitterai le parti."),
        # the denial verb's own clause, and the clause of the cue under it
        ("La maire Sophie Durand nie avoir déclaré que la piscine fermerait.", "avoir déclaré que la piscine fermerait"),
        ("La maire Sophie Durand nie avoir déclaré que la piscine fermerait.", "que la piscine fermerait"),
        (
            "Le ministère de la Défense a démenti que des soldats aient été blessés lors de l'exercice.",
            "que des soldats aient été blessés lors de l'exercice",
        ),
        ("La sénatrice Marie Lenoir conteste avoir traité les grévistes de « fainéants ».", "fainéants"),
    ],
)
def test_negated(report, text, statement):
    assert report(text, statement).negated is True


@pytest.mark.parametrize(
    ("text", "statement"),
    [
        # the negation is in the quoted words, not in the report
        ("« Nous ne reculerons pas », a déclaré Élisabeth Borne.", "Nous ne reculerons pas"),
        (
            "Le député Marc Lefèvre dit ne pas « être contre la réforme, mais pas à n'importe quel prix ».",
            "être contre la réforme, mais pas à n'importe quel prix",
        ),
        # the quotation is the denial itself: it was said
        ("« C'est totalement faux », a démenti le ministère de la Défense.", "C'est totalement faux"),
        # a denial denied: a concession
        ("La sénatrice Marie Lenoir ne conteste pas avoir traité les grévistes de « fainéants ».", "fainéants"),
        # the negation belongs to another verb of the sentence
        (
            "Le préfet Jean Morel n'a pas précisé la date, mais a annoncé que la route serait rouverte avant l'été.",
            "que la route serait rouverte avant l'été",
        ),
        (
            "Les syndicats ont nié ces accusations et affirment que la direction a menti aux salariés.",
            "que la direction a menti aux salariés",
        ),
    ],
)
def test_not_negated(report, text, statement):
    assert report(text, statement).negated is False


# -- hearsay -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "statement", "via"),
    [
        (
            "Selon Le Parisien, le ministre Paul Garnier aurait déclaré que la réforme serait abandonnée.",
            "que la réforme serait abandonnée",
            "Le Parisien",
        ),
        (
            "D'après des proches, il a dit qu'il ne se représenterait pas aux élections municipales.",
            "qu'il ne se représenterait pas aux élections municipales",
            "des proches",
        ),
        (
            "Le ministre Paul Garnier aurait affirmé que le texte serait retiré, rapporte Le Monde.",
            "que le texte serait retiré",
            "Le Monde",
        ),
        ("« Nous ne céderons pas », a déclaré le ministre Paul Garnier, cité par l'AFP.", "Nous ne céderons pas", "l'AFP"),
        (
            "Comme le rapporte Le Figaro, le conseiller Jean Morel a déclaré que la réunion avait eu lieu.",
            "que la réunion avait eu lieu",
            "Le Figaro",
        ),
        (
            "Un témoin cité par Le Parisien a estimé que les secours étaient arrivés trop tard.",
            "que les secours étaient arrivés trop tard",
            "Le Parisien",
        ),
        (
            "À en croire Le Parisien, le ministre Paul Garnier aurait déclaré que la réforme serait abandonnée.",
            "que la réforme serait abandonnée",
            "Le Parisien",
        ),
    ],
)
def test_hearsay(report, text, statement, via):
    reporting = report(text, statement)
    assert (reporting.hearsay, reporting.via) == (True, via)


@pytest.mark.parametrize(
    ("text", "statement"),
    [
        # "selon X" whose X is the speaker
        ("Selon Jean Morel, la réforme est une erreur historique pour le pays.", "la réforme est une erreur historique pour le pays"),
        (
            "Selon Le Parisien, le ministre Paul Garnier aurait déclaré que la réforme serait abandonnée.",
            "le ministre Paul Garnier aurait déclaré que la réforme serait abandonnée",
        ),
        ("Selon la police, qui précise que le suspect était armé, l'enquête se poursuit.", "que le suspect était armé"),
        # "selon X" inside the reported clause: the speaker cites X
        (
            "Le ministre Paul Garnier a déclaré que, selon l'Insee, le chômage avait baissé en mars.",
            "que, selon l'Insee, le chômage avait baissé en mars",
        ),
        # "d'après X" vouches for the quotation after it, not for the next report
        (
            "D'après un policier, « les motivations restent floues », d'autres policiers déclarent que l'individu était armé.",
            "que l'individu était armé",
        ),
        # a participle after the incise is not another source
        (
            "« Le dossier est clos », a déclaré le ministre Paul Garnier, ajoutant que l'enquête était terminée.",
            "Le dossier est clos",
        ),
    ],
)
def test_not_hearsay(report, text, statement):
    reporting = report(text, statement)
    assert (reporting.hearsay, reporting.via) == (False, None)


# -- conditional -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "statement"),
    [
        ("La ministre Claire Bonnet aurait affirmé que le projet était abandonné.", "que le projet était abandonné"),
        ("« Nous partirons dès demain », aurait confié la ministre Claire Bonnet à ses proches.", "Nous partirons dès demain"),
        # "selon X, P": P's own verb
        ("Selon la police, le suspect serait un homme de 35 ans connu des services.", "le suspect serait un homme de 35 ans connu des services"),
        ("La ministre Claire Bonnet serait prête à démissionner, selon son entourage.", "La ministre Claire Bonnet serait prête à démissionner"),
        ("Aux dires de ses proches, la ministre Claire Bonnet serait prête à démissionner.", "la ministre Claire Bonnet serait prête à démissionner"),
    ],
)
def test_conditional(report, text, statement):
    assert report(text, statement).conditional is True


@pytest.mark.parametrize(
    ("text", "statement"),
    [
        # a future in the past inside the reported clause
        ("Le préfet Jean Morel a dit qu'il viendrait à la réunion de lundi.", "qu'il viendrait à la réunion de lundi"),
        # the conditional of the quoted words
        ("« Nous pourrions partir dès demain », a déclaré la ministre Claire Bonnet.", "Nous pourrions partir dès demain"),
        ("Selon Jean Morel, la réforme est une erreur historique pour le pays.", "la réforme est une erreur historique pour le pays"),
        # a hypothesis with si, not hearsay
        (
            "Selon les chercheurs du CNRS, si la théorie s'avère vraie, seulement 20 % des matériaux devraient provenir de la Terre.",
            "si la théorie s'avère vraie, seulement 20 % des matériaux devraient provenir de la Terre",
        ),
    ],
)
def test_not_conditional(report, text, statement):
    assert report(text, statement).conditional is False


# -- question ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "statement"),
    [
        ("« Pourquoi attendre encore ? », a demandé la députée Anne Petit.", "Pourquoi attendre encore ?"),
        ("Le syndicaliste Jean Morel a lancé : « Qui va payer la facture ? »", "Qui va payer la facture ?"),
        ("Le maire Luc Girard s'est demandé « qui paiera la facture ? » lors du conseil municipal.", "qui paiera la facture ?"),
        ("La députée Anne Petit a demandé si le gouvernement comptait retirer le texte.", "si le gouvernement comptait retirer le texte"),
        ("Le maire Luc Girard se demande si l'État va fermer la caserne.", "si l'État va fermer la caserne"),
        (
            "La présidente Anne Petit se demande ce que le gouvernement compte faire des recettes.",
            "que le gouvernement compte faire des recettes",
        ),
        # an indirect question opened by an interrogative adverb, not by si
        ("Le député Marc Roux s'est demandé pourquoi la réforme avait été retardée.", "pourquoi la réforme avait été retardée"),
    ],
)
def test_question(report, text, statement):
    assert report(text, statement).question is True


@pytest.mark.parametrize(
    ("text", "statement"),
    [
        # demander as a request
        ("La députée Anne Petit a demandé que le texte soit retiré avant l'été.", "que le texte soit retiré avant l'été"),
        ("La députée Anne Petit a demandé au gouvernement de retirer le texte.", "de retirer le texte"),
        # the writer's question around words in marks
        ("Le ministre Paul Garnier a-t-il vraiment qualifié la réforme de « provocation » ?", "provocation"),
        ("« Nous ne reculerons pas », a déclaré Élisabeth Borne.", "Nous ne reculerons pas"),
    ],
)
def test_not_question(report, text, statement):
    assert report(text, statement).question is False


# -- the whole record --------------------------------------------------------------------------------
def test_all_flags_of_one_statement(report):
    text = "Selon Le Parisien, le ministre Paul Garnier aurait déclaré que la réforme serait abandonnée."
    assert report(text, "que la réforme serait abandonnée") == Reporting(hearsay=True, via="Le Parisien", conditional=True)


def test_plain_report_has_no_flag(report):
    assert report("« Nous ne reculerons pas », a déclaré Élisabeth Borne.", "Nous ne reculerons pas") == Reporting()


def test_reporting_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        Reporting().negated = True  # type: ignore[misc]


def test_every_statement_of_an_article(nlp):
    """Every statement of a longer article gets a Reporting, the flags only where they belong."""
    text = (
        "Le ministre de l'Économie, Paul Garnier, a présenté lundi son plan de relance. "
        "« Nous ne reculerons pas », a-t-il déclaré devant la presse. "
        "Selon Le Parisien, il aurait affirmé que la réforme des retraites serait reportée. "
        "La députée Anne Petit a demandé si le texte serait soumis au vote. "
        "« Qui va payer la facture ? », a lancé le syndicaliste Jean Morel."
    )
    doc = nlp(text)
    att = Attributor(doc, entity_clusters(doc))
    flags = {
        att.text[q.start : q.end]: {k for k, v in dataclasses.asdict(how_reported(att, q)).items() if v}
        for q in att.run()
    }
    assert flags["Nous ne reculerons pas"] == set()
    assert flags["que la réforme des retraites serait reportée"] == {"hearsay", "via", "conditional"}
    assert flags["si le texte serait soumis au vote"] == {"question"}
    assert flags["Qui va payer la facture ?"] == {"question"}


def test_a_modal_in_the_conditional_after_selon_is_a_possibility_not_hearsay(nlp):
    from extractor.nlp.components import entity_clusters
    from extractor.nlp.statements.attribute import Attributor
    from extractor.nlp.statements.reporting import how_reported

    doc = nlp("Selon la Cour des comptes, le coût total des réacteurs pourrait dépasser 80 milliards d'euros.")
    att = Attributor(doc, entity_clusters(doc))
    [quote] = att.run()
    assert not how_reported(att, quote).conditional
    doc = nlp("Selon la police, le suspect serait un ancien militaire de 42 ans.")
    att = Attributor(doc, entity_clusters(doc))
    assert [how_reported(att, q).conditional for q in att.run()] == [True]
