"""A small HTTP client for triple stores, on the standard library's ``http.client``.

Why not ``requests`` or ``httpx``: what we need is narrow but must be exact: a streamed upload with
a known length, a connect timeout, a *total* deadline for each answer (a store that drips one byte
every 0.3 s must not hold us past it), bounded retries that never resend a non-idempotent POST once
bytes may have reached the server, 429/503 retried after a bounded ``Retry-After``, *no* redirects on
writes (``http.client`` never follows them), HTTP Basic and Digest authentication (Virtuoso's Graph
Store endpoint wants Digest) and a cap on the response size. httpx was measured as the replacement
(docs/design.md, "HTTP client"): it has Digest auth and per-operation timeouts but no total deadline
(encode/httpx#1450 open, encode/httpcore#936 closed as wontfix), so the deadline watchdog, the retry
rules and the size cap would stay hand-written on top of it, and importing it costs ~0.4 s per
process (``python -X importtime``: httpx 452 ms cumulative, http.client 47 ms). Every failure becomes
a :class:`~il7onto.core.errors.RemoteError` (exit code 5) naming the HTTP status and the server's message.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import os
import re
import socket
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Callable

from .errors import RemoteError
from .urls import redact, split_url

CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 60.0
RETRIES = 3  # attempts in all, for transient failures
BACKOFF = 0.5  # seconds, doubled after each failed attempt
MAX_RESPONSE = 512 * 1024 * 1024
CHUNK = 64 * 1024
TRANSIENT_STATUS = {502, 503, 504}
RETRY_LATER_STATUS = {429}  # "Too Many Requests": not processed, safe to resend any method
MAX_RETRY_AFTER = 30.0  # seconds: a longer Retry-After is reported, not waited for
USER_AGENT = "il7onto"


@dataclass
class Response:
    status: int
    reason: str
    headers: dict[str, str]
    body: bytes

    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


@dataclass
class Client:
    """HTTP settings shared by the requests to one store."""

    user: str | None = None
    password: str | None = field(default=None, repr=False)
    connect_timeout: float = CONNECT_TIMEOUT
    read_timeout: float = READ_TIMEOUT  # also the total deadline for each answer (see request)
    retries: int = RETRIES
    backoff: float = BACKOFF
    max_response: int = MAX_RESPONSE
    progress: Callable[[int, int], None] | None = None

    def request(self, method: str, url: str, *, headers: dict[str, str] | None = None,
                body: bytes | str | os.PathLike | None = None, idempotent: bool | None = None) -> Response:
        """Send one request (retrying transient failures) and return the response.

        ``body`` is bytes or the path of a file streamed in chunks with a Content-Length. Redirects
        are never followed: a 3xx answer is an error. Non-2xx answers raise RemoteError.
        """
        parts = split_url(url)
        idempotent = method in ("GET", "HEAD", "PUT", "DELETE") if idempotent is None else idempotent
        headers = {"User-Agent": USER_AGENT, **(headers or {})}
        basic = None
        if self.user is not None:
            token = base64.b64encode(f"{self.user}:{self.password or ''}".encode()).decode()
            basic = f"Basic {token}"
        auth_header = basic
        auth_rounds = 0
        attempt = 0
        delay = self.backoff
        while True:
            attempt += 1
            try:
                final_headers = dict(headers)
                if auth_header:
                    final_headers["Authorization"] = auth_header
                response = self._once(method, parts, final_headers, body)
            except _Transient as exc:
                if attempt < self.retries and (idempotent or not exc.sent):
                    time.sleep(delay)
                    delay *= 2
                    continue
                raise RemoteError(f"{method} {redact(url)}: {exc.message}"
                                  + (f" (after {attempt} attempts)" if attempt > 1 else "")) from None
            if response.status == 401 and self.user is not None and auth_rounds < 3:
                # Basic is sent up front; a server that wants Digest may answer a Basic attempt with
                # a bare 401 (Virtuoso does): then ask again without credentials to get its challenge.
                auth_rounds += 1
                challenge = response.headers.get("www-authenticate", "")
                scheme = challenge.split(" ", 1)[0].lower()
                if scheme == "digest" and not auth_header_is_digest(auth_header):
                    auth_header = _digest(challenge, method, parts.request_target, self.user, self.password or "")
                    attempt -= 1
                    continue
                if not challenge and auth_header is not None and auth_header.startswith("Basic"):
                    auth_header = None
                    attempt -= 1
                    continue
                if scheme == "basic" and auth_header is None:
                    auth_header = basic
                    attempt -= 1
                    continue
            retry_later = response.status in RETRY_LATER_STATUS
            if (retry_later or (response.status in TRANSIENT_STATUS and idempotent)) and attempt < self.retries:
                wait = _retry_after(response, delay) if response.status in (429, 503) else delay
                if wait > MAX_RETRY_AFTER:
                    raise RemoteError(f"{method} {redact(url)}: HTTP {response.status}: the server asks to retry "
                                      f"after {wait:g}s, longer than the {MAX_RETRY_AFTER:g}s il7onto waits")
                time.sleep(wait)
                delay *= 2
                continue
            if response.status == 206:
                raise RemoteError(f"{method} {redact(url)}: HTTP 206 Partial Content: a partial answer is not a "
                                  "complete result (il7onto never asks for a range)")
            if 300 <= response.status < 400:
                location = response.headers.get("location", "?")
                raise RemoteError(f"{method} {redact(url)}: HTTP {response.status} redirect to {redact(location)} "
                                  "refused (give the final endpoint URL)")
            if not 200 <= response.status < 300:
                raise RemoteError(f"{method} {redact(url)}: HTTP {response.status} {response.reason}"
                                  f"{_message(response, self._secrets())}")
            return response

    def _secrets(self) -> list[str]:
        """What must never be printed, even when a server echoes it back in its error message."""
        if not self.password:
            return []
        pair = f"{self.user}:{self.password}"
        return [base64.b64encode(pair.encode()).decode(), pair, self.password]

    def _once(self, method, parts, headers, body) -> Response:
        cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        conn = cls(parts.host, parts.port, timeout=self.connect_timeout)
        watchdog = _Deadline(self.read_timeout)
        sent = False
        try:
            try:
                conn.connect()
            except (ConnectionRefusedError, ConnectionResetError) as exc:
                raise _Transient(f"cannot connect to {parts.host}:{parts.port}: {exc.strerror or exc}", False)
            except socket.timeout:
                raise _Transient(f"connection to {parts.host}:{parts.port} timed out after "
                                 f"{self.connect_timeout:g}s", False)
            except OSError as exc:
                raise RemoteError(f"cannot connect to {parts.host}:{parts.port}: {exc.strerror or exc}") from None
            conn.sock.settimeout(self.read_timeout)
            try:
                conn.putrequest(method, parts.request_target, skip_accept_encoding=True)
                size = _body_size(body)
                for name, value in headers.items():
                    conn.putheader(name, value)
                if body is not None or method in ("PUT", "POST"):
                    conn.putheader("Content-Length", str(size))
                conn.endheaders()
                sent = True
                try:
                    _send_body(conn, body, size, self.progress)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the server stopped reading (e.g. 401, 413): its answer may be waiting
                watchdog.start(conn.sock)
                return self._answer(conn, parts, watchdog)
            except (RemoteError, _Transient):
                if watchdog.fired:
                    raise watchdog.error(parts) from None
                raise
            except http.client.IncompleteRead as exc:
                if watchdog.fired:
                    raise watchdog.error(parts) from None
                raise RemoteError(f"truncated response from {parts.host}:{parts.port}: got "
                                  f"{len(exc.partial)} bytes, {exc.expected} more expected") from None
            except socket.timeout:  # a chunk of the upload, or the answer, not taken/given in time
                raise watchdog.error(parts) from None
            except (ConnectionResetError, BrokenPipeError, http.client.RemoteDisconnected, OSError) as exc:
                if watchdog.fired:
                    raise watchdog.error(parts) from None
                if not isinstance(exc, (ConnectionResetError, BrokenPipeError, http.client.RemoteDisconnected)):
                    raise RemoteError(f"connection to {parts.host}:{parts.port} failed: {exc.strerror or exc}") from None
                raise _Transient(f"connection to {parts.host}:{parts.port} closed by the server: "
                                 f"{type(exc).__name__}", sent)
            except http.client.HTTPException as exc:
                if watchdog.fired:
                    raise watchdog.error(parts) from None
                raise RemoteError(f"invalid HTTP answer from {parts.host}:{parts.port}: "
                                  f"{type(exc).__name__} {exc}") from None
        finally:
            watchdog.cancel()
            conn.close()

    def _answer(self, conn, parts, watchdog) -> Response:
        """Read the status line, headers and body (all under the watchdog's total deadline)."""
        raw = conn.getresponse()
        response_headers = {k.lower(): v for k, v in raw.getheaders()}
        try:
            declared = int(response_headers.get("content-length") or 0)
        except ValueError:
            raise RemoteError(f"invalid HTTP answer from {parts.host}:{parts.port}: Content-Length "
                              f"{response_headers.get('content-length')!r}") from None
        if declared > self.max_response:
            raise RemoteError(f"response of {declared} bytes exceeds the limit of {self.max_response}")
        data = raw.read(self.max_response + 1)
        if watchdog.fired:
            raise watchdog.error(parts)
        if len(data) > self.max_response:
            raise RemoteError(f"response exceeds the limit of {self.max_response} bytes")
        if declared and len(data) < declared:
            raise http.client.IncompleteRead(data, declared - len(data))
        return Response(raw.status, raw.reason, response_headers, data)


class _Deadline:
    """A total deadline for one answer: when it passes, the socket is shut down, which ends any
    blocking read at once (a per-read timeout never fires against a server dripping bytes)."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.fired = False
        self._timer: threading.Timer | None = None

    def start(self, sock) -> None:
        def fire():
            self.fired = True
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

        self._timer = threading.Timer(self.seconds, fire)
        self._timer.daemon = True
        self._timer.start()

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()

    def error(self, parts) -> RemoteError:
        return RemoteError(f"no complete answer from {parts.host}:{parts.port} within {self.seconds:g}s "
                           "(--timeout is a total deadline for each answer)")


def auth_header_is_digest(header: str | None) -> bool:
    return bool(header) and header.startswith("Digest")


class _Transient(Exception):
    def __init__(self, message: str, sent: bool):
        super().__init__(message)
        self.message = message
        self.sent = sent


def _retry_after(response: Response, default: float) -> float:
    """Seconds to wait before retrying: the ``Retry-After`` header (seconds or an HTTP date), else ``default``."""
    value = response.headers.get("retry-after", "").strip()
    if not value:
        return default
    if value.isdigit():
        return float(value)
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return default
    import datetime

    return max(0.0, (when - datetime.datetime.now(datetime.timezone.utc)).total_seconds())


def _message(response: Response, secrets: list[str] | tuple[str, ...] = ()) -> str:
    """The server's message, on one line and short, with any credential it echoes masked."""
    text = response.text()
    for secret in secrets:
        text = text.replace(secret, "***")
    text = re.sub(r"<[^>]+>", " ", text)  # HTML error pages
    text = " ".join(text.split())
    if not text:
        return ""
    return ": " + (text if len(text) <= 300 else text[:300] + "...")


def _body_size(body) -> int:
    if body is None:
        return 0
    if isinstance(body, str):
        return len(body.encode("utf-8"))
    if isinstance(body, bytes):
        return len(body)
    return os.path.getsize(body)


def _send_body(conn, body, size: int, progress) -> None:
    if body is None:
        return
    if isinstance(body, (bytes, str)):
        conn.send(body.encode("utf-8") if isinstance(body, str) else body)
        if progress:
            progress(size, size)
        return
    done = 0
    with open(body, "rb") as handle:
        while chunk := handle.read(CHUNK):
            conn.send(chunk)
            done += len(chunk)
            if progress:
                progress(done, size)


def _digest(challenge: str, method: str, uri: str, user: str, password: str) -> str:
    """An Authorization header answering an RFC 7616 Digest challenge (MD5, qop=auth)."""
    fields = {k: a or b for k, a, b in re.findall(r'(\w+)=(?:"([^"]*)"|([^\s,]+))', challenge)}
    realm, nonce = fields.get("realm", ""), fields.get("nonce", "")
    algorithm = fields.get("algorithm", "MD5")
    if algorithm.upper() not in ("MD5", "MD5-SESS"):
        raise RemoteError(f"unsupported digest algorithm {algorithm}")
    def h(text: str) -> str:
        return hashlib.md5(text.encode("utf-8")).hexdigest()  # noqa: S324 - mandated by the protocol
    cnonce = os.urandom(8).hex()
    ha1 = h(f"{user}:{realm}:{password}")
    if algorithm.upper() == "MD5-SESS":
        ha1 = h(f"{ha1}:{nonce}:{cnonce}")
    ha2 = h(f"{method}:{uri}")
    qop = fields.get("qop")
    parts = [f'username="{user}"', f'realm="{realm}"', f'nonce="{nonce}"', f'uri="{uri}"', f"algorithm={algorithm}"]
    if qop:
        nc = "00000001"
        response = h(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}")
        parts += ["qop=auth", f"nc={nc}", f'cnonce="{cnonce}"']
    else:
        response = h(f"{ha1}:{nonce}:{ha2}")
    parts.append(f'response="{response}"')
    if "opaque" in fields:
        parts.append(f'opaque="{fields["opaque"]}"')
    return "Digest " + ", ".join(parts)


def stderr_progress(label: str, threshold: int = 1024 * 1024) -> Callable[[int, int], None]:
    """A progress callback printing to stderr for uploads larger than ``threshold`` bytes."""
    last = [-1]

    def report(done: int, total: int) -> None:
        if total < threshold:
            return
        percent = 100 * done // total if total else 100
        if percent // 10 != last[0] // 10 or done == total:
            last[0] = percent
            print(f"\r{label}: {done / 1e6:.1f} / {total / 1e6:.1f} MB ({percent}%)", end="" if done < total else "\n",
                  file=sys.stderr, flush=True)

    return report
