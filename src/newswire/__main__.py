"""The ``newswire`` command and ``python -m newswire``.

``newswire --version`` alone is answered here, without importing the
command-line parser (:mod:`newswire.cli`, click), which costs more than the
answer; everything else goes to :func:`newswire.cli.main`.
"""

from __future__ import annotations

import sys


def run() -> None:
    """Run the command line with ``sys.argv``."""
    if sys.argv[1:] == ["--version"]:
        from . import __version__

        sys.stdout.write(f"newswire, version {__version__}\n")
        return
    import gc

    # One command, one process. Python's cyclic collector is off from here
    # on: the objects a command makes (modules, classes and compiled
    # expressions first) mostly live until it ends, and a build makes almost
    # no reference cycles (see newswire.run.collector_paused), so each
    # collection walked them all for nothing; what is left when the command
    # ends is not walked once more by the collection at exit (gc.freeze).
    # 'serve', which builds again and again, turns the collector back on.
    gc.disable()
    try:
        from .cli import main

        main()
    finally:
        gc.freeze()


if __name__ == "__main__":
    run()
