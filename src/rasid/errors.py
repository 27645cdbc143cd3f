"""Errors with stable codes and messages a user can act on."""

from __future__ import annotations


class RasidError(Exception):
    """Base class: ``code`` is stable (E1xx input, E2xx contract, E3xx store, E4xx data)."""

    code = "E100"

    def __init__(self, message: str, *, where: str | None = None) -> None:
        self.message = message
        self.where = where
        super().__init__(self.__str__())

    def __str__(self) -> str:
        prefix = f"{self.where}: " if self.where else ""
        return f"{prefix}{self.message} [{self.code}]"


class EmptyInputError(RasidError):
    code = "E101"


class BinaryInputError(RasidError):
    code = "E102"


class InputTooLargeError(RasidError):
    code = "E103"


class UnreadableInputError(RasidError):
    code = "E104"


class DecodeError(RasidError):
    code = "E105"


class SourceNotFoundError(RasidError):
    code = "E106"


class RefusedAddressError(RasidError):
    """A URL that is not fetched: not http(s), or its host resolves to a private or metadata address."""

    code = "E107"


class FetchError(RasidError):
    """A URL that could not be fetched: timeout, connection, HTTP error status, redirect loop.

    ``transient`` is true for failures worth retrying later (timeouts, 5xx, 429).
    """

    code = "E108"

    def __init__(self, message: str, *, where: str | None = None, transient: bool = False) -> None:
        self.transient = transient
        super().__init__(message, where=where)


class FeedError(RasidError):
    """A feed (RSS 2.0, RSS 1.0, Atom) that is not well-formed XML or not a feed."""

    code = "E109"


class MalformedRecordError(RasidError):
    code = "E201"


class StoreError(RasidError):
    code = "E301"


class DataFileError(RasidError):
    code = "E401"
