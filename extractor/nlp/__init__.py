"""Everything that reads or writes a spaCy ``Doc``: marks, cues, entities, statements, speakers. No file I/O."""
