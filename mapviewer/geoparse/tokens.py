"""How a text's tokens are held: a plain list for ordinary texts, two offset arrays for big ones.

A Token object costs about 210 bytes (the object, two int objects, its own copy of the word): a 15 MB
text has 2.5 million tokens, 550 MB, most of `mapviewer extract`'s peak memory. Past COMPACT_FROM
characters the tokens are kept as their start and end offsets (8 bytes a token) and a Token is made
when one is read; the last few made are kept, as the recognizer reads each word's neighbours again (so
recognition costs about 10 % more CPU than with the list, not twice as much). Ordinary documents keep
the list; both forms hold the same tokens, so the recognizer decides the same either way.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")

COMPACT_FROM = 2_000_000  # characters: about a 2 MB text, 330,000 tokens
_RECENT = 32


class CompactTokens(Sequence[T]):
    """The tokens of `text` as offset arrays; `make(start, end, word)` builds a token when read."""

    __slots__ = ("_ends", "_make", "_recent", "_starts", "_text")

    def __init__(self, text: str, offsets: Iterable[tuple[int, int]], make: Callable[[int, int, str], T]):
        self._text, self._make = text, make
        # The recognizer reads a word and its neighbours several times: the last few made are kept.
        self._recent: dict[int, T] = {}
        # 'l' holds any offset of a text under the 20 MB limit (and far beyond) on every platform.
        self._starts, self._ends = array("l"), array("l")
        for start, end in offsets:
            self._starts.append(start)
            self._ends.append(end)

    def __len__(self) -> int:
        return len(self._starts)

    def __getitem__(self, index):
        try:
            found = self._recent.get(index)
        except TypeError:  # a slice (unhashable)
            return [self[n] for n in range(*index.indices(len(self._starts)))]
        if found is not None:
            return found
        start, end = self._starts[index], self._ends[index]
        found = self._make(start, end, self._text[start:end])
        if len(self._recent) >= _RECENT:
            self._recent.clear()
        self._recent[index] = found
        return found

    def __iter__(self) -> Iterator[T]:
        text, make = self._text, self._make
        for start, end in zip(self._starts, self._ends, strict=True):
            yield make(start, end, text[start:end])


def token_sequence(
    text: str, offsets: Iterable[tuple[int, int]], make: Callable[[int, int, str], T]
) -> Sequence[T]:
    """The tokens at `offsets` (start, end) of `text`, each `make(start, end, text[start:end])`."""
    if len(text) < COMPACT_FROM:
        return [make(start, end, text[start:end]) for start, end in offsets]
    return CompactTokens(text, offsets, make)
