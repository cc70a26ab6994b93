package dev.promptcards.server.net;

import dev.promptcards.server.tls.TlsCredentials;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty {@link SslContext} of a TLS listener, built once per server from its {@link TlsCredentials}:
 * OpenSSL (BoringSSL, from netty-tcnative-boringssl-static) when its native library loads on this machine, else
 * the JDK's TLS. Each accepted connection gets its own {@code SslHandler} from it.
 */
final class NettyTls {

    /** TLS 1.3 and 1.2: what browsers and Node speak today; older versions are deprecated (RFC 8996). */
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private static final Logger LOG = LoggerFactory.getLogger(NettyTls.class);

    private NettyTls() {
    }

    /**
     * @param credentials the certificate chain and key
     * @return the server-side context, on OpenSSL when available
     * @throws IllegalArgumentException when the TLS engine refuses the key or certificate
     */
    static SslContext serverContext(TlsCredentials credentials) {
        SslProvider provider = OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
        SslContext context = serverContext(credentials, provider);
        if (provider == SslProvider.OPENSSL) {
            LOG.info("TLS on {} (netty-tcnative): {}", OpenSsl.versionString(), credentials.describe());
        } else {
            Throwable why = OpenSsl.unavailabilityCause();
            LOG.info("TLS on the JDK (OpenSSL not available: {}): {}", why == null ? "unknown" : why.getMessage(),
                    credentials.describe());
        }
        return context;
    }

    /**
     * @param credentials the certificate chain and key
     * @param provider    the TLS engine to use
     * @return the server-side context on that engine
     * @throws IllegalArgumentException when the engine refuses the key or certificate
     */
    static SslContext serverContext(TlsCredentials credentials, SslProvider provider) {
        SslContext context;
        try {
            context = SslContextBuilder.forServer(credentials.key(), credentials.chain())
                    .sslProvider(provider)
                    .protocols(PROTOCOLS)
                    .build();
        } catch (SSLException | RuntimeException e) {
            throw new IllegalArgumentException("cannot use the TLS certificate and key of " + credentials.files()
                    + ": " + e.getMessage(), e);
        }
        return context;
    }
}
