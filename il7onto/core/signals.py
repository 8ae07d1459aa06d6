"""SIGTERM and SIGHUP handled like Ctrl-C: the same clean-up, the same exit code (130).

Every temporary file il7onto writes (the export's ``.tmp`` beside the output, the N-Triples copy
of a user's file that ``load`` uploads) is removed in a ``finally`` or ``except BaseException``
block. Those run for ``KeyboardInterrupt``; a default SIGTERM or SIGHUP would kill the process
before they run. :func:`install` turns both signals into :class:`Terminated` (a ``KeyboardInterrupt``).
"""

from __future__ import annotations

import signal


class Terminated(KeyboardInterrupt):
    """The process was asked to stop by SIGTERM or SIGHUP."""


def _raise(signum, frame):  # noqa: ARG001 - the signal handler signature
    raise Terminated(signal.Signals(signum).name)


def install() -> None:
    """Make SIGTERM and SIGHUP raise :class:`Terminated` in the main thread."""
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) in (signal.SIG_DFL, None):
            signal.signal(number, _raise)


def finished() -> None:
    """Ignore SIGTERM and SIGHUP from here on: the command has finished and its exit code stands.

    Python restores the default action of every signal it handles when the interpreter shuts down,
    so a SIGTERM during that shutdown (after a command of 0.6 s, say) would end the process as
    killed (-15) although its work was done; an ignored signal is left ignored."""
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) is _raise:
            signal.signal(number, signal.SIG_IGN)
