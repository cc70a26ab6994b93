package dev.promptcards.server.net;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code GET /client-config.json}: where the editor page and the widget find the HTTP API, and which model
 * providers this server's runner can call, {@code {"apiUrl": "http://HOST:API_PORT/api/v1", "providers":
 * ["echo", "ollama", "openai"]}}, the API with the scheme and host the client reached this listener by
 * ({@link RequestHost#apiOrigin}), the providers as runner Providers#configured lists them (sorted). Pages of any origin read it (the widget is embedded anywhere):
 * {@code Access-Control-Allow-Origin: *}, and not cached (the port may change with a restart). A server without
 * an API beside it answers 404. Other requests pass on.
 */
final class ClientConfigHandler extends ChannelInboundHandlerAdapter {

    /** Where it is served. */
    static final String PATH = "/client-config.json";
    /** The API's path under its origin (server.api.ApiServer#BASE_PATH). */
    static final String API_BASE_PATH = "/api/v1";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int apiPort;
    private final String providersJson;

    /**
     * @param apiPort   the API's port, or {@link ServerConfig#NO_API}
     * @param providers the names of the providers the runner can call
     */
    ClientConfigHandler(int apiPort, List<String> providers) {
        this.apiPort = apiPort;
        this.providersJson = JSON.valueToTree(providers).toString();
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
                String json = "{\"apiUrl\":\"" + RequestHost.apiOrigin(ctx, request, apiPort) + API_BASE_PATH
                        + "\",\"providers\":" + providersJson + "}";
                HttpResponses.send(ctx, request, HttpResponseStatus.OK, "application/json",
                        json.getBytes(StandardCharsets.UTF_8),
                        HttpResponses.noStore().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*"));
            }
        } finally {
            request.release();
        }
    }
}
