package dev.promptcards.server.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM files (RFC 7468) with the JDK alone: a certificate chain ({@code CERTIFICATE} blocks) and a private
 * key, as PKCS#8 ({@code PRIVATE KEY}, what {@code openssl req -newkey} and {@code openssl genpkey} write), PKCS#1
 * ({@code RSA PRIVATE KEY}) or SEC1 ({@code EC PRIVATE KEY}, what {@code openssl ecparam -genkey} writes). An
 * encrypted key is refused: the server has nowhere to get a passphrase from.
 */
final class PemFiles {

    /** RFC 7468 section 2; the body may hold RFC 1421 headers (Proc-Type of an encrypted PKCS#1 key). */
    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    /** What KeyFactory may make of a PKCS#8 key, tried in turn (each refuses another algorithm's key). */
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448");
    private static final String DECRYPT_HINT = "; decrypt it first (openssl pkey -in FILE -out key.pem)";

    /** A PEM block: its label and its decoded bytes; {@code encrypted} when it had RFC 1421 encryption headers. */
    private record Block(String label, byte[] der, boolean encrypted) {
    }

    private PemFiles() {
    }

    /**
     * The certificates of a PEM file, in file order (the server's own certificate first).
     *
     * @throws TlsFileException when it cannot be read or holds no certificate, or one that is not X.509
     */
    static List<X509Certificate> certificates(Path file) {
        List<Block> blocks = blocks(file, false);
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Block block : blocks) {
                if (block.label().equals("CERTIFICATE")) {
                    chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
                }
            }
        } catch (CertificateException e) {
            throw new TlsFileException(file, false, "holds a CERTIFICATE block that is not an X.509 certificate: "
                    + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            boolean key = blocks.stream().anyMatch(block -> block.label().endsWith("PRIVATE KEY"));
            throw new TlsFileException(file, false, "holds no certificate (-----BEGIN CERTIFICATE-----)"
                    + (key ? "; it holds a private key: is it the key file?" : ""));
        }
        return chain;
    }

    /**
     * The one private key of a PEM file.
     *
     * @throws TlsFileException when it cannot be read, holds no private key or several, an encrypted one, or one
     *                          of a kind the JDK cannot read
     */
    static PrivateKey privateKey(Path file) {
        List<Block> keys = blocks(file, true).stream().filter(block -> block.label().endsWith("PRIVATE KEY")).toList();
        if (keys.isEmpty()) {
            throw new TlsFileException(file, true, "holds no private key (-----BEGIN PRIVATE KEY-----)");
        }
        if (keys.size() > 1) {
            throw new TlsFileException(file, true, "holds " + keys.size() + " private keys; give the one of the"
                    + " certificate");
        }
        Block key = keys.getFirst();
        if (key.encrypted() || key.label().equals("ENCRYPTED PRIVATE KEY")) {
            throw new TlsFileException(file, true, "holds an encrypted private key" + DECRYPT_HINT);
        }
        byte[] pkcs8;
        try {
            pkcs8 = switch (key.label()) {
                case "PRIVATE KEY" -> key.der();
                case "RSA PRIVATE KEY" -> pkcs8FromPkcs1(key.der());
                case "EC PRIVATE KEY" -> pkcs8FromSec1(key.der());
                default -> throw new TlsFileException(file, true, "holds a " + key.label()
                        + ", not a PKCS#8, RSA or EC private key");
            };
        } catch (IllegalArgumentException e) {
            if (e instanceof TlsFileException tls) {
                throw tls;
            }
            throw new TlsFileException(file, true, "holds a " + key.label() + " that cannot be read: "
                    + e.getMessage(), e);
        }
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            } catch (GeneralSecurityException notThisAlgorithm) {
                // try the next one
            }
        }
        throw new TlsFileException(file, true, "holds a " + key.label() + " that is not an RSA, EC or EdDSA key"
                + " the JDK can read");
    }

    /** PKCS#1 RSAPrivateKey (RFC 8017 appendix A.1.2) wrapped into a PKCS#8 PrivateKeyInfo (RFC 5208). */
    private static byte[] pkcs8FromPkcs1(byte[] pkcs1) {
        Der.sequenceElements(pkcs1); // well-formed, or IllegalArgumentException
        return Der.sequence(Der.integerZero(), Der.RSA_ALGORITHM, Der.element(Der.OCTET_STRING, pkcs1));
    }

    /**
     * SEC1 ECPrivateKey (RFC 5915 section 3) wrapped into PKCS#8 (RFC 5915 section 4 / RFC 5480): the curve moves
     * from the key's {@code [0] parameters} into the AlgorithmIdentifier.
     */
    private static byte[] pkcs8FromSec1(byte[] sec1) {
        byte[] curve = Der.sequenceElements(sec1).stream()
                .filter(element -> element.tag() == Der.CONTEXT_0)
                .findFirst()
                .map(Der.Element::content)
                .orElseThrow(() -> new IllegalArgumentException("it names no curve (no parameters)"));
        return Der.sequence(Der.integerZero(), Der.sequence(Der.EC_PUBLIC_KEY_OID, curve),
                Der.element(Der.OCTET_STRING, sec1));
    }

    private static List<Block> blocks(Path file, boolean key) {
        String text;
        try {
            text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new TlsFileException(file, key, "does not exist", e);
        } catch (AccessDeniedException e) {
            throw new TlsFileException(file, key, "cannot be read (permission denied)", e);
        } catch (IOException e) {
            throw new TlsFileException(file, key, "cannot be read: " + e.getMessage(), e);
        }
        List<Block> blocks = new ArrayList<>();
        Matcher matcher = BLOCK.matcher(text);
        while (matcher.find()) {
            String body = matcher.group(2);
            boolean encrypted = body.contains("Proc-Type:") && body.contains("ENCRYPTED");
            if (encrypted) {
                blocks.add(new Block(matcher.group(1), new byte[0], true));
                continue;
            }
            try {
                blocks.add(new Block(matcher.group(1), Base64.getMimeDecoder().decode(body.strip()), false));
            } catch (IllegalArgumentException e) {
                throw new TlsFileException(file, key, "holds a " + matcher.group(1) + " block that is not valid"
                        + " base64", e);
            }
        }
        if (blocks.isEmpty()) {
            throw new TlsFileException(file, key, "is not a PEM file (no -----BEGIN ...----- block)");
        }
        return blocks;
    }
}
