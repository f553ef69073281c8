import ssl
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, Self, TypeVar, cast

import httpx
from attrs import define, evolve, field

from .environment import base_url_from_environment, token_from_environment, user_agent
from .pacing import Pacer
from .retry import RetryPolicy
from .transport import (
    DEFAULT_TIMEOUT,
    Connections,
    adopt_async_httpx_client,
    adopt_httpx_client,
    as_timeout,
    async_httpx_args,
    sync_httpx_args,
)
from .types import UNSET, Unset

if TYPE_CHECKING:
    from .api.artworks import Artworks, AsyncArtworks
    from .api.images import AsyncImages, Images
    from .api.organizations import AsyncOrganizations, Organizations

_Arguments = ParamSpec("_Arguments")
_Self = TypeVar("_Self")

__version__ = "1.0.0"
"""The client's version: the API document's info.version."""

USER_AGENT = user_agent(__version__)
"""Sent with every request unless headers= names another."""


@define
class Client:
    """A class for keeping track of data related to the API

    The following are accepted as keyword arguments and will be used to construct httpx Clients internally:

        ``base_url``: The base URL for the API, all requests are made to a relative path to this URL

        ``cookies``: A dictionary of cookies to be sent with every request

        ``headers``: A dictionary of headers to be sent with every request

        ``timeout``: The maximum amount of a time a request can take (an ``httpx.Timeout`` or seconds).
        API functions will raise httpx.TimeoutException if this is exceeded. Default: 30 s (5 s to
        connect), never unbounded unless you pass ``timeout=None`` yourself.

        ``retry``: A ``RetryPolicy`` (the default retries 429, 502, 503, 504 and connection errors with
        backoff, honouring Retry-After, only where it is safe), or ``None`` for no retries. Every call is
        paced: after a 429 all calls of the client wait one gate and leave one slot apart (``pacing``),
        and such a 429 costs only time, not attempts.

        ``pace``: False to send every call as soon as it is made, each 429 retried alone per ``retry``
        (to see a rate limiter's raw answers, say). Default: True.

        ``raise_on_error``: Raise a typed ``errors.ApiError`` (e.g. ``NotFoundError``) for any 4xx/5xx
        answer, carrying the contract's error body. Default: True. With False, API functions return the
        ``Error`` model instead.

        ``verify_ssl``: Whether or not to verify the SSL certificate of the API server. This should be True in production,
        but can be set to False for testing purposes.

        ``follow_redirects``: Whether or not to follow redirects. Default value is False.

        ``httpx_args``: A dictionary of additional arguments to be passed to the ``httpx.Client`` and ``httpx.AsyncClient`` constructor.
        ``proxy`` and ``mounts`` there, and the environment's HTTPS_PROXY / HTTP_PROXY / ALL_PROXY / NO_PROXY
        (unless ``trust_env`` is False), go under the client's retries, pacing and logging.


    Attributes:
        raise_on_unexpected_status: Whether or not to raise an errors.UnexpectedStatus if the API returns a
            status code that was not documented in the source OpenAPI document. Can also be provided as a keyword
            argument to the constructor.
    """

    raise_on_unexpected_status: bool = field(default=False, kw_only=True)
    _base_url: str = field(alias="base_url", factory=base_url_from_environment)
    _cookies: dict[str, str] = field(factory=dict, kw_only=True, alias="cookies", repr=False)
    _headers: dict[str, str] = field(factory=dict, kw_only=True, alias="headers", repr=False)
    _timeout: httpx.Timeout | None = field(default=DEFAULT_TIMEOUT, kw_only=True, alias="timeout", converter=as_timeout)
    _retry: RetryPolicy | None = field(factory=RetryPolicy, kw_only=True, alias="retry")
    raise_on_error: bool = field(default=True, kw_only=True)
    _pace: bool = field(default=True, kw_only=True, alias="pace")
    _verify_ssl: str | bool | ssl.SSLContext = field(default=True, kw_only=True, alias="verify_ssl")
    _follow_redirects: bool = field(default=False, kw_only=True, alias="follow_redirects")
    _httpx_args: dict[str, Any] = field(factory=dict, kw_only=True, alias="httpx_args", repr=False)
    _client: httpx.Client | None = field(default=None, init=False, repr=False)
    _async_client: httpx.AsyncClient | None = field(default=None, init=False, repr=False)
    _pacer: Pacer = field(factory=Pacer, init=False, repr=False)
    _connections: Connections = field(factory=Connections, init=False, repr=False)
    _borrows_connections: bool = field(default=False, init=False, repr=False)
    _replaced_httpx_client: bool = field(default=False, init=False, repr=False)
    _making: threading.Lock = field(factory=threading.Lock, init=False, repr=False)
    _resources: dict[str, Any] = field(factory=dict, init=False, repr=False)

    @property
    def pacing(self) -> Pacer:
        """The pace every call of this client (and of its with_options clients) waits for:
        its `rate`, the 429s it has `limited`, the seconds it has `waited`"""
        return self._pacer

    def with_headers(self, headers: dict[str, str]) -> "Client":
        """Get a new client matching this one with additional headers (its own pool and pacing)"""
        return evolve(self, headers={**self._headers, **headers})

    def with_cookies(self, cookies: dict[str, str]) -> "Client":
        """Get a new client matching this one with additional cookies (its own pool and pacing)"""
        return evolve(self, cookies={**self._cookies, **cookies})

    def with_options(
        self,
        *,
        timeout: httpx.Timeout | float | None | Unset = UNSET,
        retry: RetryPolicy | None | Unset = UNSET,
    ) -> "Client":
        """Get a client for other per-call options that shares this one's connection pools and
        pacing, so it costs no new connection and keeps to the same rate limit

        ``timeout``: an ``httpx.Timeout``, seconds as a number, or ``None`` for no timeout.
        ``retry``: a ``RetryPolicy``, or ``None`` for no retries. Either one left out stays as it is.
        Closing the new client leaves the shared pools open: they close with this client.
        """
        if self._replaced_httpx_client:
            raise ValueError(
                "with_options cannot share an httpx client given to set_httpx_client or "
                "set_async_httpx_client; build one client per option set instead"
            )
        changes: dict[str, Any] = {}
        if not isinstance(timeout, Unset):
            changes["timeout"] = as_timeout(timeout)
        if not isinstance(retry, Unset):
            changes["retry"] = retry
        derived = evolve(self, **changes)
        derived._pacer = self._pacer
        derived._connections = self._connections
        derived._borrows_connections = True
        return derived

    def with_retry(self, retry: RetryPolicy | None) -> "Client":
        """Get a client with another retry policy (None turns retries off), sharing pools and pacing"""
        return self.with_options(retry=retry)

    def with_timeout(self, timeout: httpx.Timeout) -> "Client":
        """Get a client with a new timeout configuration, sharing pools and pacing"""
        return self.with_options(timeout=timeout)

    def _request_headers(self) -> dict[str, str]:
        """The headers of every request: the User-Agent, the caller's"""
        headers = {"User-Agent": USER_AGENT, **self._headers}
        return headers

    def set_httpx_client(self, client: httpx.Client) -> Self:
        """Manually set the underlying httpx.Client

        Its transports (and its proxies and mounts) are wrapped in this client's retries, pacing,
        logging and typed errors; its own base URL, headers, cookies and timeout are used as they are.
        A client whose transports cannot be wrapped is refused with ConfigurationError.
        """
        self._client = adopt_httpx_client(
            client,
            retry=self._retry,
            raise_on_error=self.raise_on_error,
            pacer=self._pacer if self._pace else None,
        )
        self._replaced_httpx_client = True
        return self

    def get_httpx_client(self) -> httpx.Client:
        """Get the underlying httpx.Client, constructing a new one if not previously set"""
        with self._making:  # threads sharing a new client must not each make one
            return self._make_httpx_client()

    def _make_httpx_client(self) -> httpx.Client:
        """Make the httpx.Client on first use (the caller holds the lock)"""
        if self._client is None:
            self._client = httpx.Client(
                base_url=self._base_url,
                cookies=self._cookies,
                headers=self._request_headers(),
                timeout=self._timeout,
                verify=self._verify_ssl,
                follow_redirects=self._follow_redirects,
                **sync_httpx_args(
                    self._httpx_args,
                    retry=self._retry,
                    raise_on_error=self.raise_on_error,
                    verify=self._verify_ssl,
                    pacer=self._pacer if self._pace else None,
                    connections=self._connections,
                    owns_connections=not self._borrows_connections,
                ),
            )
        return self._client

    def __enter__(self) -> Self:
        """Enter a context manager for self.client—you cannot enter twice (see httpx docs)"""
        self.get_httpx_client().__enter__()
        return self

    def __exit__(self, *args: Any, **kwargs: Any) -> None:
        """Exit a context manager for internal httpx.Client (see httpx docs)"""
        self.get_httpx_client().__exit__(*args, **kwargs)

    def set_async_httpx_client(self, async_client: httpx.AsyncClient) -> Self:
        """Manually set the underlying httpx.AsyncClient

        Its transports are wrapped as set_httpx_client does; refused with ConfigurationError where
        that cannot be done.
        """
        self._async_client = adopt_async_httpx_client(
            async_client,
            retry=self._retry,
            raise_on_error=self.raise_on_error,
            pacer=self._pacer if self._pace else None,
        )
        self._replaced_httpx_client = True
        return self

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        """Get the underlying httpx.AsyncClient, constructing a new one if not previously set"""
        with self._making:
            return self._make_async_httpx_client()

    def _make_async_httpx_client(self) -> httpx.AsyncClient:
        """Make the httpx.AsyncClient on first use (the caller holds the lock)"""
        if self._async_client is None:
            self._async_client = httpx.AsyncClient(
                base_url=self._base_url,
                cookies=self._cookies,
                headers=self._request_headers(),
                timeout=self._timeout,
                verify=self._verify_ssl,
                follow_redirects=self._follow_redirects,
                **async_httpx_args(
                    self._httpx_args,
                    retry=self._retry,
                    raise_on_error=self.raise_on_error,
                    verify=self._verify_ssl,
                    pacer=self._pacer if self._pace else None,
                    connections=self._connections,
                    owns_connections=not self._borrows_connections,
                ),
            )
        return self._async_client

    async def __aenter__(self) -> Self:
        """Enter a context manager for underlying httpx.AsyncClient—you cannot enter twice (see httpx docs)"""
        await self.get_async_httpx_client().__aenter__()
        return self

    async def __aexit__(self, *args: Any, **kwargs: Any) -> None:
        """Exit a context manager for underlying httpx.AsyncClient (see httpx docs)"""
        await self.get_async_httpx_client().__aexit__(*args, **kwargs)


