"""Near-duplicates: the same article stored twice is flagged once, in the batch, on resume and on Dask."""

from __future__ import annotations

import json
import random

import pytest

from extractor.io.database import QuoteDatabase
from extractor.io.readers import ReadError, iter_documents
from extractor.records import Document
from extractor.run import batch, duplicates
from extractor.run.batch import store_corpus
from extractor.run.duplicates import DuplicateIndex, jaccard, shingles

ORIGINAL = """Marseille : les dockers bloquent le port pour la troisième journée

Le port de Marseille-Fos est resté paralysé mercredi, pour la troisième journée consécutive, par une grève des dockers et des agents portuaires opposés au projet de réforme de leur statut. Une quarantaine de navires attendaient au large de l'Estaque en fin d'après-midi, selon la capitainerie, et le traffic des conteneurs était presque entièrement arrêté sur les terminaux de Fos-sur-Mer, où les grues restaient immobiles depuis lundi matin. Plusieurs transporteurs routiers ont déjà renoncé à charger leurs camions et stationnent le long de l'autoroute du littoral.

« Nous ne lâcherons rien tant que le gouvernement n'aura pas retiré ce texte », a déclaré Karim Benali, secrétaire général du syndicat CGT des dockers, devant plusieurs centaines de grévistes réunis à l'entrée du terminal de Mourepiane. Le syndicaliste a affirmé que la réforme menaçait près de mille emplois sur le seul bassin marseillais et que les salariés éxigent l'ouverture de négociations nationales avant la fin du mois. Il a ajouté que les dockers du Havre et de Saint-Nazaire pourraient rejoindre le mouvement dès la semaine prochaine.

La présidente du directoire du Grand Port maritime, Hélène Rouvier, a estimé que le conflit coûtait « plusieurs millions d'euros par jour » à l'économie de la région. Elle a indiqué qu'une réunion avec les organisations syndicales était prévue vendredi à la préfecture, en présence du préfet de région, et a appelé les grévistes à « reprendre le travail sans attendre ». Les armateurs, eux, commencent à dérouter leurs navires vers Gênes et Barcelone, et certains clients du port s'interrogent déjà sur la fiabilité de la place marseillaise.
"""

# the wire story republished: another title, a sentence added, two typos fixed (traffic, éxigent)
REPUBLISHED = (
    ORIGINAL.replace(
        "Marseille : les dockers bloquent le port pour la troisième journée",
        "Grève des dockers : le port de Marseille-Fos toujours à l'arrêt",
    )
    .replace("le traffic des", "le trafic des")
    .replace("salariés éxigent", "salariés exigent")
    .replace(
        "Les armateurs, eux,",
        "Le ministre des Transports doit s'exprimer jeudi matin sur le sujet à l'Assemblée nationale."
        " Les armateurs, eux,",
    )
)

# the same strike, the same people, two days later: another article
SAME_SUBJECT = """Port de Marseille : dockers et direction se retrouvent à la préfecture

Après cinq jours de grève, les représentants des dockers et la direction du Grand Port maritime de Marseille se sont retrouvés vendredi à la préfecture des Bouches-du-Rhône. La réunion, qui a duré plus de six heures, n'a pas permis de conclure un accord, mais les deux parties se sont engagées à revenir à la table lundi, avec un médiateur désigné par le ministère.

« Le dialogue est renoué, c'est déjà une première victoire pour les salariés », a déclaré Karim Benali, secrétaire général du syndicat CGT des dockers, à sa sortie de la préfecture. Il a toutefois prévenu que la grève serait reconduite samedi si la direction ne présentait pas de garanties écrites sur l'emploi. Selon lui, les dockers de Fos-sur-Mer voteront dimanche la suite du mouvement.

Hélène Rouvier, présidente du directoire du Grand Port maritime, a salué « un échange franc et utile ». Elle a assuré que l'établissement était prêt à financer un plan de formation pour les agents dont les postes seraient supprimés, tout en rappelant que la réforme relevait du Parlement et non du port. Une trentaine de navires restaient bloqués au large vendredi soir.
"""

