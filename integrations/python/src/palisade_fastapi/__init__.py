"""Protect FastAPI routes with Palisade's access tokens."""

from .fastapi import Palisade
from .verifier import Claims, TokenError, Verifier

__all__ = ["Claims", "Palisade", "TokenError", "Verifier"]
__version__ = "0.1.0"
