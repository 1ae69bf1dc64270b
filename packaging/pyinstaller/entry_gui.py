"""Frozen entry point of `victimkit-gui` (the desktop app, no console window)."""

import multiprocessing

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from victimkit.gui.app import main

    main()