@define
class AuthenticatedClient:
    """A Client which has been authenticated for use on secured endpoints

    The following are accepted as keyword arguments and will be used to construct httpx Clients internally:

        ``base_url``: The base URL for the API, all requests are made to a relative path to this URL

        ``cookies``: A dictionary of cookies to be sent with every request

        ``headers``: A dictionary of headers to be sent with every request

        ``timeout``: The maximum amount of a time a request can take (an ``httpx.Timeout`` or seconds).
        API functions will raise httpx.TimeoutException if this is exceeded. Default: 30 s (5 s to
        connect), never unbounded unless you pass ``timeout=None`` yourself.

        ``retry``: A ``RetryPolicy`` (the default retries 429, 502, 503, 504 and connection errors with
        backoff, honouring Retry-After, only where it is safe), or ``None`` for no retries. Every call is
        paced: after a 429 all calls of the client wait one gate and leave one slot apart (``pacing``),
        and such a 429 costs only time, not attempts.

        ``pace``: False to send every call as soon as it is made, each 429 retried alone per ``retry``
        (to see a rate limiter's raw answers, say). Default: True.

        ``raise_on_error``: Raise a typed ``errors.ApiError`` (e.g. ``NotFoundError``) for any 4xx/5xx
        answer, carrying the contract's error body. Default: True. With False, API functions return the
        ``Error`` model instead.

        ``verify_ssl``: Whether or not to verify the SSL certificate of the API server. This should be True in production,
        but can be set to False for testing purposes.

        ``follow_redirects``: Whether or not to follow redirects. Default value is False.

        ``httpx_args``: A dictionary of additional arguments to be passed to the ``httpx.Client`` and ``httpx.AsyncClient`` constructor.
        ``proxy`` and ``mounts`` there, and the environment's HTTPS_PROXY / HTTP_PROXY / ALL_PROXY / NO_PROXY
        (unless ``trust_env`` is False), go under the client's retries, pacing and logging.


    Attributes:
        raise_on_unexpected_status: Whether or not to raise an errors.UnexpectedStatus if the API returns a
            status code that was not documented in the source OpenAPI document. Can also be provided as a keyword
            argument to the constructor.
        token: The API key; by default $IMAGEGEN_API_KEY. Never shown by repr
        prefix: The prefix to use for the Authorization header
        auth_header_name: The name of the Authorization header
    """

    raise_on_unexpected_status: bool = field(default=False, kw_only=True)
    _base_url: str = field(alias="base_url", factory=base_url_from_environment)
    _cookies: dict[str, str] = field(factory=dict, kw_only=True, alias="cookies", repr=False)
    _headers: dict[str, str] = field(factory=dict, kw_only=True, alias="headers", repr=False)
    _timeout: httpx.Timeout | None = field(default=DEFAULT_TIMEOUT, kw_only=True, alias="timeout", converter=as_timeout)
    _retry: RetryPolicy | None = field(factory=RetryPolicy, kw_only=True, alias="retry")
    raise_on_error: bool = field(default=True, kw_only=True)
    _pace: bool = field(default=True, kw_only=True, alias="pace")
    _verify_ssl: str | bool | ssl.SSLContext = field(default=True, kw_only=True, alias="verify_ssl")
    _follow_redirects: bool = field(default=False, kw_only=True, alias="follow_redirects")
    _httpx_args: dict[str, Any] = field(factory=dict, kw_only=True, alias="httpx_args", repr=False)
    _client: httpx.Client | None = field(default=None, init=False, repr=False)
    _async_client: httpx.AsyncClient | None = field(default=None, init=False, repr=False)
    _pacer: Pacer = field(factory=Pacer, init=False, repr=False)
    _connections: Connections = field(factory=Connections, init=False, repr=False)
    _borrows_connections: bool = field(default=False, init=False, repr=False)
    _replaced_httpx_client: bool = field(default=False, init=False, repr=False)
    _making: threading.Lock = field(factory=threading.Lock, init=False, repr=False)
    _resources: dict[str, Any] = field(factory=dict, init=False, repr=False)

    token: str = field(factory=token_from_environment, repr=False)
    prefix: str = "Bearer"
    auth_header_name: str = "Authorization"

    @property
    def pacing(self) -> Pacer:
        """The pace every call of this client (and of its with_options clients) waits for:
        its `rate`, the 429s it has `limited`, the seconds it has `waited`"""
        return self._pacer

    def with_headers(self, headers: dict[str, str]) -> "AuthenticatedClient":
        """Get a new client matching this one with additional headers (its own pool and pacing)"""
        return evolve(self, headers={**self._headers, **headers})

    def with_cookies(self, cookies: dict[str, str]) -> "AuthenticatedClient":
        """Get a new client matching this one with additional cookies (its own pool and pacing)"""
        return evolve(self, cookies={**self._cookies, **cookies})

    def with_options(
        self,
        *,
        timeout: httpx.Timeout | float | None | Unset = UNSET,
        retry: RetryPolicy | None | Unset = UNSET,
    ) -> "AuthenticatedClient":
        """Get a client for other per-call options that shares this one's connection pools and
        pacing, so it costs no new connection and keeps to the same rate limit

        ``timeout``: an ``httpx.Timeout``, seconds as a number, or ``None`` for no timeout.
        ``retry``: a ``RetryPolicy``, or ``None`` for no retries. Either one left out stays as it is.
        Closing the new client leaves the shared pools open: they close with this client.
        """
        if self._replaced_httpx_client:
            raise ValueError(
                "with_options cannot share an httpx client given to set_httpx_client or "
                "set_async_httpx_client; build one client per option set instead"
            )
        changes: dict[str, Any] = {}
        if not isinstance(timeout, Unset):
            changes["timeout"] = as_timeout(timeout)
        if not isinstance(retry, Unset):
            changes["retry"] = retry
        derived = evolve(self, **changes)
        derived._pacer = self._pacer
        derived._connections = self._connections
        derived._borrows_connections = True
        return derived

    def with_retry(self, retry: RetryPolicy | None) -> "AuthenticatedClient":
        """Get a client with another retry policy (None turns retries off), sharing pools and pacing"""
        return self.with_options(retry=retry)

    def with_timeout(self, timeout: httpx.Timeout) -> "AuthenticatedClient":
        """Get a client with a new timeout configuration, sharing pools and pacing"""
        return self.with_options(timeout=timeout)

    def _request_headers(self) -> dict[str, str]:
        """The headers of every request: the User-Agent, the caller's, the key"""
        headers = {"User-Agent": USER_AGENT, **self._headers}
        headers[self.auth_header_name] = f"{self.prefix} {self.token}" if self.prefix else self.token
        return headers

    def set_httpx_client(self, client: httpx.Client) -> Self:
        """Manually set the underlying httpx.Client

        Its transports (and its proxies and mounts) are wrapped in this client's retries, pacing,
        logging and typed errors; its own base URL, headers, cookies and timeout are used as they are.
        A client whose transports cannot be wrapped is refused with ConfigurationError.
        """
        self._client = adopt_httpx_client(
            client,
            retry=self._retry,
            raise_on_error=self.raise_on_error,
            pacer=self._pacer if self._pace else None,
        )
        self._replaced_httpx_client = True
        return self

    def get_httpx_client(self) -> httpx.Client:
        """Get the underlying httpx.Client, constructing a new one if not previously set"""
        with self._making:  # threads sharing a new client must not each make one
            return self._make_httpx_client()

    def _make_httpx_client(self) -> httpx.Client:
        """Make the httpx.Client on first use (the caller holds the lock)"""
        if self._client is None:
            self._client = httpx.Client(
                base_url=self._base_url,
                cookies=self._cookies,
                headers=self._request_headers(),
                timeout=self._timeout,
                verify=self._verify_ssl,
                follow_redirects=self._follow_redirects,
                **sync_httpx_args(
                    self._httpx_args,
                    retry=self._retry,
                    raise_on_error=self.raise_on_error,
                    verify=self._verify_ssl,
                    pacer=self._pacer if self._pace else None,
                    connections=self._connections,
                    owns_connections=not self._borrows_connections,
                ),
            )
        return self._client

    def __enter__(self) -> Self:
        """Enter a context manager for self.client—you cannot enter twice (see httpx docs)"""
        self.get_httpx_client().__enter__()
        return self

    def __exit__(self, *args: Any, **kwargs: Any) -> None:
        """Exit a context manager for internal httpx.Client (see httpx docs)"""
        self.get_httpx_client().__exit__(*args, **kwargs)

    def set_async_httpx_client(self, async_client: httpx.AsyncClient) -> Self:
        """Manually set the underlying httpx.AsyncClient

        Its transports are wrapped as set_httpx_client does; refused with ConfigurationError where
        that cannot be done.
        """
        self._async_client = adopt_async_httpx_client(
            async_client,
            retry=self._retry,
            raise_on_error=self.raise_on_error,
            pacer=self._pacer if self._pace else None,
        )
        self._replaced_httpx_client = True
        return self

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        """Get the underlying httpx.AsyncClient, constructing a new one if not previously set"""
        with self._making:
            return self._make_async_httpx_client()

    def _make_async_httpx_client(self) -> httpx.AsyncClient:
        """Make the httpx.AsyncClient on first use (the caller holds the lock)"""
        if self._async_client is None:
            self._async_client = httpx.AsyncClient(
                base_url=self._base_url,
                cookies=self._cookies,
                headers=self._request_headers(),
                timeout=self._timeout,
                verify=self._verify_ssl,
                follow_redirects=self._follow_redirects,
                **async_httpx_args(
                    self._httpx_args,
                    retry=self._retry,
                    raise_on_error=self.raise_on_error,
                    verify=self._verify_ssl,
                    pacer=self._pacer if self._pace else None,
                    connections=self._connections,
                    owns_connections=not self._borrows_connections,
                ),
            )
        return self._async_client

    async def __aenter__(self) -> Self:
        """Enter a context manager for underlying httpx.AsyncClient—you cannot enter twice (see httpx docs)"""
        await self.get_async_httpx_client().__aenter__()
        return self

    async def __aexit__(self, *args: Any, **kwargs: Any) -> None:
        """Exit a context manager for underlying httpx.AsyncClient (see httpx docs)"""
        await self.get_async_httpx_client().__aexit__(*args, **kwargs)

    @property
    def artworks(self) -> "Artworks":
        """The `artworks` endpoints as methods: typed model or typed error, per-call options"""
        made = self._resources.get("artworks")
        if made is None:
            from .api.artworks import Artworks

            made = self._resources["artworks"] = Artworks(self)
        return cast("Artworks", made)

    @property
    def images(self) -> "Images":
        """The `images` endpoints as methods: typed model or typed error, per-call options"""
        made = self._resources.get("images")
        if made is None:
            from .api.images import Images

            made = self._resources["images"] = Images(self)
        return cast("Images", made)

    @property
    def organizations(self) -> "Organizations":
        """The `organizations` endpoints as methods: typed model or typed error, per-call options"""
        made = self._resources.get("organizations")
        if made is None:
            from .api.organizations import Organizations

            made = self._resources["organizations"] = Organizations(self)
        return cast("Organizations", made)


