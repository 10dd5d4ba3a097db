"""What each self-help group is owed for delivered sales, and the payouts made to it."""
