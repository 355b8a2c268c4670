"""The command line: each command parses its options and calls the library.

Exit codes: 0 ok, 1 a runtime failure (missing model, unreadable file), 2 a usage error.
"""

from __future__ import annotations

from typing import Iterator, List, Optional

import typer
from rich.console import Console

from .evaluation import GoldError, evaluate
from .output import OutputFormat, View, open_output, write, write_report
from .pipeline import DEFAULT_MODEL, ModelNotFound, analyze_many, load_pipeline
from .readers import Document, ReadError, iter_documents
from .records import Analysis

app = typer.Typer(
    help="Who said what in French news: entities, quotes and indirect speech, with their speakers.",
    no_args_is_help=True,
    add_completion=False,
)
err = Console(stderr=True, soft_wrap=True)  # one message, one line: no wrapping

PathsArg = typer.Argument(..., help="Files, folders (searched recursively for .txt and .md) or - for stdin.")
FormatOpt = typer.Option(OutputFormat.table, "--format", "-f", help="Output format.")
OutputOpt = typer.Option(None, "--output", "-o", help="Write to this file (atomically) instead of stdout.")
ModelOpt = typer.Option(DEFAULT_MODEL, "--model", "-m", help="The spaCy pipeline to use.")
MiscOpt = typer.Option(False, "--misc", help="Also report MISC entities (hidden by default).")


class _Run:
    """Reads, analyzes and counts one command's documents; remembers what failed."""

    def __init__(self, paths: list[str], model: str, misc: bool) -> None:
        self.paths = paths
        self.labels = ("PER", "ORG", "LOC", "MISC") if misc else ("PER", "ORG", "LOC")
        self.failed = 0
        try:
            self.nlp = load_pipeline(model)
        except ModelNotFound as exc:
            err.print(f"[red]error:[/red] {exc}", highlight=False)
            raise typer.Exit(1) from exc

    def _documents(self) -> Iterator[tuple[str, str]]:
        for item in iter_documents(self.paths):
            if isinstance(item, ReadError):
                self.failed += 1
                err.print(f"[red]error:[/red] {item.id}: {item.reason}", highlight=False)
            elif isinstance(item, Document):
                yield item.text, item.id

    def analyses(self) -> Iterator[Analysis]:
        for analysis in analyze_many(self._documents(), self.nlp, labels=self.labels):
            for warning in analysis.warnings:
                err.print(f"[yellow]warning:[/yellow] {analysis.id}: {warning}", highlight=False)
            yield analysis


def _run(paths: list[str], view: View, fmt: OutputFormat, output: Optional[str], model: str, misc: bool) -> None:
    run = _Run(paths, model, misc)
    with open_output(output) as out:
        write(run.analyses(), view, fmt, out)
    if run.failed:
        err.print(f"{run.failed} document(s) could not be read")
        raise typer.Exit(1)


@app.command()
def quotes(
    paths: List[str] = PathsArg,
    fmt: OutputFormat = FormatOpt,
    output: Optional[str] = OutputOpt,
    model: str = ModelOpt,
) -> None:
    """The who-said-what table: speaker, role, quote, type and cue verb."""
    _run(paths, View.quotes, fmt, output, model, False)


@app.command()
def entities(
    paths: List[str] = PathsArg,
    fmt: OutputFormat = FormatOpt,
    output: Optional[str] = OutputOpt,
    model: str = ModelOpt,
    misc: bool = MiscOpt,
) -> None:
    """The entity table: canonical name, label and mentions."""
    _run(paths, View.entities, fmt, output, model, misc)


@app.command()
def analyze(
    paths: List[str] = PathsArg,
    fmt: OutputFormat = typer.Option(OutputFormat.jsonl, "--format", "-f", help="Output format."),
    output: Optional[str] = OutputOpt,
    model: str = ModelOpt,
    misc: bool = MiscOpt,
) -> None:
    """Everything per document (id, entities with mentions, quotes): the JSON contract of the scorers."""
    _run(paths, View.documents, fmt, output, model, misc)


@app.command("eval")
def eval_(
    gold_dir: str = typer.Argument(..., help="A folder of *.gold.json files with their texts."),
    fmt: OutputFormat = FormatOpt,
    output: Optional[str] = OutputOpt,
    model: str = ModelOpt,
    misses: bool = typer.Option(True, "--misses/--no-misses", help="List every miss after the scores."),
) -> None:
    """Score the tool on your own annotated articles: precision, recall, attribution and the misses."""
    try:
        nlp = load_pipeline(model)
        report = evaluate(gold_dir, nlp)
    except (ModelNotFound, GoldError) as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(1) from exc
    with open_output(output) as out:
        write_report(report, fmt, out, misses)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
