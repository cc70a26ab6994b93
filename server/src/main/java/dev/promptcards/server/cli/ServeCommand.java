package dev.promptcards.server.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code promptcards serve}: checks its settings, then, until the WebSocket server exists, runs
 * {@link CrdtDemo} and exits.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Start the promptcards server.",
      "",
      "Not implemented yet: the WebSocket server comes with its own issue. For now serve checks"
          + " its settings, runs a short demonstration of the CRDT core in this process and"
          + " exits. Nothing listens on the port.",
      "",
      "Each option can also be set by its environment variable; a flag on the command line"
          + " wins."
    })
final class ServeCommand implements Callable<Integer> {

  /** The environment variable of each option (DESIGN.md, "Configuration and commands"). */
  static final Map<String, String> ENVIRONMENT = environment();

  static final int DEFAULT_PORT = 8080;
  static final String DEFAULT_HOST = "127.0.0.1";
  /** HS256 needs a key of at least 256 bits (RFC 7518 section 3.2). */
  static final int MIN_JWT_SECRET_BYTES = 32;

  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "Port to listen on, 0 to 65535 (0: any free port). Env PROMPTCARDS_PORT;"
          + " default 8080.")
  String port;

  @Option(
      names = "--host",
      paramLabel = "HOST",
      description = "Address or host name to bind to. Env PROMPTCARDS_HOST; default 127.0.0.1."
          + " A non-loopback address needs --jwt-secret or --jwt-public-key.")
  String host;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Directory for the embedded PostgreSQL and other local data."
          + " Env PROMPTCARDS_DATA_DIR.")
  String dataDir;

  @Option(
      names = "--db-url",
      paramLabel = "JDBC_URL",
      description = "PostgreSQL to use (jdbc:postgresql://...); absent: embedded PostgreSQL in"
          + " the data directory. Env PROMPTCARDS_DB_URL.")
  String dbUrl;

  @Option(
      names = "--redis-url",
      paramLabel = "URL",
      description = "Redis for the cross-node bus (redis://...); absent: single node,"
          + " in-process bus. Env PROMPTCARDS_REDIS_URL.")
  String redisUrl;

  @Option(
      names = "--jwt-secret",
      paramLabel = "SECRET",
      description = "HS256 secret (at least 32 bytes) that tokens are signed with. Env"
          + " PROMPTCARDS_JWT_SECRET (prefer it: command lines are visible to other users).")
  String jwtSecret;

  @Option(
      names = "--jwt-public-key",
      paramLabel = "FILE",
      description = "PEM or JWKS file with the public key(s) of RS256/ES256 tokens."
          + " Env PROMPTCARDS_JWT_PUBLIC_KEY.")
  String jwtPublicKey;

  @Override
  public Integer call() {
    ServeSettings settings = settings();
    var out = spec.commandLine().getOut();
    out.println("promptcards serve");
    out.println(settings.describe());
    out.println();
    out.println(
        "The WebSocket server is not implemented yet (it comes with the server issue): nothing"
            + " is listening on port " + settings.port() + ".");
    out.println(
        "Instead this runs a short demonstration of the CRDT core (dev.promptcards.crdt) in"
            + " this process, then exits.");
    out.println();
    boolean converged = new CrdtDemo(out).run();
    out.flush();
    return converged ? 0 : 1;
  }

  /**
   * The settings from the flags, else their environment variables, else the defaults.
   *
   * @throws ParameterException naming the flag (and the variable it came from) when one is wrong,
   *     or when a non-loopback host has no JWT setting
   */
  ServeSettings settings() {
    int portNumber = DEFAULT_PORT;
    if (port != null) {
      try {
        portNumber = Integer.parseInt(port.trim());
      } catch (NumberFormatException e) {
        portNumber = -1;
      }
      if (portNumber < 0 || portNumber > 65535) {
        throw invalid("--port", "'" + port + "' is not a port number (0 to 65535)");
      }
    }

    String hostText = host == null ? DEFAULT_HOST : host;
    BindAddress address;
    try {
      address = BindAddress.resolve(hostText);
    } catch (IllegalArgumentException e) {
      throw invalid("--host", e.getMessage());
    }

    Path dataPath = null;
    if (dataDir != null) {
      dataPath = path("--data-dir", dataDir);
      if (Files.exists(dataPath) && !Files.isDirectory(dataPath)) {
        throw invalid("--data-dir", "'" + dataDir + "' exists and is not a directory");
      }
    }

    if (dbUrl != null && !dbUrl.startsWith("jdbc:postgresql:")) {
      throw invalid("--db-url", "'" + ServeSettings.redactPassword(dbUrl)
          + "' is not a PostgreSQL JDBC URL (jdbc:postgresql://HOST:PORT/DATABASE)");
    }

    if (redisUrl != null) {
      String scheme;
      try {
        scheme = new URI(redisUrl).getScheme();
      } catch (URISyntaxException e) {
        scheme = null;
      }
      if (scheme == null || !scheme.toLowerCase().startsWith("redis")) {
        throw invalid("--redis-url", "'" + ServeSettings.redactPassword(redisUrl)
            + "' is not a Redis URL (redis://HOST:PORT or rediss://HOST:PORT)");
      }
    }

    if (jwtSecret != null
        && jwtSecret.getBytes(StandardCharsets.UTF_8).length < MIN_JWT_SECRET_BYTES) {
      throw invalid("--jwt-secret", "the secret is too short: HS256 needs at least "
          + MIN_JWT_SECRET_BYTES + " bytes");
    }

    Path keyPath = null;
    if (jwtPublicKey != null) {
      keyPath = path("--jwt-public-key", jwtPublicKey);
      if (!Files.isRegularFile(keyPath) || !Files.isReadable(keyPath)) {
        throw invalid("--jwt-public-key", "'" + jwtPublicKey + "' is not a readable file");
      }
    }

    ServeSettings settings = new ServeSettings(hostText, portNumber, address.isLoopback(),
        dataPath, dbUrl, redisUrl, jwtSecret, keyPath);
    if (!settings.loopback() && !settings.requiresJwt()) {
      throw new ParameterException(spec.commandLine(),
          "Refusing to start: host " + hostText + source("--host")
              + " is not a loopback address and no JWT setting"
              + " is given, so anyone who can reach it could read and edit every card. Set"
              + " --jwt-secret (PROMPTCARDS_JWT_SECRET) or --jwt-public-key"
              + " (PROMPTCARDS_JWT_PUBLIC_KEY), or bind to 127.0.0.1.");
    }
    return settings;
  }

  private Path path(String option, String value) {
    if (value.isEmpty()) {
      throw invalid(option, "the path must not be empty");
    }
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      throw invalid(option, "'" + value + "' is not a valid path");
    }
  }

  /**
   * "Invalid value for --port (from PROMPTCARDS_PORT): 'x' is not a port number (0 to 65535)":
   * names the environment variable when the value came from there.
   */
  private ParameterException invalid(String option, String message) {
    return new ParameterException(spec.commandLine(),
        "Invalid value for " + option + source(option) + ": " + message);
  }

  /** " (from PROMPTCARDS_PORT)" when the option's value came from its variable, else "". */
  private String source(String option) {
    var parsed = spec.commandLine().getParseResult();
    boolean onCommandLine = parsed != null && parsed.hasMatchedOption(option);
    if (!onCommandLine
        && spec.defaultValueProvider() instanceof EnvironmentDefaults env
        && env.valueOf(option) != null) {
      return " (from " + ENVIRONMENT.get(option) + ")";
    }
    return "";
  }

  private static Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("--port", "PROMPTCARDS_PORT");
    env.put("--host", "PROMPTCARDS_HOST");
    env.put("--data-dir", "PROMPTCARDS_DATA_DIR");
    env.put("--db-url", "PROMPTCARDS_DB_URL");
    env.put("--redis-url", "PROMPTCARDS_REDIS_URL");
    env.put("--jwt-secret", "PROMPTCARDS_JWT_SECRET");
    env.put("--jwt-public-key", "PROMPTCARDS_JWT_PUBLIC_KEY");
    return java.util.Collections.unmodifiableMap(env);
  }
}
