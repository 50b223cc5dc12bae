"""The Draw tab's reader's extra training digits: handwriting styles and re-penned digits, mixed into every
epoch. The training loop takes them as a function (`train(make_extra_rows=settings_extra_rows)`)."""

from __future__ import annotations

import numpy as np

from core.handwriting.repen import RepennedRows
from core.handwriting.styles import style_rows
from core.learning.settings import TrainingSettings
from core.learning.training import ExtraRows


def settings_extra_rows(settings: TrainingSettings, train_x: np.ndarray, train_y: np.ndarray) -> ExtraRows | None:
    """The extra rows the settings ask for every epoch, or None. Their pools are made here, once per run,
    each from its own generator; every epoch draws the styles' rows, then the re-penned ones."""
    sources: list[ExtraRows] = []
    if settings.styles:
        sources.append(style_rows(settings.styles, settings.seed))
    if settings.repen:
        sources.append(RepennedRows.make(train_x, train_y, settings.repen, settings.seed))
    if len(sources) <= 1:
        return sources[0] if sources else None

    def both(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        parts = [source(rng) for source in sources]
        return np.concatenate([x for x, _ in parts]), np.concatenate([y for _, y in parts])
    return both

