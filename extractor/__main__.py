"""`python -m extractor`: the command line, as the `extractor` script runs it."""

from .cli import main

main()
