package dev.promptcards.server.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpServerCodec;

/**
 * Assembles the pipeline of an accepted connection, and does nothing else: with TLS first {@code tls} (the
 * {@code SslHandler}) → {@code tls-errors}, then {@code handshake-timeout} → {@code http} (codec) → {@code http-aggregator} → {@code bad-request} →
 * {@code health-metrics} → {@code client-config} → {@code ws-upgrade} → {@code static} → {@code http-errors}. The upgrade replaces everything after the
 * codec by the WebSocket handlers ({@link WebSocketPipeline}).
 */
final class PromptcardsInitializer extends ChannelInitializer<Channel> {

    /** Longest request line (the URI carries the token). */
    static final int MAX_INITIAL_LINE = 16 * 1024;
    /** Largest header block (a token may also come as a subprotocol). */
    static final int MAX_HEADER_SIZE = 16 * 1024;
    /** Largest request body: nothing we serve takes one. */
    static final int MAX_REQUEST_BODY = 8 * 1024;

    private final ServerContext context;

    /**
     * @param context the server's services
     */
    PromptcardsInitializer(ServerContext context) {
        this.context = context;
    }

    @Override
    protected void initChannel(Channel channel) {
        String id = context.ids().next(channel.remoteAddress());
        ChannelPipeline pipeline = channel.pipeline();
        if (context.tls() != null) {
            pipeline.addLast("tls", context.tls().newHandler(channel.alloc()));
            pipeline.addLast("tls-errors", new TlsErrorHandler(id));
        }
        pipeline.addLast("handshake-timeout",
                new HandshakeTimeoutHandler(context.limits().handshakeTimeout(), id, context.metrics()));
        pipeline.addLast("http", new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_SIZE, 8192));
        pipeline.addLast("http-aggregator", new RequestAggregator(MAX_REQUEST_BODY, id));
        pipeline.addLast("bad-request", new BadRequestHandler(id));
        pipeline.addLast("health-metrics", new HealthMetricsHandler(context.state(), context.metrics(),
                context.rooms().storageHealth(), context.rooms()::busStatus));
        pipeline.addLast("client-config", new ClientConfigHandler(context.apiPort(), context.providers()));
        pipeline.addLast("ws-upgrade", new WebSocketUpgradeHandler(context, id));
        pipeline.addLast("static", new StaticFileHandler(context.staticFiles(), context.devToken(),
                context.apiPort()));
        pipeline.addLast("http-errors", new HttpErrorHandler(id));
    }
}
