package dev.promptcards.server.net;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /client-config.json}: where the editor page and the widget find the HTTP API,
 * {@code {"apiUrl": "http://HOST:API_PORT/api/v1"}}, with the scheme and host the client reached this listener
 * by ({@link RequestHost#apiOrigin}). Pages of any origin read it (the widget is embedded anywhere):
 * {@code Access-Control-Allow-Origin: *}, and not cached (the port may change with a restart). A server without
 * an API beside it answers 404. Other requests pass on.
 */
final class ClientConfigHandler extends ChannelInboundHandlerAdapter {

    /** Where it is served. */
    static final String PATH = "/client-config.json";
    /** The API's path under its origin (server.api.ApiServer#BASE_PATH). */
    static final String API_BASE_PATH = "/api/v1";

    private final int apiPort;

    /**
     * @param apiPort the API's port, or {@link ServerConfig#NO_API}
     */
    ClientConfigHandler(int apiPort) {
        this.apiPort = apiPort;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)
                || !new QueryStringDecoder(request.uri()).rawPath().equals(PATH)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (!HttpMethod.GET.equals(request.method()) && !HttpMethod.HEAD.equals(request.method())) {
                HttpResponses.text(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed");
            } else if (apiPort == ServerConfig.NO_API) {
                HttpResponses.text(ctx, request, HttpResponseStatus.NOT_FOUND, "not found");
            } else {
                // the origin holds only [A-Za-z0-9.:\[\]-] (RequestHost): nothing to escape in the JSON string
                String json = "{\"apiUrl\":\"" + RequestHost.apiOrigin(ctx, request, apiPort) + API_BASE_PATH + "\"}";
                HttpResponses.send(ctx, request, HttpResponseStatus.OK, "application/json",
                        json.getBytes(StandardCharsets.UTF_8),
                        HttpResponses.noStore().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*"));
            }
        } finally {
            request.release();
        }
    }
}
