"""What an answer, an image, a task's life or a delivery must be, whoever sent the request."""
