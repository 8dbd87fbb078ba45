"""Sign-in throttling (issue 16): per account whatever the address, and a cap per address.

Counters live in login_throttle (shared by every server process, kept over restarts), one row
per key: ``account|<username>`` locks an account after MAX_FAILURES failures within WINDOW,
wherever they come from, so rotating addresses (or a forged X-Forwarded-For) does not help;
``address|<client>`` locks one address after ADDRESS_FAILURES failures across all accounts, which
slows password spraying. A success clears the account's counter only: a sprayer who guesses one
password keeps its address count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from awards.errors import PermissionDenied
from awards.model import LoginThrottle
from awards.repository.accounts import AccountRepository

# Security settings of ours, not legal numbers.
MAX_FAILURES = 5
ADDRESS_FAILURES = 20
WINDOW = timedelta(minutes=15)
LOCK = timedelta(minutes=15)


@dataclass(frozen=True)
class Keys:
    account: str
    address: str

    @classmethod
    def of(cls, username: str, client: str) -> Keys:
        return cls(f"account|{username.strip().lower()}"[:300], f"address|{client}"[:300])


def require_unlocked(accounts: AccountRepository, keys: Keys, now: datetime) -> None:
    for key, why in (
        (keys.account, f"Đăng nhập sai quá {MAX_FAILURES} lần; tài khoản tạm khóa"),
        (
            keys.address,
            f"Có quá {ADDRESS_FAILURES} lần đăng nhập sai từ địa chỉ này; địa chỉ tạm khóa",
        ),
    ):
        row = accounts.throttle(key)
        if row is not None and row.locked_until is not None and row.locked_until > now:
            minutes = max(1, int((row.locked_until - now).total_seconds() // 60) + 1)
            raise PermissionDenied(f"{why}, thử lại sau {minutes} phút.")


def count_failure(accounts: AccountRepository, keys: Keys, now: datetime) -> None:
    for key, limit in ((keys.account, MAX_FAILURES), (keys.address, ADDRESS_FAILURES)):
        row = accounts.throttle(key) or LoginThrottle(key=key, window_started_at=now)
        if now - row.window_started_at > WINDOW:
            row.failures, row.window_started_at = 0, now
        row.failures += 1
        if row.failures >= limit:
            row.locked_until = now + LOCK
            row.failures, row.window_started_at = 0, now
        accounts.save_throttle(row)


def clear_account(accounts: AccountRepository, keys: Keys) -> None:
    row = accounts.throttle(keys.account)
    if row is not None:
        accounts.clear_throttle(row)
