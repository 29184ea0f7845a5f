"""Ports for servers that tests start, stop and start again on the same port.

The kernel gives every outgoing connection a local port from its ephemeral
range (/proc/sys/net/ipv4/ip_local_port_range, 32768-60999 on Debian). A port
picked by binding to port 0 comes from that same range: while its server is
stopped, any client on the machine (a test's own HTTP call, a browser, pip)
may be handed it, and the server cannot listen there again. `weed mini` did
exactly that in a fresh clone's `make test` ("port ... for Filer is not
available"). The ports here are picked outside that range, read at run time,
so no outgoing connection can take them.
"""

import random
import socket
from pathlib import Path

EPHEMERAL_RANGE_FILE = Path("/proc/sys/net/ipv4/ip_local_port_range")
LOWEST = 20000  # below: the well-known ports of services a developer may run (5432, 6379, 8000, 9000...)
HIGHEST = 65535
ATTEMPTS = 500
_handed_out: set[int] = set()  # never the same port twice in one process, even before its server binds it


def ephemeral_range() -> tuple[int, int]:
    """The ports the kernel hands outgoing connections, first and last (Linux's default where unreadable)."""
    try:
        low, high = EPHEMERAL_RANGE_FILE.read_text().split()
        return int(low), int(high)
    except (OSError, ValueError):
        return 32768, 60999


def candidate_ports(offset: int = 0) -> list[int]:
    """Ports p from LOWEST up, outside the ephemeral range, with p + offset outside it too."""
    low, high = ephemeral_range()

    def outside(port):
        return LOWEST <= port <= HIGHEST and not low <= port <= high

    return [port for port in range(LOWEST, HIGHEST + 1) if outside(port) and outside(port + offset)]


def bindable(port: int, host: str = "127.0.0.1") -> bool:
    # Without SO_REUSEADDR: a port that still has a connection in TIME_WAIT counts as taken too.
    with socket.socket() as probe:
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def server_port(host: str = "127.0.0.1") -> int:
    """A free port no outgoing connection can be given: safe to stop a server and start it again there."""
    return server_port_pair(0, host)


def server_port_pair(offset: int = 10000, host: str = "127.0.0.1") -> int:
    """A port p with p and p + offset both free and outside the ephemeral range
    (SeaweedFS puts each service's gRPC port at +10000)."""
    candidates = candidate_ports(offset)
    if not candidates:
        raise RuntimeError(f"no port from {LOWEST} lies outside the ephemeral range {ephemeral_range()}")
    # Random, so that test runs side by side rarely pick the same one before their servers bind it.
    for port in random.sample(candidates, min(ATTEMPTS, len(candidates))):  # noqa: S311 - not a secret
        wanted = {port, port + offset}
        if wanted & _handed_out or not all(bindable(each, host) for each in wanted):
            continue
        _handed_out.update(wanted)
        return port
    raise RuntimeError("no free port outside the ephemeral range")