OTHER = """Lyon : le conseil municipal adopte un budget en hausse pour les écoles

Le conseil municipal de Lyon a adopté lundi soir un budget de 812 millions d'euros pour l'année prochaine, en hausse de quatre pour cent, dont une large part sera consacrée à la rénovation des écoles et à la végétalisation des cours de récréation. Le texte a été voté par la majorité, l'opposition de droite dénonçant une hausse de la dette.

« Chaque euro investi dans une école est un euro investi dans l'avenir de la ville », a affirmé l'adjointe chargée de l'éducation, Sophie Marchetti. Le président du groupe d'opposition, Pierre Duclos, a estimé pour sa part que la municipalité « vivait au-dessus de ses moyens » et a réclamé un audit des finances de la ville.
"""


def _index(texts: dict[str, str]) -> DuplicateIndex:
    return DuplicateIndex(texts.get)


def _marked(index: DuplicateIndex, texts: dict[str, str], doc_id: str, text: str) -> str | None:
    texts[doc_id] = text
    return index.mark(doc_id, text)


# -- the index alone --------------------------------------------------------------------------------


def test_the_measure_leaves_room_on_both_sides_of_the_threshold():
    assert jaccard(shingles(ORIGINAL), shingles(REPUBLISHED)) == pytest.approx(0.795, abs=0.01)
    assert jaccard(shingles(ORIGINAL), shingles(SAME_SUBJECT)) < 0.05
    assert jaccard(shingles(ORIGINAL), shingles(ORIGINAL.upper().replace(",", " ;"))) == 1.0  # case, punctuation
    assert shingles("Non, a dit Paul.") == frozenset()  # fewer than 5 words


def test_the_index_finds_copies_and_only_copies():
    texts: dict[str, str] = {}
    index = _index(texts)
    assert _marked(index, texts, "marseille.txt", ORIGINAL) is None
    assert _marked(index, texts, "lyon.txt", OTHER) is None
    assert _marked(index, texts, "copie.txt", ORIGINAL) == "marseille.txt"
    assert _marked(index, texts, "reprise.txt", REPUBLISHED) == "marseille.txt"
    assert _marked(index, texts, "suite.txt", SAME_SUBJECT) is None
    # a copy of the republished version names the first of them all
    assert _marked(index, texts, "reprise-bis.txt", REPUBLISHED + "\nAvec AFP.") == "marseille.txt"
    assert (index.flagged, len(index)) == (3, 6)


def test_an_exact_copy_is_found_by_its_hash_without_minhash(monkeypatch):
    texts: dict[str, str] = {}
    index = _index(texts)
    _marked(index, texts, "a", ORIGINAL)
    _marked(index, texts, "short", "Non.")
    monkeypatch.setattr(DuplicateIndex, "_near_original", lambda *a: pytest.fail("MinHash used for an exact copy"))
    assert _marked(index, texts, "b", ORIGINAL) == "a"
    assert _marked(index, texts, "short-again", "Non.") == "short"  # too short for shingles: exact only


def test_a_document_marked_again_is_not_its_own_copy():
    texts: dict[str, str] = {}
    index = _index(texts)
    assert _marked(index, texts, "a", ORIGINAL) is None
    assert _marked(index, texts, "b", ORIGINAL) == "a"
    assert index.mark("a", ORIGINAL) is None  # stored again: neither its own copy nor a copy of its copy
    assert index.mark("b", ORIGINAL) == "a"
    assert _marked(index, texts, "a", OTHER) is None  # its text changed...
    assert index.mark_copies([("b", ORIGINAL)]) == [None]  # ... so its copy, marked again, is the first of its kind
    assert _marked(index, texts, "c", REPUBLISHED) == "b"
    assert index.flagged == 3  # b twice, c once: mark_copies does not count


