package dev.promptcards.server.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.persistence.testing.TestDatabase;
import dev.promptcards.server.room.Limits;
import dev.promptcards.server.room.RoomRegistry;
import dev.promptcards.server.room.ServerMetrics;
import dev.promptcards.server.room.TestStorage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The web client's build as the server sends it: embed.js and the assets compressed as the request accepts
 * (the build's own .br and .gz files), with an ETag that a conditional GET turns into 304.
 */
class StaticFilesTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final StaticFiles BUILD =
            StaticFiles.classpath(StaticFilesTest.class.getClassLoader(), "static/");

    private final TestStorage storage = TestStorage.open(DB);
    private final ManualExecutor writes = new ManualExecutor();
    private final Limits limits = Limits.defaults();
    private final ServerMetrics metrics = new ServerMetrics();
    private final RoomRegistry rooms = new RoomRegistry(limits, metrics, storage.storage());

    @AfterEach
    void tearDown() {
        rooms.close();
        storage.close();
    }

    /** One request on a connection of its own, to the real build's files. */
    private HttpReply get(String method, String path, String... headers) {
        ServerContext context = new TestServers().context(limits, metrics, rooms, null, Map.of(), System::nanoTime,
                writes).withStaticFiles(BUILD);
        try (EmbeddedClient client = new EmbeddedClient(context, writes)) {
            return client.request(method, path, headers);
        }
    }

    private static byte[] original(String relativePath) {
        return BUILD.read(relativePath).orElseThrow(() -> new AssertionError(relativePath
                + " is not in the web client's build on the test classpath"));
    }

    @Test
    void embed_js_goes_as_brotli_to_a_browser_that_accepts_it_and_decodes_to_the_file() throws Exception {
        HttpReply reply = get("GET", "/embed.js", "Accept-Encoding: gzip, deflate, br, zstd");
        assertEquals(200, reply.status());
        assertEquals("br", reply.header("content-encoding"));
        assertEquals("text/javascript; charset=utf-8", reply.header("content-type"));
        assertEquals("Accept-Encoding", reply.header("vary"));
        assertEquals("no-cache", reply.header("cache-control"));
        assertEquals("*", reply.header("access-control-allow-origin"));
        assertEquals(String.valueOf(reply.body().length), reply.header("content-length"));
        byte[] original = original("embed.js");
        assertTrue(reply.body().length < original.length / 3,
                "brotli should shrink embed.js to under a third, not " + reply.body().length + " of "
                        + original.length);
        assertArrayEquals(original, brotliDecoded(reply.body()));
    }

    @Test
    void embed_js_goes_as_gzip_to_a_client_that_accepts_only_gzip() throws IOException {
        HttpReply reply = get("GET", "/embed.js", "Accept-Encoding: gzip");
        assertEquals(200, reply.status());
        assertEquals("gzip", reply.header("content-encoding"));
        assertEquals("Accept-Encoding", reply.header("vary"));
        assertArrayEquals(original("embed.js"), gunzipped(reply.body()));
    }

    @Test
    void embed_js_goes_as_it_is_without_accept_encoding_or_with_the_codings_refused() {
        String[][] requests = {{}, {"Accept-Encoding: identity"}, {"Accept-Encoding: br;q=0, gzip;q=0"},
            {"Accept-Encoding: *;q=0"}};
        for (String[] headers : requests) {
            HttpReply reply = get("GET", "/embed.js", headers);
            assertEquals(200, reply.status());
            assertNull(reply.header("content-encoding"), String.join(" ", headers));
            assertEquals("Accept-Encoding", reply.header("vary"));
            assertArrayEquals(original("embed.js"), reply.body());
        }
    }

    @Test
    void a_hashed_asset_is_compressed_too_and_cached_for_good() throws IOException {
        String asset = editorScript();
        HttpReply reply = get("GET", "/" + asset, "Accept-Encoding: gzip;q=1.0, br;q=0");
        assertEquals("gzip", reply.header("content-encoding"));
        assertEquals(StaticFileHandler.IMMUTABLE, reply.header("cache-control"));
        assertArrayEquals(original(asset), gunzipped(reply.body()));
    }

    @Test
    void the_etag_is_the_same_on_every_request_and_differs_between_codings() {
        String identity = get("GET", "/embed.js").header("etag");
        String brotli = get("GET", "/embed.js", "Accept-Encoding: br").header("etag");
        String gzip = get("GET", "/embed.js", "Accept-Encoding: gzip").header("etag");
        assertTrue(identity.matches("\"[A-Za-z0-9_-]{22}\""), identity);
        assertEquals(identity.substring(0, identity.length() - 1) + "-br\"", brotli);
        assertEquals(identity.substring(0, identity.length() - 1) + "-gzip\"", gzip);
        assertEquals(identity, get("HEAD", "/embed.js").header("etag"));
        assertEquals(brotli, get("GET", "/embed.js", "Accept-Encoding: br").header("etag"));
        assertEquals(EntityTag.of(original("embed.js")).header(Optional.empty()), identity);
        assertNotEquals(identity, get("GET", "/" + editorScript()).header("etag"));
    }

    @Test
    void if_none_match_with_the_current_etag_is_answered_304_without_a_body() {
        String brotli = get("GET", "/embed.js", "Accept-Encoding: br").header("etag");
        HttpReply reply = get("GET", "/embed.js", "Accept-Encoding: br", "If-None-Match: " + brotli);
        assertEquals(304, reply.status());
        assertEquals(brotli, reply.header("etag"));
        assertEquals("no-cache", reply.header("cache-control"));
        assertEquals("Accept-Encoding", reply.header("vary"));
        assertNull(reply.header("content-encoding"));
        assertEquals(0, reply.body().length);
        // a cache that stored the gzip copy, asking for anything; weak comparison, and a list
        String gzip = get("GET", "/embed.js", "Accept-Encoding: gzip").header("etag");
        HttpReply other = get("GET", "/embed.js", "Accept-Encoding: br", "If-None-Match: \"x\", W/" + gzip);
        assertEquals(304, other.status());
        assertEquals(brotli, other.header("etag"));
    }

    @Test
    void if_none_match_with_another_etag_gets_the_file() {
        HttpReply reply = get("GET", "/embed.js",
                "If-None-Match: \"AAAAAAAAAAAAAAAAAAAAAA\", \"AAAAAAAAAAAAAAAAAAAAAA-br\"");
        assertEquals(200, reply.status());
        assertArrayEquals(original("embed.js"), reply.body());
    }

    @Test
    void head_gives_the_length_of_the_coding_it_would_send() {
        HttpReply reply = get("HEAD", "/embed.js", "Accept-Encoding: br");
        assertEquals(200, reply.status());
        assertEquals("br", reply.header("content-encoding"));
        assertEquals(String.valueOf(original("embed.js.br").length), reply.header("content-length"));
        assertEquals(0, reply.body().length);
    }

    @Test
    void pages_are_not_compressed_and_carry_no_etag() {
        HttpReply reply = get("GET", "/", "Accept-Encoding: br, gzip");
        assertEquals(200, reply.status());
        assertNull(reply.header("content-encoding"));
        assertNull(reply.header("etag"));
        assertEquals("no-store", reply.header("cache-control"));
    }

    @Test
    void the_coded_copies_are_not_served_by_their_own_names() {
        assertEquals(404, get("GET", "/embed.js.br").status());
        assertEquals(404, get("GET", "/embed.js.gz").status());
    }

    @Test
    void accept_encoding_is_read_with_its_weights_and_wildcard() {
        assertTrue(ContentCoding.BR.acceptedBy("gzip, deflate, br"));
        assertTrue(ContentCoding.BR.acceptedBy("BR;q=0.1"));
        assertTrue(ContentCoding.BR.acceptedBy("*"));
        assertFalse(ContentCoding.BR.acceptedBy("br;q=0, *"));
        assertFalse(ContentCoding.BR.acceptedBy("gzip"));
        assertFalse(ContentCoding.BR.acceptedBy(null));
        assertFalse(ContentCoding.BR.acceptedBy("br;q=zero"));
        assertTrue(ContentCoding.GZIP.acceptedBy("x-gzip"));
        assertTrue(ContentCoding.GZIP.acceptedBy("br, *;q=0.5"));
        assertFalse(ContentCoding.GZIP.acceptedBy("gzip;q=0.000"));
        assertFalse(ContentCoding.GZIP.acceptedBy("identity"));
    }

    /** The page editor's script under assets/, whatever hash its name holds. */
    private static String editorScript() {
        String page = new String(original("editor.html"), StandardCharsets.UTF_8);
        Matcher script = Pattern.compile("src=\"/(assets/editor-[^\"]+\\.js)\"").matcher(page);
        assertTrue(script.find(), "editor.html names no assets/editor-*.js: " + page);
        return script.group(1);
    }

    private static byte[] gunzipped(byte[] gzip) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            return in.readAllBytes();
        }
    }

    /** Brotli decoded by Node's zlib (the JDK has no Brotli decoder; the build's encoder is Node's too). */
    private static byte[] brotliDecoded(byte[] brotli) throws IOException, InterruptedException {
        Process node = new ProcessBuilder("node", "-e",
                "process.stdout.write(require('zlib').brotliDecompressSync(require('fs').readFileSync(0)))")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (OutputStream in = node.getOutputStream()) {
            in.write(brotli);
        }
        byte[] decoded = node.getInputStream().readAllBytes();
        assertTrue(node.waitFor(30, TimeUnit.SECONDS), "node did not end");
        assertEquals(0, node.exitValue(), "node could not decode the brotli body");
        return decoded;
    }
}
