package dev.promptcards.server.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The text of each option of {@code serve} turned into its type. A converter throws {@link
 * TypeConversionException} saying what is wrong and what is accepted; picocli adds the option, and
 * {@link ShortErrorHandler} prints it as "Invalid value for --port: ...", naming the variable when
 * the value came from one.
 */
final class Converters {

    private Converters() {}

    /** A port, 0 to 65535 (0: any free port). */
    static final class Port implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            int port;
            try {
                port = Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 0 || port > 65535) {
                throw new TypeConversionException("'" + text + "' is not a port number (0 to 65535)");
            }
            return port;
        }
    }

    /** An IPv4 or IPv6 address or a host name, resolved ({@link BindAddress#resolve(String)}). */
    static final class Host implements ITypeConverter<BindAddress> {
        @Override
        public BindAddress convert(String text) {
            try {
                return BindAddress.resolve(text);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** A path that is not empty. */
    static final class NonEmptyPath implements ITypeConverter<Path> {
        @Override
        public Path convert(String text) {
            if (text.isEmpty()) {
                throw new TypeConversionException("the path must not be empty");
            }
            try {
                return Path.of(text);
            } catch (InvalidPathException e) {
                throw new TypeConversionException("'" + text + "' is not a valid path");
            }
        }
    }

    /** A file that exists and can be read. */
    static final class ReadableFile implements ITypeConverter<Path> {
        @Override
        public Path convert(String text) {
            Path path = new NonEmptyPath().convert(text);
            if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
                throw new TypeConversionException("'" + text + "' is not a readable file");
            }
            return path;
        }
    }

    /** A file to write, in a directory that exists. */
    static final class FileInExistingDirectory implements ITypeConverter<Path> {
        @Override
        public Path convert(String text) {
            Path path = new NonEmptyPath().convert(text);
            Path parent = path.toAbsolutePath().getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                throw new TypeConversionException("the directory of '" + text + "' does not exist");
            }
            return path;
        }
    }

    /** A PostgreSQL JDBC URL; the message never shows its password. */
    static final class PostgresUrl implements ITypeConverter<String> {
        @Override
        public String convert(String text) {
            if (!text.startsWith("jdbc:postgresql:")) {
                throw new TypeConversionException("'" + ServeSettings.redactPassword(text)
                        + "' is not a PostgreSQL JDBC URL (jdbc:postgresql://HOST:PORT/DATABASE)");
            }
            return text;
        }
    }

    /** A redis:// or rediss:// URL; the message never shows its password. */
    static final class RedisUrl implements ITypeConverter<URI> {
        @Override
        public URI convert(String text) {
            URI uri;
            try {
                uri = new URI(text);
            } catch (URISyntaxException e) {
                uri = null;
            }
            String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("redis") || scheme.equals("rediss")) || uri.getHost() == null) {
                throw new TypeConversionException("'" + ServeSettings.redactPassword(text)
                        + "' is not a Redis URL (redis://HOST:PORT or rediss://HOST:PORT)");
            }
            return uri;
        }
    }

    /** An http:// or https:// base URL of a model provider's API, e.g. http://127.0.0.1:11434. */
    static final class HttpUrl implements ITypeConverter<URI> {
        @Override
        public URI convert(String text) {
            URI uri;
            try {
                uri = new URI(text.trim());
            } catch (URISyntaxException e) {
                uri = null;
            }
            String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new TypeConversionException("'" + text + "' is not an http:// or https:// URL (e.g."
                        + " https://api.openai.com/v1)");
            }
            return uri;
        }
    }

    /** An HS256 secret of at least {@link ServeCommand#MIN_JWT_SECRET_BYTES}; never shown. */
    static final class JwtSecret implements ITypeConverter<String> {
        @Override
        public String convert(String text) {
            if (text.getBytes(StandardCharsets.UTF_8).length < ServeCommand.MIN_JWT_SECRET_BYTES) {
                throw new TypeConversionException("the secret is too short: HS256 needs at least "
                        + ServeCommand.MIN_JWT_SECRET_BYTES + " bytes");
            }
            return text;
        }
    }

    /** A size ({@link SettingValues#parseBytes(String)}). */
    static final class Size implements ITypeConverter<DataSize> {
        @Override
        public DataSize convert(String text) {
            return size(text, Long.MAX_VALUE);
        }
    }

    /** A size that fits in an int (a WebSocket frame). */
    static final class IntSize implements ITypeConverter<DataSize> {
        @Override
        public DataSize convert(String text) {
            return size(text, Integer.MAX_VALUE);
        }
    }

    /** A count of at least 1 that fits in an int ({@link SettingValues#parseCount(String)}). */
    static final class Count implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            try {
                return SettingValues.parseCount(text);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** A duration longer than zero ({@link SettingValues#parseDuration(String)}). */
    static final class PositiveDuration implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String text) {
            try {
                return SettingValues.parseDuration(text);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** A duration, or zero ("0", "0s", "0ms") for the options where zero means "at once" or "never". */
    static final class DurationOrZero implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String text) {
            if (text.trim().matches("0+\\s*(ms|s|m|h)?")) {
                return Duration.ZERO;
            }
            return new PositiveDuration().convert(text);
        }
    }

    private static DataSize size(String text, long max) {
        try {
            long bytes = SettingValues.parseBytes(text);
            if (bytes > max) {
                throw new IllegalArgumentException("'" + text + "' is too large (at most "
                        + SettingValues.formatBytes(max) + ")");
            }
            return new DataSize(bytes);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
