"""Accounts: users, sign-in, the signed-in Principal and its checks, administration."""