def _same_arguments_as(
    source: Callable[_Arguments, object],
) -> Callable[[Callable[Concatenate[_Self, ...], None]], Callable[Concatenate[_Self, _Arguments], None]]:
    """Gives an __init__ that passes its arguments on the signature of what it passes them to,
    for type checkers (the arguments are written once, on the attrs class)"""

    def typed(init: Callable[Concatenate[_Self, ...], None]) -> Callable[Concatenate[_Self, _Arguments], None]:
        return init

    return typed


class AsyncAuthenticatedClient:
    """An AuthenticatedClient whose resources (`client.artworks`, ...) answer coroutines

    Takes the same arguments (and the same environment variables); ``client`` is the
    AuthenticatedClient underneath, for the functions of ``api`` and the helpers
    (``generate_async``, ``wait_for_artwork_async``, ...), sharing its pools and pacing.
    """

    @_same_arguments_as(AuthenticatedClient)
    def __init__(self, *arguments: Any, **options: Any) -> None:
        self.client = AuthenticatedClient(*arguments, **options)

    @classmethod
    def wrapping(cls, client: AuthenticatedClient) -> "AsyncAuthenticatedClient":
        """The async face of an existing client (same pools, same pacing)"""
        made = cls.__new__(cls)
        made.client = client
        return made

    def __repr__(self) -> str:
        return f"AsyncAuthenticatedClient({self.client!r})"

    @property
    def pacing(self) -> Pacer:
        """The pace every call waits for (see AuthenticatedClient.pacing)"""
        return self.client.pacing

    def with_options(
        self,
        *,
        timeout: httpx.Timeout | float | None | Unset = UNSET,
        retry: RetryPolicy | None | Unset = UNSET,
    ) -> "AsyncAuthenticatedClient":
        """The same as AuthenticatedClient.with_options: other options, same pools and pacing"""
        return self.wrapping(self.client.with_options(timeout=timeout, retry=retry))

    async def __aenter__(self) -> Self:
        await self.client.__aenter__()
        return self

    async def __aexit__(self, *args: Any, **kwargs: Any) -> None:
        await self.client.__aexit__(*args, **kwargs)

    @property
    def artworks(self) -> "AsyncArtworks":
        """The `artworks` endpoints as coroutine methods: typed model or typed error"""
        made = self.client._resources.get("async artworks")
        if made is None:
            from .api.artworks import AsyncArtworks

            made = self.client._resources["async artworks"] = AsyncArtworks(self.client)
        return cast("AsyncArtworks", made)

    @property
    def images(self) -> "AsyncImages":
        """The `images` endpoints as coroutine methods: typed model or typed error"""
        made = self.client._resources.get("async images")
        if made is None:
            from .api.images import AsyncImages

            made = self.client._resources["async images"] = AsyncImages(self.client)
        return cast("AsyncImages", made)

    @property
    def organizations(self) -> "AsyncOrganizations":
        """The `organizations` endpoints as coroutine methods: typed model or typed error"""
        made = self.client._resources.get("async organizations")
        if made is None:
            from .api.organizations import AsyncOrganizations

            made = self.client._resources["async organizations"] = AsyncOrganizations(self.client)
        return cast("AsyncOrganizations", made)
