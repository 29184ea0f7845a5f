# Wagtail imports this module; each part of the research app registers its hooks in a module of its own.
from research import report_hooks  # noqa: F401
