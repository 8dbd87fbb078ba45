"""Errors of the notifications package.

- NotificationError: base of everything raised here
  - RenderError: a template is unknown, lacks a context variable, or gives a bad subject

Delivery problems are not raised: `send_batch` reports them per message as a
`DeliveryResult` so one bad address never stops a batch.
"""

from __future__ import annotations

__all__ = ["NotificationError", "RenderError"]


class NotificationError(Exception):
    """Base class of the errors raised by `notifications`."""


class RenderError(NotificationError):
    """A template could not be rendered with the context given."""
