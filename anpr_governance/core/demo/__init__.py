"""The demo force, built through the real services (see builder)."""

from .builder import seed

__all__ = ["seed"]
