package io.codebuildnotifier.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** Walks a fixtures directory laid out as in {@code events/sandbox/README.md}; each fake loads its own part. */
final class Fixtures {

    private Fixtures() {
    }

    /** Has each fake load its part of {@code dir}, in this order. */
    static void load(Path dir, Route... fakes) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no fixtures directory " + dir.toAbsolutePath());
        }
        for (Route fake : fakes) {
            fake.load(dir);
        }
    }

    /** Every {@code *.json} directly in {@code dir}, in name order; nothing if there is no such directory. */
    static void forEachJson(Path dir, Consumer<JsonNode> action) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> p.toString().endsWith(".json")).sorted().forEach(p -> action.accept(read(p)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Visits {@code dir/REPO} with the repository name, in name order (CodeCommit). */
    static void forEachRepoDir(Path dir, BiConsumer<Path, String> action) {
        forEachDirAtDepth(dir, 1, p -> action.accept(p, p.getFileName().toString()));
    }

    /** Visits {@code dir/OWNER/REPO} with the owner and repository names, in name order (GitHub). */
    static void forEachOwnerRepoDir(Path dir, OwnerRepoAction action) {
        forEachDirAtDepth(dir, 2, p -> action.accept(p, p.getParent().getFileName().toString(),
                p.getFileName().toString()));
    }

    interface OwnerRepoAction {
        void accept(Path repoDir, String owner, String repo);
    }

    private static void forEachDirAtDepth(Path dir, int depth, Consumer<Path> action) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> dirs = Files.walk(dir, depth)) {
            dirs.filter(p -> dir.relativize(p).getNameCount() == depth && Files.isDirectory(p)).sorted()
                    .forEach(action);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file's JSON, or an empty object if there is no such file. */
    static JsonNode readIfExists(Path file) {
        return Files.exists(file) ? read(file) : Json.object();
    }

    static JsonNode read(Path file) {
        try {
            return Json.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fixture " + file, e);
        }
    }
}
