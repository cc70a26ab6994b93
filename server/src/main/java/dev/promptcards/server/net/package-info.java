/**
 * The Netty endpoint: HTTP routes ({@code /healthz}, {@code /metrics}, the static page) and the y-websocket
 * endpoint at {@code /ws/{workspace}/{card}}.
 *
 * <p>{@link dev.promptcards.server.net.PromptcardsServer} binds and owns the event loops; the
 * {@code PromptcardsInitializer} only assembles each channel's pipeline from small handlers, one per
 * concern: TLS when configured ({@code NettyTls}, {@code TlsErrorHandler}), the handshake deadline, HTTP routing, static files, the upgrade (path, token, caps), and after
 * the upgrade the frame aggregator, the rate limit, the frame handler and the error mapping. Frames become
 * bytes for a {@link dev.promptcards.server.room.Room}; {@link dev.promptcards.server.net.NettyConnection}
 * turns the room's bytes back into frames without ever blocking the room. Everything the protocol means
 * lives in the room package (sans I/O).
 */
package dev.promptcards.server.net;
