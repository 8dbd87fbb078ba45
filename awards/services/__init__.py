"""Use cases: one function per use case, keyword arguments, plain values in and out.

Each opens one UnitOfWork (one transaction) unless it is a bulk call that reports per-item
outcomes, which then uses one transaction per item or per batch as documented on it.
"""
