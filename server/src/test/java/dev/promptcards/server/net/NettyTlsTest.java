package dev.promptcards.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.server.tls.TestCertificates;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.ReferenceCountedOpenSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's TLS context on both engines, OpenSSL (netty-tcnative, where it loads) and the JDK's (what
 * runs where it does not), with RSA and EC certificates: a JDK client trusting the certificate
 * completes a handshake with it.
 */
class NettyTlsTest {

    @TempDir
    static Path dir;
    private static List<TestCertificates> certificates;

    @BeforeAll
    static void certificates() {
        certificates = List.of(TestCertificates.ec(dir, "ec"), TestCertificates.rsa(dir, "rsa"));
    }

    /** The one platform whose netty-tcnative jar the server ships (server/pom.xml). */
    private static boolean linuxX8664() {
        return System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64");
    }

    @Test
    void the_server_uses_openssl_on_linux_x86_64_and_the_jdk_elsewhere() {
        SslContext context = NettyTls.serverContext(certificates.getFirst().files().load());

        // netty-tcnative's contexts are ReferenceCountedOpenSslContexts; the JDK engine's JdkSslContexts
        assertEquals(linuxX8664(), context instanceof ReferenceCountedOpenSslContext,
                () -> "netty-tcnative loaded: " + OpenSsl.isAvailable() + ", why not: " + OpenSsl.unavailabilityCause());
        assertEquals(!linuxX8664(), context instanceof JdkSslContext);
    }

    @Test
    void a_client_trusting_the_certificate_completes_a_handshake_on_either_engine() throws Exception {
        List<SslProvider> providers = OpenSsl.isAvailable() ? List.of(SslProvider.OPENSSL, SslProvider.JDK)
                : List.of(SslProvider.JDK);
        for (SslProvider provider : providers) {
            for (TestCertificates certificate : certificates) {
                SslContext context = NettyTls.serverContext(certificate.files().load(), provider);
                SSLEngine server = context.newEngine(ByteBufAllocator.DEFAULT);
                SSLEngine client = certificate.trustingContext().createSSLEngine("localhost", 443);
                client.setUseClientMode(true);

                handshake(client, server);

                String what = provider + " with " + certificate.certificate().getFileName();
                assertEquals(certificate.x509(), (X509Certificate) client.getSession().getPeerCertificates()[0], what);
                assertTrue(List.of(NettyTls.PROTOCOLS).contains(client.getSession().getProtocol()), what);
            }
        }
    }

    /** Runs both engines against each other in memory until neither needs anything more. */
    private static void handshake(SSLEngine client, SSLEngine server) throws SSLException {
        int size = Math.max(client.getSession().getPacketBufferSize(), server.getSession().getPacketBufferSize());
        ByteBuffer toServer = ByteBuffer.allocate(size * 4);
        ByteBuffer toClient = ByteBuffer.allocate(size * 4);
        ByteBuffer plain = ByteBuffer.allocate(client.getSession().getApplicationBufferSize() * 2);
        ByteBuffer empty = ByteBuffer.allocate(0);
        client.beginHandshake();
        server.beginHandshake();
        for (int round = 0; round < 100; round++) {
            step(client, empty, toServer, toClient, plain);
            step(server, empty, toClient, toServer, plain);
            if (done(client) && done(server)) {
                return;
            }
        }
        throw new AssertionError("no handshake: client " + client.getHandshakeStatus() + ", server "
                + server.getHandshakeStatus());
    }

    private static void step(SSLEngine engine, ByteBuffer empty, ByteBuffer out, ByteBuffer in, ByteBuffer plain)
            throws SSLException {
        engine.wrap(empty, out);
        in.flip();
        engine.unwrap(in, plain);
        in.compact();
        plain.clear();
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    private static boolean done(SSLEngine engine) {
        HandshakeStatus status = engine.getHandshakeStatus();
        return status == HandshakeStatus.NOT_HANDSHAKING || status == HandshakeStatus.FINISHED;
    }
}
