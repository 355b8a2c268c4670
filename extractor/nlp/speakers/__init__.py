"""Who can speak and who a mention is: the subject of a cue, coreference, animacy."""
