"""Following the tasks the kit creates: to a terminal status, and to their webhook deliveries."""
