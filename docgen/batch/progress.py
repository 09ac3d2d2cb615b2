"""The progress bar's rate column.

Rich works a task's speed out from its recent samples (the last 30 seconds'
worth, about 1,200 at 40 units a second).  Shown in a column, it is worked
out when the bar is drawn, ten times a second, not once per unit rendered.

>>> from rich.progress import Progress
>>> with Progress(RateColumn(), disable=True) as bar:
...     task = bar.add_task("rendering", total=10)
...     str(RateColumn().render(bar.tasks[task]))
''
"""

from __future__ import annotations

from rich.progress import ProgressColumn, Task
from rich.text import Text


class RateColumn(ProgressColumn):
    """``12.3 unit/s`` once the task has a speed, else nothing."""

    def render(self, task: Task) -> Text:
        speed = task.speed
        return Text(f"{speed:.1f} unit/s" if speed else "")
