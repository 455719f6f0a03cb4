"""Regenerate the shipped JSON Schema of Dataset from the model.

Run after changing the model: ``python scripts/build_schema.py``. With ``--check`` it only
reports whether the shipped file is current (exit status 1 if not).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import aigovernance as ag
from aigovernance.serialization._schema import SCHEMA_FILE

TARGET = (
    Path(__file__).resolve().parent.parent
    / "src"
    / "aigovernance"
    / "serialization"
    / "schemas"
    / SCHEMA_FILE
)


def schema_text() -> str:
    """The text of the schema file: indented, keys in the order generated, UTF-8."""
    return json.dumps(ag.json_schema(ag.Dataset), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check the file is current")
    args = parser.parse_args(argv)
    text = schema_text()
    current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else None
    if args.check:
        if current != text:
            print(f"{TARGET.name} is out of date; run scripts/build_schema.py", file=sys.stderr)
            return 1
        return 0
    if current != text:
        TARGET.parent.mkdir(parents=True, exist_ok=True)
        TARGET.write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote {TARGET.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
