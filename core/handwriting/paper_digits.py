"""The parts of ink on paper grouped into digits, from left to right.

The digits' height is measured on the larger parts. A part much smaller than that is a speck. Tall
parts that overlap from left to right by most of their width, and lie near each other from top to
bottom, are one digit (a stroke broken where the pen skipped); a smaller part belongs to the digit it
overlaps most (the top stroke of a 5 written apart). A 1 that is one thin line is a tall part, never
a speck. The number is the row of groups around the one with the most ink: what lies above or below
it (a shadow's edge, another line of writing) is left out.

Digits that touch make one group, wider than a digit. A group wider than MAYBE_WIDE usual digit
widths (the median group's, not counting 1s, and at most USUAL_WIDTH of the digits' height) may be
one wide digit (a 5 with a long top stroke) or digits that touch: it is offered whole and cut into
2, 3... digits, each cut at the column with the least ink near where it is expected. Each way has a
log prior: less the further its digits' mean width is from the usual width (WIDTH_PRIOR), and less for
each cut (CUT_PRIOR; more for a group alone, a photo of one digit). core/handwriting/paper.py adds how sure the
reader is of the digits and takes the likeliest way.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from core.handwriting.components import Parts

SPECK = 0.15            # a part whose longer side is under this part of the digits' height is a speck
BIG_PART = 0.25         # the digits' height: the upper quartile of the heights of parts this big (of the largest)
TALL = 0.5              # a part at least this part of the digits' height tall is a digit or most of one
OVERLAP = 0.5           # tall parts overlapping from left to right by this part of the wider one are one digit...
NEAR = 0.5              # ...when apart from top to bottom by less than this part of the digits' height
ATTACH_GAP = 0.1        # a smaller part belongs to the digit it overlaps most from left to right, or is this close to
ROW_OVERLAP = 0.5       # a group is in the number's row when it overlaps it, top to bottom, by this part of its height
SMALL_GROUP = 0.3       # a group whose longer side is under this part of the digits' height is left out
NARROW = 0.4            # a group narrower than this part of its height is a 1, left out of the usual width
USUAL_WIDTH = 0.8       # the usual digit width, as a part of the digits' height, at most (the median group's if less)
MAYBE_WIDE = 1.3        # a group wider than this many usual widths may be digits that touch: the reader chooses
WIDTH_PRIOR = 1.0       # a way's log prior: -WIDTH_PRIOR |log(width / (digits x usual width))|...
CUT_PRIOR = 0.7         # ...less this for each cut...
LONE_PRIOR = 1.0        # ...and this more for each cut of a group alone (a photo of a single digit)
CUT_SEARCH = 0.3        # each cut at the thinnest column within this part of a digit's width of where expected
MAX_PARTS = 400         # the largest parts considered, at most (a photo of noise has thousands)


@dataclass(frozen=True)
class DigitSpan:
    """One digit: the ink of these parts (numbers as in Parts.labels) between these columns."""

    parts: tuple[int, ...]
    left: int
    right: int          # exclusive
    top: int
    bottom: int         # exclusive


@dataclass(frozen=True)
class Way:
    """One way to read a group: as these digits, with this log prior (how likely its widths are)."""

    spans: tuple[DigitSpan, ...]
    prior: float


def digit_choices(parts: Parts) -> list[list[Way]]:
    """The digits the parts make, from left to right, as groups; for each group the ways to read it:
    whole, or, for a group wider than a digit may be, cut into 2, 3... digits that touch."""
    groups, digit_height = _groups(parts)
    widths = np.array([group.right - group.left for group in groups], dtype=float)
    heights = np.array([group.bottom - group.top for group in groups], dtype=float)
    not_ones = widths[widths >= NARROW * heights]
    usual_width = USUAL_WIDTH * digit_height
    if len(not_ones) > 1:
        usual_width = min(usual_width, float(np.median(not_ones)))
    choices = []
    for group, width in zip(groups, widths):
        most = max(1, round(width / usual_width) + 1) if width > MAYBE_WIDE * usual_width else 1
        lone = 1.0 if len(groups) == 1 else 0.0
        choices.append([Way(tuple(_cut(group, parts.labels, count)) if count > 1 else (group,),
                            -WIDTH_PRIOR * abs(np.log(width / (count * usual_width)))
                            - (CUT_PRIOR + lone * LONE_PRIOR) * (count - 1))
                        for count in range(1, most + 1)])
    return choices


def _groups(parts: Parts) -> tuple[list[DigitSpan], float]:
    """The parts grouped into digits, from left to right, not yet cut; and the digits' height."""
    if len(parts) == 0:
        return [], 0.0
    numbers = np.argsort(parts.area)[::-1][:MAX_PARTS]
    heights = parts.bottom - parts.top
    longer = np.maximum(heights, parts.right - parts.left)
    big = numbers[parts.area[numbers] >= BIG_PART * parts.area[numbers[0]]]
    part_height = float(np.percentile(heights[big], 75))
    spans = {int(n): DigitSpan((int(n) + 1,), int(parts.left[n]), int(parts.right[n]), int(parts.top[n]),
                               int(parts.bottom[n])) for n in numbers if longer[n] >= SPECK * part_height}
    tall = [span for n, span in spans.items() if heights[n] >= TALL * part_height]
    small = [span for n, span in spans.items() if heights[n] < TALL * part_height]
    groups = _merged(_attached(_merged(tall, part_height), small, part_height), part_height)
    if not groups:
        return [], 0.0
    group_heights = np.array([group.bottom - group.top for group in groups])
    digit_height = float(np.median(group_heights[group_heights >= 0.5 * group_heights.max()]))
    groups = [group for group in groups
              if max(group.bottom - group.top, group.right - group.left) >= SMALL_GROUP * digit_height]
    return sorted(_one_row(groups, parts.area), key=lambda group: group.left), digit_height


