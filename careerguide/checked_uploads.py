"""Bounded, checked uploads: the limits every import applies to a file, and the server-side store that
carries a checked file from the admin's dry run to its confirmation.

An import reads a file with `text_problem` (whole files of a few MB) or `checked_lines` (streamed line
by line), which refuse NUL bytes, bytes that are not UTF-8, too many lines and too long lines, each
with the file's name and the line. The admin's two-step imports (`careerguide.admin.CheckedImportMixin`)
keep the files that passed their check with `store_checked_upload` and import them once, for their
owner only, before they expire, with `claim_checked_upload`.
"""

import hashlib
import json
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import timedelta

from django.conf import settings
from django.db import OperationalError, transaction
from django.utils import timezone

from .models import CheckedFile, CheckedUpload

NOT_UTF8 = "the file is not UTF-8 text (byte 0x{byte:02x}); save it as UTF-8"
NUL_BYTE = "the file has a NUL byte (0x00), so it is not plain text; save it again as UTF-8 text"


class TextProblem(ValueError):
    """A file an import refuses before reading its content: where (file and line) and why."""

    def __init__(self, name: str, line: int, reason: str, code: str = ""):
        super().__init__(f"{name}, line {line}: {reason}")
        self.name, self.line, self.reason, self.code = name, line, reason, code


def max_lines() -> int:
    return settings.IMPORT_MAX_LINES


def max_line_chars() -> int:
    return settings.IMPORT_MAX_LINE_CHARS


def text_problem(name: str, data: bytes) -> TextProblem | None:
    """The first reason `data` (a whole file named `name`) cannot be read as text, or None.

    NUL bytes (PostgreSQL cannot store them), bytes that are not UTF-8, more than
    `IMPORT_MAX_LINES` lines or a line longer than `IMPORT_MAX_LINE_CHARS` characters.
    """
    nul = data.find(b"\x00")
    if nul != -1:
        return TextProblem(name, data.count(b"\n", 0, nul) + 1, NUL_BYTE, "nul")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return TextProblem(name, line, NOT_UTF8.format(byte=data[error.start]), "utf8")
    # Split on newlines only, as the line numbers of NUL and non-UTF-8 bytes count them.
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()  # the end of the last line, not a line
    return _size_problem(name, lines)


def _size_problem(name: str, lines: list[str]) -> TextProblem | None:
    if len(lines) > max_lines():
        return TextProblem(name, max_lines() + 1, f"the file has more than {max_lines():,} lines; split it")
    limit = max_line_chars()
    for number, line in enumerate(lines, 1):
        if len(line) > limit:
            return TextProblem(name, number, f"the line has {len(line):,} characters, more than {limit:,}")
    return None


def checked_lines(name: str, lines: Iterable[bytes]) -> Iterator[str]:
    """Decode a file's lines one by one (dropping a byte order mark); raise `TextProblem` at the first
    line with a NUL byte, a byte that is not UTF-8 or too many characters, or past the line limit.
    Streams: memory holds one line, whatever the file's size."""
    limit, most = max_line_chars(), max_lines()
    for number, raw in enumerate(lines, 1):
        if number > most:
            raise TextProblem(name, number, f"the file has more than {most:,} lines; split it")
        if b"\x00" in raw:
            raise TextProblem(name, number, NUL_BYTE, "nul")
        try:
            line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as error:
            raise TextProblem(name, number, NOT_UTF8.format(byte=raw[error.start]), "utf8") from error
        if len(line.rstrip("\r\n")) > limit:
            raise TextProblem(name, number, f"the line has {len(line):,} characters, more than {limit:,}")
        yield line


# --- Waiting for SQLite's write lock ----------------------------------------------------------------------


def is_lock_error(error: OperationalError) -> bool:
    """SQLite's answer when another connection holds the write lock ("database is locked", or
    "database table is locked" for a shared-cache database)."""
    return "locked" in str(error)


def retry_when_locked(run: Callable[[], object], *, seconds: float = 30.0):
    """`run()`, run again while SQLite answers that another writer holds the database.

    An import's check is a dry run that writes and rolls back, so on SQLite it needs the write lock
    for a moment; a check that meets another writer waits its turn rather than failing. `run` must be
    a whole transaction (nothing to undo when it fails). Other databases never raise a lock error.
    """
    deadline = time.monotonic() + seconds
    pause = 0.05
    while True:
        try:
            return run()
        except OperationalError as error:
            if not is_lock_error(error) or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 1.0)


