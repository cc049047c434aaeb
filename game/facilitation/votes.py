"""One moment as the room met it: the options on the screen (lettered A, B, C... in the offered
order), the room's votes for each, and what was taken and by whom. Pure values, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, replace
from collections.abc import Iterable

# Who decided the option taken at a moment.
MAJORITY = "majority"  # the option the most people voted for, alone at the top
TIE_BREAK = "tie-break"  # the facilitator picked one of the options tied at the top
FACILITATOR = "facilitator"  # the facilitator overrode the room, or nobody voted
TAKEN_BY = (MAJORITY, TIE_BREAK, FACILITATOR)

# A typed count above this is a slip of the keyboard, not a room.
MAX_VOTES = 9999


class SessionError(ValueError):
    """Something a facilitation session cannot do or restore, with a message for the facilitator."""


def letter(position: int) -> str:
    """The letter shown to the room for the option at `position` (0-based): A..Z, then AA, AB..."""
    if position < 0:
        raise ValueError("position must be zero or more")
    name = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def letters(offered: Iterable) -> dict[str, int]:
    """Letter -> authored choice index, in the offered order. `offered` holds authored indexes or
    anything with an `index` (game.engine.OfferedChoice)."""
    return {letter(i): getattr(option, "index", option) for i, option in enumerate(offered)}


def leaders(options: tuple[int, ...], votes: tuple[int, ...]) -> list[int]:
    """The authored indexes with the most votes, in the offered order; [] when nobody voted."""
    top = max(votes, default=0)
    return [index for index, count in zip(options, votes) if top and count == top]


@dataclass(frozen=True, slots=True)
class Visit:
    """The room at one moment of one branch.

    `options` are the authored choice indexes in the order they were offered (A, B, C...), and
    `votes` the room's count for each as the facilitator keyed it in (hands), in the same order;
    `phones` the votes that came from phones (empty when none did), which add to the hands. A
    visit is open while the room is still
    on it (`taken` is None); `seconds` is set when the room leaves it, by taking an option or by
    the facilitator jumping back to an earlier moment.
    """

    moment: int  # 1-based place on its path
    node: str
    options: tuple[int, ...]
    votes: tuple[int, ...]
    started_at: float  # when the discussion of this moment started, as the caller's clock said
    tally_shown: bool = False
    seconds: float | None = None  # time spent; None while the room is still on this moment
    taken: int | None = None  # the authored index of the option taken
    taken_by: str | None = None  # MAJORITY, TIE_BREAK or FACILITATOR once taken
    phones: tuple[int, ...] = ()  # per option, in the offered order; () when no phone voted

    @property
    def is_open(self) -> bool:
        return self.taken is None

    @property
    def phone_votes(self) -> tuple[int, ...]:
        return self.phones or (0,) * len(self.options)

    @property
    def counts(self) -> tuple[int, ...]:
        """Every vote per option: hands and phones together. Who decided is read from these."""
        return tuple(h + p for h, p in zip(self.votes, self.phone_votes))

    @property
    def total_votes(self) -> int:
        return sum(self.counts)

    @property
    def leading(self) -> list[int]:
        return leaders(self.options, self.counts)

    @property
    def letters(self) -> dict[str, int]:
        return letters(self.options)

    def votes_for(self, index: int) -> int:
        """The hand count keyed in for authored choice `index`."""
        return self.votes[self.position(index)]

    def count_of(self, index: int) -> int:
        """Every vote for authored choice `index`, hands and phones."""
        return self.counts[self.position(index)]

    def letter_of(self, index: int) -> str:
        return letter(self.position(index))

    def position(self, index: int) -> int:
        """The 0-based place of authored choice `index` among the options offered here."""
        try:
            return self.options.index(index)
        except ValueError:
            raise SessionError(f"option {index} is not offered at this moment") from None

    def with_votes(self, index: int, count: int) -> Visit:
        at = self.position(index)
        return replace(self, votes=self.votes[:at] + (count,) + self.votes[at + 1:])

    def with_phones(self, counts: tuple[int, ...]) -> Visit:
        """The phone votes per option in the offered order (all zero is stored as ())."""
        if len(counts) != len(self.options):
            raise SessionError("phone votes need one count per option")
        return replace(self, phones=tuple(counts) if any(counts) else ())