def test_merged_and_dropped_entries_give_the_same_answers(monkeypatch):
    """With a dict of 8 entries, every few documents go into the sorted arrays, and discarded ones are
    dropped from them."""
    monkeypatch.setattr(duplicates, "MERGE_AT", 8)
    texts: dict[str, str] = {}
    index = _index(texts)
    words = OTHER.split()
    for k in range(40):  # 40 other texts: the same words, shuffled
        assert _marked(index, texts, f"other-{k}", " ".join(random.Random(k).sample(words, len(words)))) is None
    assert _marked(index, texts, "a", ORIGINAL) is None
    for k in range(40):
        index.discard(f"other-{k}")
    assert index._bands._recent == {} and len(index._bands._keys) == 16  # merged, then the 40 dropped
    assert _marked(index, texts, "reprise", REPUBLISHED) == "a"
    assert _marked(index, texts, "other-3", OTHER) is None


# -- the batch ----------------------------------------------------------------------------------------


@pytest.fixture
def corpus(tmp_path):
    """The original first, then an exact copy, a JSONL row with it, the republished version, the same
    subject in another article, an article on something else."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in [("1-marseille.txt", ORIGINAL), ("2-copie.txt", ORIGINAL), ("4-reprise.txt", REPUBLISHED),
                       ("5-suite.txt", SAME_SUBJECT), ("6-lyon.txt", OTHER)]:
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "3-agence.jsonl").write_text(json.dumps({"id": "agence-42", "text": ORIGINAL}) + "\n", encoding="utf-8")
    return folder


def _flags(db: QuoteDatabase) -> dict[str, str | None]:
    rows = db.conn.execute("SELECT id, duplicate_of FROM documents ORDER BY id")
    return {row[0].rsplit("/", 1)[-1]: row[1] and row[1].rsplit("/", 1)[-1] for row in rows}


EXPECTED = {
    "1-marseille.txt": None, "2-copie.txt": "1-marseille.txt", "agence-42": "1-marseille.txt",
    "4-reprise.txt": "1-marseille.txt", "5-suite.txt": None, "6-lyon.txt": None,
}


def test_the_batch_stores_copies_flagged(nlp, corpus, tmp_path):
    with QuoteDatabase(tmp_path / "q.db") as db:
        stats = store_corpus(iter_documents([str(corpus)]), nlp, db)
        assert _flags(db) == EXPECTED
        assert db.conn.execute("SELECT count(*) FROM quotes WHERE document_id LIKE '%2-copie.txt'").fetchone()[0] > 0
    assert (stats.processed, stats.duplicates) == (6, 3)
    assert "3 near-duplicate(s) flagged" in stats.summary()


def test_a_resumed_run_flags_nothing_new_and_a_forced_one_the_same(nlp, corpus, tmp_path):
    with QuoteDatabase(tmp_path / "q.db") as db:
        store_corpus(iter_documents([str(corpus)]), nlp, db)
        again = store_corpus(iter_documents([str(corpus)]), nlp, db)
        assert (again.skipped, again.processed, again.duplicates) == (6, 0, 0)
        assert _flags(db) == EXPECTED
        forced = store_corpus(iter_documents([str(corpus)]), nlp, db, force=True)
        assert (forced.processed, forced.duplicates) == (6, 3)
        assert _flags(db) == EXPECTED  # no document its own copy, the same firsts
        assert "near-duplicate" not in again.summary()


def test_the_index_is_rebuilt_from_the_database(nlp, corpus, tmp_path):
    with QuoteDatabase(tmp_path / "q.db") as db:
        store_corpus(iter_documents([str(corpus)]), nlp, db)
    later = [Document("copie-tardive", REPUBLISHED.replace("jeudi matin", "jeudi")), Document("neuf", SAME_SUBJECT)]
    with QuoteDatabase(tmp_path / "q.db") as db:  # another connection, another index: read from the file
        stats = store_corpus(later, nlp, db)
        flags = _flags(db)
    assert stats.duplicates == 2
    assert flags["copie-tardive"] == "1-marseille.txt" and flags["neuf"] == "5-suite.txt"


def test_a_database_made_before_copies_were_flagged_has_them_flagged_by_its_next_run(nlp, corpus, tmp_path):
    with QuoteDatabase(tmp_path / "q.db") as db:  # as an older version left it: copies stored, none flagged
        store_corpus(iter_documents([str(corpus)]), nlp, db)
        db.conn.execute("UPDATE documents SET duplicate_of = NULL")
        db.conn.execute("DELETE FROM meta WHERE key = 'copies_flagged'")
        db.conn.commit()
    with QuoteDatabase(tmp_path / "q.db") as db:
        assert not db.copies_flagged
        stats = store_corpus(iter_documents([str(corpus)]), nlp, db)  # nothing new to analyse
        assert (stats.skipped, stats.processed, stats.duplicates) == (6, 0, 3)
        assert _flags(db) == EXPECTED and db.copies_flagged
    with QuoteDatabase(tmp_path / "q.db") as db:  # committed, and done once
        assert _flags(db) == EXPECTED
        assert store_corpus(iter_documents([str(corpus)]), nlp, db).duplicates == 0


def test_a_new_database_says_its_copies_are_flagged(tmp_path):
    with QuoteDatabase(tmp_path / "q.db") as db:
        assert db.copies_flagged


def test_when_the_first_changes_or_fails_its_copies_are_flagged_again(nlp, tmp_path):
    with QuoteDatabase(tmp_path / "q.db") as db:
        store_corpus([Document("a", ORIGINAL), Document("b", ORIGINAL), Document("c", REPUBLISHED)], nlp, db)
        assert _flags(db) == {"a": None, "b": "a", "c": "a"}
        store_corpus([Document("a", OTHER)], nlp, db)  # the article was updated into another one
        assert _flags(db) == {"a": None, "b": None, "c": "b"}
        store_corpus([ReadError("b", "the file is gone")], nlp, db)
        assert _flags(db) == {"a": None, "b": None, "c": None}


def test_ctrl_c_between_a_copy_and_its_flag_leaves_neither(nlp, corpus, tmp_path, monkeypatch):
    real = DuplicateIndex.mark

    def interrupted(self, doc_id, text):
        found = real(self, doc_id, text)
        if doc_id.endswith("4-reprise.txt"):
            raise KeyboardInterrupt
        return found

    monkeypatch.setattr(DuplicateIndex, "mark", interrupted)
    with QuoteDatabase(tmp_path / "q.db") as db, pytest.raises(KeyboardInterrupt):
        store_corpus(iter_documents([str(corpus)]), nlp, db)
    with QuoteDatabase(tmp_path / "q.db") as db:
        assert set(_flags(db)) == {"1-marseille.txt", "2-copie.txt", "agence-42"}  # committed, the copy not
        monkeypatch.setattr(DuplicateIndex, "mark", real)
        resumed = store_corpus(iter_documents([str(corpus)]), nlp, db)
        assert (resumed.skipped, resumed.duplicates) == (3, 1)
        assert _flags(db) == EXPECTED


# -- Dask -----------------------------------------------------------------------------------------------


def test_partitions_loaded_by_the_dask_driver_are_flagged_as_the_batch_flags(nlp, corpus, tmp_path, monkeypatch):
    pytest.importorskip("distributed")
    from extractor.run import dask as cluster

    job = cluster.Job(out=str(tmp_path / "out"))
    partitions = cluster.plan([str(corpus)], job, partition_bytes=1500)
    assert len(partitions) > 2  # copies in other partitions than their first
    for partition in partitions:
        cluster.run_partition(partition, job, nlp)
    monkeypatch.setattr(cluster, "_client", lambda *a: pytest.fail("every partition is already done"))
    with QuoteDatabase(tmp_path / "dask.db") as db:
        stats = cluster.run_on_dask([str(corpus)], job, db=db, partition_bytes=1500)
        assert _flags(db) == EXPECTED
    assert stats.duplicates == 3


def test_stats_say_how_many_copies_were_flagged():
    stats = batch.Stats(processed=5, duplicates=2, quotes=9, words=1000)
    assert stats.summary().startswith("5 document(s) analyzed, 2 near-duplicate(s) flagged, 9 quote(s) in ")
