"""Pre-release helper: rewrite the initial migration from the models.

Run `python -m store.migrations.regenerate_initial` after editing store/models.py while no
database outside development exists. After the first release, add new revisions instead.
"""

import tempfile
from pathlib import Path

from alembic import command

from store.db import MIGRATIONS, alembic_config, make_engine


def main() -> None:
    for old in (MIGRATIONS / "versions").glob("0001_*.py"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'blank.db'}")
        command.revision(alembic_config(engine), message="initial schema", autogenerate=True,
                         rev_id="0001")
        engine.dispose()


if __name__ == "__main__":
    main()
