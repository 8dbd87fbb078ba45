"""Persistence: the only package that opens sessions. One UnitOfWork is one transaction."""

from awards.repository.uow import UnitOfWork, UnitOfWorkFactory, session_factory

__all__ = ["UnitOfWork", "UnitOfWorkFactory", "session_factory"]
