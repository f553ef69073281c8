"""The passive judge: the contract's verdict from traffic seen (a proxy, HAR files), not sent."""
