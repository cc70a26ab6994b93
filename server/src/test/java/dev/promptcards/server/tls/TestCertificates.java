package dev.promptcards.server.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Self-signed certificates made at test time with the JDK alone: {@code keytool -genkeypair} into a PKCS#12
 * store (SAN localhost and 127.0.0.1), then the certificate and the key written as PEM, the way an operator
 * brings them ({@code openssl req -x509 ...} writes the same). Also the key's other PEM forms (PKCS#1, SEC1).
 *
 * @param certificate the PEM certificate file
 * @param key         the PEM PKCS#8 private key file
 * @param x509        the certificate
 * @param privateKey  the key
 */
public record TestCertificates(Path certificate, Path key, X509Certificate x509, PrivateKey privateKey) {

    private static final String PASSWORD = "changeit";

    /** An EC P-256 certificate for localhost and 127.0.0.1, valid two days, in {@code dir} as NAME.crt/.key. */
    public static TestCertificates ec(Path dir, String name) {
        return generate(dir, name, List.of("-keyalg", "EC", "-groupname", "secp256r1"));
    }

    /** An RSA 2048-bit certificate for localhost and 127.0.0.1. */
    public static TestCertificates rsa(Path dir, String name) {
        return generate(dir, name, List.of("-keyalg", "RSA", "-keysize", "2048"));
    }

    private static TestCertificates generate(Path dir, String name, List<String> algorithm) {
        try {
            Path store = dir.resolve(name + ".p12");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "server", "-dname", "CN=localhost", "-validity", "2",
                    "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                    "-keystore", store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD));
            command.addAll(algorithm);
            Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keys.load(in, PASSWORD.toCharArray());
            }
            X509Certificate certificate = (X509Certificate) keys.getCertificate("server");
            PrivateKey key = (PrivateKey) keys.getKey("server", PASSWORD.toCharArray());
            Path certificateFile = Files.writeString(dir.resolve(name + ".crt"), pem("CERTIFICATE",
                    certificate.getEncoded()));
            Path keyFile = Files.writeString(dir.resolve(name + ".key"), pem("PRIVATE KEY", key.getEncoded()));
            return new TestCertificates(certificateFile, keyFile, certificate, key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The files as {@link TlsFiles}. */
    public TlsFiles files() {
        return new TlsFiles(certificate, key);
    }

    /** The key as PKCS#1 ({@code RSA PRIVATE KEY}): the PKCS#8 key's inner OCTET STRING. RSA keys only. */
    public String pkcs1Pem() {
        return pem("RSA PRIVATE KEY", Der.sequenceElements(privateKey.getEncoded()).get(2).content());
    }

    /**
     * The key as SEC1 ({@code EC PRIVATE KEY}, RFC 5915) with its curve in {@code [0] parameters}, as {@code
     * openssl ecparam -genkey} writes it. EC keys only.
     */
    public String sec1Pem() {
        List<Der.Element> pkcs8 = Der.sequenceElements(privateKey.getEncoded());
        byte[] curve = Der.sequenceElements(pkcs8.get(1).encoded()).get(1).encoded();
        List<Der.Element> inner = Der.sequenceElements(pkcs8.get(2).content());
        byte[] sec1 = Der.sequence(inner.get(0).encoded(), inner.get(1).encoded(),
                Der.element(Der.CONTEXT_0, curve));
        return pem("EC PRIVATE KEY", sec1);
    }

    /** An SSLContext that trusts this certificate only (for the JDK's HTTP and WebSocket clients). */
    public SSLContext trustingContext() {
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("server", x509);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A PEM block (RFC 7468): base64 in lines of 64 characters. */
    public static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }
}
