package dev.promptcards.server.net;

import dev.promptcards.presence.bus.BusStatus;
import dev.promptcards.server.room.ServerMetrics;
import dev.promptcards.server.room.StorageHealth;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * {@code GET /healthz}, the liveness check: 200 {@code ok} while the server accepts connections, 503 once it
 * is shutting down. {@code GET /readyz}, for load balancers: 200 {@code ready} while the server accepts
 * connections and the database stores what it is given; 503 saying why otherwise (shutting down, or the
 * database away: the server then still serves its connections, holding their updates until it is back).
 * While the cross-node bus (Redis) is away both still answer 200 (the node serves its own clients, and its
 * cards heal once the bus is back) and say so in their text: {@code ok; bus: redis unreachable, ...}.
 * {@code GET /metrics}: the Prometheus text of {@link ServerMetrics#scrape()}. Other requests pass on.
 */
final class HealthMetricsHandler extends ChannelInboundHandlerAdapter {

    /** Prometheus text exposition format 0.0.4. */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final ServerState state;
    private final ServerMetrics metrics;
    private final StorageHealth storage;
    private final Supplier<BusStatus> bus;

    /**
     * @param state   whether the server accepts connections
     * @param metrics the metrics to scrape
     * @param storage whether the database stores
     * @param bus     whether the bus reaches the other nodes
     */
    HealthMetricsHandler(ServerState state, ServerMetrics metrics, StorageHealth storage, Supplier<BusStatus> bus) {
        this.state = state;
        this.metrics = metrics;
        this.storage = storage;
        this.bus = bus;
    }

    /** What is said after ok or ready while the bus is away; empty while it is up. */
    private String busNote() {
        BusStatus status = bus.get();
        return status.connected() ? "" : "; bus: " + status.kind() + " unreachable, serving this node's clients"
                + " only (its cards heal once it is back)";
    }

    /** The editor page and the widget, on any origin, read it to explain a long "Saving…". */
    private static void readiness(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status,
                                  String text) {
        HttpResponses.send(ctx, request, status, HttpResponses.TEXT, text.getBytes(StandardCharsets.UTF_8),
                HttpResponses.noStore().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*"));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        String path = new QueryStringDecoder(request.uri()).rawPath();
        if (!path.equals("/healthz") && !path.equals("/readyz") && !path.equals("/metrics")) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (!HttpMethod.GET.equals(request.method()) && !HttpMethod.HEAD.equals(request.method())) {
                HttpResponses.text(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed");
            } else if (path.equals("/readyz")) {
                if (!state.isAccepting()) {
                    HttpResponses.text(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE, "shutting down");
                } else if (!storage.available()) {
                    readiness(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE,
                            "the database is not storing: updates are held until it is back");
                } else {
                    readiness(ctx, request, HttpResponseStatus.OK, "ready" + busNote());
                }
            } else if (path.equals("/healthz")) {
                if (state.isAccepting()) {
                    HttpResponses.text(ctx, request, HttpResponseStatus.OK, "ok" + busNote());
                } else {
                    HttpResponses.text(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE, "shutting down");
                }
            } else {
                HttpResponses.send(ctx, request, HttpResponseStatus.OK, PROMETHEUS_TEXT,
                        metrics.scrape().getBytes(StandardCharsets.UTF_8), HttpResponses.noStore());
            }
        } finally {
            request.release();
        }
    }
}
