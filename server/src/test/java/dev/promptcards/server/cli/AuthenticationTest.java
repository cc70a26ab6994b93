package dev.promptcards.server.cli;

import dev.promptcards.runner.provider.ProviderSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.promptcards.server.auth.AuthException;
import dev.promptcards.server.auth.Grant;
import dev.promptcards.server.auth.Role;
import dev.promptcards.persistence.UpdateLogSettings;
import dev.promptcards.server.room.BusLink;
import dev.promptcards.server.room.Limits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthenticationTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dataDir;

    private ServeSettings settings(String secret, Path publicKey) {
        return settings(dataDir, secret, publicKey);
    }

    private static ServeSettings settings(Path dataDir, String secret, Path publicKey) {
        return new ServeSettings("127.0.0.1", 0, 0, true, dataDir, null, null, null,
                null, BusLink.DEFAULT_SYNC_CHECK_INTERVAL, secret, publicKey, Limits.defaults(), UpdateLogSettings.defaults(), null, null,
                dataDir.resolve("spill"), null, ProviderSettings.defaults(), null, null, null);
    }

    private static String hs256(String secret, String workspace) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder()
                .subject("ada")
                .claim("ws", workspace)
                .claim("cards", "*")
                .claim("role", "viewer")
                .expirationTime(Date.from(Instant.now().plusSeconds(600)))
                .build());
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    @Test
    void without_jwt_settings_dev_mode_mints_an_editor_token_for_the_dev_workspace() throws Exception {
        Authentication auth = Authentication.of(settings(null, null));

        assertTrue(auth.devMode());
        Grant grant = auth.verifier().verify(auth.devToken());
        assertEquals(Role.EDITOR, grant.role());
        assertEquals("dev", grant.workspace());
        assertTrue(grant.allows("dev", "any-card"));
        assertFalse(grant.allows("other", "any-card"));
        assertTrue(grant.expiresAt().isAfter(Instant.now().plus(Authentication.DEV_TOKEN_TTL)
                .minusSeconds(60)));
    }

    @Test
    void dev_mode_keeps_its_secret_in_the_data_dir_so_tokens_outlive_a_restart() throws Exception {
        Authentication first = Authentication.of(settings(null, null));
        Authentication restarted = Authentication.of(settings(null, null));

        assertEquals(dataDir.resolve("dev-jwt-secret"), first.devSecretFile());
        assertEquals("dev", restarted.verifier().verify(first.devToken()).subject());
    }

    @Test
    void each_data_dir_has_its_own_dev_secret(@TempDir Path otherDataDir) throws Exception {
        Authentication first = Authentication.of(settings(null, null));
        Authentication other = Authentication.of(settings(otherDataDir, null, null));

        AuthException refused = assertThrows(AuthException.class,
                () -> other.verifier().verify(first.devToken()));
        assertEquals(4401, refused.closeCode());
    }

    @Test
    void jwt_mode_neither_reads_nor_creates_a_dev_secret() throws Exception {
        Authentication auth = Authentication.of(settings(SECRET, null));

        assertNull(auth.devSecretFile());
        assertFalse(Files.exists(dataDir.resolve("dev-jwt-secret")));
    }

    @Test
    void a_jwt_secret_verifies_hs256_tokens_and_turns_dev_mode_off() throws Exception {
        Authentication auth = Authentication.of(settings(SECRET, null));

        assertFalse(auth.devMode());
        assertNull(auth.devToken());
        Grant grant = auth.verifier().verify(hs256(SECRET, "team"));
        assertEquals("ada", grant.subject());
        assertTrue(grant.readOnly());
        assertEquals(4401, assertThrows(AuthException.class,
                () -> auth.verifier().verify(hs256(SECRET.replace('0', 'x'), "team"))).closeCode());
    }

    @Test
    void during_a_rotation_tokens_of_the_current_and_the_previous_secret_are_accepted_and_new_ones_use_the_current()
            throws Exception {
        String previous = "fedcba9876543210fedcba9876543210";
        ServeSettings rotating = new ServeSettings("127.0.0.1", 0, 0, true, dataDir, null, null, null,
                null, BusLink.DEFAULT_SYNC_CHECK_INTERVAL, SECRET, null, Limits.defaults(),
                UpdateLogSettings.defaults(), null, null, dataDir.resolve("spill"), null, ProviderSettings.defaults(),
                null, null, previous);
        Authentication auth = Authentication.of(rotating);

        assertEquals("ada", auth.verifier().verify(hs256(SECRET, "team")).subject());
        assertEquals("ada", auth.verifier().verify(hs256(previous, "team")).subject());
        assertEquals(4401, assertThrows(AuthException.class,
                () -> auth.verifier().verify(hs256(SECRET.replace('0', 'x'), "team"))).closeCode());
        String minted = auth.minter().mint("bob", "Bob", "team", null, Role.EDITOR, Duration.ofMinutes(5)).token();
        assertEquals("bob", Authentication.of(settings(SECRET, null)).verifier().verify(minted).subject());
        assertEquals(4401, assertThrows(AuthException.class,
                () -> Authentication.of(settings(previous, null)).verifier().verify(minted)).closeCode());
    }

    @Test
    void an_unusable_public_key_file_is_refused_saying_why(@TempDir Path dir) throws Exception {
        Path key = Files.writeString(dir.resolve("key.pem"), "not a key\n");

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> Authentication.of(settings(null, key)));
        assertTrue(refused.getMessage().startsWith("cannot use '" + key + "': "),
                refused.getMessage());
    }
}
