package dev.promptcards.server.net;

import io.netty.util.NetUtil;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * What a dev-mode server trusts a browser's request for (its token lets anyone in, so it must not reach a page
 * of another site): a {@code Host} header naming a loopback address, and an {@code Origin} that is the very
 * loopback origin the request came to. A DNS-rebinding page ({@code evil.example} resolving to 127.0.0.1) sends
 * its own name in both, so it gets neither the token nor a WebSocket.
 *
 * <p>Loopback names are {@code localhost}, IPv4 {@code 127.0.0.0/8} and IPv6 {@code ::1}, as literals: a name is
 * never resolved here.
 */
final class DevModeOrigins {

    private DevModeOrigins() {
    }

    /**
     * Whether a {@code Host} header names a loopback address ({@code localhost}, {@code 127.x.x.x},
     * {@code [::1]}), with or without a port.
     *
     * @param host the header's value, or null
     * @return false for null, other names and malformed values
     */
    static boolean isLoopbackHost(String host) {
        return authority(host).map(DevModeOrigins::isLoopbackName).orElse(false);
    }

    /**
     * Whether a dev-mode server accepts the upgrade a browser sends with this {@code Origin}: none at all (not a
     * browser), or an origin whose scheme, host and port are the request's own ({@code Host} header, {@code https}
     * on TLS) with a loopback host.
     *
     * @param origin the {@code Origin} header, or null
     * @param host   the {@code Host} header, or null
     * @param tls    whether the request came over TLS
     * @return true when the upgrade may go on
     */
    static boolean isAllowedOrigin(String origin, String host, boolean tls) {
        if (origin == null) {
            return true;
        }
        URI uri;
        try {
            uri = new URI(origin.trim());
        } catch (URISyntaxException e) {
            return false;
        }
        String scheme = tls ? "https" : "http";
        if (!scheme.equalsIgnoreCase(uri.getScheme()) || uri.getRawAuthority() == null || uri.getRawUserInfo() != null
                || !(uri.getRawPath() == null || uri.getRawPath().isEmpty()) || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            return false;
        }
        Optional<String[]> from = authority(uri.getRawAuthority());
        Optional<String[]> to = authority(host);
        if (from.isEmpty() || to.isEmpty() || !isLoopbackName(from.get())) {
            return false;
        }
        String defaultPort = tls ? "443" : "80";
        return from.get()[0].equals(to.get()[0])
                && (from.get()[1] == null ? defaultPort : from.get()[1])
                        .equals(to.get()[1] == null ? defaultPort : to.get()[1]);
    }

    /** {@code [host, port]} of {@code host[:port]} or {@code [v6]:port}, host in lower case, port null if absent. */
    private static Optional<String[]> authority(String value) {
        if (value == null || value.isEmpty() || value.length() > 300) {
            return Optional.empty();
        }
        String text = value.trim().toLowerCase(Locale.ROOT);
        String name;
        String port = null;
        if (text.startsWith("[")) {
            int end = text.indexOf(']');
            if (end < 0) {
                return Optional.empty();
            }
            name = text.substring(0, end + 1);
            String rest = text.substring(end + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    return Optional.empty();
                }
                port = rest.substring(1);
            }
        } else {
            int colon = text.indexOf(':');
            name = colon < 0 ? text : text.substring(0, colon);
            port = colon < 0 ? null : text.substring(colon + 1);
        }
        if (name.isEmpty() || port != null && !port.matches("[0-9]{1,5}")) {
            return Optional.empty();
        }
        return Optional.of(new String[] {name, port});
    }

    private static boolean isLoopbackName(String[] authority) {
        String name = authority[0];
        if (name.equals("localhost")) {
            return true;
        }
        if (name.startsWith("[") && name.endsWith("]")) {
            String literal = name.substring(1, name.length() - 1);
            return NetUtil.isValidIpV6Address(literal) && isLoopbackBytes(NetUtil.createByteArrayFromIpAddressString(literal));
        }
        return NetUtil.isValidIpV4Address(name) && isLoopbackBytes(NetUtil.createByteArrayFromIpAddressString(name));
    }

    private static boolean isLoopbackBytes(byte[] address) {
        if (address == null) {
            return false;
        }
        if (address.length == 4) {
            return address[0] == 127;
        }
        for (int i = 0; i < 15; i++) {
            if (address[i] != 0) {
                return false;
            }
        }
        return address[15] == 1;
    }
}
