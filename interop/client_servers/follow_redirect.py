#!/usr/bin/env python3
"""The "browser" for OAuth tests: GETs the authorization URL without following redirects, checks
that the redirect goes to the loopback callback, then GETs it (as a browser would)."""

import http.client
import sys
import urllib.parse


def get(url: str):
    parts = urllib.parse.urlsplit(url)
    assert parts.scheme == "http" and parts.hostname == "127.0.0.1", url
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    connection.request("GET", parts.path + ("?" + parts.query if parts.query else ""))
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status, response.getheader("Location")


def main() -> None:
    status, location = get(sys.argv[1])
    assert status in (302, 303, 307), status
    assert location.startswith("http://127.0.0.1:") and "/callback?" in location, location
    status, _ = get(location)
    assert status == 200, status


if __name__ == "__main__":
    main()
