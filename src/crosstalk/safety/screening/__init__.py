"""Automated screening: normalisation, classifiers, the judge, surge signals, policy rules and
the publication gate every note, comment and profile passes through."""
