"""How much the fuzz sends, by Hypothesis profile, and the tally it prints at the end.

- "ci" (`make test`): 200 derandomized examples for each form with fields, 10 for each
  button-only form, 20 for each path with an id in it;
- "ci-short" (the PostgreSQL pass of `.ci/run`, which repeats the whole suite): 20, 4, 10;
- "fuzz" (`make fuzz`): 500 for each form with fields, 100 for each button-only form and 200
  for each path (about 58,000 submissions on the demo, which has ~96 forms with fields, ~10
  button-only forms and ~46 paths with ids), random (not derandomized) so every run tries new
  input; it fails unless at least 50,000 were sent.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field

from hypothesis import HealthCheck, settings

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")


@dataclass(frozen=True)
class Budget:
    form_with_fields: int
    button_only: int
    path: int
    minimum_submissions: int = 0


BUDGETS = {
    "ci": Budget(200, 10, 20),
    "ci-short": Budget(20, 4, 10),
    "fuzz": Budget(500, 100, 200, minimum_submissions=50_000),
}
BUDGET = BUDGETS[PROFILE]

_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large]
for _name in ("ci", "ci-short"):
    settings.register_profile(_name, deadline=None, database=None, derandomize=True,
                              print_blob=False, suppress_health_check=_QUIET)
settings.register_profile("fuzz", deadline=None, database=None, suppress_health_check=_QUIET)


@dataclass
class Tally:
    submissions: int = 0
    errors: int = 0
    by_status: Counter = field(default_factory=Counter)

    def count(self, status: int) -> None:
        self.submissions += 1
        self.by_status[status] += 1
        if status >= 500:
            self.errors += 1

    def as_dict(self) -> dict:
        """What a pytest-xdist worker hands the controller, which prints the run's tally."""
        return {"submissions": self.submissions, "errors": self.errors,
                "by_status": dict(self.by_status)}

    def add(self, other: dict) -> None:
        self.submissions += other["submissions"]
        self.errors += other["errors"]
        self.by_status.update(other["by_status"])


TALLY = Tally()
