package dev.promptcards.server.cli;

import dev.promptcards.runner.provider.ProviderSettings;
import static dev.promptcards.server.cli.CommandRuns.run;
import static dev.promptcards.server.cli.CommandRuns.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.persistence.DatabaseConfig;
import dev.promptcards.persistence.UpdateLogSettings;
import dev.promptcards.persistence.testing.TestDatabase;
import dev.promptcards.server.cli.CommandRuns.Run;
import dev.promptcards.server.room.BusLink;
import dev.promptcards.server.room.Limits;
import dev.promptcards.server.tls.TestCertificates;
import dev.promptcards.server.tls.TlsFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve --tls-cert FILE --tls-key FILE}: the settings, their errors, and what serve prints. */
class ServeTlsTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    @TempDir
    static Path dir;
    private static TestCertificates ec;
    private static TestCertificates rsa;

    @BeforeAll
    static void certificates() {
        ec = TestCertificates.ec(dir, "ec");
        rsa = TestCertificates.rsa(dir, "rsa");
    }


    /** The one error line of a run refused as a usage error (exit 2, nothing on stdout). */
    private static String refusal(Map<String, String> env, String... args) {
        Run run = run(env, args);
        assertEquals(2, run.exitCode(), run.err());
        assertEquals("", run.out());
        List<String> lines = run.err().lines().toList();
        assertEquals("Try 'promptcards serve --help' for more information.", lines.get(1), run.err());
        return lines.getFirst();
    }

    @Test
    void without_tls_settings_the_server_speaks_plain_http() {
        ServeSettings settings = settings(Map.of(), "serve");

        assertNull(settings.tls());
        assertTrue(settings.describe().contains("  tls:      off (plain http:// and ws://)"),
                settings.describe());
    }

    @Test
    void the_certificate_and_key_come_from_the_flags() {
        ServeSettings settings = settings(Map.of(), "serve", "--tls-cert", ec.certificate().toString(),
                "--tls-key", ec.key().toString());

        assertEquals(ec.files(), settings.tls().files());
        assertEquals(List.of(ec.x509()), settings.tls().chain());
        assertTrue(settings.describe().contains("  tls:      CN=localhost, EC 256-bit key, valid until "),
                settings.describe());
    }

    @Test
    void the_certificate_and_key_come_from_their_environment_variables() {
        ServeSettings settings = settings(Map.of("PROMPTCARDS_TLS_CERT", rsa.certificate().toString(),
                "PROMPTCARDS_TLS_KEY", rsa.key().toString()), "serve");

        assertEquals(new TlsFiles(rsa.certificate(), rsa.key()), settings.tls().files());
    }

    @Test
    void one_without_the_other_is_refused() {
        assertEquals("Error: Invalid value for --tls-cert: it needs --tls-key (PROMPTCARDS_TLS_KEY) too: TLS"
                        + " takes a certificate chain and its private key",
                refusal(Map.of(), "serve", "--tls-cert", ec.certificate().toString()));
        assertEquals("Error: Invalid value for --tls-key (from PROMPTCARDS_TLS_KEY): it needs --tls-cert"
                        + " (PROMPTCARDS_TLS_CERT) too: TLS takes a certificate chain and its private key",
                refusal(Map.of("PROMPTCARDS_TLS_KEY", ec.key().toString()), "serve"));
    }

    @Test
    void a_key_that_is_not_the_certificates_is_refused_naming_both_files() {
        assertEquals("Error: Invalid value for --tls-key: '" + rsa.key() + "' is not the private key of the"
                        + " certificate in '" + ec.certificate() + "' (RSA 2048-bit key, certificate for EC 256-bit"
                        + " key CN=localhost)",
                refusal(Map.of(), "serve", "--tls-cert", ec.certificate().toString(),
                        "--tls-key", rsa.key().toString()));
    }

    @Test
    void a_missing_or_non_pem_file_is_refused_naming_the_flag_or_variable_and_the_file()
            throws Exception {
        Path missing = dir.resolve("missing.crt");
        assertEquals("Error: Invalid value for --tls-cert: '" + missing + "' does not exist",
                refusal(Map.of(), "serve", "--tls-cert", missing.toString(), "--tls-key",
                        ec.key().toString()));

        Path notPem = Files.writeString(dir.resolve("notes.txt"), "not a key");
        assertEquals("Error: Invalid value for --tls-key (from PROMPTCARDS_TLS_KEY): '" + notPem
                        + "' is not a PEM file (no -----BEGIN ...----- block)",
                refusal(Map.of("PROMPTCARDS_TLS_CERT", ec.certificate().toString(),
                        "PROMPTCARDS_TLS_KEY", notPem.toString()), "serve"));
    }

    @Test
    void an_encrypted_key_is_refused_with_how_to_decrypt_it() throws Exception {
        Path encrypted = Files.writeString(dir.resolve("encrypted.key"),
                TestCertificates.pem("ENCRYPTED PRIVATE KEY", new byte[] {0x30, 0x00}));

        assertEquals("Error: Invalid value for --tls-key: '" + encrypted + "' holds an encrypted private"
                        + " key; decrypt it first (openssl pkey -in FILE -out key.pem)",
                refusal(Map.of(), "serve", "--tls-cert", ec.certificate().toString(),
                        "--tls-key", encrypted.toString()));
    }

    @Test
    void with_tls_serve_prints_https_and_wss_urls() throws Exception {
        DatabaseConfig database = DB.config();
        ServeSettings settings = new ServeSettings("127.0.0.1", 0, 0, true, dir,
                database.jdbcUrl(), database.user(), database.password(), null, BusLink.DEFAULT_SYNC_CHECK_INTERVAL, null, null,
                Limits.defaults(), UpdateLogSettings.defaults(), null, null,
                dir.resolve("spill"), ec.files().load(), ProviderSettings.defaults(), null, null, null);
        Authentication auth = Authentication.of(settings);
        StringWriter printed = new StringWriter();
        int port;
        int apiPort;
        try (RunningServer running = RunningServer.start(settings, auth,
                new PrintWriter(printed, true));
                HttpClient https = HttpClient.newBuilder().sslContext(ec.trustingContext()).build()) {
            port = running.port();
            apiPort = running.apiPort();
            // the API speaks TLS from the same files
            HttpResponse<String> openApi = https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:"
                    + apiPort + "/api/v1/openapi.json")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, openApi.statusCode());
        }

        String base = "127.0.0.1:" + port;
        List<String> lines = printed.toString().lines().toList();
        assertTrue(lines.contains("  open:      https://" + base + "/ (the page holds a dev token)"),
                printed.toString());
        assertTrue(lines.contains("  editor:    https://" + base + "/w/dev/c/welcome (open it in two"
                + " browsers to edit the card together)"), printed.toString());
        assertTrue(lines.contains("  WebSocket: wss://" + base + "/ws/{workspace}/{card}?token=JWT"),
                printed.toString());
        assertTrue(lines.contains("  health:    https://" + base + "/healthz   ready: https://" + base
                + "/readyz   metrics: https://" + base + "/metrics"), printed.toString());
        assertTrue(lines.contains("  wss://" + base + "/ws/dev/{card}?token=" + auth.devToken()),
                printed.toString());
        String api = "https://127.0.0.1:" + apiPort + "/api/v1";
        assertTrue(lines.contains("  API: " + api + "   described by: " + api + "/openapi.json"),
                printed.toString());
        assertTrue(lines.stream().noneMatch(line -> line.contains("http://") || line.contains("ws://")),
                printed.toString());
    }
}
