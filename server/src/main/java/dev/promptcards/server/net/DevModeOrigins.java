package dev.promptcards.server.net;

import io.netty.util.NetUtil;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * What a dev-mode server trusts a browser's request for (its token lets anyone in, so it must not reach a page
 * of another site): a {@code Host} header naming a loopback address, and an {@code Origin} on a loopback host.
 * A DNS-rebinding page ({@code evil.example} resolving to 127.0.0.1) sends
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
     * browser), or an {@code http} or {@code https} origin on a loopback host, on any port. Other ports are let in
     * because the widget runs in the page that embeds it, such as a developer's own app on another local port,
     * and a process on this machine can read the dev token from the page anyway; what must not get in is a page
     * of another site, whose origin is its own name even when that name resolves to 127.0.0.1.
     *
     * @param origin the {@code Origin} header, or null
     * @return true when the upgrade may go on
     */
    static boolean isAllowedOrigin(String origin) {
        if (origin == null) {
            return true;
        }
        URI uri;
        try {
            uri = new URI(origin.trim());
        } catch (URISyntaxException e) {
            return false;
        }
        boolean web = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
        if (!web || uri.getRawAuthority() == null || uri.getRawUserInfo() != null
                || !(uri.getRawPath() == null || uri.getRawPath().isEmpty()) || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            return false;
        }
        return authority(uri.getRawAuthority()).map(DevModeOrigins::isLoopbackName).orElse(false);
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
