"""Prize money and the TĐKT fund: prizes computed when a decision is recorded, each level's
ledger (receipts, prizes paid, other spending, balance), the danh sách chi tiền thưởng."""
