package dev.promptcards.server.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * The address {@code serve} binds to: checks the text of {@code --host}, resolves it, and tells
 * whether it is loopback only (the one case where the server may run without JWT settings).
 */
record BindAddress(String host, InetAddress[] addresses) {

    private static final Pattern DOTTED_NUMBERS = Pattern.compile("[0-9.]+");
    // RFC 1123 host name: labels of letters, digits and inner hyphens, at most 63 characters each.
    private static final Pattern HOST_NAME =
            Pattern.compile(
                    "(?=.{1,253}\\.?$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                            + "(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?");

    /**
     * Parses and resolves {@code host}: an IPv4 address, an IPv6 address (with or without brackets)
     * or a host name, which is looked up.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    static BindAddress resolve(String host) {
        if (host.isEmpty()) {
            throw new IllegalArgumentException("the host must not be empty");
        }
        String literal = host;
        if (host.contains(":") || host.startsWith("[")) {
            // An IPv6 literal. Brackets make InetAddress parse it as one, without a name lookup.
            literal = host.startsWith("[") ? host : "[" + host + "]";
        } else if (DOTTED_NUMBERS.matcher(host).matches()) {
            if (!isIpv4(host)) {
                throw new IllegalArgumentException("'" + host + "' is not an IPv4 address");
            }
        } else if (!HOST_NAME.matcher(host).matches()) {
            throw new IllegalArgumentException(
                    "'" + host + "' is neither an IP address nor a valid host name");
        }
        try {
            return new BindAddress(host, InetAddress.getAllByName(literal));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve '" + host + "' to an address", e);
        }
    }

    /** True when every address the host stands for is a loopback address (127.0.0.0/8, ::1). */
    boolean isLoopback() {
        return Arrays.stream(addresses).allMatch(InetAddress::isLoopbackAddress);
    }

    private static boolean isIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }
}
