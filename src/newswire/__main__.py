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
    from .cli import main

    main()


if __name__ == "__main__":
    run()
