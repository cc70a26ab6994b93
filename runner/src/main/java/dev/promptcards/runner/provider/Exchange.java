package dev.promptcards.runner.provider;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.util.Arrays;
import java.util.concurrent.Future;

/**
 * One HTTP exchange of one attempt, as {@link ExchangeHttpClient} saw it: what LangChain4j's own
 * client keeps to itself (the status and headers of an error answer, for {@code Retry-After};
 * LangChain4j's {@code HttpException} carries only the status and the body), the first bytes of the
 * body (to show what a provider sent that was not its API), whether reading the body failed, and the
 * means to abort the request at any point: before the answer (the JDK client's future is cancelled)
 * or while it streams (its body is closed, which closes the connection or resets the HTTP/2 stream).
 */
final class Exchange {

    /** How much of a body is kept to show in an error. */
    static final int HEAD_BYTES = 512;

    /** Whatever the provider answered with a status other than 2xx. */
    record ErrorAnswer(int status, HttpHeaders headers, String body) {
    }

    /** Called once the body has been read to its end (or failed), after the parser's last callback. */
    interface BodyEnd {
        void bodyEnded();
    }

    private final BodyEnd bodyEnd;
    private final byte[] head = new byte[HEAD_BYTES];
    private int headLength;

    // Guarded by this.
    private Future<?> request;
    private InputStream body;
    private boolean aborted;

    private volatile ErrorAnswer errorAnswer;
    private volatile Throwable sendFailure;
    private volatile IOException readFailure;

    Exchange(BodyEnd bodyEnd) {
        this.bodyEnd = bodyEnd;
    }

    /** The request is on its way; aborting from now on cancels it. */
    synchronized void sent(Future<?> sent) {
        this.request = sent;
        if (aborted) {
            sent.cancel(true);
        }
    }

    /**
     * The answer's body is about to be read: returns it wrapped so that its first bytes and a read
     * failure are kept, or null (and closes it) when the exchange was aborted meanwhile.
     */
    InputStream open(InputStream stream) {
        synchronized (this) {
            if (!aborted) {
                body = stream;
                return new Recording(stream);
            }
        }
        closeQuietly(stream);
        return null;
    }

    /** Aborts the request wherever it is; the JDK client then closes or resets its connection. */
    void abort() {
        Future<?> pending;
        InputStream stream;
        synchronized (this) {
            if (aborted) {
                return;
            }
            aborted = true;
            pending = request;
            stream = body;
        }
        if (pending != null) {
            pending.cancel(true);
        }
        if (stream != null) {
            closeQuietly(stream);
        }
    }

    synchronized boolean aborted() {
        return aborted;
    }

    void answeredError(ErrorAnswer answer) {
        this.errorAnswer = answer;
    }

    void failedToSend(Throwable failure) {
        this.sendFailure = failure;
    }

    void ended() {
        bodyEnd.bodyEnded();
    }

    /** The answer when its status was not 2xx, else null. */
    ErrorAnswer errorAnswer() {
        return errorAnswer;
    }

    /** Why no answer came (connection refused, reset before the headers, ...), else null. */
    Throwable sendFailure() {
        return sendFailure;
    }

    /** Why reading the body failed part way (the connection dropped), else null. */
    IOException readFailure() {
        return readFailure;
    }

    /** The first bytes of the body as text (malformed UTF-8 replaced). */
    synchronized String head() {
        return new String(Arrays.copyOf(head, headLength), java.nio.charset.StandardCharsets.UTF_8);
    }

    private synchronized void keep(byte[] bytes, int offset, int length) {
        int kept = Math.min(length, HEAD_BYTES - headLength);
        if (kept > 0) {
            System.arraycopy(bytes, offset, head, headLength, kept);
            headLength += kept;
        }
    }

    private static void closeQuietly(InputStream stream) {
        try {
            stream.close();
        } catch (IOException ignored) {
            // Closing is how the request is aborted; a failure to close changes nothing for the caller.
        }
    }

    /** The body as the parser reads it, keeping its head and the failure that ends it early. */
    private final class Recording extends FilterInputStream {

        Recording(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int read = read(one, 0, 1);
            return read < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            try {
                int read = super.read(bytes, offset, length);
                if (read > 0) {
                    keep(bytes, offset, read);
                }
                return read;
            } catch (IOException e) {
                if (!aborted()) {
                    readFailure = e;
                }
                throw e;
            }
        }
    }
}
