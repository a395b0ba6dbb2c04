"""Language: detection, EN↔ZH translation behind pluggable backends, glossary, reading aids.

Callers use `crosstalk.language.service` (translate_text, translate_many, glossary functions).
"""
