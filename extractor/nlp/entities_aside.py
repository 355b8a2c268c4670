"""The entity recognizer in a process of its own, running while this process parses: one article's wait
on two cores.

fr_core_news_md's ``ner`` has its own token-to-vector layer: it reads the tokens and nothing the tagger,
parser or lemmatizer write. :func:`set_aside` forks a process holding the loaded ``ner`` and changes the
pipeline, with spaCy's own calls, into: ``entities_ahead`` (first: each Doc's words and spaces sent to
that process), the components as before with ``ner`` disabled, and ``entities_behind`` where ``ner``
stood (the entities received, set as ``doc.ents``). The Doc is the one ``nlp`` makes without it (the
same records: tests/test_entities_aside.py), in about two thirds of the time on an idle two-core
machine: the parser and the recognizer, each a third of the pipeline, run at once.

For one article at a time — the server (``extractor serve``), whose requests come one by one. A corpus
gains nothing: its workers keep both cores busy already. If the process dies, the recognizer runs here
again (a warning says so once); :meth:`EntitiesAside.close` ends the process and gives the pipeline back
as it was.

Example:
    >>> aside = set_aside(nlp)                                  # doctest: +SKIP
    >>> nlp("« Non », a dit Paul Durand.").ents                 # doctest: +SKIP
    (Paul Durand,)
    >>> aside.close()                                           # doctest: +SKIP
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing
import queue
import threading
from multiprocessing.connection import Connection
from typing import Any
from weakref import WeakKeyDictionary

from spacy.language import Language
from spacy.tokens import Doc, Span

AHEAD, BEHIND = "entities_ahead", "entities_behind"
_ASIDE: dict[str, EntitiesAside] = {}  # by key: the components find theirs (a component's config is text)
_log = logging.getLogger(__name__)


class EntitiesAside:
    """The process that runs ``ner``, the way there and back, and the fallback here."""

    def __init__(self, nlp: Language, name: str = "ner") -> None:
        self.nlp = nlp
        self.name = name
        self.key = f"{name}@{id(nlp)}"
        self.ner = nlp.get_pipe(name)
        context = multiprocessing.get_context("fork")  # the loaded recognizer, shared, not pickled
        self._here, there = context.Pipe()
        self.process = context.Process(target=_recognize, args=(there, self._here, self.ner, nlp.vocab),
                                       daemon=True, name="extractor-entities")
        self.process.start()
        there.close()
        self._tickets = itertools.count()
        self._sent: WeakKeyDictionary[Doc, int] = WeakKeyDictionary()
        # sent by a thread of its own: a batch's words may outgrow the pipe before the first answer is read
        self._outbox: queue.SimpleQueue[tuple[int, list[str], list[bool]] | None] = queue.SimpleQueue()
        self._sender = threading.Thread(target=self._send_all, name="extractor-entities-sender", daemon=True)
        self._sender.start()
        self.alive = True

    def send(self, doc: Doc) -> Doc:
        """Send the Doc's words to the recognizer (the ``entities_ahead`` component)."""
        if self.alive:
            ticket = next(self._tickets)
            self._sent[doc] = ticket
            self._outbox.put((ticket, [t.text for t in doc], [bool(t.whitespace_) for t in doc]))
        return doc

    def receive(self, doc: Doc) -> Doc:
        """Set the entities found for this Doc (the ``entities_behind`` component): the recognizer's
        answer, or the recognizer run here if the process is gone or the Doc was not sent."""
        ticket = self._sent.pop(doc, None)
        if ticket is None or not self.alive:
            return self.ner(doc)
        try:
            while True:
                answered, found = self._here.recv()
                if answered == ticket:
                    break  # earlier answers are of Docs a failed batch left behind
        except (EOFError, OSError):
            self._down()
            return self.ner(doc)
        if found is None:  # it failed there: the error is raised here, where the batch handles it
            return self.ner(doc)
        doc.ents = [Span(doc, start, end, label=label) for start, end, label in found]
        return doc

    def close(self) -> None:
        """End the process and give the pipeline back as it was: ``ner`` enabled in its place."""
        _ASIDE.pop(self.key, None)
        for component in (AHEAD, BEHIND):
            if component in self.nlp.component_names:
                self.nlp.remove_pipe(component)
        if self.name in self.nlp.disabled:
            self.nlp.enable_pipe(self.name)
        self.alive = False
        self._outbox.put(None)
        self._here.close()
        self.process.kill()
        self.process.join(timeout=10)

    def _send_all(self) -> None:
        while (item := self._outbox.get()) is not None:
            try:
                self._here.send(item)
            except (OSError, ValueError):  # the process is gone, or the pipe closed
                return

    def _down(self) -> None:
        if self.alive:
            self.alive = False
            _log.warning("the entity recognizer's process ended (%s): entities are found here again",
                         self.process.exitcode)


def _recognize(conn: Connection, theirs: Connection, ner: Any, vocab: Any) -> None:
    """The process: a Doc rebuilt from each message's words and spaces, its entities sent back; it ends
    when the other side closes its end, or is gone."""
    theirs.close()  # this copy of the other end would keep the pipe open after the other side ended
    while True:
        try:
            ticket, words, spaces = conn.recv()
        except (EOFError, OSError):
            return
        try:
            doc = ner(Doc(vocab, words=words, spaces=spaces))
            found: list[tuple[int, int, str]] | None = [(e.start, e.end, e.label_) for e in doc.ents]
        except Exception:  # noqa: BLE001 - told to the other side, which runs it again and sees the error
            found = None
        conn.send((ticket, found))


@Language.factory(AHEAD, default_config={"key": "", "recognizer": "ner"})
def make_ahead(nlp: Language, name: str, key: str, recognizer: str) -> Any:
    def ahead(doc: Doc) -> Doc:
        aside = _ASIDE.get(key)
        return aside.send(doc) if aside is not None else doc

    return ahead


@Language.factory(BEHIND, default_config={"key": "", "recognizer": "ner"})
def make_behind(nlp: Language, name: str, key: str, recognizer: str) -> Any:
    def behind(doc: Doc) -> Doc:
        aside = _ASIDE.get(key)
        return aside.receive(doc) if aside is not None else nlp.get_pipe(recognizer)(doc)

    return behind


def set_aside(nlp: Language, name: str = "ner") -> EntitiesAside:
    """Run ``nlp``'s recognizer ``name`` in a process of its own from now on (see the module's text)."""
    aside = EntitiesAside(nlp, name)
    _ASIDE[aside.key] = aside
    nlp.add_pipe(AHEAD, first=True, config={"key": aside.key, "recognizer": name})
    nlp.add_pipe(BEHIND, after=name, config={"key": aside.key, "recognizer": name})
    nlp.disable_pipe(name)
    return aside


__all__ = ["EntitiesAside", "set_aside"]
