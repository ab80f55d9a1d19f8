"""Asking other services, politely: what `papers links` and `papers refresh` share.

A request names the project in its User-Agent and waits at most `timeout` seconds; an
answer of 429 or 5xx, or none within the timeout, is asked again, after the wait
Retry-After says (at most MAX_WAIT seconds) or after one that doubles from BACKOFF_SECONDS.
Nothing here raises on a network or HTTP failure: the answer says what went wrong, in one
line.
"""

from __future__ import annotations

import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass

USER_AGENT = "Papershelf/0.1 (https://github.com/papershelf/papershelf; {command})"
RETRIES = 2
BACKOFF_SECONDS = 1.0
MAX_WAIT = 30.0
RETRY_STATUSES = {429, 500, 502, 503, 504}
NO_ANSWER = "no answer from"


@dataclass(frozen=True)
class Answer:
    """What a request got: the status (None when no answer came), why it failed ('' when it
    did not), the address it ended at after redirects, Retry-After in seconds, the body."""

    status: int | None
    reason: str
    url: str
    retry_after: float | None = None
    body: bytes = b""

    @property
    def ok(self) -> bool:
        return self.status is not None and self.status < 400

    @property
    def worth_retrying(self) -> bool:
        return self.status in RETRY_STATUSES or self.status is None and self.reason.startswith(
            NO_ANSWER)


def ask(url: str, method: str, timeout: float, command: str,
        headers: dict[str, str] | None = None) -> Answer:
    """One request; the body is read for a GET."""
    # Loaded here: the commands that ask nothing of the network start without them.
    import urllib.error
    import urllib.request
    from http.client import HTTPException

    agent = {"User-Agent": USER_AGENT.format(command=command)}
    request = urllib.request.Request(url, method=method, headers=agent | (headers or {}))
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read() if method == "GET" else b""
            return Answer(response.status, "", response.url, body=body)
    except urllib.error.HTTPError as error:
        return Answer(error.code, f"{error.code} {error.reason}", error.url,
                      _seconds(error.headers.get("Retry-After")))
    except urllib.error.URLError as error:
        return Answer(None, _unreachable(url, error.reason, timeout), url)
    except (OSError, HTTPException, ValueError) as error:  # a timeout or a cut while reading
        return Answer(None, _unreachable(url, error, timeout), url)


def with_retries(asking: Callable[[], Answer], wait: Callable[[float], None] = time.sleep,
                 ) -> Answer:
    """The first answer that is not worth asking again for, or the last of RETRIES + 1."""
    delay = BACKOFF_SECONDS
    answer = asking()
    for _ in range(RETRIES):
        if not answer.worth_retrying:
            break
        wait(min(MAX_WAIT, answer.retry_after if answer.retry_after is not None else delay))
        delay *= 2
        answer = asking()
    return answer


def _unreachable(url: str, reason: object, timeout: float) -> str:
    host = urllib.parse.urlsplit(url).netloc or url
    if isinstance(reason, TimeoutError) or "timed out" in str(reason):
        return f"{NO_ANSWER} {host} within {timeout:g} s"
    return f"cannot reach {host}: {reason}"


def _seconds(value: str | None) -> float | None:
    """Retry-After in seconds (a number of seconds; an HTTP date is not waited for)."""
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None
