package dev.promptcards.server.api;

import dev.promptcards.server.tls.TlsCredentials;
import java.security.SecureRandom;
import java.util.Base64;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The connection factories of the API's listener: plain HTTP/1.1, or HTTP/1.1 over TLS from the same checked
 * certificate chain and key as the WebSocket listener ({@link TlsCredentials#keyStore}, an in-memory PKCS#12
 * store under a random password that never leaves this object).
 */
final class ApiTls {

    private ApiTls() {
    }

    /**
     * @param tls  the credentials, or null for plain HTTP
     * @param http the listener's HTTP configuration (changed: TLS adds its request customizer)
     * @return the factories, outermost first
     */
    static ConnectionFactory[] factories(TlsCredentials tls, HttpConfiguration http) {
        if (tls == null) {
            return new ConnectionFactory[] {new HttpConnectionFactory(http)};
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String password = Base64.getEncoder().encodeToString(random);
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(tls.keyStore(password.toCharArray()));
        ssl.setKeyStorePassword(password);
        ssl.setKeyManagerPassword(password);
        // clients reach us by address as often as by name (https://127.0.0.1:8081): the Netty listener does not
        // compare SNI with Host either
        SecureRequestCustomizer secure = new SecureRequestCustomizer(false);
        secure.setSniHostCheck(false);
        http.addCustomizer(secure);
        return new ConnectionFactory[] {
            new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()), new HttpConnectionFactory(http)};
    }
}
