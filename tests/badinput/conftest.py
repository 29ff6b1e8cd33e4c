"""Hypothesis profiles: ``dev`` (the default on a developer's machine),
``ci`` (the default where ``CI`` is set) and ``long`` for a thorough local run.

``HYPOTHESIS_PROFILE=long python -m pytest tests/badinput`` runs each
property with 2000 examples.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

for _name, _examples in (("dev", 20), ("ci", 60), ("long", 2000)):
    settings.register_profile(_name, max_examples=_examples, deadline=None,
                              suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))
