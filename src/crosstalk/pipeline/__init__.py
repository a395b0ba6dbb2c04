"""Background work: a small job queue behind a Protocol, with an in-process worker by default."""
