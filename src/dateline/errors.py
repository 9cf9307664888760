"""dateline's own exception types with a coded catalogue.

Every error a user can meet has a stable code (like spaCy's ``E001``) so that
messages can be searched for and tests can assert on the code rather than on
wording. ``str(error)`` is one line: ``[E101] path: message``.
"""

from __future__ import annotations


class DatelineError(Exception):
    """Base class; ``code`` identifies the error in the catalogue below."""

    code = "E000"

    def __init__(self, message: str, *, source: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source

    def __str__(self) -> str:
        where = f"{self.source}: " if self.source else ""
        return f"[{self.code}] {where}{self.message}"


class ConfigError(DatelineError):
    code = "E001"


class StageError(DatelineError):
    """A pipeline stage is unknown or its requirements are not met."""

    code = "E002"


class InputError(DatelineError):
    """Input that cannot become a document. Subclasses name the reason."""

    code = "E100"


class EmptyInputError(InputError):
    code = "E101"


class BinaryInputError(InputError):
    code = "E102"


class EncodingError(InputError):
    code = "E103"


class NoArticleBodyError(InputError):
    code = "E104"


class DocumentTooLargeError(InputError):
    code = "E105"


class MalformedRecordError(InputError):
    """A JSONL line or feed item that cannot be parsed."""

    code = "E106"


class UnsupportedInputError(InputError):
    code = "E107"


class InputNotFoundError(InputError):
    code = "E108"


class NotLanguageError(InputError):
    """A long text that is mostly not words (symbols, mojibake, noise): refused before
    the parse (:func:`dateline.guards.check_language`)."""

    code = "E109"


class ProcessingError(DatelineError):
    """A pipeline stage raised while processing one document."""

    code = "E200"


class DocumentTimeoutError(ProcessingError):
    """One document ran past its deadline and was stopped (its worker process replaced)."""

    code = "E203"


class StoreError(DatelineError):
    code = "E300"


class MigrationError(StoreError):
    code = "E301"


class NotFoundError(StoreError):
    code = "E302"


class QueryError(StoreError):
    """A query the store cannot run: bad full-text syntax, bad filter or page values."""

    code = "E303"


class StorePathError(StoreError):
    """A database path that cannot hold a database: a missing folder, a file or a
    directory in the way, no permission. dateline creates the file, never folders."""

    code = "E304"


# E310 is retired (it was FusionUnavailableError: a store backend without fusion
# tables; every store keeps them now). Codes are never reused.


class FusionError(StoreError):
    """Fusing one stored document failed; it stays stored, unfused (fusing it again retries)."""

    code = "E311"


class ExportError(DatelineError):
    """An export that cannot be written (unknown format, Parquet without pyarrow, no --out)."""

    code = "E600"


class KnowledgeBaseError(DatelineError):
    """A malformed or conflicting actor knowledge-base entry."""

    code = "E400"


class EvaluationError(DatelineError):
    code = "E500"


class DataUnavailableError(EvaluationError):
    """Evaluation data under ../shared is absent."""

    code = "E501"


class SourceError(DatelineError):
    """A watched source that cannot be read this time (HTTP error, timeout, not a feed):
    ``dateline watch`` backs off from it and goes on with the others."""

    code = "E700"
