package dev.promptcards.server.tls;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;

/**
 * A checked certificate chain and its private key, read from {@link TlsFiles}: what every TLS listener is
 * built from (Netty takes them as they are; a Jetty/Javalin listener can take {@link #keyStore(char[])}).
 *
 * @param files the files they were read from
 * @param chain the certificates, the server's own first
 * @param key   the private key of {@code chain.get(0)}
 */
public record TlsCredentials(TlsFiles files, List<X509Certificate> chain, PrivateKey key) {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    public TlsCredentials {
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(key, "key");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("no certificate");
        }
    }

    /**
     * Checks that {@code key} belongs to the first certificate of {@code chain}: a signature made with the key
     * must verify with the certificate's public key.
     *
     * @throws TlsFileException about the key file when it does not
     */
    static TlsCredentials of(TlsFiles files, List<X509Certificate> chain, PrivateKey key) {
        PublicKey certified = chain.getFirst().getPublicKey();
        if (!matches(key, certified)) {
            throw new TlsFileException(files.privateKey(), true, "is not the private key of the certificate in '"
                    + files.certificateChain() + "' (" + describe(key) + " key, certificate for "
                    + describe(certified) + " key " + chain.getFirst().getSubjectX500Principal().getName() + ")");
        }
        return new TlsCredentials(files, chain, key);
    }

    private static boolean matches(PrivateKey key, PublicKey certified) {
        if (!key.getAlgorithm().equals(certified.getAlgorithm())
                && !(key.getAlgorithm().startsWith("Ed") && certified.getAlgorithm().startsWith("Ed"))) {
            return false;
        }
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm(); // Ed25519, Ed448, EdDSA: the signature has the key's name
        };
        byte[] challenge = new byte[32];
        new SecureRandom().nextBytes(challenge);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certified);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * For the operator: "CN=localhost, EC 256-bit key, valid until 2027-01-01, 1 certificate".
     *
     * @return the subject of the server's certificate, its key, its expiry, the length of the chain
     */
    public String describe() {
        X509Certificate own = chain.getFirst();
        return own.getSubjectX500Principal().getName() + ", " + describe(own.getPublicKey()) + " key, valid until "
                + DAY.format(own.getNotAfter().toInstant()) + ", " + chain.size()
                + (chain.size() == 1 ? " certificate" : " certificates");
    }

    /**
     * @param now the time to check against
     * @return why the server's certificate is not valid at {@code now} (expired, not yet valid), or null when it is
     */
    public String validityProblem(Instant now) {
        X509Certificate own = chain.getFirst();
        if (now.isAfter(own.getNotAfter().toInstant())) {
            return "the certificate in '" + files.certificateChain() + "' expired on "
                    + DAY.format(own.getNotAfter().toInstant()) + ": clients will refuse it";
        }
        if (now.isBefore(own.getNotBefore().toInstant())) {
            return "the certificate in '" + files.certificateChain() + "' is valid only from "
                    + DAY.format(own.getNotBefore().toInstant()) + ": clients will refuse it";
        }
        return null;
    }

    /**
     * The key and chain as a PKCS#12 key store with one entry, {@code "server"}: what JDK-based listeners
     * (Jetty, {@link javax.net.ssl.KeyManagerFactory}) take.
     *
     * @param password the password of the store and of its key entry
     * @return a new key store
     */
    public KeyStore keyStore(char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, password);
            store.setKeyEntry("server", key, password, chain.toArray(X509Certificate[]::new));
            return store;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build a key store of " + files + ": " + e.getMessage(), e);
        }
    }

    private static String describe(java.security.Key key) {
        if (key instanceof RSAKey rsa) {
            return "RSA " + rsa.getModulus().bitLength() + "-bit";
        }
        if (key instanceof ECKey ec) {
            return "EC " + ec.getParams().getOrder().bitLength() + "-bit";
        }
        return key.getAlgorithm();
    }

    @Override
    public String toString() {
        return "TlsCredentials[" + files + ", " + describe() + "]";
    }
}
