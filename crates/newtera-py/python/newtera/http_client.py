"""The ``http_client`` argument of ``Newtera(...)``: a ``urllib3.PoolManager`` or
``urllib3.ProxyManager`` whose settings are carried over to newtera's own
HTTP stack (urllib3 itself sends nothing).

What is mapped:

=================================  ==========================================
urllib3 setting                    newtera transport setting
=================================  ==========================================
``ProxyManager(proxy_url)``        every request goes through that proxy
                                   (``http://`` proxies; HTTPS is tunnelled
                                   with ``CONNECT``)
proxy URL user info,               ``Proxy-Authorization: Basic``
``proxy_headers`` from
``make_headers(proxy_basic_auth)``
``retries=Retry(total, backoff_     at most ``total + 1`` attempts, backoff
factor, backoff_max,               starting at ``backoff_factor`` seconds and
status_forcelist)``                doubling up to ``backoff_max``; statuses
                                   must be among 429, 500, 502, 503, 504
                                   (newtera retries all five: S3 uses 429 and
                                   503 for throttling); ``retries=False`` or
                                   ``0``: no retries; an ``int``: that many
``timeout=Timeout(connect, read,   connect timeout, read timeout (the longest
total)`` or a number               silence), whole-operation timeout
``Timeout.DEFAULT_TIMEOUT``        newtera's defaults (10 s connect, 60 s read)
``cert_reqs='CERT_REQUIRED'``      certificates verified (the default)
``cert_reqs='CERT_NONE'``          verification off (test servers only)
``ca_certs=path``                  that PEM file's CAs trusted too
``maxsize``                        idle connections kept per host
``num_pools``, ``block``           accepted, no effect (one pool per client)
=================================  ==========================================

Anything else (client certificates, an ``ssl_context``, default headers,
``assert_hostname``, an ``https://`` proxy, other retry statuses, per-method
retry lists) raises :class:`~newtera.error.InvalidArgumentError` naming it,
rather than being silently ignored.
"""

import base64
import ssl
from typing import Any, Dict, Optional

from .error import InvalidArgumentError

__all__ = ["transport_options"]

# Statuses newtera's retry layer retries (newtera-transport's retry policy).
_RETRIED_STATUSES = frozenset({429, 500, 502, 503, 504})
# Pool settings that have no meaning for a single-pool client.
_IGNORED = frozenset({"num_pools", "block", "_proxy", "_proxy_headers", "_proxy_config"})
_DEFAULT_RETRY_METHODS = frozenset({"DELETE", "GET", "HEAD", "OPTIONS", "PUT", "TRACE"})


def transport_options(http_client: Any) -> Dict[str, Any]:
    """The transport options (``newtera._newtera.Client``'s ``options``)
    for a urllib3 pool manager; raises ``InvalidArgumentError`` for what
    cannot be carried over."""
    kw = getattr(http_client, "connection_pool_kw", None)
    if not isinstance(kw, dict):
        raise InvalidArgumentError(
            "http_client must be a urllib3.PoolManager or urllib3.ProxyManager, not {}".format(
                type(http_client).__name__))
    options: Dict[str, Any] = {}
    options.update(_proxy(http_client))
    if getattr(http_client, "headers", None):
        raise InvalidArgumentError(
            "http_client default headers cannot be carried over to newtera's transport")
    for key, value in kw.items():
        if key in _IGNORED:
            continue
        handler = _HANDLERS.get(key)
        if handler is None:
            raise InvalidArgumentError(
                "http_client setting {!r} cannot be carried over to newtera's transport".format(key))
        options.update(handler(value))
    return options


