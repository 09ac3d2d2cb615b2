"""The kinds of document the web form makes, one module each.

* :mod:`.fields` -- what a kind is made of (:class:`~.fields.Field`,
  :class:`~.fields.FormKind`, :class:`~.fields.Submission`) and the helpers
  that read typed text;
* :mod:`.office` -- the office folders a clerk may choose, and what the form
  reads from them (signers, data set, districts, schedule);
* :mod:`.letter` (letters and memos), :mod:`.order`, :mod:`.action_plan`,
  :mod:`.certification`, :mod:`.targets` -- each kind's fields, how they
  become the config a YAML file of that kind would hold, and its example.

>>> list(KINDS)
['letter', 'memo', 'order', 'action_plan', 'certification', 'targets']
"""

from __future__ import annotations

from docgen.service.formkinds.action_plan import ACTION_PLAN
from docgen.service.formkinds.certification import CERTIFICATION
from docgen.service.formkinds.letter import LETTER, MEMO
from docgen.service.formkinds.order import ORDER
from docgen.service.formkinds.targets import TARGETS

KINDS = {kind.name: kind for kind in (LETTER, MEMO, ORDER, ACTION_PLAN, CERTIFICATION, TARGETS)}

__all__ = ["ACTION_PLAN", "CERTIFICATION", "KINDS", "LETTER", "MEMO", "ORDER", "TARGETS"]