def _one_row(groups: list[DigitSpan], areas: np.ndarray) -> list[DigitSpan]:
    """The groups in the row of the one with the most ink: each overlaps the row from top to bottom by
    ROW_OVERLAP of its height (the row grows with each). What lies above or below is not the number."""
    if not groups:
        return []
    ink = [sum(areas[part - 1] for part in group.parts) for group in groups]
    order = [groups[k] for k in np.argsort(ink)[::-1]]
    top, bottom = order[0].top, order[0].bottom
    row, rest = [order[0]], order[1:]
    grown = True
    while grown:
        grown = False
        for group in list(rest):
            if min(bottom, group.bottom) - max(top, group.top) >= ROW_OVERLAP * (group.bottom - group.top):
                row.append(group)
                rest.remove(group)
                top, bottom = min(top, group.top), max(bottom, group.bottom)
                grown = True
    return row


def _joined(a: DigitSpan, b: DigitSpan) -> DigitSpan:
    return DigitSpan(a.parts + b.parts, min(a.left, b.left), max(a.right, b.right), min(a.top, b.top),
                     max(a.bottom, b.bottom))


def _attached(groups: list[DigitSpan], small: list[DigitSpan], height: float) -> list[DigitSpan]:
    """Each small part joined to the group it overlaps most from left to right, if it overlaps one (or
    nearly) and lies near it from top to bottom; the others as groups of their own."""
    groups, alone = list(groups), []
    for part in small:
        overlaps = [min(part.right, group.right) - max(part.left, group.left) for group in groups]
        apart = [max(part.top, group.top) - min(part.bottom, group.bottom) for group in groups]
        near = [k for k in range(len(groups)) if overlaps[k] > -ATTACH_GAP * height and apart[k] <= NEAR * height]
        if near:
            best = max(near, key=lambda k: overlaps[k])
            groups[best] = _joined(groups[best], part)
        else:
            alone.append(part)
    return groups + alone


def _merged(groups: list[DigitSpan], height: float) -> list[DigitSpan]:
    """Groups that overlap from left to right and lie near each other joined, until none do."""
    joined = True
    while joined:
        joined = False
        groups.sort(key=lambda group: group.left)
        for first in range(len(groups)):
            for second in range(first + 1, len(groups)):
                a, b = groups[first], groups[second]
                if b.left >= a.right:
                    break
                overlap = min(a.right, b.right) - b.left
                apart = max(a.top, b.top) - min(a.bottom, b.bottom)
                if overlap >= OVERLAP * max(a.right - a.left, b.right - b.left) and apart <= NEAR * height:
                    groups[first] = _joined(a, b)
                    del groups[second]
                    joined = True
                    break
            if joined:
                break
    return groups


def _cut(group: DigitSpan, labels: np.ndarray, count: int) -> list[DigitSpan]:
    """The group cut into `count` digits, each cut at the thinnest column near where it is expected."""
    window = labels[group.top:group.bottom, group.left:group.right]
    profile = np.isin(window, group.parts).sum(axis=0)
    width = len(profile)
    edges = [0]
    for k in range(1, count):
        expected, reach = k * width / count, CUT_SEARCH * width / count
        low, high = int(max(edges[-1] + 1, expected - reach)), int(min(width - 1, expected + reach)) + 1
        if low >= high:
            continue
        columns = np.arange(low, high)
        # the thinnest column; among equals the one nearest where the cut is expected
        edges.append(int(columns[np.argmin(profile[low:high] + 1e-3 * np.abs(columns - expected))]))
    edges.append(width)
    return [DigitSpan(group.parts, group.left + start, group.left + end, group.top, group.bottom)
            for start, end in itertools.pairwise(edges)]
