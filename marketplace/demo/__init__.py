"""Demo data for the Nadaun sub-division (`flask seed-demo`)."""
