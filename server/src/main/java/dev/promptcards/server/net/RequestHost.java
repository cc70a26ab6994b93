package dev.promptcards.server.net;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.regex.Pattern;

/**
 * The host a client reached us by, for the URLs we hand back to it (the pages' WebSocket URL, the API's URL):
 * the request's {@code Host} header when it is a plain name or address with an optional port, else the
 * listener's own address.
 */
final class RequestHost {

    private static final Pattern SAFE_HOST =
            Pattern.compile("([A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}])(:[0-9]{1,5})?");

    private RequestHost() {
    }

    /**
     * @param request the request
     * @param local   the listener's address, when the header cannot be used
     * @return {@code host[:port]} as the client wrote it, IPv6 in brackets
     */
    static String of(HttpRequest request, SocketAddress local) {
        String header = request.headers().get(HttpHeaderNames.HOST);
        if (header != null && SAFE_HOST.matcher(header).matches()) {
            return header;
        }
        if (local instanceof InetSocketAddress inet) {
            String address = inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
            return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + inet.getPort();
        }
        return "localhost";
    }

    /**
     * @param hostAndPort what {@link #of} returned
     * @return the host without its port ({@code [::1]:8080} is {@code [::1]})
     */
    static String withoutPort(String hostAndPort) {
        if (hostAndPort.startsWith("[")) {
            return hostAndPort.substring(0, hostAndPort.indexOf(']') + 1);
        }
        int colon = hostAndPort.indexOf(':');
        return colon < 0 ? hostAndPort : hostAndPort.substring(0, colon);
    }

    /**
     * The HTTP API's origin as this client reaches it: the same scheme (https:// on a TLS connection) and host,
     * the API's port.
     *
     * @param ctx     the connection
     * @param request the request
     * @param apiPort the API's port
     * @return e.g. {@code http://localhost:8081}
     */
    static String apiOrigin(ChannelHandlerContext ctx, HttpRequest request, int apiPort) {
        boolean tls = ctx.pipeline().get(SslHandler.class) != null;
        return (tls ? "https://" : "http://") + withoutPort(of(request, ctx.channel().localAddress())) + ":"
                + apiPort;
    }
}
