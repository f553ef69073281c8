"""One handler per operation, each a callable that takes a checked `Call` and answers it."""
