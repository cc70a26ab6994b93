package dev.promptcards.runner.provider;

import dev.promptcards.card.schema.ModelSettings;
import dev.promptcards.runner.prompt.RenderedPrompt;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The built-in offline provider {@code echo}: it answers with the rendered user message verbatim, so
 * that a test's output is exactly what its template and values make it, with no network and the same
 * pieces every time. The output streams in at most {@link #maxPieces()} pieces, cut after whitespace;
 * tokens are counted as whitespace-separated words (in: the system prompt's and the user message's;
 * out: the output's). Its cost is 0, which the price table says, not this class.
 */
public final class EchoProvider implements ModelProvider {

    /** The provider's name in a card's {@code model} map. */
    public static final String NAME = "echo";

    /** The most pieces an output streams in by default. */
    public static final int DEFAULT_MAX_PIECES = 4;

    private final Executor executor;
    private final int maxPieces;

    /**
     * An echo that streams on the caller's thread: every call is made before {@code stream} returns, so
     * there is nothing left to cancel once the handle is there.
     */
    public EchoProvider() {
        this(Runnable::run, DEFAULT_MAX_PIECES);
    }

    /**
     * An echo that streams on an executor, one task per piece (so a cancel between pieces stops the rest).
     *
     * @param executor  where the pieces and the end are delivered
     * @param maxPieces the most pieces an output streams in, at least 1
     */
    public EchoProvider(Executor executor, int maxPieces) {
        if (maxPieces < 1) {
            throw new IllegalArgumentException("maxPieces must be at least 1: " + maxPieces);
        }
        this.executor = executor;
        this.maxPieces = maxPieces;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The most pieces an output streams in. */
    public int maxPieces() {
        return maxPieces;
    }

    @Override
    public CompletionHandle stream(RenderedPrompt prompt, ModelSettings model, StreamListener listener) {
        Usage usage = new Usage(words(prompt.system()) + words(prompt.user()), words(prompt.user()));
        Stream stream = new Stream(pieces(prompt.user(), maxPieces), usage, listener);
        executor.execute(stream::next);
        return stream;
    }

    /**
     * Cuts a text into at most {@code maxPieces} non-empty pieces, each ending after whitespace (but the
     * last), with whole words spread as evenly as possible; an empty text has no pieces.
     */
    public static List<String> pieces(String text, int maxPieces) {
        if (text.isEmpty()) {
            return List.of();
        }
        List<Integer> starts = wordStarts(text);
        if (starts.isEmpty()) {
            // Only whitespace: one piece, so that the output is still the text.
            return List.of(text);
        }
        // Leading whitespace joins the first piece.
        starts.set(0, 0);
        List<String> pieces = new ArrayList<>();
        int count = Math.min(maxPieces, starts.size());
        int from = 0;
        for (int piece = 1; piece <= count; piece++) {
            int to = piece == count ? text.length() : starts.get(piece * starts.size() / count);
            pieces.add(text.substring(from, to));
            from = to;
        }
        return pieces;
    }

    /** The number of whitespace-separated words of a text. */
    public static long words(String text) {
        return wordStarts(text).size();
    }

    private static List<Integer> wordStarts(String text) {
        List<Integer> starts = new ArrayList<>();
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            boolean space = Character.isWhitespace(text.charAt(i));
            if (!space && !inWord) {
                starts.add(i);
            }
            inWord = !space;
        }
        return starts;
    }

    private final class Stream implements CompletionHandle {

        // Held while the listener is called, so that once cancel() returns no call is under way.
        private final ReentrantLock lock = new ReentrantLock();
        private final List<String> pieces;
        private final Usage usage;
        private final StreamListener listener;
        private int next;
        private boolean done;

        Stream(List<String> pieces, Usage usage, StreamListener listener) {
            this.pieces = pieces;
            this.usage = usage;
            this.listener = listener;
        }

        void next() {
            lock.lock();
            try {
                if (done) {
                    return;
                }
                if (next < pieces.size()) {
                    listener.onToken(pieces.get(next++));
                } else {
                    done = true;
                    listener.onComplete(usage);
                    return;
                }
            } finally {
                lock.unlock();
            }
            executor.execute(this::next);
        }

        @Override
        public void cancel() {
            lock.lock();
            try {
                done = true;
            } finally {
                lock.unlock();
            }
        }
    }
}
