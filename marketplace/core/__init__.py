"""What every domain may use and which knows no domain."""
