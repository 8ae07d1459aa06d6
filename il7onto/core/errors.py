"""Exceptions that carry the CLI exit code documented in the README."""

from __future__ import annotations

# Exit codes (README, "CLI conventions").
OK = 0
NONCONFORMING = 1
USAGE = 2
INPUT = 3
UNSAFE = 4
REMOTE = 5
INTERNAL = 70
INTERRUPTED = 130


class Il7ontoError(Exception):
    """Base class: a user-facing error with a one-line message and an exit code."""

    exit_code = INTERNAL


class UsageError(Il7ontoError):
    """Bad flag, unknown name or malformed parameter."""

    exit_code = USAGE


class InputError(Il7ontoError):
    """Unreadable or unparseable input, or a limit exceeded."""

    exit_code = INPUT


class UnsafeInputError(Il7ontoError):
    """Input refused because processing it could touch the network or local files."""

    exit_code = UNSAFE


class RemoteError(Il7ontoError):
    """A triple store or network failure."""

    exit_code = REMOTE
