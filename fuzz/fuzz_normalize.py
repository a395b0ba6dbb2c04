"""Atheris fuzz harness: normalization and stage-1 scoring never raise and keep offsets valid.

    .venv/bin/python fuzz/fuzz_normalize.py -runs=100000   (needs `pip install atheris`)

When atheris cannot be built, the hypothesis properties in tests/unit/safety cover the same
invariants.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["crosstalk"]):
    from crosstalk.safety.screening.normalize import normalize
    from crosstalk.safety.screening.scoring import score_text


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    text = fdp.ConsumeUnicode(256)  # lone surrogates included: str from JSON can hold them
    nt = normalize(text)
    if not (len(nt.text) == len(nt.offsets) == len(nt.ends)):
        raise AssertionError("offset table length differs from folded text")
    previous = 0
    for start, end in zip(nt.offsets, nt.ends, strict=True):
        if not (previous <= start < end <= len(text)):
            raise AssertionError(f"bad span {start}:{end} for {text!r}")
        previous = start
    if len(nt.pinyin_offsets) != len(nt.pinyin):
        raise AssertionError("pinyin offsets length differs from pinyin")
    result = score_text(text)
    for e in result.evidence:
        if text[e.start : e.end] != e.text:
            raise AssertionError(f"evidence does not quote the original: {e!r}")


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
