package dev.promptcards.presence.bus.redis;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits what a Redis server sends into whole top-level RESP2/RESP3 values, keeping each value's bytes exactly,
 * and tells pub/sub message pushes apart ({@code *3 $7 message ...} in RESP2, {@code >3 $7 message ...} in RESP3;
 * also pmessage and smessage). Bulk strings are read by their length, so any bytes may be in them; the stream
 * may arrive in pieces of any size. For {@link RedisFaultProxy}.
 */
final class RespFrameReader {

    /** One top-level value: its bytes, and whether it is a pub/sub message push. */
    record Frame(byte[] bytes, boolean message) {
    }

    private static final int MAX_DEPTH = 64;
    private static final byte[][] MESSAGE_KINDS = {ascii("message"), ascii("pmessage"), ascii("smessage")};

    private final InputStream in;

    RespFrameReader(InputStream in) {
        this.in = in;
    }

    /**
     * Reads the next whole value.
     *
     * @return the value, or null if the stream ended between values
     * @throws IOException if the stream fails, ends inside a value, or is not RESP
     */
    Frame next() throws IOException {
        int type = in.read();
        if (type < 0) {
            return null;
        }
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        raw.write(type);
        boolean message = false;
        if (type == '*' || type == '>') {
            long count = Long.parseLong(line(raw));
            for (long i = 0; i < count; i++) {
                byte[] text = value(raw, 1);
                if (i == 0 && count >= 3 && text != null) {
                    message = Arrays.stream(MESSAGE_KINDS).anyMatch(kind -> Arrays.equals(kind, text));
                }
            }
        } else {
            rest(type, raw, 0);
        }
        return new Frame(raw.toByteArray(), message);
    }

    /** Reads one value into {@code raw}; returns the text of a string value, null for other types. */
    private byte[] value(ByteArrayOutputStream raw, int depth) throws IOException {
        int type = read();
        raw.write(type);
        return rest(type, raw, depth);
    }

    private byte[] rest(int type, ByteArrayOutputStream raw, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IOException("RESP nested deeper than " + MAX_DEPTH);
        }
        switch (type) {
            case '+', '-', ':', '_', ',', '#', '(' -> {
                return ascii(line(raw));
            }
            case '$', '=', '!' -> {
                long length = Long.parseLong(line(raw));
                if (length < 0) {
                    return null;
                }
                byte[] text = in.readNBytes(Math.toIntExact(length));
                if (text.length < length) {
                    throw new EOFException("the stream ended inside a bulk string");
                }
                raw.write(text);
                if (read() != '\r' || read() != '\n') {
                    throw new IOException("a bulk string does not end with CRLF");
                }
                raw.write('\r');
                raw.write('\n');
                return text;
            }
            case '*', '>', '~', '%', '|' -> {
                long count = Long.parseLong(line(raw));
                long elements = type == '%' || type == '|' ? 2 * count : count;
                for (long i = 0; i < elements; i++) {
                    value(raw, depth + 1);
                }
                if (type == '|') {
                    // an attribute comes before the value it describes: that value belongs to the same frame
                    return value(raw, depth + 1);
                }
                return null;
            }
            default -> throw new IOException("not RESP: type byte " + type);
        }
    }

    /** Reads up to CRLF into {@code raw} (CRLF included); returns the line without it. */
    private String line(ByteArrayOutputStream raw) throws IOException {
        StringBuilder text = new StringBuilder();
        while (true) {
            int b = read();
            raw.write(b);
            if (b == '\r') {
                int next = read();
                raw.write(next);
                if (next != '\n') {
                    throw new IOException("CR without LF in a RESP line");
                }
                return text.toString();
            }
            text.append((char) b);
        }
    }

    private int read() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("the stream ended inside a RESP value");
        }
        return b;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
