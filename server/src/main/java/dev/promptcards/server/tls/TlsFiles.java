package dev.promptcards.server.tls;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a listener's TLS certificate and key are: the PEM files of {@code --tls-cert} and {@code --tls-key}.
 * Every listener of the server uses the same files (the WebSocket listener today, the API listener later).
 *
 * @param certificateChain PEM certificates, the server's own first, then the intermediates
 * @param privateKey       the PEM private key of the first certificate, not encrypted
 */
public record TlsFiles(Path certificateChain, Path privateKey) {

    public TlsFiles {
        Objects.requireNonNull(certificateChain, "certificateChain");
        Objects.requireNonNull(privateKey, "privateKey");
    }

    /**
     * Reads both files and checks that the key is the certificate's.
     *
     * @return the certificate chain and its key
     * @throws TlsFileException naming the file that cannot be read, is not PEM, holds no certificate or no usable
     *                          key, or whose key does not belong to the certificate
     */
    public TlsCredentials load() {
        return TlsCredentials.of(this, PemFiles.certificates(certificateChain), PemFiles.privateKey(privateKey));
    }
}
