"""What the fork server's parent and its client say to each other over their socket pair.

Frames of a 4-byte big-endian length followed by a UTF-8 JSON object; a request names one
pytest run exactly as a fresh process would be given it, and a result is what the parent saw of
the child it forked for it.
"""

from __future__ import annotations

import json
import socket
import struct
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

_HEADER: Final = struct.Struct("!I")
# Frames bigger than this are a broken peer, not a verdict.
_MAX_FRAME: Final = 64 * 1024 * 1024

REFERENCE_PACKAGE: Final = "tiny_ml"
"""The course's package the parent imports before it forks; the client restarts a parent
whose copy of it is out of date."""


class ProtocolError(Exception):
    """The peer closed the connection or sent something that is not a frame."""


JSONObject = dict[str, object]


def send_frame(sock: socket.socket, message: Mapping[str, object]) -> None:
    """Write one length-prefixed JSON frame."""
    data = json.dumps(message).encode("utf-8")
    sock.sendall(_HEADER.pack(len(data)) + data)


def _recv_exact(sock: socket.socket, size: int) -> bytes:
    chunks: list[bytes] = []
    remaining = size
    while remaining:
        chunk = sock.recv(min(remaining, 1 << 20))
        if not chunk:
            raise ProtocolError("connection closed")
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def recv_frame(sock: socket.socket) -> JSONObject:
    """Read one frame; raise ProtocolError on EOF, oversize or anything but a JSON object."""
    (size,) = _HEADER.unpack(_recv_exact(sock, _HEADER.size))
    if size > _MAX_FRAME:
        raise ProtocolError(f"frame of {size} bytes")
    try:
        message: object = json.loads(_recv_exact(sock, size).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ProtocolError(f"frame is not JSON: {err}") from err
    if not isinstance(message, dict):
        raise ProtocolError("frame is not a JSON object")
    return {str(key): value for key, value in message.items()}


@dataclass(frozen=True)
class ForkRequest:
    """One pytest run: exactly what a fresh `python -m pytest` process would be given."""

    argv: tuple[str, ...]  # pytest's arguments (after `python -m pytest`)
    env: tuple[tuple[str, str], ...]  # the child's whole environment
    cwd: str
    timeout: float

    def to_json(self) -> JSONObject:
        return {
            "op": "run",
            "argv": list(self.argv),
            "env": dict(self.env),
            "cwd": self.cwd,
            "timeout": self.timeout,
        }

    @classmethod
    def from_json(cls, message: Mapping[str, object]) -> ForkRequest:
        argv = message.get("argv")
        env = message.get("env")
        cwd = message.get("cwd")
        timeout = message.get("timeout")
        if not (isinstance(argv, list) and all(isinstance(arg, str) for arg in argv)):
            raise ProtocolError("argv must be a list of strings")
        if not (
            isinstance(env, dict)
            and all(isinstance(k, str) and isinstance(v, str) for k, v in env.items())
        ):
            raise ProtocolError("env must map strings to strings")
        if not isinstance(cwd, str):
            raise ProtocolError("cwd must be a string")
        if not isinstance(timeout, int | float) or isinstance(timeout, bool) or timeout <= 0:
            raise ProtocolError("timeout must be a positive number")
        return cls(
            argv=tuple(str(arg) for arg in argv),
            env=tuple((str(k), str(v)) for k, v in env.items()),
            cwd=cwd,
            timeout=float(timeout),
        )


@dataclass(frozen=True)
class ForkResult:
    """What the parent saw of one child."""

    returncode: int  # negative: killed by that signal
    output: str
    timed_out: bool
    seconds: float

    def to_json(self) -> JSONObject:
        return {
            "event": "done",
            "returncode": self.returncode,
            "output": self.output,
            "timed_out": self.timed_out,
            "seconds": self.seconds,
        }

    @classmethod
    def from_json(cls, message: Mapping[str, object]) -> ForkResult:
        returncode = message.get("returncode")
        output = message.get("output")
        timed_out = message.get("timed_out")
        seconds = message.get("seconds")
        if message.get("event") != "done":
            raise ProtocolError(f"expected a done event, got {message.get('event')!r}")
        if not isinstance(returncode, int) or isinstance(returncode, bool):
            raise ProtocolError("returncode must be an int")
        if not isinstance(output, str) or not isinstance(timed_out, bool):
            raise ProtocolError("output must be a string and timed_out a bool")
        if not isinstance(seconds, int | float) or isinstance(seconds, bool):
            raise ProtocolError("seconds must be a number")
        return cls(returncode, output, timed_out, float(seconds))
