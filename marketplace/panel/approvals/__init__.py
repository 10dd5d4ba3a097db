"""Panel: One approval queue for workers, groups, products and flagged reviews; the audit log.

views.py has the pages, queue.py what waits and the one service per decision, changes.py the
side-by-side view of an edit, audit.py the searchable log.
"""

from marketplace.panel.approvals.views import bp

__all__ = ["bp"]
