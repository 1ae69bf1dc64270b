"""Frozen entry point of `victimkit` (the command line; with no arguments it opens the app)."""

import multiprocessing

if __name__ == "__main__":
    # The dossier renders pages in a spawn-context process pool: a frozen program must let
    # its child processes run the worker instead of the command line.
    multiprocessing.freeze_support()
    from victimkit.cli import main

    main()
