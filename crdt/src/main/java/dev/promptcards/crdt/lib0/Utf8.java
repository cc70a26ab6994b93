package dev.promptcards.crdt.lib0;

/** Strict UTF-8 validation as the WHATWG Encoding Standard's UTF-8 decoder (fatal mode) applies it. */
final class Utf8 {

    private Utf8() {
    }

    /**
     * Returns the index of the first byte of the first invalid sequence in {@code b[from..to)}, or -1 when
     * the range is valid UTF-8. Valid means (Unicode Table 3-7, which the WHATWG decoder implements):
     * 00-7F; C2-DF 80-BF; E0 A0-BF 80-BF; E1-EC 80-BF 80-BF; ED 80-9F 80-BF (no surrogates);
     * EE-EF 80-BF 80-BF; F0 90-BF 80-BF 80-BF; F1-F3 80-BF x3; F4 80-8F 80-BF 80-BF.
     */
    static int firstInvalid(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            int c = b[i];
            if (c >= 0) {
                i++;
                continue;
            }
            c &= 0xFF;
            int need;
            int lo = 0x80;
            int hi = 0xBF;
            if (c >= 0xC2 && c <= 0xDF) {
                need = 1;
            } else if (c >= 0xE0 && c <= 0xEF) {
                need = 2;
                if (c == 0xE0) {
                    lo = 0xA0;
                } else if (c == 0xED) {
                    hi = 0x9F;
                }
            } else if (c >= 0xF0 && c <= 0xF4) {
                need = 3;
                if (c == 0xF0) {
                    lo = 0x90;
                } else if (c == 0xF4) {
                    hi = 0x8F;
                }
            } else {
                return i;
            }
            if (i + need >= to) {
                return i; // truncated sequence
            }
            int second = b[i + 1] & 0xFF;
            if (second < lo || second > hi) {
                return i;
            }
            for (int k = 2; k <= need; k++) {
                int cont = b[i + k] & 0xFF;
                if (cont < 0x80 || cont > 0xBF) {
                    return i;
                }
            }
            i += need + 1;
        }
        return -1;
    }
}
