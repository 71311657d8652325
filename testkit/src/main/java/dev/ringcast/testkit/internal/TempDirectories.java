package dev.ringcast.testkit.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The temp folders a container or browser works in and deletes when closed. */
public final class TempDirectories {

    private TempDirectories() {
    }

    /**
     * Deletes a folder and everything in it; does nothing if it is {@code null} or gone.
     *
     * @param dir the folder
     * @throws IOException if a file could not be deleted
     */
    public static void deleteRecursively(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        }
    }
}
