"""One run: the transport, the ledger of verdicts, the shared context, the sidecar, the target."""
