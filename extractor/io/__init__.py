"""Documents in and records out: readers, encodings, writers, the HTML report, the quote database."""
