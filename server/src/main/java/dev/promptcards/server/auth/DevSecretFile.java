package dev.promptcards.server.auth;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;

/**
 * The dev mode signing secret, kept in a file of the data directory so that the tokens minted
 * before a restart stay valid after it (pages and widgets keep working).
 *
 * <p>The file holds {@link DevTokens#SECRET_BYTES} random bytes as lowercase hex, one line. It is
 * created once with mode 0600 from the start (never widened then narrowed) and appears whole: it is
 * written to a temporary file, then linked to its name, which fails when another process made it
 * first (that one is then used). A file that cannot be read, has the wrong format, or that group or
 * others may access is refused with a message saying how to fix it; nothing is overwritten.
 */
public final class DevSecretFile {

    /** The file's name in the data directory. */
    public static final String NAME = "dev-jwt-secret";

    /** Owner read and write only: what {@code ssh} asks of a private key, for the same reason. */
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private DevSecretFile() {
    }

    /** {@code dataDir/dev-jwt-secret}. */
    public static Path in(Path dataDir) {
        return dataDir.resolve(NAME);
    }

    /**
     * The secret in {@code file}, created (with its directory) when it does not exist yet.
     *
     * @param file where the secret is kept
     * @param random where a new secret's bytes come from
     * @return the {@link DevTokens#SECRET_BYTES}-byte secret
     * @throws UnusableSecretException when the file exists but cannot be used, or cannot be created;
     *     the message names the file, the problem and the fix
     */
    public static byte[] loadOrCreate(Path file, SecureRandom random) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(random, "random");
        if (!Files.exists(file)) {
            try {
                create(file, random);
            } catch (IOException e) {
                throw new UnusableSecretException("cannot create the dev mode secret '" + file + "': "
                        + e + " (check that its directory is writable, or choose another --data-dir)", e);
            }
        }
        return load(file);
    }

    /**
     * The secret in an existing file.
     *
     * @throws UnusableSecretException when the file cannot be used, saying why and how to fix it
     */
    static byte[] load(Path file) {
        String fix = " (delete it to make a new one; pages open with an older secret then need a reload)";
        if (!Files.isRegularFile(file)) {
            throw new UnusableSecretException("the dev mode secret '" + file + "' is not a regular file" + fix);
        }
        checkOwnerOnly(file);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UnusableSecretException("cannot read the dev mode secret '" + file + "': " + e
                    + " (make it readable by the user running the server: chmod 600, chown)", e);
        }
        String hex = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        if (hex.length() != DevTokens.SECRET_BYTES * 2 || !hex.chars().allMatch(DevSecretFile::isLowerHex)) {
            throw new UnusableSecretException("the dev mode secret '" + file + "' is not "
                    + DevTokens.SECRET_BYTES * 2 + " lowercase hex digits on one line" + fix);
        }
        return HexFormat.of().parseHex(hex);
    }

    private static boolean isLowerHex(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }

    private static void checkOwnerOnly(Path file) {
        PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (posix == null) {
            return; // no POSIX permissions on this file system: nothing to check
        }
        Set<PosixFilePermission> permissions;
        try {
            permissions = posix.readAttributes().permissions();
        } catch (IOException e) {
            throw new UnusableSecretException("cannot read the permissions of the dev mode secret '" + file
                    + "': " + e, e);
        }
        Set<PosixFilePermission> others = EnumSet.copyOf(permissions);
        others.removeAll(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE));
        if (!others.isEmpty()) {
            throw new UnusableSecretException("the dev mode secret '" + file + "' is accessible to group or others ("
                    + PosixFilePermissions.toString(permissions) + "): anyone who can read it can sign tokens;"
                    + " run 'chmod 600 " + file + "'");
        }
    }

    private static void create(Path file, SecureRandom random) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        boolean posix = Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null;
        Path temporary = posix
                ? Files.createTempFile(dir, NAME + ".", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                : Files.createTempFile(dir, NAME + ".", ".tmp");
        try {
            byte[] secret = new byte[DevTokens.SECRET_BYTES];
            random.nextBytes(secret);
            ByteBuffer line = ByteBuffer.wrap(
                    (HexFormat.of().formatHex(secret) + "\n").getBytes(StandardCharsets.US_ASCII));
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                while (line.hasRemaining()) {
                    channel.write(line);
                }
                channel.force(true);
            }
            try {
                // a hard link never replaces an existing name: of two processes starting at once, one wins
                Files.createLink(file, temporary);
            } catch (FileAlreadyExistsException e) {
                // another process created it first: its secret is the one
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** The dev mode secret file cannot be used; the message says why and what to do. */
    public static final class UnusableSecretException extends RuntimeException {
        UnusableSecretException(String message) {
            super(message);
        }

        UnusableSecretException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
