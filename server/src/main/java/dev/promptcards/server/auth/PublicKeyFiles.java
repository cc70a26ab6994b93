package dev.promptcards.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the verification keys of {@code --jwt-public-key}: a PEM file of one or more
 * SubjectPublicKeyInfo blocks ({@code -----BEGIN PUBLIC KEY-----}), or a JWKS file ({@code
 * {"keys": [...]}}, or a single JWK). RSA keys (at least 2048 bits) verify RS256 only, EC keys on
 * P-256 verify ES256 only. In a JWKS a key whose {@code alg}, {@code use} or {@code key_ops} does
 * not allow that, or of another type or curve, is skipped with a warning; the private parts of a
 * key, if present, are ignored.
 */
final class PublicKeyFiles {

    /** RSA keys shorter than this are refused (RFC 7518 section 3.3). */
    static final int MIN_RSA_BITS = 2048;

    private static final Logger LOG = LoggerFactory.getLogger(PublicKeyFiles.class);
    private static final Pattern PEM_BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

    private PublicKeyFiles() {
    }

    /**
     * The keys of a PEM or JWKS file.
     *
     * @throws UncheckedIOException when the file cannot be read
     * @throws IllegalArgumentException when it holds no usable key, with a message for the operator
     */
    static List<VerificationKey> load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read JWT public key file " + file + ": " + e, e);
        }
        String trimmed = text.strip();
        if (trimmed.startsWith("{")) {
            return fromJwks(file, trimmed);
        }
        if (trimmed.contains("-----BEGIN ")) {
            return fromPem(file, trimmed);
        }
        throw new IllegalArgumentException(
                "JWT public key file " + file + " is neither a PEM public key nor a JWKS");
    }

    private static List<VerificationKey> fromPem(Path file, String text) {
        List<VerificationKey> keys = new ArrayList<>();
        Matcher block = PEM_BLOCK.matcher(text);
        while (block.find()) {
            String label = block.group(1);
            if (!label.equals("PUBLIC KEY")) {
                throw new IllegalArgumentException(pemLabelError(file, label));
            }
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(block.group(2));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "JWT public key file " + file + ": bad base64 in a PUBLIC KEY block", e);
            }
            keys.add(fromSubjectPublicKeyInfo(file, der));
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(
                    "JWT public key file " + file + ": no complete -----BEGIN PUBLIC KEY----- block");
        }
        return List.copyOf(keys);
    }

    private static String pemLabelError(Path file, String label) {
        String hint = switch (label) {
            case "RSA PUBLIC KEY" -> "a PKCS#1 key; convert it with "
                    + "'openssl rsa -RSAPublicKey_in -in FILE -pubout'";
            case "CERTIFICATE" -> "a certificate; extract its key with "
                    + "'openssl x509 -in FILE -pubkey -noout'";
            default -> label.contains("PRIVATE") ? "a private key; give the public key only "
                    + "('openssl pkey -in FILE -pubout')" : "not a public key";
        };
        return "JWT public key file " + file + " holds '" + label + "': " + hint
                + " (expected -----BEGIN PUBLIC KEY-----)";
    }

    private static VerificationKey fromSubjectPublicKeyInfo(Path file, byte[] der) {
        PublicKey key = null;
        for (String type : new String[] {"RSA", "EC"}) {
            try {
                key = KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(der));
                break;
            } catch (GeneralSecurityException e) {
                // not this type: try the next one
            }
        }
        try {
            if (key instanceof RSAPublicKey rsa) {
                return rsaKey(file, rsa, null);
            }
            if (key instanceof ECPublicKey ec) {
                return ecKey(file, ec, null);
            }
        } catch (JOSEException e) {
            throw new IllegalArgumentException("JWT public key file " + file + ": " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("JWT public key file " + file
                + ": not an RSA or EC public key (RS256 and ES256 are supported)");
    }

    private static VerificationKey rsaKey(Path file, RSAPublicKey key, String kid) {
        int bits = key.getModulus().bitLength();
        if (bits < MIN_RSA_BITS) {
            throw new IllegalArgumentException("JWT public key file " + file + ": RSA key"
                    + kidSuffix(kid) + " has " + bits + " bits, at least " + MIN_RSA_BITS + " needed");
        }
        return new VerificationKey(kid, JWSAlgorithm.RS256, new RSASSAVerifier(key),
                "RS256: RSA " + bits + "-bit key" + kidSuffix(kid));
    }

    private static VerificationKey ecKey(Path file, ECPublicKey key, String kid) throws JOSEException {
        Curve curve = Curve.forECParameterSpec(key.getParams());
        if (!Curve.P_256.equals(curve)) {
            throw new IllegalArgumentException("JWT public key file " + file + ": EC key"
                    + kidSuffix(kid) + " is on " + (curve == null ? "an unknown curve" : curve.getName())
                    + ", only P-256 (ES256) is supported");
        }
        return new VerificationKey(kid, JWSAlgorithm.ES256, new ECDSAVerifier(key),
                "ES256: EC P-256 key" + kidSuffix(kid));
    }

    private static List<VerificationKey> fromJwks(Path file, String json) {
        List<JWK> jwks;
        try {
            if (json.contains("\"keys\"")) {
                jwks = JWKSet.parse(json).getKeys();
            } else {
                jwks = List.of(JWK.parse(json));
            }
        } catch (ParseException e) {
            throw new IllegalArgumentException(
                    "JWT public key file " + file + " is not a valid JWKS: " + e.getMessage(), e);
        }
        List<VerificationKey> keys = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (JWK jwk : jwks) {
            String kid = jwk.getKeyID();
            String refusal = refusal(jwk);
            if (refusal != null) {
                skipped.add("key" + kidSuffix(kid) + ": " + refusal);
                continue;
            }
            try {
                if (jwk.isPrivate()) {
                    LOG.warn("JWT public key file {}: key{} holds private parts; only its public part is used",
                            file, kidSuffix(kid));
                }
                if (jwk instanceof RSAKey rsa) {
                    keys.add(rsaKey(file, rsa.toRSAPublicKey(), kid));
                } else if (jwk instanceof ECKey ec) {
                    keys.add(ecKey(file, ec.toECPublicKey(), kid));
                }
            } catch (JOSEException | IllegalArgumentException e) {
                skipped.add("key" + kidSuffix(kid) + ": " + e.getMessage());
            }
        }
        for (String s : skipped) {
            LOG.warn("JWT public key file {}: skipped {}", file, s);
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("JWT public key file " + file
                    + " holds no usable RS256 or ES256 key" + (skipped.isEmpty() ? "" : " " + skipped));
        }
        return List.copyOf(keys);
    }

    /** Why a JWK may not verify RS256/ES256 tokens, or null when it may. */
    private static String refusal(JWK jwk) {
        if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
            return "use is " + jwk.getKeyUse().identifier() + ", not sig";
        }
        if (jwk.getKeyOperations() != null && !jwk.getKeyOperations().contains(KeyOperation.VERIFY)) {
            return "key_ops lacks verify";
        }
        String alg = jwk.getAlgorithm() == null ? null : jwk.getAlgorithm().getName();
        if (jwk instanceof RSAKey) {
            return alg == null || alg.equals("RS256") ? null : "alg " + alg + " is not supported (RS256 is)";
        }
        if (jwk instanceof ECKey ec) {
            if (!Curve.P_256.equals(ec.getCurve())) {
                return "curve " + ec.getCurve() + " is not supported (P-256 is)";
            }
            return alg == null || alg.equals("ES256") ? null : "alg " + alg + " is not supported (ES256 is)";
        }
        return "key type " + jwk.getKeyType() + " is not supported (RSA and EC are)";
    }

    private static String kidSuffix(String kid) {
        return kid == null ? "" : " (kid " + kid + ")";
    }
}
