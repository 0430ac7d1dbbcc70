"""`python -m voelspriet` is the `voelspriet` command."""

from voelspriet.cli import main

main()
