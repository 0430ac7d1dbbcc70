"""Run every benchmark module in this package (or the ones named on the command line)."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def _names(wanted: list[str]) -> list[str]:
    found = sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if not m.name.startswith("_"))
    unknown = sorted(set(wanted) - set(found))
    if unknown:
        sys.exit(f"unknown benchmark(s): {', '.join(unknown)}; there are: {', '.join(found)}")
    return wanted or found


def main(argv: list[str]) -> int:
    failed = []
    for name in _names(argv):
        module = importlib.import_module(f"bench.{name}")
        print(f"== {name}", flush=True)
        if not module.main():
            failed.append(name)
    if failed:
        print(f"missed the design target: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
