package dev.promptcards.server.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevSecretFileTest {

    @TempDir
    Path dir;

    private static final String HEX = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    private Path secretFile(String content, String permissions) throws Exception {
        Path file = dir.resolve(DevSecretFile.NAME);
        Files.writeString(file, content, StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }

    @Test
    void a_missing_secret_is_created_once_with_mode_0600_in_a_new_directory() throws Exception {
        Path file = DevSecretFile.in(dir.resolve("data"));

        byte[] secret = DevSecretFile.loadOrCreate(file, new SecureRandom());

        assertEquals(DevTokens.SECRET_BYTES, secret.length);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(HexFormat.of().formatHex(secret) + "\n", Files.readString(file));
        assertEquals(List.of(file), Files.list(file.getParent()).toList()); // no temporary file left
        assertArrayEquals(secret, DevSecretFile.loadOrCreate(file, new SecureRandom()));
    }

    @Test
    void tokens_minted_before_a_restart_verify_after_it() throws Exception {
        Path file = DevSecretFile.in(dir);
        String token = new DevTokens(DevSecretFile.loadOrCreate(file, new SecureRandom()), Clock.systemUTC())
                .mint("dev", "dev", Role.EDITOR, Duration.ofHours(1));

        DevTokens afterRestart =
                new DevTokens(DevSecretFile.loadOrCreate(file, new SecureRandom()), Clock.systemUTC());

        assertEquals("dev", afterRestart.verifier().verify(token).subject());
    }

    @Test
    void an_existing_secret_is_read_with_or_without_its_newline() throws Exception {
        byte[] expected = HexFormat.of().parseHex(HEX);

        assertArrayEquals(expected, DevSecretFile.loadOrCreate(secretFile(HEX + "\n", "rw-------"), new SecureRandom()));
        assertArrayEquals(expected, DevSecretFile.loadOrCreate(secretFile(HEX, "r--------"), new SecureRandom()));
    }

    @Test
    void a_secret_readable_by_group_or_others_is_refused_saying_how_to_fix_it() throws Exception {
        for (String permissions : new String[] {"rw-r-----", "rw----r--", "rw-rw-rw-", "rw-----w-"}) {
            Path file = secretFile(HEX + "\n", permissions);

            DevSecretFile.UnusableSecretException refused = assertThrows(DevSecretFile.UnusableSecretException.class,
                    () -> DevSecretFile.loadOrCreate(file, new SecureRandom()));

            assertEquals("the dev mode secret '" + file + "' is accessible to group or others (" + permissions
                    + "): anyone who can read it can sign tokens; run 'chmod 600 " + file + "'", refused.getMessage());
            assertEquals(HEX + "\n", Files.readString(file)); // left as it was
        }
    }

    @Test
    void a_secret_of_the_wrong_length_or_format_is_refused_and_left_alone() throws Exception {
        for (String content : new String[] {"", HEX.substring(2) + "\n", HEX + "00\n", HEX.toUpperCase() + "\n",
                HEX.replace('0', 'g'), HEX + "\n\n", " " + HEX}) {
            Path file = secretFile(content, "rw-------");

            DevSecretFile.UnusableSecretException refused = assertThrows(DevSecretFile.UnusableSecretException.class,
                    () -> DevSecretFile.loadOrCreate(file, new SecureRandom()));

            assertEquals("the dev mode secret '" + file + "' is not 64 lowercase hex digits on one line"
                    + " (delete it to make a new one; pages open with an older secret then need a reload)",
                    refused.getMessage());
            assertEquals(content, Files.readString(file));
        }
    }

    @Test
    void a_secret_path_that_is_not_a_readable_file_is_refused() throws Exception {
        Path file = Files.createDirectory(dir.resolve(DevSecretFile.NAME));

        DevSecretFile.UnusableSecretException refused = assertThrows(DevSecretFile.UnusableSecretException.class,
                () -> DevSecretFile.loadOrCreate(file, new SecureRandom()));

        assertEquals("the dev mode secret '" + file + "' is not a regular file"
                + " (delete it to make a new one; pages open with an older secret then need a reload)",
                refused.getMessage());
    }

    @Test
    void a_secret_the_server_cannot_read_is_refused_saying_how_to_fix_it() throws Exception {
        // root reads a file whatever its mode: for root the refusal cannot happen, so there is nothing to check
        assumeFalse("root".equals(System.getProperty("user.name")), "root reads a file of mode 000");
        Path file = secretFile(HEX + "\n", "---------");

        DevSecretFile.UnusableSecretException refused = assertThrows(DevSecretFile.UnusableSecretException.class,
                () -> DevSecretFile.loadOrCreate(file, new SecureRandom()));

        assertEquals("cannot read the dev mode secret '" + file + "': java.nio.file.AccessDeniedException: " + file
                + " (make it readable by the user running the server: chmod 600, chown)", refused.getMessage());
    }

    @Test
    void a_secret_that_cannot_be_created_is_refused_naming_the_file() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        Path file = DevSecretFile.in(notADirectory);

        DevSecretFile.UnusableSecretException refused = assertThrows(DevSecretFile.UnusableSecretException.class,
                () -> DevSecretFile.loadOrCreate(file, new SecureRandom()));

        assertEquals("cannot create the dev mode secret '" + file + "': java.nio.file.FileAlreadyExistsException: "
                + notADirectory + " (check that its directory is writable, or choose another --data-dir)",
                refused.getMessage());
    }
}
