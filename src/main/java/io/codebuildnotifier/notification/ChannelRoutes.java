package io.codebuildnotifier.notification;

import io.codebuildnotifier.kernel.Glob;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Which channel hears about what: {@code KIND:PATTERN=CHANNEL} rules, read in order, the first that
 * matches wins ({@code build:webapp-*=#webapp-ci,build:*=#ci}). PATTERN names what the kind is about
 * (a build's project, later a pipeline, an application, a repository) with {@code *} matching any run
 * of characters. A subject no rule matches goes to the catch-all channel, when there is one.
 */
public record ChannelRoutes(List<Rule> rules, Optional<String> catchAll) {
    /** What a rule can be about. */
    public enum Kind {
        BUILD, APPROVAL, PIPELINE, DEPLOY, PUSH;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Optional<Kind> parse(String id) {
            for (Kind kind : values()) {
                if (kind.id().equals(id.trim().toLowerCase(Locale.ROOT))) {
                    return Optional.of(kind);
                }
            }
            return Optional.empty();
        }
    }

    /** One rule: subjects of {@code kind} matching {@code pattern} go to {@code channel}. */
    public record Rule(Kind kind, String pattern, String channel) {
        public Rule {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(pattern, "pattern");
            Objects.requireNonNull(channel, "channel");
        }

        public boolean matches(Kind k, String subject) {
            return k == kind && Glob.matches(pattern, subject);
        }

        @Override
        public String toString() {
            return kind.id() + ":" + pattern + "=" + channel;
        }
    }

    public ChannelRoutes {
        rules = List.copyOf(rules);
        catchAll = catchAll == null ? Optional.empty() : catchAll;
    }

    /** Only a catch-all channel (the original's {@code CBN_ADDITIONAL_CHANNEL}). */
    public static ChannelRoutes catchAll(Optional<String> channel) {
        return new ChannelRoutes(List.of(), channel);
    }

    /**
     * Reads a rule list.
     *
     * @throws IllegalArgumentException naming the rule that is wrong and why
     */
    public static List<Rule> parse(String spec) {
        List<Rule> rules = new ArrayList<>();
        if (spec == null || spec.isBlank()) {
            return rules;
        }
        for (String entry : spec.split(",")) {
            String rule = entry.trim();
            if (rule.isEmpty()) {
                continue;
            }
            int colon = rule.indexOf(':');
            int equals = rule.lastIndexOf('=');
            if (colon <= 0 || equals < colon + 2 || equals == rule.length() - 1) {
                throw new IllegalArgumentException("'" + rule + "' is not KIND:PATTERN=CHANNEL");
            }
            String kindId = rule.substring(0, colon);
            Kind kind = Kind.parse(kindId).orElseThrow(() -> new IllegalArgumentException("'" + rule
                    + "': the kind '" + kindId.trim() + "' is not one of " + kinds()));
            String pattern = rule.substring(colon + 1, equals).trim();
            String channel = rule.substring(equals + 1).trim();
            if (pattern.isEmpty() || channel.isEmpty()) {
                throw new IllegalArgumentException("'" + rule + "' is not KIND:PATTERN=CHANNEL");
            }
            if (!channel.matches("#?[A-Za-z0-9][A-Za-z0-9._\\-]{0,79}")) {
                throw new IllegalArgumentException("'" + rule + "': '" + channel
                        + "' is not a channel name or id (#builds, builds, C0123ABCD)");
            }
            rules.add(new Rule(kind, pattern, channel));
        }
        return rules;
    }

    private static String kinds() {
        return java.util.Arrays.stream(Kind.values()).map(Kind::id).toList().toString();
    }

    /** The channel for a subject: the first matching rule's, else the catch-all, else none. */
    public Optional<String> channelFor(Kind kind, String subject) {
        String s = subject == null ? "" : subject;
        return rules.stream().filter(r -> r.matches(kind, s)).map(Rule::channel).findFirst().or(() -> catchAll);
    }

    /**
     * The channel for a subject that goes by several names (a deployment: its {@code APPLICATION/GROUP} and its
     * application): the first rule that matches any of them, else the catch-all, else none.
     */
    public Optional<String> channelFor(Kind kind, List<String> names) {
        return rules.stream().filter(r -> names.stream().anyMatch(n -> r.matches(kind, n == null ? "" : n)))
                .map(Rule::channel).findFirst().or(() -> catchAll);
    }

    @Override
    public String toString() {
        return rules + catchAll.map(c -> " else " + c).orElse("");
    }
}
