"""crosstalk: a self-hostable bilingual English/Chinese community with translation and
transparent trust and safety."""
