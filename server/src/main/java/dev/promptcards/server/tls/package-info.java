/**
 * TLS for the server's listeners: the PEM files of {@code --tls-cert} and {@code --tls-key}
 * ({@link dev.promptcards.server.tls.TlsFiles}) read and checked once into
 * {@link dev.promptcards.server.tls.TlsCredentials} (the certificate chain and its private key), which each
 * listener turns into its own TLS engine (the Netty listener: {@code dev.promptcards.server.net.NettyTls}).
 * Only the JDK is used to read the files; a bad file is a {@link dev.promptcards.server.tls.TlsFileException}
 * naming which file and what is wrong with it.
 */
package dev.promptcards.server.tls;
