package dev.promptcards.server.tls;

import java.nio.file.Path;

/**
 * A TLS file that cannot be used: which one ({@link #file()}, {@link #isKey()}) and why, in a message for the
 * operator that names the file.
 */
public final class TlsFileException extends IllegalArgumentException {

    private final Path file;
    private final boolean key;

    TlsFileException(Path file, boolean key, String message) {
        this(file, key, message, null);
    }

    TlsFileException(Path file, boolean key, String message, Throwable cause) {
        super("'" + file + "' " + message, cause);
        this.file = file;
        this.key = key;
    }

    /**
     * @return the file the message is about
     */
    public Path file() {
        return file;
    }

    /**
     * @return true when it is the private key file, false when it is the certificate file
     */
    public boolean isKey() {
        return key;
    }
}
