"""HOOK-4's classes of forbidden URLs, each in the spellings servers miss: what the kit sends."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BadUrl:
    """A URL that HOOK-4 forbids, the class it belongs to, and what it is."""

    address_class: str
    why: str
    url: str


def bad_urls(unlisted_port: int, allow_entry: str) -> list[BadUrl]:
    """Every forbidden URL the kit tries; `allow_entry` is the allow-listed sidecar host:port."""
    port = unlisted_port
    table = {
        "loopback": {
            "127.0.0.1 on a port off the allow-list": f"http://127.0.0.1:{port}/x.png",
            "another address in 127.0.0.0/8": "https://127.0.0.2/x.png",
            "the top of 127.0.0.0/8": "https://127.255.255.254/x.png",
            "localhost": f"http://localhost:{port}/x.png",
            "localhost over https": "https://localhost/x.png",
            "localhost. (a trailing dot)": "https://localhost./x.png",
            "a name under localhost": "https://images.localhost/x.png",
            "IPv6 ::1": "https://[::1]/x.png",
            "IPv4-mapped ::ffff:127.0.0.1": "https://[::ffff:127.0.0.1]/x.png",
            "one decimal number (2130706433)": "https://2130706433/x.png",
            "octal (0177.0.0.1)": "https://0177.0.0.1/x.png",
            "hex (0x7f000001)": "https://0x7f000001/x.png",
            "short form (127.1)": "https://127.1/x.png",
            "0.0.0.0": "https://0.0.0.0/x.png",
        },
        "private": {
            "10.0.0.0/8": "https://10.1.2.3/x.png",
            "172.16.0.0/12": "https://172.16.5.4/x.png",
            "the top of 172.16.0.0/12": "https://172.31.255.254/x.png",
            "192.168.0.0/16": "https://192.168.1.1/x.png",
            "IPv6 fc00::/7": "https://[fd12:3456:789a::1]/x.png",
        },
        "link-local": {
            "169.254.0.0/16": "https://169.254.10.20/x.png",
            "IPv6 fe80::/10": "https://[fe80::1]/x.png",
        },
        "metadata": {
            "169.254.169.254": "http://169.254.169.254/latest/meta-data/",
            "169.254.169.254 over https": "https://169.254.169.254/latest/meta-data/",
            "fd00:ec2::254": "https://[fd00:ec2::254]/latest/meta-data/",
            "metadata.google.internal": "https://metadata.google.internal/computeMetadata/v1/",
            "100.100.100.200": "https://100.100.100.200/latest/meta-data/",
        },
        "scheme": {
            "file:": "file:///etc/passwd",
            "ftp:": f"ftp://127.0.0.1:{port}/x.png",
            "ftp: to the allow-listed host": f"ftp://{allow_entry}/x.png",
            "gopher:": "gopher://127.0.0.1:70/_x",
            "data:": "data:image/png;base64,iVBORw0KGgo=",
        },
        "userinfo": {
            "a public-looking user-info before a loopback host": "https://public.example@127.0.0.1/x.png",
            "a public-looking user-info before a metadata host": "https://images.example.com@169.254.169.254/",
        },
        "relative": {"a relative URL": "/images/x.png"},
    }
    return [
        BadUrl(address_class, why, url)
        for address_class, urls in table.items()
        for why, url in urls.items()
    ]


SSRF_CLASSES = tuple(dict.fromkeys(bad.address_class for bad in bad_urls(1, "h:1")))
"""The class names, in order (for `--skip-ssrf-class` and the coverage map)."""
