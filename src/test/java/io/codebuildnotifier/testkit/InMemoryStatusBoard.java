package io.codebuildnotifier.testkit;

import io.codebuildnotifier.interactions.StatusBoard;
import io.codebuildnotifier.kernel.Deadline;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Where builds stand, in memory: the standings a test puts (the latest build of each place of a project), and whose
 * commits they built. Every list is newest first.
 */
public final class InMemoryStatusBoard implements StatusBoard {
    private final List<Standing> standings = new CopyOnWriteArrayList<>();
    private final Map<String, List<Standing>> byEmail = new LinkedHashMap<>();

    /** A place's latest build; it replaces the place's earlier one. */
    public synchronized InMemoryStatusBoard put(Standing standing) {
        standings.removeIf(s -> s.project().equals(standing.project()) && s.place().equals(standing.place()));
        standings.add(standing);
        return this;
    }

    /** A place's latest build, of a commit {@code email} wrote or committed. */
    public synchronized InMemoryStatusBoard put(Standing standing, String email) {
        put(standing);
        byEmail.computeIfAbsent(email.toLowerCase(Locale.ROOT), e -> new ArrayList<>()).add(standing);
        return this;
    }

    @Override
    public synchronized List<Standing> ofProject(String project, Deadline deadline) {
        return newestFirst(standings.stream().filter(s -> s.project().equals(project)).toList());
    }

    @Override
    public synchronized List<Standing> ofRepository(String repository, Deadline deadline) {
        Map<String, Standing> latest = new LinkedHashMap<>();
        for (Standing s : newestFirst(standings.stream().filter(s -> s.repository().equals(repository)).toList())) {
            latest.putIfAbsent(s.project(), s);
        }
        return List.copyOf(latest.values());
    }

    @Override
    public synchronized List<Standing> recent(int limit, Deadline deadline) {
        Map<String, Standing> latest = new LinkedHashMap<>();
        for (Standing s : newestFirst(standings)) {
            latest.putIfAbsent(s.project(), s);
        }
        return latest.values().stream().limit(limit).toList();
    }

    @Override
    public synchronized List<Standing> involving(String email, int limit, Deadline deadline) {
        return newestFirst(byEmail.getOrDefault(email.toLowerCase(Locale.ROOT), List.of())).stream().limit(limit)
                .toList();
    }

    private static List<Standing> newestFirst(List<Standing> list) {
        return list.stream().sorted(Comparator.comparing(Standing::at).reversed()).toList();
    }
}
