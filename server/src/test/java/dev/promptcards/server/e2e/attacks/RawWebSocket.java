package dev.promptcards.server.e2e.attacks;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * A client on a plain socket that sends exactly the bytes a test writes: raw HTTP requests (an obsolete
 * handshake, a missing header, a body cut short) and, once upgraded, masked WebSocket frames of any opcode,
 * fragment and close code, which no WebSocket library would send.
 */
final class RawWebSocket implements AutoCloseable {

    /** Opcodes (RFC 6455 section 5.2). */
    static final int CONTINUATION = 0;
    static final int BINARY = 2;
    static final int CLOSE = 8;

    /** RFC 6455 section 1.3's example key. */
    static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A frame the server sent. */
    record Frame(int opcode, boolean fin, byte[] payload) {

        /** The code of a Close frame, -1 without one. */
        int closeCode() {
            return payload.length < 2 ? -1 : ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        }

        /** The reason of a Close frame. */
        String closeReason() {
            return payload.length < 2 ? "" : new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects to 127.0.0.1:port; reads time out after {@code readTimeoutMillis}. */
    static RawWebSocket connect(int port, int readTimeoutMillis) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        socket.setSoTimeout(readTimeoutMillis);
        return new RawWebSocket(socket);
    }

    /** An RFC 6455 upgrade request for {@code path} with Host {@code host} and more header lines. */
    static String upgradeRequest(String path, String host, String... headerLines) {
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + KEY + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n");
        for (String line : headerLines) {
            request.append(line).append("\r\n");
        }
        return request.append("\r\n").toString();
    }

    /** Writes these bytes as they are. */
    void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Closes our sending side: the server reads the end of the stream. */
    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /** Resets the connection (RST, not FIN): the server's read fails with "connection reset". */
    void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    /** The response's status line and headers, up to the blank line; fails on a closed stream before it. */
    String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("closed after " + head.size() + " bytes: " + head);
            }
            head.write(b);
            byte[] bytes = head.toByteArray();
            int n = bytes.length;
            if (n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r' && bytes[n - 1] == '\n') {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
    }

    /** Everything until the server closes the connection. */
    String readToEnd() throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    /** Sends one masked frame. */
    void send(int opcode, boolean fin, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write((fin ? 0x80 : 0) | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length & 0xff);
        } else {
            frame.write(0x80 | 127);
            frame.writeBytes(ByteBuffer.allocate(8).putLong(payload.length).array());
        }
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        frame.writeBytes(mask);
        byte[] masked = Arrays.copyOf(payload, payload.length);
        for (int i = 0; i < masked.length; i++) {
            masked[i] ^= mask[i % 4];
        }
        frame.writeBytes(masked);
        out.write(frame.toByteArray());
        out.flush();
    }

    /** Sends a Close frame with this code, whatever it is. */
    void sendClose(int code) throws IOException {
        send(CLOSE, true, new byte[] {(byte) (code >> 8), (byte) code});
    }

    /** The next frame from the server (the server never masks). */
    Frame next() throws IOException {
        int first = readByte();
        int second = readByte();
        long length = second & 0x7f;
        if (length == 126) {
            length = (readByte() << 8) | readByte();
        } else if (length == 127) {
            length = ByteBuffer.wrap(in.readNBytes(8)).getLong();
        }
        byte[] payload = in.readNBytes((int) length);
        if (payload.length != length) {
            throw new EOFException("frame cut short");
        }
        return new Frame(first & 0x0f, (first & 0x80) != 0, payload);
    }

    /** Reads frames until a Close frame. */
    Frame nextClose() throws IOException {
        Frame frame;
        do {
            frame = next();
        } while (frame.opcode() != CLOSE);
        return frame;
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException();
        }
        return b;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
