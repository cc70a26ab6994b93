package dev.promptcards.persistence;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a server that stops while the database is away leaves what it could not store: one file per card
 * and shutdown, holding the card's whole state as a Yjs update, which the next start appends to the card's
 * log ({@link #replay}) before it serves anyone. Updates are idempotent, so appending a state the log
 * already partly holds changes nothing else.
 *
 * <p>A file: the line {@code promptcards-spill 1 CARD_ID WORKSPACE NAME}, then the update's bytes. It is
 * written to a temporary file and moved into place, so a file that is there is whole.
 */
public final class SpillDirectory {

    /** The first word of every spill file. */
    static final String MAGIC = "promptcards-spill";
    /** Spill files end with this. */
    static final String SUFFIX = ".spill";

    private static final Logger log = LoggerFactory.getLogger(SpillDirectory.class);

    private final Path directory;

    /**
     * @param directory the directory (created when a first file is written)
     */
    public SpillDirectory(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    /** @return the directory */
    public Path directory() {
        return directory;
    }

    /**
     * Writes a card's state durably (the file and the directory are forced to disk).
     *
     * @param card   the card
     * @param update its whole state, a Yjs v1 update
     * @return the file written
     * @throws UncheckedIOException if it cannot be written
     */
    public Path write(CardRef card, byte[] update) {
        try {
            Files.createDirectories(directory);
            String name = "card-" + card.id() + "-" + System.currentTimeMillis() + "-" + System.nanoTime() + SUFFIX;
            Path temporary = Files.createTempFile(directory, ".card-" + card.id(), ".tmp");
            byte[] header = (MAGIC + " 1 " + card.id() + " " + card.workspace() + " " + card.name() + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            try (FileChannel channel = FileChannel.open(temporary,
                    StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(header));
                channel.write(ByteBuffer.wrap(update));
                channel.force(true);
            }
            Path file = directory.resolve(name);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a spill file for card " + card + " in " + directory, e);
        }
    }

    /**
     * The spill files waiting to be replayed, oldest first.
     *
     * @return the files; empty when the directory does not exist
     */
    public List<Path> files() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the spill directory " + directory, e);
        }
    }

    /**
     * Appends every spill file to its card's log, then deletes it. A file that cannot be read as a spill
     * file stops the replay (nothing is deleted that was not stored).
     *
     * @param storage the storage to append to
     * @return the cards whose spilled state was stored, in replay order
     * @throws IllegalStateException if a file is not a spill file or its card's append fails
     */
    public List<CardRef> replay(CardStorage storage) {
        List<CardRef> replayed = new ArrayList<>();
        for (Path file : files()) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the spill file " + file, e);
            }
            int newline = indexOf(bytes, (byte) '\n');
            String[] header = newline < 0 ? new String[0]
                    : new String(bytes, 0, newline, StandardCharsets.UTF_8).split(" ");
            if (header.length != 5 || !header[0].equals(MAGIC) || !header[1].equals("1")) {
                throw new IllegalStateException("not a promptcards spill file (version 1): " + file
                        + "; move it out of " + directory + " to start without it");
            }
            CardRef card = new CardRef(Long.parseLong(header[2]), header[3], header[4]);
            byte[] update = Arrays.copyOfRange(bytes, newline + 1, bytes.length);
            try {
                storage.log().append(card, update).join();
            } catch (RuntimeException e) {
                throw new IllegalStateException("cannot store the spilled state of card " + card + " from " + file
                        + ": " + e.getMessage(), e);
            }
            try {
                Files.delete(file);
            } catch (IOException e) {
                throw new UncheckedIOException("stored, but cannot delete the spill file " + file
                        + " (storing it again changes nothing)", e);
            }
            log.info("card {}: the state spilled at a shutdown ({} bytes) is stored; {} deleted", card,
                    update.length, file.getFileName());
            replayed.add(card);
        }
        return replayed;
    }

    private static int indexOf(byte[] bytes, byte value) {
        for (int i = 0; i < bytes.length && i < 1024; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
