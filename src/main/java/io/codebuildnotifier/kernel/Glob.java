package io.codebuildnotifier.kernel;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A setting's pattern with {@code *} wildcards ({@code webapp-*}, {@code web/*}), matched against a whole name; each
 * pattern compiled once (routes and targets are asked of every project and deployment).
 */
public final class Glob {
    private static final Map<String, Pattern> COMPILED = new ConcurrentHashMap<>();

    private Glob() {
    }

    /** Whether the pattern matches the whole name; {@code *} stands for any characters, everything else for itself. */
    public static boolean matches(String pattern, String name) {
        return name != null && COMPILED.computeIfAbsent(pattern, Glob::compile).matcher(name).matches();
    }

    private static Pattern compile(String pattern) {
        String[] pieces = pattern.split("\\*", -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pieces.length; i++) {
            regex.append(i == 0 ? "" : ".*").append(Pattern.quote(pieces[i]));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
