"""The web app over the store: ``tieup serve`` or ``create_app(db)`` for any ASGI server."""

from .app import create_app, serve

__all__ = ["create_app", "serve"]
