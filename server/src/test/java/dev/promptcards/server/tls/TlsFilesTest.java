package dev.promptcards.server.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsFilesTest {

    @TempDir
    static Path dir;
    private static TestCertificates ec;
    private static TestCertificates rsa;

    @BeforeAll
    static void certificates() {
        ec = TestCertificates.ec(dir, "ec");
        rsa = TestCertificates.rsa(dir, "rsa");
    }

    private static TlsFileException refused(Path certificate, Path key) {
        return assertThrows(TlsFileException.class, () -> new TlsFiles(certificate, key).load());
    }

    @Test
    void an_ec_certificate_and_its_pkcs8_key_are_loaded() {
        TlsCredentials credentials = ec.files().load();

        assertEquals(List.of(ec.x509()), credentials.chain());
        assertArrayEquals(ec.privateKey().getEncoded(), credentials.key().getEncoded());
        assertEquals("CN=localhost, EC 256-bit key, valid until "
                + ec.x509().getNotAfter().toInstant().toString().substring(0, 10) + ", 1 certificate",
                credentials.describe());
        assertNull(credentials.validityProblem(Instant.now()));
    }

    @Test
    void an_rsa_certificate_and_its_pkcs8_key_are_loaded() {
        TlsCredentials credentials = rsa.files().load();

        assertArrayEquals(rsa.privateKey().getEncoded(), credentials.key().getEncoded());
        assertTrue(credentials.describe().startsWith("CN=localhost, RSA 2048-bit key, valid until "),
                credentials.describe());
    }

    @Test
    void a_pkcs1_rsa_key_is_read_as_the_same_key() throws Exception {
        Path pkcs1 = Files.writeString(dir.resolve("rsa-pkcs1.key"), rsa.pkcs1Pem());

        TlsCredentials credentials = new TlsFiles(rsa.certificate(), pkcs1).load();

        assertArrayEquals(rsa.privateKey().getEncoded(), credentials.key().getEncoded());
    }

    @Test
    void a_sec1_ec_key_is_read_as_the_same_key() throws Exception {
        // as `openssl ecparam -genkey` writes it: the parameters block first, then the key
        Path sec1 = Files.writeString(dir.resolve("ec-sec1.key"),
                "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n" + ec.sec1Pem());

        TlsCredentials credentials = new TlsFiles(ec.certificate(), sec1).load();

        assertEquals(((ECPrivateKey) ec.privateKey()).getS(), ((ECPrivateKey) credentials.key()).getS());
        assertEquals(((ECPrivateKey) ec.privateKey()).getParams().toString(),
                ((ECPrivateKey) credentials.key()).getParams().toString());
    }

    @Test
    void a_chain_keeps_its_order_with_the_servers_certificate_first() throws Exception {
        Path chain = Files.writeString(dir.resolve("chain.crt"),
                Files.readString(ec.certificate()) + Files.readString(rsa.certificate()));

        TlsCredentials credentials = new TlsFiles(chain, ec.key()).load();

        assertEquals(List.<X509Certificate>of(ec.x509(), rsa.x509()), credentials.chain());
        assertTrue(credentials.describe().endsWith(", 2 certificates"), credentials.describe());
    }

    @Test
    void the_key_of_another_certificate_is_refused_naming_both_files() {
        TlsFileException refused = refused(ec.certificate(), rsa.key());

        assertTrue(refused.isKey());
        assertEquals(rsa.key(), refused.file());
        assertEquals("'" + rsa.key() + "' is not the private key of the certificate in '" + ec.certificate()
                + "' (RSA 2048-bit key, certificate for EC 256-bit key CN=localhost)", refused.getMessage());
    }

    @Test
    void another_key_of_the_same_kind_is_refused() {
        TestCertificates other = TestCertificates.ec(dir, "other-ec");

        TlsFileException refused = refused(ec.certificate(), other.key());

        assertEquals("'" + other.key() + "' is not the private key of the certificate in '" + ec.certificate()
                + "' (EC 256-bit key, certificate for EC 256-bit key CN=localhost)", refused.getMessage());
    }

    @Test
    void an_encrypted_key_is_refused_with_how_to_decrypt_it() throws Exception {
        Path pkcs8 = Files.writeString(dir.resolve("encrypted.key"),
                TestCertificates.pem("ENCRYPTED PRIVATE KEY", new byte[] {0x30, 0x00}));
        Path pkcs1 = Files.writeString(dir.resolve("encrypted-rsa.key"), "-----BEGIN RSA PRIVATE KEY-----\n"
                + "Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\n\nAAAA\n"
                + "-----END RSA PRIVATE KEY-----\n");

        for (Path key : List.of(pkcs8, pkcs1)) {
            TlsFileException refused = refused(rsa.certificate(), key);
            assertTrue(refused.isKey());
            assertEquals("'" + key + "' holds an encrypted private key; decrypt it first"
                    + " (openssl pkey -in FILE -out key.pem)", refused.getMessage());
        }
    }

    @Test
    void a_file_that_is_not_pem_is_refused() throws Exception {
        Path der = Files.write(dir.resolve("cert.der"), ec.x509().getEncoded());

        TlsFileException refused = refused(der, ec.key());

        assertFalse(refused.isKey());
        assertEquals("'" + der + "' is not a PEM file (no -----BEGIN ...----- block)", refused.getMessage());
    }

    @Test
    void swapped_files_are_refused_with_a_hint() {
        TlsFileException certificate = refused(ec.key(), ec.key());
        assertEquals("'" + ec.key() + "' holds no certificate (-----BEGIN CERTIFICATE-----); it holds a private"
                + " key: is it the key file?", certificate.getMessage());

        TlsFileException key = refused(ec.certificate(), ec.certificate());
        assertTrue(key.isKey());
        assertEquals("'" + ec.certificate() + "' holds no private key (-----BEGIN PRIVATE KEY-----)",
                key.getMessage());
    }

    @Test
    void a_missing_file_is_refused() {
        Path missing = dir.resolve("missing.key");

        TlsFileException refused = refused(ec.certificate(), missing);

        assertEquals("'" + missing + "' does not exist", refused.getMessage());
    }

    @Test
    void a_broken_certificate_block_is_refused() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.crt"), TestCertificates.pem("CERTIFICATE",
                new byte[] {0x30, 0x03, 0x02, 0x01, 0x00}));

        TlsFileException refused = refused(broken, ec.key());

        assertFalse(refused.isKey());
        assertTrue(refused.getMessage().startsWith("'" + broken + "' holds a CERTIFICATE block that is not an"
                + " X.509 certificate: "), refused.getMessage());
    }

    @Test
    void an_expired_certificate_is_reported() {
        TlsCredentials credentials = ec.files().load();
        Instant later = ec.x509().getNotAfter().toInstant().plusSeconds(1);

        assertEquals("the certificate in '" + ec.certificate() + "' expired on "
                + later.toString().substring(0, 10) + ": clients will refuse it", credentials.validityProblem(later));
    }

    @Test
    void the_credentials_make_a_key_store_for_jdk_listeners() throws Exception {
        char[] password = "secret".toCharArray();

        KeyStore store = rsa.files().load().keyStore(password);

        assertEquals(rsa.x509(), store.getCertificate("server"));
        assertEquals(rsa.privateKey(), store.getKey("server", password));
    }
}
