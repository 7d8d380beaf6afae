"""
The public content version (core.public_cache) kept in each web process, told of every change
by Redis publish/subscribe instead of asked for on every request.

Reading the version from Redis was half of a page-cache hit's time: a round trip on every
request, for a value that changes a few times a minute. Each process now subscribes to a
channel; whoever moves the version publishes on it after storing the new one, before their
request returns. A request first reads whatever has arrived on its process's subscription (a
non-blocking read of a socket, no round trip); if nothing has, the version the process last
read still stands. So a change is seen by every node as soon as the request that made it
returns, as when every request asked Redis.

The version a process holds is trusted only while that holds:
- it is remembered only if it was read after the subscription was confirmed, and no message
  arrived between reading it and remembering it (another thread may have taken one);
- any error on the subscription, or a reconnection (messages may have been lost while it was
  down), forgets it, and the process asks Redis on every request until it has subscribed
  again (tried at most every RETRY_SECONDS, by one request while the others go on);
- it is read again at least every RECHECK_SECONDS, so a change whose message was lost
  without any error (a publish that failed after its write, a connection dropped without a
  word) lasts no longer than that; a version found moved then without a message means the
  subscription cannot be trusted, and it is made anew;
- the process that moves the version forgets its own at once.

Redis's own client-side caching (RESP3 tracking) does the same, but redis-py supports it only
from Redis 7.4.
"""

import contextlib
import logging
import os
import threading
import time

from redis import Redis, RedisError
from redis.backoff import NoBackoff
from redis.retry import Retry

logger = logging.getLogger(__name__)


class VersionChannel:
    RECHECK_SECONDS = 1.0
    RETRY_SECONDS = 5.0

    def __init__(self, url, channel):
        self.url = url
        self.channel = channel
        self._lock = threading.Lock()
        self._start()

    def _start(self):
        # A forked worker must not share its parent's socket: each process subscribes itself.
        self._pid = os.getpid()
        # No silent retries: a reconnected subscription may have missed messages, so every
        # failure must reach _forget. The subscription has a client (and connection pool) of
        # its own, so its connection never serves the publishing client.
        options = {
            "socket_connect_timeout": 1,
            "socket_timeout": 1,
            "socket_keepalive": True,
            "retry": Retry(NoBackoff(), 0),
        }
        self._client = Redis.from_url(self.url, **options)
        self._listener = Redis.from_url(self.url, **options)
        self._subscription = None
        self._subscribing = False
        self._next_attempt = 0.0
        self._known = None  # (version, monotonic time it was read)
        # Moves with every message taken and every forgetting: a version read before a move
        # is not remembered after it.
        self._generation = 0

    def current(self):
        """(the version this process knows to be current or None, a ticket for remember)."""
        with self._lock:
            if self._pid != os.getpid():
                self._start()
            attempt = self._subscription is None and self._attempt_due()
        if attempt:
            # Outside the lock: a Redis that hangs holds up this request, not every thread.
            self._subscribe()
        with self._lock:
            if self._subscription is None:
                return None, None
            try:
                while self._subscription.connection.can_read(timeout=0):
                    message = self._subscription.get_message(timeout=0)
                    if message is not None and message["type"] == "message":
                        self._moved()
            except (RedisError, OSError) as error:
                self._forget(error)
                return None, None
            known = self._known
            if known is not None and time.monotonic() - known[1] < self.RECHECK_SECONDS:
                return known[0], self._generation
            return None, self._generation

    def remember(self, version, ticket, read_at):
        """Keep `version`, read from the shared cache at `read_at` (time.monotonic()) after
        current() gave `ticket`, unless a change was heard of since."""
        if ticket is None or version is None:
            return
        with self._lock:
            if self._subscription is None or ticket != self._generation:
                return
            if self._known is not None and self._known[0] != version:
                # Read again after RECHECK_SECONDS and moved, though no message came: the
                # subscription misses messages (a connection dropped without a word, or a
                # publish that failed), so it is made anew.
                self._forget(RedisError("the version moved without a message"))
                return
            self._known = (version, read_at)

    def announce(self):
        """Tell every process that the version has moved (call after storing the new one)."""
        with self._lock:
            self._moved()  # this process at once, without waiting for its own message
        try:
            self._client.publish(self.channel, b"")
        except RedisError as error:
            # Other processes find the change within RECHECK_SECONDS.
            logger.warning("Could not announce a new public version: %s", error)

    def _attempt_due(self):
        if self._subscribing or time.monotonic() < self._next_attempt:
            return False
        self._subscribing = True
        self._next_attempt = time.monotonic() + self.RETRY_SECONDS
        return True

    def _subscribe(self):
        subscription = self._listener.pubsub()
        try:
            subscription.subscribe(self.channel)
            # Confirmed: every later publish reaches this subscription.
            confirmed = subscription.get_message(timeout=1)
            if not confirmed or confirmed["type"] != "subscribe":
                raise RedisError("the subscription was not confirmed")
        except (RedisError, OSError) as error:
            logger.warning("Could not follow the public version's changes: %s", error)
            with contextlib.suppress(RedisError, OSError):
                subscription.close()
            subscription = None
        with self._lock:
            self._subscribing = False
            if subscription is not None:
                subscription.connection.register_connect_callback(self._reconnected)
                self._subscription = subscription
                self._moved()

    def _moved(self):
        self._generation += 1
        self._known = None

    def _reconnected(self, connection):
        # Called from inside the subscription's own read, under the lock: messages may have
        # been missed while it was down.
        self._moved()

    def _forget(self, error):
        logger.warning("Lost the public version's channel, asking Redis each time: %s", error)
        subscription, self._subscription = self._subscription, None
        self._moved()
        with contextlib.suppress(RedisError, OSError, AttributeError):
            subscription.connection.deregister_connect_callback(self._reconnected)
        with contextlib.suppress(RedisError, OSError):
            subscription.close()