# --- The store of checked uploads -------------------------------------------------------------------------


def delete_expired_uploads() -> None:
    """Delete expired uploads, unless another writer holds SQLite's lock: the next check will."""
    try:
        CheckedUpload.objects.delete_expired()
    except OperationalError as error:
        if not is_lock_error(error):
            raise


class UploadRefused(Exception):
    """A confirmation that cannot import its upload; the message says why and what to do."""


def store_checked_upload(*, owner, kind: str, files: dict[str, bytes], options: dict | None = None) -> CheckedUpload:
    """Keep `files` (name: bytes) for `owner` to confirm within `IMPORT_CHECK_MAX_AGE` seconds.

    Expired uploads are deleted first, so the table holds only what can still be confirmed.
    Queries: two DELETEs of expired uploads, two INSERTs.
    """
    delete_expired_uploads()
    now = timezone.now()

    def store():
        with transaction.atomic():
            upload = CheckedUpload.objects.create(
                owner=owner,
                kind=kind,
                options=json.dumps(options or {}),
                created_at=now,
                expires_at=now + timedelta(seconds=settings.IMPORT_CHECK_MAX_AGE),
            )
            CheckedFile.objects.bulk_create(
                CheckedFile(
                    upload=upload,
                    position=position,
                    name=name[:255],
                    data=data,
                    size=len(data),
                    sha256=hashlib.sha256(data).hexdigest(),
                )
                for position, (name, data) in enumerate(files.items())
            )
        return upload

    return retry_when_locked(store)


def claim_checked_upload(*, upload_id: str, owner, kind: str) -> tuple[dict[str, bytes], dict]:
    """Mark the upload used and return its files (name: bytes) and options; call inside `transaction.atomic()`
    with the import, so a failed import leaves the upload unused.

    Only an unused, unexpired upload of `owner` and `kind` is claimed, by one UPDATE ... WHERE
    used_at IS NULL: of two confirmations at once, one claims it and the other waits for it (or, on
    SQLite, may find the database locked) and is then refused. Raises `UploadRefused` saying why.
    Queries: one UPDATE, a SELECT of the options and one of the files, or a SELECT of why not.
    """
    try:
        upload_id = uuid.UUID(str(upload_id))
    except ValueError:
        raise UploadRefused(_UNKNOWN) from None
    now = timezone.now()
    claimed = CheckedUpload.objects.filter(
        pk=upload_id, owner=owner, kind=kind, used_at__isnull=True, expires_at__gt=now
    ).update(used_at=now)
    if not claimed:
        raise UploadRefused(_refusal(upload_id, owner, kind, now))
    options = json.loads(CheckedUpload.objects.filter(pk=upload_id).values_list("options", flat=True).get())
    files = CheckedFile.objects.filter(upload_id=upload_id).values_list("name", "data", "sha256")
    checked = {}
    for name, data, sha256 in files:
        data = bytes(data)  # PostgreSQL returns a memoryview
        if hashlib.sha256(data).hexdigest() != sha256:
            raise UploadRefused(f"{name} is not the file that was checked; upload it again.")
        checked[name] = data
    return checked, options


_UNKNOWN = "These files were never checked here, or were removed; upload them again."


def _refusal(upload_id: uuid.UUID, owner, kind: str, now) -> str:
    upload = CheckedUpload.objects.filter(pk=upload_id, kind=kind).only("owner", "used_at", "expires_at").first()
    if upload is None:
        return _UNKNOWN
    if upload.owner_id != owner.pk:
        return "Another user checked these files; only they can import them. Upload the files yourself to check them."
    if upload.used_at is not None:
        used = timezone.localtime(upload.used_at)
        return f"These files were already imported (at {used:%H:%M:%S}); nothing was imported again."
    return "The check expired; upload the files again to check them."


def run_locked_confirmation(run: Callable[[], object]):
    """`run()` in one transaction; an SQLite lock held by another confirmation becomes `UploadRefused`."""
    try:
        with transaction.atomic():
            return run()
    except OperationalError as error:
        if not is_lock_error(error):
            raise
        raise UploadRefused(
            "Another import was writing at the same moment, so this confirmation imported nothing. If it was "
            "another confirmation of these files, they are imported once; otherwise confirm again."
        ) from error
