#!/usr/bin/python3
"""Validates YAML files against a JSON Schema (draft-07), independently of
ratesim: ruamel.yaml reads the YAML as 1.2 (as yaml-cpp does), jsonschema
checks it. Usage: validate.py SCHEMA FILE...

Prints one line per file, `FILE<TAB>valid` or `FILE<TAB>invalid<TAB>WHY`
(the first error: its path in the document and its message, on one line),
and exits 0 when every file was read, whatever their validity; 2 when the
schema itself is not a valid draft-07 schema or a file cannot be read."""
import json
import sys

import jsonschema
from ruamel.yaml import YAML


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[0], encoding="utf-8") as f:
        schema = json.load(f)
    try:
        jsonschema.Draft7Validator.check_schema(schema)
    except jsonschema.exceptions.SchemaError as e:
        print(f"{argv[0]}: not a draft-07 schema: {e.message}", file=sys.stderr)
        return 2
    validator = jsonschema.Draft7Validator(schema)
    yaml = YAML(typ="safe", pure=True)
    for path in argv[1:]:
        try:
            with open(path, encoding="utf-8") as f:
                document = yaml.load(f)
        except Exception as e:  # a file the test meant to be readable
            print(f"{path}: cannot read: {e}", file=sys.stderr)
            return 2
        errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
        if not errors:
            print(f"{path}\tvalid")
            continue
        best = jsonschema.exceptions.best_match(errors)
        where = ".".join(str(p) for p in best.absolute_path) or "(top level)"
        why = " ".join(f"{where}: {best.message}".split())
        print(f"{path}\tinvalid\t{why}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
