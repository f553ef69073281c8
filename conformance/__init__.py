"""The conformance kit: a rule-by-rule verdict on any implementation of the Image Generation API."""
