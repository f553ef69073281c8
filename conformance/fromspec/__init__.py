"""What the kit derives from the spec: bodies, repairs of generated ones, expected echoes."""
