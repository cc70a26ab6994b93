package dev.promptcards.server.net;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The last HTTP handler: serves the web client's files ({@code GET /} is {@code index.html}, a card's pages
 * are {@link PagePath}'s files) and answers 404 to everything else.
 *
 * <p>Other than the pages, only paths made of segments of {@code [A-Za-z0-9._-]} that do not start with a
 * dot are looked up (after percent-decoding), so {@code ..}, hidden files, backslashes and empty segments
 * never reach the file lookup; only files with a known extension ({@link ContentTypes}) are served.
 *
 * <p>In HTML files two placeholders are replaced: {@value #DEV_TOKEN} by the dev token (dev mode; the empty
 * string otherwise) and {@value #WS_URL} by the WebSocket base URL as the browser reached us
 * ({@code ws://HOST:PORT/ws}, {@code wss://} on a TLS connection, from the {@code Host} header; the card's URL
 * is that plus {@code /workspace/card}, which is what {@code new WebsocketProvider(WS_URL, "workspace/card",
 * doc)} connects to). HTML files are sent with {@code Cache-Control: no-store} (they may hold a token) and the
 * pages' {@link SecurityHeaders} (the widget's iframe page may be framed by any origin, the others by none).
 *
 * <p>In dev mode an HTML file is served only to a request whose {@code Host} names a loopback address
 * ({@link DevModeOrigins#isLoopbackHost}): a page of another site whose name resolves to 127.0.0.1 (DNS
 * rebinding) would otherwise read the token. Other names get 421 Misdirected Request with a text naming the
 * loopback URL; the other files hold no token and are served to any name.
 *
 * <p>What pages of other origins load to embed the editor is sent with
 * {@code Access-Control-Allow-Origin: *} (no credentials): {@value #EMBED_SCRIPT}, the widget's script,
 * with {@code Cache-Control: no-cache} (its name stays, so caches ask again), and every file under
 * {@value #ASSETS} (the build's scripts, styles and fonts, whose names hold a hash of their content) with
 * {@value #IMMUTABLE}.
 *
 * <p>Files other than pages are sent with a strong {@code ETag} of their content ({@link EntityTag}), answered
 * 304 when {@code If-None-Match} names it, and compressed when the request accepts it: as {@code FILE.br} or
 * {@code FILE.gz}, which the web client's build writes beside each compressible file ({@link ContentCoding});
 * never compressed on the fly. The pages are not compressed: a few KB, their placeholders replaced per request.
 */
final class StaticFileHandler extends ChannelInboundHandlerAdapter {

    /** Placeholder replaced by the dev token in HTML files. */
    static final String DEV_TOKEN = "{{DEV_TOKEN}}";
    /** Placeholder replaced by {@code ws://HOST:PORT/ws} in HTML files. */
    static final String WS_URL = "{{WS_URL}}";
    /** The embeddable widget's script, loaded by pages of any origin. */
    static final String EMBED_SCRIPT = "embed.js";
    /** The folder of the build's content-hashed files, loaded by pages of any origin. */
    static final String ASSETS = "assets/";
    /** The start of the answer to a page asked for by a name that is not loopback, in dev mode. */
    static final String NOT_LOOPBACK = "This dev-mode server serves its pages (they hold its token) only at"
            + " localhost, 127.0.0.1 or [::1], not at the name this request used. Open ";
    /** Cache-Control of the files under {@value #ASSETS}: a changed file gets a new name. */
    static final String IMMUTABLE = "public, max-age=31536000, immutable";

    private static final Pattern SAFE_PATH =
            Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*");

    private final StaticFiles files;
    private final String devToken;
    private final int apiPort;

    /**
     * @param files    where the files come from
     * @param devToken the token put into HTML pages in dev mode, or null
     * @param apiPort  the HTTP API's port, which the pages may connect to, or {@link ServerConfig#NO_API}
     */
    StaticFileHandler(StaticFiles files, String devToken, int apiPort) {
        this.files = files;
        this.devToken = devToken;
        this.apiPort = apiPort;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            serve(ctx, request);
        } finally {
            request.release();
        }
    }

    private void serve(ChannelHandlerContext ctx, FullHttpRequest request) {
        Optional<String> relative = relativePath(request.uri());
        Optional<String> type = relative.flatMap(ContentTypes::of);
        Optional<byte[]> content = type.isPresent() ? files.read(relative.get()) : Optional.empty();
        if (content.isEmpty()) {
            HttpResponses.text(ctx, request, HttpResponseStatus.NOT_FOUND, "not found");
            return;
        }
        if (!HttpMethod.GET.equals(request.method()) && !HttpMethod.HEAD.equals(request.method())) {
            HttpResponses.text(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed");
            return;
        }
        byte[] body = content.get();
        boolean html = ContentTypes.isHtml(type.get());
        if (html && devToken != null && !DevModeOrigins.isLoopbackHost(request.headers().get(HttpHeaderNames.HOST))) {
            HttpResponses.text(ctx, request, HttpResponseStatus.MISDIRECTED_REQUEST,
                    NOT_LOOPBACK + loopbackUrl(ctx, new QueryStringDecoder(request.uri()).rawPath()) + " instead.");
            return;
        }
        if (!html) {
            serveFile(ctx, request, relative.get(), type.get(), body);
            return;
        }
        boolean tls = ctx.pipeline().get(SslHandler.class) != null;
        body = new String(body, StandardCharsets.UTF_8)
                .replace(DEV_TOKEN, devToken == null ? "" : devToken)
                .replace(WS_URL, (tls ? "wss://" : "ws://") + RequestHost.of(request, ctx.channel().localAddress())
                        + "/ws")
                .getBytes(StandardCharsets.UTF_8);
        String apiOrigin = apiPort == ServerConfig.NO_API ? null : RequestHost.apiOrigin(ctx, request, apiPort);
        String rawPath = new QueryStringDecoder(request.uri()).rawPath();
        HttpResponses.send(ctx, request, HttpResponseStatus.OK, type.get(), body,
                HttpResponses.noStore().add(SecurityHeaders.page(PagePath.isEmbedPath(rawPath), apiOrigin)));
    }

    /**
     * A file other than a page: in the first coding the request accepts that the build wrote it in, else as it
     * is; 304 when {@code If-None-Match} names its content.
     */
    private void serveFile(ChannelHandlerContext ctx, FullHttpRequest request, String relativePath, String type,
            byte[] content) {
        String acceptEncoding = request.headers().get(HttpHeaderNames.ACCEPT_ENCODING);
        Optional<ContentCoding> coding = Optional.empty();
        byte[] body = content;
        for (ContentCoding candidate : ContentCoding.values()) {
            Optional<byte[]> coded = candidate.acceptedBy(acceptEncoding)
                    ? files.read(candidate.fileOf(relativePath)) : Optional.empty();
            if (coded.isPresent()) {
                coding = Optional.of(candidate);
                body = coded.get();
                break;
            }
        }
        EntityTag tag = EntityTag.of(content);
        HttpHeaders headers = fileHeaders(relativePath).set(HttpHeaderNames.ETAG, tag.header(coding));
        if (tag.matchedBy(request.headers().get(HttpHeaderNames.IF_NONE_MATCH))) {
            HttpResponses.notModified(ctx, headers);
            return;
        }
        coding.ifPresent(c -> headers.set(HttpHeaderNames.CONTENT_ENCODING, c.token()));
        HttpResponses.send(ctx, request, HttpResponseStatus.OK, type, body, headers);
    }

    /**
     * The caching and cross-origin headers of a file other than a page: {@value #IMMUTABLE} under
     * {@value #ASSETS} (a changed file gets a new name), {@code no-cache} for the others (caches ask again, and
     * the ETag makes that a 304); {@code Vary: Accept-Encoding} (the coding depends on it); what pages of other
     * origins load to embed the editor ({@value #EMBED_SCRIPT}, {@value #ASSETS}) for any origin.
     */
    private static HttpHeaders fileHeaders(String relativePath) {
        boolean assets = relativePath.startsWith(ASSETS);
        HttpHeaders headers = new DefaultHttpHeaders()
                .set(HttpHeaderNames.CACHE_CONTROL, assets ? IMMUTABLE : HttpHeaderValues.NO_CACHE)
                .set(HttpHeaderNames.VARY, "Accept-Encoding");
        if (assets || relativePath.equals(EMBED_SCRIPT)) {
            headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        }
        return headers;
    }

    /**
     * The file a request URI names, if its path is safe: {@code /} is {@code index.html}, a card's page
     * is the file {@link PagePath} says.
     *
     * @param uri the request URI
     * @return the relative path, or empty if the path is not one we look up
     */
    static Optional<String> relativePath(String uri) {
        QueryStringDecoder decoder = new QueryStringDecoder(uri);
        if (PagePath.isPagePath(decoder.rawPath())) {
            return PagePath.file(decoder.rawPath());
        }
        String path;
        try {
            path = decoder.path();
        } catch (IllegalArgumentException badEscape) {
            return Optional.empty();
        }
        if (path.equals("/")) {
            return Optional.of("index.html");
        }
        if (!path.startsWith("/")) {
            return Optional.empty();
        }
        String relative = path.substring(1);
        return SAFE_PATH.matcher(relative).matches() ? Optional.of(relative) : Optional.empty();
    }

    /** Where a page is served in dev mode: {@code http://127.0.0.1:PORT/path}, without the query. */
    private static String loopbackUrl(ChannelHandlerContext ctx, String rawPath) {
        int port = ctx.channel().localAddress() instanceof InetSocketAddress inet ? inet.getPort() : 0;
        boolean tls = ctx.pipeline().get(SslHandler.class) != null;
        return (tls ? "https" : "http") + "://127.0.0.1:" + port + rawPath;
    }
}
