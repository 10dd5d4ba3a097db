"""What a sub-division offers for doorstep delivery: slots with capacity and cut-off, charges."""
