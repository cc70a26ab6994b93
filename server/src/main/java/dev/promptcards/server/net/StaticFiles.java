package dev.promptcards.server.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the static page's files come from. Paths are relative ({@code index.html},
 * {@code assets/app.js}) and already checked by {@link StaticFileHandler} (no {@code ..}, no empty or
 * hidden segments).
 */
interface StaticFiles {

    /**
     * Reads a file.
     *
     * @param relativePath a checked relative path such as {@code index.html}
     * @return the file's bytes, or empty if there is no such file (directories are not files)
     */
    Optional<byte[]> read(String relativePath);

    /**
     * Files on the classpath under a folder, e.g. {@code static/} (the server's own {@code /static/}).
     *
     * @param loader the class loader to read from
     * @param root   the folder, ending with {@code /}
     * @return the files
     */
    static StaticFiles classpath(ClassLoader loader, String root) {
        return relativePath -> {
            URL url = loader.getResource(root + relativePath);
            if (url == null || isDirectory(url)) {
                return Optional.empty();
            }
            try (InputStream in = url.openStream()) {
                return Optional.of(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + url, e);
            }
        };
    }

    /**
     * Fixed files in memory (tests).
     *
     * @param files relative path to content
     * @return the files
     */
    static StaticFiles of(Map<String, byte[]> files) {
        Map<String, byte[]> copy = Map.copyOf(files);
        return relativePath -> Optional.ofNullable(copy.get(relativePath)).map(byte[]::clone);
    }

    private static boolean isDirectory(URL url) {
        try {
            if ("file".equals(url.getProtocol())) {
                return Files.isDirectory(Path.of(url.toURI()));
            }
            URLConnection connection = url.openConnection();
            if (connection instanceof JarURLConnection jar) {
                return jar.getJarEntry() == null || jar.getJarEntry().isDirectory();
            }
            return false;
        } catch (IOException | URISyntaxException e) {
            return true;
        }
    }
}
