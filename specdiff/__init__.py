"""Says what an edit of spec/openapi.yaml breaks, for client users and for server implementers."""
