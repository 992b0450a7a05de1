"""Long output keeps its head and its tail, and says how many bytes were left out between."""

from __future__ import annotations

import tempfile

from checker import testrun
from checker.clipping import clip_bytes, clip_text, left_out_line, read_clipped


def test_output_that_fits_is_unchanged() -> None:
    assert clip_bytes(b"a" * 10, 5, 5) == b"a" * 10
    assert clip_text("é" * 5, 5, 5) == "é" * 5


def test_long_output_keeps_its_head_and_tail_and_counts_what_was_left_out() -> None:
    data = b"HEAD" + b"." * 1000 + b"TAIL"
    clipped = clip_bytes(data, 4, 4)
    assert clipped == b"HEAD\n[... 1000 bytes of output left out ...]\nTAIL"
    assert clipped == b"HEAD" + left_out_line(1000) + b"TAIL"


def test_text_is_clipped_by_its_bytes_and_a_cut_character_is_replaced() -> None:
    clipped = clip_text("ab" + "é" * 100 + "yz", 3, 2)
    assert clipped.startswith("ab\ufffd\n[... 199 bytes of output left out ...]\n")
    assert clipped.endswith("yz")


def test_a_file_is_read_as_head_and_tail_only() -> None:
    data = b"FIRST\n" + b"x" * 100_000 + b"\nLAST\n"
    with tempfile.TemporaryFile() as handle:
        handle.write(data)
        handle.flush()
        assert read_clipped(handle.fileno(), 6, 6) == clip_bytes(data, 6, 6).decode()
        assert read_clipped(handle.fileno(), len(data), 0) == data.decode()


def test_what_a_learner_sees_is_bounded_by_the_output_limit() -> None:
    shown = testrun.clip_output("FIRST " + "x" * 100_000 + " LAST")
    assert shown.startswith("FIRST ") and shown.endswith(" LAST")
    assert len(shown.encode()) < testrun.OUTPUT_LIMIT + 100
