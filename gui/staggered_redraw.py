"""Parts of a tab drawn in turns, one per timer tick, so that the GUI thread never spends long on one tick.

The Train tab's two plots and the Inside tab's four parts go stale together when an epoch arrives; each
tick of the tab's timer draws the part whose turn it is, if it is stale.
"""

from __future__ import annotations


class StaggeredRedraw:
    """Which of `count` parts are stale (changed since they were drawn), and whose turn is next."""

    def __init__(self, count: int, stale: bool = True):
        self.count = count
        self.stale: set[int] = set(range(count)) if stale else set()
        self._next = 0

    def all_stale(self) -> None:
        """Every part changed: each is drawn at its next turn (or at once, by `take_all`)."""
        self.stale = set(range(self.count))

    def restart(self) -> None:
        """Every part changed, and the turns begin again at the first part."""
        self.all_stale()
        self._next = 0

    def next_turn(self) -> int:
        """The part whose turn it is; the turn passes to the next part."""
        part, self._next = self._next, (self._next + 1) % self.count
        return part

    def take(self, part: int) -> bool:
        """Whether `part` is to be drawn now, because it is stale; it is then no longer stale."""
        if part not in self.stale:
            return False
        self.stale.discard(part)
        return True

    def take_all(self) -> bool:
        """Whether any part is stale; none is afterwards (the caller draws them all at once)."""
        any_stale = bool(self.stale)
        self.stale.clear()
        return any_stale
