"""Stage-1 classifiers: lexicons and linear models over folded text, with evidence spans."""
