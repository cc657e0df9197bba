"""The associations feature's routes: the public directory and the associations' own pages."""

from app.associations import manage, public  # noqa: F401  (their routes join the blueprint)
from app.associations.blueprint import bp

__all__ = ["bp"]
