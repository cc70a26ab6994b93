package dev.promptcards.server.net;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Short, unique ids for the connections of one server, used in logs and metrics: {@code c<n>@<peer>},
 * e.g. {@code c17@127.0.0.1:53422}. Thread-safe.
 */
final class ConnectionIds {

    private final AtomicLong counter = new AtomicLong();

    /**
     * The id of a newly accepted connection.
     *
     * @param remote the peer's address, or null if unknown
     * @return a new id, never returned before by this instance
     */
    String next(SocketAddress remote) {
        long n = counter.incrementAndGet();
        return "c" + n + "@" + describe(remote);
    }

    private static String describe(SocketAddress remote) {
        if (remote instanceof InetSocketAddress inet) {
            String host = inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
            return host.indexOf(':') >= 0 ? "[" + host + "]:" + inet.getPort() : host + ":" + inet.getPort();
        }
        return remote == null ? "?" : remote.toString();
    }
}
