"""Entry points: the command line, the pytest plugin and suite, and the bundled server."""