def _proxy(http_client: Any) -> Dict[str, Any]:
    url = getattr(http_client, "proxy", None)
    if url is None:
        return {}
    if url.scheme != "http":
        raise InvalidArgumentError(
            "proxy {}://{}: only http:// proxies are supported (HTTPS traffic is still "
            "encrypted end to end through a CONNECT tunnel)".format(url.scheme, url.host))
    options: Dict[str, Any] = {"proxy": "http://{}:{}".format(url.host, url.port or 80)}
    if url.auth:
        user, _, password = url.auth.partition(":")
        options.update(proxy_user=user, proxy_password=password)
    for name, value in (getattr(http_client, "proxy_headers", None) or {}).items():
        if name.lower() != "proxy-authorization" or not value.startswith("Basic "):
            raise InvalidArgumentError(
                "proxy header {!r} cannot be carried over (only Proxy-Authorization: Basic)".format(
                    name))
        user, _, password = base64.b64decode(value[6:]).decode("utf-8").partition(":")
        options.update(proxy_user=user, proxy_password=password)
    return options


def _timeout(value: Any) -> Dict[str, Any]:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return {"connect_timeout": float(value), "read_timeout": float(value)}
    if _is_default(value):
        return {}
    if type(value).__name__ != "Timeout":
        raise InvalidArgumentError("http_client timeout {!r} is not a number or a Timeout".format(value))
    options: Dict[str, Any] = {}
    for key, attr in (("connect_timeout", "_connect"), ("read_timeout", "_read"),
                      ("operation_timeout", "total")):
        got = getattr(value, attr, None)
        if isinstance(got, (int, float)) and not isinstance(got, bool):
            options[key] = float(got)
    return options


def _is_default(value: Any) -> bool:
    return value is None or "DEFAULT" in repr(value) or repr(value).endswith("token: -1>")


def _retries(value: Any) -> Dict[str, Any]:
    if value is False:
        return {"max_attempts": 1}
    if isinstance(value, int) and not isinstance(value, bool):
        return {"max_attempts": max(value, 0) + 1}
    if value is None:
        return {}
    if type(value).__name__ != "Retry":
        raise InvalidArgumentError("http_client retries {!r} is not a Retry".format(value))
    options: Dict[str, Any] = {}
    total = value.total
    if total is False or total == 0:
        return {"max_attempts": 1}
    if isinstance(total, int):
        options["max_attempts"] = max(total, 0) + 1
    if value.backoff_factor:
        options["base_delay"] = float(value.backoff_factor)
    backoff_max = getattr(value, "backoff_max", None) or getattr(value, "BACKOFF_MAX", None)
    if backoff_max:
        options["max_delay"] = float(backoff_max)
    statuses = set(value.status_forcelist or ())
    if not statuses <= _RETRIED_STATUSES:
        raise InvalidArgumentError(
            "Retry(status_forcelist) has {}: newtera retries only 429, 500, 502, 503 and 504".format(
                sorted(statuses - _RETRIED_STATUSES)))
    methods = getattr(value, "allowed_methods", None) or getattr(value, "method_whitelist", None)
    if methods not in (None, False) and frozenset(m.upper() for m in methods) != _DEFAULT_RETRY_METHODS:
        raise InvalidArgumentError(
            "Retry(allowed_methods) cannot be carried over: newtera retries the requests "
            "that are safe to repeat (GET, HEAD, PUT, DELETE and the idempotent POSTs)")
    return options


def _cert_reqs(value: Any) -> Dict[str, Any]:
    if value in ("CERT_REQUIRED", ssl.CERT_REQUIRED, None):
        return {}
    if value in ("CERT_NONE", ssl.CERT_NONE):
        return {"insecure": True}
    raise InvalidArgumentError("http_client cert_reqs {!r} cannot be carried over".format(value))


def _ca_certs(path: Optional[str]) -> Dict[str, Any]:
    if path is None:
        return {}
    with open(path, "rb") as f:
        return {"ca_pem": f.read()}


def _maxsize(value: Any) -> Dict[str, Any]:
    return {"pool_size": int(value)}


_HANDLERS = {
    "timeout": _timeout,
    "retries": _retries,
    "cert_reqs": _cert_reqs,
    "ca_certs": _ca_certs,
    "maxsize": _maxsize,
}
