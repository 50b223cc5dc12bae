"""Parts drawn in turns: a stale part is drawn once at its turn, and the turns go round."""

from gui.staggered_redraw import StaggeredRedraw


def test_each_turn_draws_only_a_stale_part_and_the_turns_go_round():
    turns = StaggeredRedraw(3, stale=False)
    assert [turns.next_turn() for _ in range(4)] == [0, 1, 2, 0]
    assert not turns.take(1), "nothing is stale yet"
    turns.all_stale()
    drawn = [part for part in (turns.next_turn() for _ in range(6)) if turns.take(part)]
    assert drawn == [1, 2, 0], "each stale part once, from where the turns had got to"
    assert not turns.stale


def test_restart_begins_again_at_the_first_part_and_take_all_empties_the_stale_set():
    turns = StaggeredRedraw(4)
    assert turns.stale == {0, 1, 2, 3}
    turns.next_turn()
    turns.next_turn()
    turns.restart()
    assert turns.next_turn() == 0 and turns.stale == {0, 1, 2, 3}
    assert turns.take_all() and not turns.stale
    assert not turns.take_all(), "nothing left to draw"
