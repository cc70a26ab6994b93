package dev.promptcards.server.cli;

/**
 * A number of bytes as a size option of {@code serve} takes it: {@code 65536}, {@code 64KiB},
 * {@code 4MiB} ({@link SettingValues#parseBytes(String)}).
 *
 * @param bytes at least 1
 */
record DataSize(long bytes) {

    DataSize {
        if (bytes < 1) {
            throw new IllegalArgumentException("a size is at least 1 byte, got " + bytes);
        }
    }

    /** The size in the largest unit that divides it: "4MiB", "1000". */
    @Override
    public String toString() {
        return SettingValues.formatBytes(bytes);
    }
}
