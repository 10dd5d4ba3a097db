"""Hiring a worker: booking requests, the worker's answer, the work, and the resident's review."""
