"""Persistence: the only package that opens sessions. One UnitOfWork is one transaction."""

from awards.repository.uow import (
    UnitOfWork,
    UnitOfWorkFactory,
    once_more_on_disconnect,
    session_factory,
)

__all__ = ["UnitOfWork", "UnitOfWorkFactory", "once_more_on_disconnect", "session_factory"]
