"""Orders: checkout, stock, delivery slots, the life of an order and its per-SHG parts."""
