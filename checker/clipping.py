"""Long output kept readable and small: its head and its tail, and one line saying how much was
left out between them. The first failure is near the start; pytest's summary is at the end."""

from __future__ import annotations

import os


def left_out_line(skipped: int) -> bytes:
    """What stands in for the bytes dropped from the middle."""
    return f"\n[... {skipped} bytes of output left out ...]\n".encode()


def clip_bytes(data: bytes, head: int, tail: int) -> bytes:
    """`data` unchanged if it fits in `head + tail` bytes, else its first `head` and last `tail`."""
    if len(data) <= head + tail:
        return data
    return data[:head] + left_out_line(len(data) - head - tail) + data[len(data) - tail :]


def clip_text(text: str, head: int, tail: int) -> str:
    """Text clipped as its UTF-8 bytes, so one limit holds for text and files alike (a character
    cut in two reads as U+FFFD)."""
    data = text.encode("utf-8", "backslashreplace")
    if len(data) <= head + tail:
        return text
    return clip_bytes(data, head, tail).decode("utf-8", "replace")


def read_clipped(fd: int, head: int, tail: int) -> str:
    """An output file's head and tail, read by position without loading the middle, which may
    be megabytes of prints."""
    size = os.fstat(fd).st_size
    if size <= head + tail:
        data = os.pread(fd, size, 0)
    else:
        data = (
            os.pread(fd, head, 0)
            + left_out_line(size - head - tail)
            + os.pread(fd, tail, size - tail)
        )
    return data.decode("utf-8", "replace")
