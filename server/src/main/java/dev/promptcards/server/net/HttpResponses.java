package dev.promptcards.server.net;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslHandler;
import java.nio.charset.StandardCharsets;

/**
 * Writes the one response of a plain HTTP connection and closes it (no keep-alive: a connection that is
 * not upgraded to a WebSocket serves one request, so an idle one never outlives the handshake deadline), with
 * the {@link SecurityHeaders} of every response.
 */
final class HttpResponses {

    /** Content type of text answers. */
    static final String TEXT = "text/plain; charset=utf-8";

    private HttpResponses() {
    }

    /**
     * Sends a text response.
     *
     * @param ctx     the channel
     * @param request the request (for HEAD: headers only)
     * @param status  the status
     * @param text    the body
     */
    static void text(ChannelHandlerContext ctx, HttpRequest request, HttpResponseStatus status, String text) {
        send(ctx, request, status, TEXT, text.getBytes(StandardCharsets.UTF_8), EmptyHttpHeaders.INSTANCE);
    }

    /**
     * @return the headers of a response caches must not keep (pages with a token in them, metrics)
     */
    static HttpHeaders noStore() {
        return new DefaultHttpHeaders().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
    }

    /**
     * Sends 304 Not Modified: the client's copy is current ({@code If-None-Match}); no body.
     *
     * @param ctx     the channel
     * @param headers the headers the 200 would have had that describe the file: ETag, Cache-Control, Vary
     */
    static void notModified(ChannelHandlerContext ctx, HttpHeaders headers) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_MODIFIED,
                Unpooled.EMPTY_BUFFER);
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE).add(headers);
        SecurityHeaders.addTo(response.headers(), ctx.pipeline().get(SslHandler.class) != null);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * Sends a response.
     *
     * @param ctx         the channel
     * @param request     the request (for HEAD: headers only), or null
     * @param status      the status
     * @param contentType the body's content type
     * @param body        the body
     * @param headers     more headers, e.g. {@link #noStore()}
     */
    static void send(ChannelHandlerContext ctx, HttpRequest request, HttpResponseStatus status,
                     String contentType, byte[] body, HttpHeaders headers) {
        boolean head = request != null && HttpMethod.HEAD.equals(request.method());
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                .add(headers);
        SecurityHeaders.addTo(response.headers(), ctx.pipeline().get(SslHandler.class) != null);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
