package dev.promptcards.server.tls;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The little DER (ITU-T X.690) that turning a PKCS#1 or SEC1 private key into PKCS#8 needs: splitting a
 * SEQUENCE into its elements, and writing a SEQUENCE, an OCTET STRING and the small INTEGER 0.
 */
final class Der {

    static final int INTEGER = 0x02;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OBJECT_IDENTIFIER = 0x06;
    static final int SEQUENCE = 0x30;
    /** {@code [0]} explicit, constructed: SEC1's {@code parameters} (RFC 5915 section 3). */
    static final int CONTEXT_0 = 0xA0;

    /** rsaEncryption (RFC 8017 appendix A.1) with its NULL parameters, as an AlgorithmIdentifier. */
    static final byte[] RSA_ALGORITHM = sequence(
            element(OBJECT_IDENTIFIER, new byte[] {0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 0x01, 0x01,
                    0x01}),
            element(NULL, new byte[0]));
    /** id-ecPublicKey, 1.2.840.10045.2.1 (RFC 5480 section 2.1.1), without its parameters. */
    static final byte[] EC_PUBLIC_KEY_OID =
            element(OBJECT_IDENTIFIER, new byte[] {0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x02, 0x01});

    /** One element: its tag, its content, and all of it as encoded. */
    record Element(int tag, byte[] content, byte[] encoded) {
    }

    private Der() {
    }

    /**
     * The elements inside a SEQUENCE.
     *
     * @throws IllegalArgumentException when {@code der} is not exactly one well-formed SEQUENCE
     */
    static List<Element> sequenceElements(byte[] der) {
        List<Element> outer = elements(der);
        if (outer.size() != 1 || outer.getFirst().tag() != SEQUENCE) {
            throw new IllegalArgumentException("not a DER SEQUENCE");
        }
        return elements(outer.getFirst().content());
    }

    private static List<Element> elements(byte[] der) {
        List<Element> elements = new ArrayList<>();
        int at = 0;
        while (at < der.length) {
            if (der.length - at < 2) {
                throw new IllegalArgumentException("truncated DER");
            }
            int start = at;
            int tag = der[at++] & 0xFF;
            int length = der[at++] & 0xFF;
            if (length > 0x7F) {
                int octets = length & 0x7F;
                if (octets == 0 || octets > 3 || der.length - at < octets) {
                    throw new IllegalArgumentException("bad DER length");
                }
                length = 0;
                for (int i = 0; i < octets; i++) {
                    length = (length << 8) | (der[at++] & 0xFF);
                }
            }
            if (der.length - at < length) {
                throw new IllegalArgumentException("truncated DER");
            }
            byte[] content = Arrays.copyOfRange(der, at, at + length);
            at += length;
            elements.add(new Element(tag, content, Arrays.copyOfRange(der, start, at)));
        }
        return elements;
    }

    /** A SEQUENCE of already encoded elements. */
    static byte[] sequence(byte[]... encodedElements) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] encoded : encodedElements) {
            content.writeBytes(encoded);
        }
        return element(SEQUENCE, content.toByteArray());
    }

    /** INTEGER 0: the version of a PKCS#8 PrivateKeyInfo (RFC 5208 section 5). */
    static byte[] integerZero() {
        return element(INTEGER, new byte[] {0});
    }

    /** An element of this tag around {@code content}. */
    static byte[] element(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else if (length < 0x10000) {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length);
        } else {
            out.write(0x83);
            out.write(length >> 16);
            out.write(length >> 8);
            out.write(length);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }
}
