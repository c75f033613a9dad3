"""How far the property tests search: the default suite's depth (`make test`), or the deeper
one that `make reliability` asks for with `--hypothesis-profile=deep`.

A property that costs seconds per hundred examples (a state machine replaying every event
after every step) searches `suite` examples in every run and `deep` in the reliability run.
Such a test is marked `deep` so that `make reliability` selects it. A failure found at either
depth is kept in hypothesis' example database and tried first in every later run.
"""

from __future__ import annotations

from hypothesis import settings

DEEP = "deep"

settings.register_profile(DEEP, parent=settings.get_profile("default"))


def examples(suite: int, deep: int) -> int:
    """`suite` examples in the default run, `deep` under `--hypothesis-profile=deep`."""
    return deep if settings.get_current_profile_name() == DEEP else suite
