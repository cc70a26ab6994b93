package dev.promptcards.server.net;

import dev.promptcards.server.auth.AuthException;
import dev.promptcards.server.auth.Grant;
import dev.promptcards.server.auth.Role;
import dev.promptcards.server.auth.SubprotocolToken;
import dev.promptcards.server.auth.TokenExtractor;
import dev.promptcards.server.CloseCodes;
import dev.promptcards.server.members.MemberConnection;
import dev.promptcards.server.members.MemberRoles;
import dev.promptcards.server.members.Memberships;
import dev.promptcards.server.room.LimitNames;
import dev.promptcards.server.room.Room;
import dev.promptcards.server.room.RoomCapacityException;
import dev.promptcards.card.CardKey;
import dev.promptcards.server.room.RoomRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upgrade at {@code /ws/{workspace}/{card}}; other paths pass on.
 *
 * <ol>
 *   <li>A path under {@code /ws} that is not a valid card's path: HTTP 404. Not a GET with
 *       {@code Upgrade: websocket}: HTTP 400. Not an RFC 6455 request, or in dev mode from another origin:
 *       refused by {@link UpgradeRequestCheck} (400, 426, 403).</li>
 *   <li>The token comes from {@code ?token=} (what y-websocket's {@code params} send) or else from
 *       {@code Sec-WebSocket-Protocol} ({@link TokenExtractor}); a token that came as a subprotocol is
 *       echoed back as the selected subprotocol ({@code promptcards.jwt} when the client offered
 *       {@code ["promptcards.jwt", token]}, the token itself when it offered the bare token), which
 *       browsers require.</li>
 *   <li>The upgrade is always completed, then refusals are sent as WebSocket close codes, because a stock
 *       client sees nothing else (a failed HTTP upgrade is only "1006"): bad or missing token 4401 and
 *       a card the token does not grant 4403 ({@link Grant#requireAllowed}), each with the auth
 *       package's reason; in a workspace with members, a subject that is not one 4403
 *       {@value Memberships#NOT_A_MEMBER} (the members from {@link Memberships#lookup}: the cache, or read on a
 *       virtual thread while this upgrade waits), members that cannot be read 1013
 *       {@value #MEMBERS_UNAVAILABLE}; connection cap 1013 {@code "too many connections"}, or of the workspace
 *       1013 {@code "too many connections for workspace W"}, or at the workspace's own stored quota
 *       ({@link StoredConnectionQuotas}, when lower) 1013 {@code "quota maxConnections of N reached for workspace
 *       W"}; room cap 1013 {@code "too many rooms"}, or of the
 *       workspace 1013 {@code "too many cards loaded for workspace W"}; shutting down 1001
 *       {@code "server shutting down"}.</li>
 *   <li>Otherwise the connection joins the card's room ({@link Room#join}), and its close leaves it. The
 *       room loads the card first; it closes a viewer of a card that does not exist with 4404, and every
 *       connection to a card that cannot be loaded with 1011. It is closed with 4401 {@code "token expired"}
 *       when its token expires ({@link TokenExpiry}). Its role is its token's capped by its subject's member role,
 *       and follows the workspace's members while it is open ({@link Memberships#follow}): a new role applies
 *       from its next frame ({@link Room#setReadOnly}), a removal closes it with 4403.</li>
 * </ol>
 */
final class WebSocketUpgradeHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketUpgradeHandler.class);

    private static final CompletableFuture<Integer> NO_STORED_QUOTA = CompletableFuture.completedFuture(null);

    /** The close reason at the connection cap. */
    static final String TOO_MANY_CONNECTIONS = "too many connections";
    /** The close reason at a workspace's quota of connections, the workspace's id follows. */
    static final String TOO_MANY_WORKSPACE_CONNECTIONS = "too many connections for workspace ";
    /** The close reason at a workspace's stored quota of connections: {@link #quotaReached}. */
    static final String QUOTA_REACHED = "quota maxConnections of %d reached for workspace %s";

    /** The close reason (1013) when the workspace's members cannot be read. */
    static final String MEMBERS_UNAVAILABLE = "workspace members unavailable, try again later";
    /** The close reason while the server shuts down. */
    static final String SHUTTING_DOWN = RoomRegistry.SHUTDOWN_REASON;

    private final ServerContext context;
    private final String connectionId;
    /** Event loop only: the upgrade waits for its workspace's members to be read. */
    private boolean reading;

    /** What the token allows: a grant, or a close code and reason. */
    private sealed interface Admission {
    }

    /** The grant (its role capped by the workspace's members) and the role its token names. */
    private record Admitted(Grant grant, Role tokenRole) implements Admission {
    }

    private record Refused(int code, String reason) implements Admission {
    }

    /**
     * @param context      the server's services
     * @param connectionId the connection's id
     */
    WebSocketUpgradeHandler(ServerContext context, String connectionId) {
        this.context = context;
        this.connectionId = connectionId;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)
                || !CardPath.isWebSocketPath(new QueryStringDecoder(request.uri()).rawPath())) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (reading) {
                // a request pipelined behind an upgrade waiting for its workspace's members: nothing to answer
                ctx.close();
                return;
            }
            upgrade(ctx, request);
        } finally {
            request.release();
        }
    }

    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest request) {
        Optional<CardKey> key = CardPath.parse(new QueryStringDecoder(request.uri()).rawPath());
        if (key.isEmpty()) {
            HttpResponses.text(ctx, request, HttpResponseStatus.NOT_FOUND, "no such card path");
            return;
        }
        if (!HttpMethod.GET.equals(request.method()) || !isUpgrade(request)) {
            HttpResponses.text(ctx, request, HttpResponseStatus.BAD_REQUEST, "WebSocket upgrade expected");
            return;
        }
        Optional<UpgradeRequestCheck.Refusal> badRequest = UpgradeRequestCheck.refusal(request,
                context.devToken() != null);
        if (badRequest.isPresent()) {
            badRequest.get().send(ctx, request, connectionId);
            return;
        }
        String offered = request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL);
        Optional<String> fromQuery = TokenExtractor.fromQuery(request.uri());
        Optional<SubprotocolToken> fromHeader = fromQuery.isPresent() ? Optional.empty()
                : TokenExtractor.fromSubprotocol(offered);
        Optional<String> token = fromQuery.or(() -> fromHeader.map(SubprotocolToken::token));
        Admission admission = admit(token.orElse(null), key.get());
        if (!(admission instanceof Admitted admitted)) {
            handshake(ctx, request, key.get(), offered, fromHeader, admission);
            return;
        }
        CompletableFuture<MemberRoles> members;
        try {
            members = context.members().lookup(key.get().workspace());
        } catch (RuntimeException e) {
            members = CompletableFuture.failedFuture(e);
        }
        if (members.isDone()) {
            handshake(ctx, request, key.get(), offered, fromHeader, capped(admitted, key.get(), members));
            return;
        }
        // the members are read from the database: the upgrade goes on on this event loop once they are
        CompletableFuture<MemberRoles> read = members;
        CardKey card = key.get();
        reading = true;
        request.retain();
        read.whenComplete((roles, failure) -> {
            try {
                ctx.executor().execute(() -> {
                    try {
                        reading = false;
                        if (ctx.channel().isActive()) {
                            handshake(ctx, request, card, offered, fromHeader, capped(admitted, card, read));
                        }
                    } finally {
                        request.release();
                    }
                });
            } catch (RejectedExecutionException shuttingDown) {
                request.release();
            }
        });
    }

    /** Completes the upgrade and opens the connection, or closes it with the admission's refusal. */
    private void handshake(ChannelHandlerContext ctx, FullHttpRequest request, CardKey key, String offered,
            Optional<SubprotocolToken> fromHeader, Admission admission) {
        WebSocketDecoderConfig decoderConfig = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(context.maxFrameBytes())
                .expectMaskedFrames(true)
                .allowMaskMismatch(false)
                .allowExtensions(false)
                .closeOnProtocolViolation(false)
                .withUTF8Validator(false)
                .build();
        String echo = fromHeader.map(SubprotocolToken::protocol).filter(value -> isOffered(value, offered))
                .orElse(null);
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(
                request.uri(), echo, decoderConfig).newHandshaker(request);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel())
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        Channel channel = ctx.channel();
        // read now, so that the cache's first read of a workspace overlaps the handshake
        CompletableFuture<Integer> storedQuota = admission instanceof Admitted
                ? context.storedQuotas().maxConnections(key.workspace()) : NO_STORED_QUOTA;
        handshaker.handshake(channel, request).addListener(upgraded -> {
            if (upgraded.isSuccess()) {
                openWhenQuotaKnown(channel, key, admission, storedQuota);
            } else {
                LOG.debug("{}: upgrade failed: {}", connectionId, upgraded.cause().toString());
                channel.close();
            }
        });
    }

    private Admission admit(String token, CardKey key) {
        try {
            Grant grant = context.verifier().verify(token);
            grant.requireAllowed(key.workspace(), key.card());
            return new Admitted(grant, grant.role());
        } catch (AuthException e) {
            return new Refused(e.closeCode(), e.reason());
        } catch (RuntimeException e) {
            LOG.warn("{}: token verification failed", connectionId, e);
            return new Refused(CloseCodes.INTERNAL_ERROR, "internal error");
        }
    }

    /**
     * The admission as the workspace's members have it: the token's role capped by its subject's member role,
     * 4403 {@value Memberships#NOT_A_MEMBER} for a subject that is not a member of a workspace that has members,
     * 1013 {@value #MEMBERS_UNAVAILABLE} when the members cannot be read (the database away, never read before).
     */
    private Admission capped(Admitted admitted, CardKey key, CompletableFuture<MemberRoles> lookup) {
        MemberRoles roles;
        try {
            roles = lookup.join();
        } catch (CompletionException | CancellationException e) {
            LOG.warn("{}: the members of workspace {} cannot be read: {}", connectionId, key.workspace(),
                    e.getCause() == null ? e.toString() : e.getCause().toString());
            return new Refused(CloseCodes.TRY_AGAIN_LATER, MEMBERS_UNAVAILABLE);
        }
        Grant grant = admitted.grant();
        Optional<Role> role = roles.cap(grant.subject(), grant.role());
        if (role.isEmpty()) {
            return new Refused(CloseCodes.FORBIDDEN, Memberships.NOT_A_MEMBER);
        }
        return new Admitted(grant.withRole(role.get()), admitted.tokenRole());
    }

    /**
     * Opens at once when the workspace's stored quota is known (the cache had it); else reads nothing from the
     * client until it is, then opens on the channel's event loop.
     */
    private void openWhenQuotaKnown(Channel channel, CardKey key, Admission admission,
            CompletableFuture<Integer> storedQuota) {
        if (storedQuota.isDone()) {
            open(channel, key, admission, storedQuota.join());
            return;
        }
        channel.config().setAutoRead(false);
        storedQuota.thenAccept(max -> channel.eventLoop().execute(() -> {
            if (channel.isActive()) {
                // the connection's handlers first, then what the client sent meanwhile
                open(channel, key, admission, max);
            }
            channel.config().setAutoRead(true);
        }));
    }

    /**
     * After the 101 response is written: join the room, or close with the refusal's code.
     *
     * @param storedQuota the workspace's stored quota of connections, null for none
     */
    private void open(Channel channel, CardKey key, Admission admission, Integer storedQuota) {
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.remove(HandshakeTimeoutHandler.class);
        pipeline.remove(BadRequestHandler.class);
        pipeline.remove(HealthMetricsHandler.class);
        pipeline.remove(StaticFileHandler.class);
        pipeline.remove(HttpErrorHandler.class);
        pipeline.remove(this);
        String card = key.toString();
        boolean readOnly = admission instanceof Admitted admitted && admitted.grant().readOnly();
        String subject = admission instanceof Admitted admitted ? admitted.grant().subject() : "-";
        NettyConnection connection = new NettyConnection(connectionId, card, readOnly, subject, channel,
                context.writers().apply(channel), context.limits().maxOutboundBytes(), context.metrics(),
                context.closeTimeout());
        Refused refused = switch (admission) {
            case Refused r -> r;
            case Admitted a -> context.state().isAccepting() ? null
                    : new Refused(CloseCodes.GOING_AWAY, SHUTTING_DOWN);
        };
        ConnectionSlots.Outcome slot = refused == null ? context.slots().tryAcquire(key.workspace(), storedQuota)
                : null;
        if (slot == ConnectionSlots.Outcome.SERVER_FULL) {
            context.metrics().limitExceeded(LimitNames.CONNECTIONS, connectionId, card,
                    "max " + context.limits().maxConnections());
            refused = new Refused(CloseCodes.TRY_AGAIN_LATER, TOO_MANY_CONNECTIONS);
        } else if (slot == ConnectionSlots.Outcome.WORKSPACE_FULL) {
            context.metrics().limitExceeded(LimitNames.WORKSPACE_CONNECTIONS, connectionId, card,
                    "max " + context.slots().maxPerWorkspace() + " of workspace " + key.workspace());
            refused = new Refused(CloseCodes.TRY_AGAIN_LATER, TOO_MANY_WORKSPACE_CONNECTIONS + key.workspace());
        } else if (slot == ConnectionSlots.Outcome.WORKSPACE_QUOTA) {
            context.metrics().limitExceeded(LimitNames.WORKSPACE_CONNECTIONS, connectionId, card,
                    "stored quota maxConnections " + storedQuota + " of workspace " + key.workspace());
            refused = new Refused(CloseCodes.TRY_AGAIN_LATER, quotaReached(storedQuota, key.workspace()));
        }
        Room room = null;
        if (refused == null) {
            try {
                room = context.rooms().acquire(key, connectionId);
            } catch (RoomCapacityException e) {
                // counted and logged by the registry
                context.slots().release(key.workspace());
                refused = new Refused(e.closeCode(), e.reason());
            } catch (IllegalStateException registryClosed) {
                context.slots().release(key.workspace());
                refused = new Refused(CloseCodes.GOING_AWAY, SHUTTING_DOWN);
            }
        }
        if (refused != null) {
            LOG.info("{} on {}: refused with {} {}", connectionId, card, refused.code(), refused.reason());
            context.metrics().connectionRefused(refused.code());
            WebSocketPipeline.installRefused(pipeline, context, connection);
            connection.close(refused.code(), refused.reason());
            return;
        }
        Room joined = room;
        context.open().add(connection);
        context.metrics().connectionOpened();
        channel.closeFuture().addListener(closed -> {
            context.metrics().connectionClosed();
            context.open().remove(connection);
            joined.leave(connection);
            context.rooms().release(joined);
            context.slots().release(key.workspace());
            LOG.debug("{} left {}", connectionId, card);
        });
        WebSocketPipeline.installCard(pipeline, context, connection, joined);
        LOG.debug("{} joined {}{}", connectionId, card, readOnly ? " (read-only)" : "");
        joined.join(connection);
        if (admission instanceof Admitted admitted) {
            TokenExpiry.closeAtExpiry(channel, connection, context.verifier().remaining(admitted.grant()));
            follow(channel, key, admitted, connection, joined);
        }
    }

    /**
     * Keeps the open connection in step with its workspace's members until it closes: a new role applies from
     * its next frame ({@link Room#setReadOnly}), a removal closes it with 4403 {@value Memberships#NOT_A_MEMBER}.
     */
    private void follow(Channel channel, CardKey key, Admitted admitted, NettyConnection connection, Room room) {
        String subject = admitted.grant().subject();
        AutoCloseable following = context.members().follow(key.workspace(), new MemberConnection() {
            @Override
            public String subject() {
                return subject;
            }

            @Override
            public Role tokenRole() {
                return admitted.tokenRole();
            }

            @Override
            public void roleChanged(Role role) {
                LOG.info("{} on {}: subject's role in the workspace now {}", connectionId, key, role.claim());
                room.setReadOnly(connection, role == Role.VIEWER);
            }

            @Override
            public void removed() {
                LOG.info("{} on {}: subject no longer a member of the workspace", connectionId, key);
                connection.close(CloseCodes.FORBIDDEN, Memberships.NOT_A_MEMBER);
            }
        }, admitted.grant().role());
        channel.closeFuture().addListener(closed -> following.close());
    }

    private static boolean isUpgrade(FullHttpRequest request) {
        return request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)
                && request.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true);
    }

    private static boolean isOffered(String value, String offered) {
        return offered != null && Arrays.stream(offered.split(",")).map(String::trim).anyMatch(value::equals);
    }

    /**
     * The close reason at a workspace's stored quota; the quota and its value come first, so that a long
     * workspace id is what {@link CloseCodes#MAX_REASON_BYTES} cuts.
     */
    static String quotaReached(int quota, String workspace) {
        return QUOTA_REACHED.formatted(quota, workspace);
    }
}
