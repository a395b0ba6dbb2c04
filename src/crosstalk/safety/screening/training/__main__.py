"""`python -m crosstalk.safety.training [DATA_DIR] [OUT_DIR]`: rebuild the stage-1 artifacts."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from crosstalk.safety.screening.training import train_all
from crosstalk.safety.screening.training.data import DataMissingError

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"


def main(argv: list[str]) -> int:
    data_dir = Path(argv[0]) if argv else Path("../shared/data")
    out_dir = Path(argv[1]) if len(argv) > 1 else ARTIFACTS
    try:
        report = train_all(data_dir, out_dir)
    except DataMissingError as exc:
        print(f"{exc.message_en}\n{exc.message_zh}", file=sys.stderr)
        return 2
    print(json.dumps(report, indent=1, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
