package io.codebuildnotifier.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codebuildnotifier.sandbox.Sandbox;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Judges a {@link BurstRun.Raw}: what was owed against what Slack accepted (delivered, duplicated, lost), what is
 * left in the queues, Slack's 429s and calls, and the delay from each event to the first accepted Slack call to each
 * of its conversations that shows its build; then the targets, each met or not.
 */
final class BurstReport {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A rollup's line for a project: {@code <URL|label> :icon:}, the URL holding the build's id. */
    private static final Pattern PART = Pattern.compile("<([^|>]*)\\|([^>]*)> (:[a-z_]+:)");
    /** A project a large rollup names without a link (a pass): {@code NAME :icon:}, between items. */
    private static final Pattern NAMED = Pattern.compile("(?:^|  |: |\n)([A-Za-z0-9][A-Za-z0-9_-]*) (:[a-z_]+:)");
    private static final Pattern FINISHED = Pattern.compile(": (\\d+)(?: of \\d+)? finished");
    static final long NEVER = Long.MAX_VALUE;

    /** One target, its limit in words and whether it was met. */
    record Target(String name, String limit, String actual, boolean met) {
    }

    /** How a conversation fared: accepted posts and updates, 429-free, and when (seconds from the start). */
    record Conversation(String id, int posts, int updates, double firstSeconds, double lastSeconds,
                        double medianGapSeconds, double maxGapSeconds, int gapsOver1500ms) {
        int accepted() {
            return posts + updates;
        }
    }

    /** The figures of one scenario. */
    record Figures(BurstRun.Raw raw, int owed, int delivered, int duplicated, int lost, String contentNote,
                   long rateLimited, Map<String, Long> rateLimitedByMethod, int accepted, Map<String, Long> slackCalls,
                   long[] delays, long[] shownDelays, Conversation busiest, List<Conversation> conversations,
                   int failedInvocations, List<Target> targets) {
        BurstScenario scenario() {
            return raw.scenario();
        }

        boolean allMet() {
            return targets.stream().allMatch(Target::met);
        }
    }

    private BurstReport() {
    }

    // ------------------------------------------------------------------ judging

    static Figures judge(BurstRun.Raw raw) {
        BurstScenario scenario = raw.scenario();
        List<Sandbox.SlackAccepted> accepted = raw.accepted();
        List<String> contents = accepted.stream().map(BurstReport::content).toList();
        int owed = scenario.owed();
        int delivered = 0;
        int duplicated = 0;
        int lost = 0;
        String contentNote = "";
        if (scenario.kind() == BurstScenario.Kind.PER_BUILD) {
            for (BurstScenario.Planned build : scenario.builds()) {
                for (String conversation : build.conversations()) {
                    int posts = 0;
                    for (int i = 0; i < accepted.size(); i++) {
                        Sandbox.SlackAccepted a = accepted.get(i);
                        if (a.method().equals("chat.postMessage") && a.channel().equals(conversation)
                                && contents.get(i).contains(build.uuid())) {
                            posts++;
                        }
                    }
                    delivered += posts > 0 ? 1 : 0;
                    lost += posts == 0 ? 1 : 0;
                    duplicated += Math.max(0, posts - 1);
                }
            }
        } else {
            List<String> notes = new ArrayList<>();
            for (String conversation : scenario.conversations()) {
                List<Sandbox.SlackAccepted> here = accepted.stream().filter(a -> a.channel().equals(conversation))
                        .toList();
                long posts = here.stream().filter(a -> a.method().equals("chat.postMessage")).count();
                duplicated += (int) Math.max(0, posts - 1);
                if (posts == 0) {
                    lost++;
                    notes.add(conversation + ": no message");
                    continue;
                }
                // the message updated last, as it reads after its last accepted version
                Sandbox.SlackAccepted last = here.stream().max(Comparator.comparingLong(
                        Sandbox.SlackAccepted::acceptedNanos)).orElseThrow();
                Completeness complete = completeness(last, scenario.builds());
                if (complete.complete()) {
                    delivered++;
                } else {
                    lost++;
                }
                notes.add(conversation + ": " + complete.describe());
            }
            contentNote = String.join("; ", notes);
        }

        // delays: from the event's hand-over to the first accepted call to the conversation that shows the build
        List<Long> all = new ArrayList<>();
        for (BurstScenario.Planned build : scenario.builds()) {
            for (String conversation : build.conversations()) {
                long first = NEVER;
                for (int i = 0; i < accepted.size(); i++) {
                    Sandbox.SlackAccepted a = accepted.get(i);
                    if (a.channel().equals(conversation) && shows(contents.get(i), build)) {
                        first = Math.min(first, a.acceptedNanos());
                    }
                }
                all.add(first == NEVER ? NEVER : first - raw.handedNanos()[build.index()]);
            }
        }
        long[] delays = all.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] shown = Arrays.stream(delays).filter(d -> d != NEVER).toArray();

        Map<String, Conversation> conversations = new TreeMap<>();
        Map<String, List<Sandbox.SlackAccepted>> byConversation = new TreeMap<>();
        accepted.forEach(a -> byConversation.computeIfAbsent(a.channel(), c -> new ArrayList<>()).add(a));
        byConversation.forEach((id, list) -> {
            long[] gaps = new long[Math.max(0, list.size() - 1)];
            for (int i = 1; i < list.size(); i++) {
                gaps[i - 1] = list.get(i).acceptedNanos() - list.get(i - 1).acceptedNanos();
            }
            Arrays.sort(gaps);
            conversations.put(id, new Conversation(id,
                    (int) list.stream().filter(a -> a.method().equals("chat.postMessage")).count(),
                    (int) list.stream().filter(a -> a.method().equals("chat.update")).count(),
                    seconds(raw, list.getFirst().acceptedNanos()), seconds(raw, list.getLast().acceptedNanos()),
                    percentile(gaps, 0.5) / 1e9, gaps.length == 0 ? 0 : gaps[gaps.length - 1] / 1e9,
                    (int) Arrays.stream(gaps).filter(g -> g > 1_500_000_000L).count()));
        });
        Conversation busiest = conversations.values().stream().max(Comparator.comparingInt(Conversation::accepted)
                .thenComparing(Conversation::id)).orElse(new Conversation("-", 0, 0, 0, 0, 0, 0, 0));

        Map<String, Long> slackCalls = new TreeMap<>();
        raw.calls().stream().filter(c -> c.service().equals("slack"))
                .forEach(c -> slackCalls.merge(c.operation(), 1L, Long::sum));
        int failedInvocations = raw.events().toFailedInvocationsQueue();

        List<Target> targets = new ArrayList<>();
        targets.add(new Target("lost", "0", Integer.toString(lost), lost == 0));
        targets.add(new Target("duplicated", "0", Integer.toString(duplicated), duplicated == 0));
        Sandbox.SqsCounts queue = raw.queue();
        int left = queue.left() + failedInvocations;
        targets.add(new Target("left in any queue", "0", left + " (SQS " + queue.visible() + " visible, "
                + queue.inFlight() + " in flight, " + queue.deadLettered() + " dead letters; " + failedInvocations
                + " failed invocations)" + (raw.capped() ? ", stopped at the cap" : ""), left == 0 && !raw.capped()));
        targets.add(new Target("Slack 429s", "≤ " + accepted.size() + " (messages sent)",
                Long.toString(raw.rateLimited()), raw.rateLimited() <= accepted.size()));
        long p90 = percentile(delays, 0.90);
        long limit = (busiest.accepted() + 30L) * 1_000_000_000L;
        targets.add(new Target("p90 delay", "≤ " + busiest.accepted() + " × 1 s + 30 s = " + (busiest.accepted() + 30)
                + " s", duration(p90), p90 <= limit));
        return new Figures(raw, owed, delivered, duplicated, lost, contentNote, raw.rateLimited(),
                raw.rateLimitedByMethod(), accepted.size(), slackCalls, delays, shown, busiest,
                List.copyOf(conversations.values()), failedInvocations, targets);
    }

    /** Whether a rollup message lists every build with its status, and what it shows. */
    record Completeness(int builds, int named, int rightStatus, int failing, int failingNamed, int finishedCount,
                        String more) {
        boolean complete() {
            return named == builds && rightStatus == builds && finishedCount == builds;
        }

        String describe() {
            return (complete() ? "complete: " : "incomplete: ") + "names " + named + " of " + builds
                    + " projects (" + rightStatus + " with the right status; " + failingNamed + " of the " + failing
                    + " failing ones), counts " + finishedCount + " finished"
                    + (more.isEmpty() ? "" : ", then says \"" + more + "\"");
        }
    }

    /** Whether a message's content shows a build: linked by its id, or (a large rollup's pass) named. */
    private static boolean shows(String content, BurstScenario.Planned build) {
        return content.contains(build.uuid()) || (build.status().equals("SUCCEEDED")
                && content.contains(build.project() + " :white_check_mark:"));
    }

    private static Completeness completeness(Sandbox.SlackAccepted message, List<BurstScenario.Planned> builds) {
        String body = attachmentTexts(message);
        Map<String, String> icons = new LinkedHashMap<>();
        Matcher part = PART.matcher(body);
        while (part.find()) {
            icons.put(part.group(1), part.group(3));
        }
        Map<String, String> byName = new LinkedHashMap<>();
        Matcher plain = NAMED.matcher(body);
        while (plain.find()) {
            byName.put(plain.group(1), plain.group(2));
        }
        int named = 0;
        int right = 0;
        int failing = 0;
        int failingNamed = 0;
        for (BurstScenario.Planned build : builds) {
            String icon = icons.entrySet().stream().filter(e -> e.getKey().contains(build.uuid()))
                    .map(Map.Entry::getValue).findFirst().orElse(byName.get(build.project()));
            boolean passed = build.status().equals("SUCCEEDED");
            failing += passed ? 0 : 1;
            if (icon != null) {
                named++;
                failingNamed += passed ? 0 : 1;
                right += icon.equals(passed ? ":white_check_mark:" : ":x:") ? 1 : 0;
            }
        }
        Matcher finished = FINISHED.matcher(body);
        int count = finished.find() ? Integer.parseInt(finished.group(1)) : builds.size() == 1 ? 1 : 0;
        Matcher more = Pattern.compile("… and \\d+ more").matcher(body);
        return new Completeness(builds.size(), named, right, failing, failingNamed, count,
                more.find() ? more.group() : "");
    }

    /** Everything a message shows, as text: its text, and its attachments' and blocks' JSON. */
    static String content(Sandbox.SlackAccepted a) {
        return a.text() + "\n" + (a.attachmentsJson() == null ? "" : a.attachmentsJson()) + "\n"
                + (a.blocksJson() == null ? "" : a.blocksJson());
    }

    /** The text, the attachments' text and fallback, and every text of the message's and attachments' blocks. */
    private static String attachmentTexts(Sandbox.SlackAccepted a) {
        StringBuilder out = new StringBuilder(a.text()).append('\n');
        try {
            if (a.blocksJson() != null) {
                JSON.readTree(a.blocksJson()).forEach(block -> blockTexts(block, out));
            }
            if (a.attachmentsJson() != null) {
                for (JsonNode attachment : JSON.readTree(a.attachmentsJson())) {
                    out.append(attachment.path("text").asText("")).append('\n')
                            .append(attachment.path("fallback").asText("")).append('\n');
                    attachment.path("blocks").forEach(block -> blockTexts(block, out));
                }
            }
        } catch (IOException e) {
            out.append(a.attachmentsJson());
        }
        return out.toString();
    }

    private static void blockTexts(JsonNode block, StringBuilder out) {
        out.append(block.path("text").path("text").asText("")).append('\n');
        block.path("fields").forEach(f -> out.append(f.path("text").asText("")).append('\n'));
        if (block.path("type").asText().equals("context")) {
            block.path("elements").forEach(e -> out.append(e.path("text").asText("")).append('\n'));
        }
    }

    /** The nearest-rank percentile of sorted values ({@link #NEVER} for none shown). */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }

    /** The conversation a post's {@code channel} lands in: a member's DM, or the channel #builds. */
    private static String conversationOf(String channel) {
        if (channel.startsWith("U") || channel.startsWith("W")) {
            return "D" + channel.substring(1);
        }
        return channel.equals("#builds") || channel.equals("builds") ? BurstWorld.CHANNEL_ID : channel;
    }

    private static double seconds(BurstRun.Raw raw, long nanos) {
        return (nanos - raw.startNanos()) / 1e9;
    }

    static String duration(long nanos) {
        if (nanos == NEVER) {
            return "never";
        }
        return nanos < 1_000_000_000L ? String.format(Locale.ROOT, "%d ms", nanos / 1_000_000)
                : String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    // ------------------------------------------------------------------ markdown

    static String markdown(Map<String, String> machine, BurstRun.Config config, List<Figures> all, double seconds) {
        StringBuilder md = new StringBuilder();
        md.append("# Burst benchmark\n\n");
        md.append("The real events and sender handlers, in one JVM, in real time, against DynamoDB Local and the "
                + "loopback sandbox with Slack's published rate limits on (chat.postMessage 1/s per conversation, "
                + "bursts of 3; chat.update and users.lookupByEmail 50/min each, bursts of 20). The events function "
                + "queues every message in a FakeSqs FIFO queue through the real SqsDeliveryQueue and SQS SDK.\n\n");
        machine.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
        md.append(String.format(Locale.ROOT, "- emulated Lambda: events function up to %d instances, timeout %d s, "
                        + "failed invocations retried after %s; sender: SQS FIFO event source mapping, batch size %d, "
                        + "MaximumConcurrency %d, timeout %d s; delivery queue visibility timeout **%d s** (the template "
                        + "has 540 s), maxReceiveCount %d\n", config.eventInstances(), config.eventsTimeout().toSeconds(),
                config.retryDelays().stream().map(d -> d.toSeconds() + " s").toList(), config.batchSize(),
                config.senderConcurrency(), config.senderTimeout().toSeconds(), config.visibilityTimeout().toSeconds(),
                config.maxReceiveCount()));
        md.append(String.format(Locale.ROOT, "- the run took %.0f s\n\n", seconds));

        md.append("| | ").append(String.join(" | ", all.stream().map(f -> "(" + f.scenario().id() + ")").toList()))
                .append(" |\n|---|").append("---|".repeat(all.size())).append('\n');
        row(md, "scenario", all, f -> f.scenario().title());
        row(md, "messages owed", all, f -> Integer.toString(f.owed()));
        row(md, "delivered", all, f -> Integer.toString(f.delivered()));
        row(md, "duplicated", all, f -> Integer.toString(f.duplicated()));
        row(md, "lost", all, f -> Integer.toString(f.lost()));
        row(md, "left in SQS (visible / in flight / dead letters)", all, f -> f.raw().queue().visible() + " / "
                + f.raw().queue().inFlight() + " / " + f.raw().queue().deadLettered());
        row(md, "to the failed-invocations queue", all, f -> Integer.toString(f.failedInvocations()));
        row(md, "Slack 429s (by method)", all, f -> f.rateLimited() + (f.rateLimitedByMethod().isEmpty() ? ""
                : " " + f.rateLimitedByMethod()));
        row(md, "messages Slack accepted (posts + updates)", all, f -> Integer.toString(f.accepted()));
        row(md, "Slack calls: chat.postMessage", all, f -> Long.toString(f.slackCalls().getOrDefault("chat.postMessage", 0L)));
        row(md, "Slack calls: chat.update", all, f -> Long.toString(f.slackCalls().getOrDefault("chat.update", 0L)));
        row(md, "Slack calls: users.lookupByEmail", all,
                f -> Long.toString(f.slackCalls().getOrDefault("users.lookupByEmail", 0L)));
        row(md, "delay: median", all, f -> duration(percentile(f.delays(), 0.5)));
        row(md, "delay: p90", all, f -> duration(percentile(f.delays(), 0.9)));
        row(md, "delay: max", all, f -> duration(f.delays().length == 0 ? 0 : f.delays()[f.delays().length - 1]));
        row(md, "busiest conversation (accepted)", all, f -> f.busiest().id() + " (" + f.busiest().accepted() + ")");
        md.append('\n');

        md.append("## Targets\n\n| target | ").append(String.join(" | ", all.stream()
                .map(f -> "(" + f.scenario().id() + ")").toList())).append(" |\n|---|")
                .append("---|".repeat(all.size())).append('\n');
        int targets = all.getFirst().targets().size();
        for (int t = 0; t < targets; t++) {
            int index = t;
            md.append("| ").append(all.getFirst().targets().get(t).name()).append(" | ");
            md.append(String.join(" | ", all.stream().map(f -> {
                Target target = f.targets().get(index);
                return (target.met() ? "met" : "**NOT met**") + ": " + target.actual() + " (" + target.limit() + ")";
            }).toList())).append(" |\n");
        }
        md.append('\n');

        for (Figures f : all) {
            details(md, f);
        }
        md.append("## How it is measured\n\n"
                + "- *owed*: one chat.postMessage per build and conversation (the author's DM; the channel for a "
                + "whitelisted branch); with rollups, one message per commit and conversation whose final content "
                + "names every project with its status. *delivered*: owed messages Slack accepted (with rollups: "
                + "whose final content is complete); *duplicated*: posts beyond the first for the same build (with "
                + "rollups: commit) and conversation; *lost*: owed less delivered.\n"
                + "- *delay*: for each build and each of its conversations, from the moment its event was handed to "
                + "the events function to the first chat.postMessage or chat.update Slack accepted in that "
                + "conversation whose content holds the build (its id, in the build link); *never* when none did. "
                + "Nearest-rank percentiles over all pairs.\n"
                + "- *p90 target*: the busiest conversation's accepted messages at Slack's 1 per second, plus 30 s. "
                + "Scenario (c) posts 200 messages to one DM and 200 to one channel: at Slack's 1/s per "
                + "conversation that takes at least 200 s whatever the notifier does, which is why the run takes "
                + "minutes.\n"
                + "- the delivery queue's visibility timeout is 30 s here, not the template's 540 s: a batch that "
                + "outlived it would come back to another instance while still being sent (counted above as "
                + "\"outlived the visibility timeout\").\n"
                + "- Slack 429s count the calls the loopback Slack answered 429 under its limits; Slack calls count "
                + "every call made, answered or not.\n");
        md.append("- a rollup of more than 12 projects groups them by result, failures first: each build that did "
                + "not pass is linked to its build (found here by its build id), each pass is named (found by its "
                + "project name with its icon); a build counts as shown once a message names it with its status.\n");
        if (all.stream().anyMatch(f -> f.contentNote().contains(" more\""))) {
            md.append("- a rollup's project lists stop at SlackMessages.MAX_PARTS_TEXT characters and count the rest "
                    + "(\"… and N more\"): the builds it does not name are never shown.\n");
        }
        return md.toString();
    }

    private static void row(StringBuilder md, String name, List<Figures> all,
                            java.util.function.Function<Figures, String> value) {
        md.append("| ").append(name).append(" | ").append(String.join(" | ", all.stream().map(value).toList()))
                .append(" |\n");
    }

    private static void details(StringBuilder md, Figures f) {
        BurstRun.Raw raw = f.raw();
        BurstScenario s = f.scenario();
        md.append("## (").append(s.id()).append(") ").append(s.title()).append("\n\n");
        long[] handed = raw.handedNanos();
        double lastHanded = (Arrays.stream(handed).max().orElse(raw.startNanos()) - raw.startNanos()) / 1e9;
        double lastAccepted = raw.accepted().isEmpty() ? 0
                : (raw.accepted().getLast().acceptedNanos() - raw.startNanos()) / 1e9;
        md.append(String.format(Locale.ROOT, "- timeline: last event handed over at %.1f s, last Slack message "
                        + "accepted at %.1f s, everything drained at %.1f s%s\n", lastHanded, lastAccepted,
                (raw.drainedNanos() - raw.startNanos()) / 1e9, raw.capped() ? " (**stopped at the cap**)" : ""));
        if (!s.settings().isEmpty()) {
            md.append("- settings: ").append(new TreeMap<>(s.settings())).append('\n');
        }
        if (!f.contentNote().isEmpty()) {
            md.append("- final content: ").append(f.contentNote()).append('\n');
        }
        if (f.shownDelays().length != f.delays().length) {
            long[] shown = f.shownDelays();
            md.append(String.format(Locale.ROOT, "- delay: %d of %d build/conversation pairs are never shown by "
                            + "name; over the %d shown: median %s, p90 %s, max %s\n",
                    f.delays().length - shown.length, f.delays().length, shown.length,
                    duration(percentile(shown, 0.5)), duration(percentile(shown, 0.9)),
                    duration(shown.length == 0 ? 0 : shown[shown.length - 1])));
        }
        EventsLambda.Stats events = raw.events();
        md.append("- events function: ").append(events.events()).append(" events, ").append(events.attempts())
                .append(" invocations on ").append(events.instances()).append(" instances, ")
                .append(events.failedAttempts()).append(" failed (retried after 60/120 s), ")
                .append(events.toFailedInvocationsQueue()).append(" to the failed-invocations queue; outcomes ")
                .append(events.outcomes()).append('\n');
        if (!events.failures().isEmpty()) {
            md.append("  - failures (first 5): ").append(events.failures().stream().limit(5).toList()).append('\n');
        }
        if (!events.timings().isEmpty()) {
            long[] handled = events.timings().values().stream().mapToLong(t -> t.ended() - t.handed()).sorted()
                    .toArray();
            long[] waited = events.timings().values().stream().mapToLong(t -> t.started() - t.handed()).sorted()
                    .toArray();
            long lastHandled = events.timings().values().stream().mapToLong(EventsLambda.Timing::ended).max()
                    .orElse(raw.startNanos());
            md.append(String.format(Locale.ROOT, "  - from hand-over to its messages queued (the invocation's end): "
                            + "median %s, p90 %s, max %s, of which waiting for a free instance: median %s, max %s; "
                            + "the last event was handled at %.1f s\n", duration(percentile(handled, 0.5)),
                    duration(percentile(handled, 0.9)), duration(handled[handled.length - 1]),
                    duration(percentile(waited, 0.5)), duration(waited[waited.length - 1]),
                    (lastHandled - raw.startNanos()) / 1e9));
        }
        SenderMapping.Stats sender = raw.sender();
        SenderMapping.Totals totals = sender.totals();
        md.append("- sender: ").append(sender.invocations()).append(" invocations on ").append(sender.instances())
                .append(" instances for ").append(sender.messages()).append(" messages received: ")
                .append(totals.sent()).append(" sent, ").append(totals.superseded()).append(" superseded, ")
                .append(totals.alreadySent()).append(" already sent, ").append(totals.backToQueue())
                .append(" back to the queue, ").append(totals.dropped()).append(" dropped; ")
                .append(sender.failedInvocations()).append(" failed invocations; longest invocation ")
                .append(String.format(Locale.ROOT, "%.1f s", sender.longestInvocationMillis() / 1e3)).append(", ")
                .append(sender.outlivedVisibility()).append(" outlived the visibility timeout\n");
        if (!sender.failures().isEmpty()) {
            md.append("  - failures (first 5): ").append(sender.failures().stream().limit(5).toList()).append('\n');
        }
        Sandbox.SqsCounts queue = raw.queue();
        md.append("- delivery queue: ").append(queue.enqueued()).append(" messages queued, ")
                .append(queue.deduplicated()).append(" sends deduplicated, ").append(queue.staleCompletions())
                .append(" completions after the visibility timeout had run out; left: ").append(queue.visible())
                .append(" visible, ").append(queue.inFlight()).append(" in flight, ").append(queue.deadLettered())
                .append(" dead letters\n");
        md.append("- SQS SendMessageBatch calls: ").append(raw.calls().stream().filter(c -> c.service().equals("sqs")
                && c.operation().equals("SendMessageBatch")).count()).append("; Slack calls ").append(f.slackCalls())
                .append('\n');
        List<Conversation> conversations = f.conversations();
        // the calls made to each conversation: to a member id for a DM (D… is its conversation), the channel as set
        Map<String, Long> callsTo = new TreeMap<>();
        raw.calls().stream().filter(c -> c.service().equals("slack") && (c.operation().equals("chat.postMessage")
                        || c.operation().equals("chat.update")))
                .forEach(c -> callsTo.merge(conversationOf(c.params().getOrDefault("channel", "")), 1L, Long::sum));
        List<Conversation> shown = conversations.size() <= 4 ? conversations : List.of(f.busiest());
        if (conversations.size() > 4) {
            md.append("- ").append(conversations.size()).append(" conversations; the busiest:\n");
        }
        for (Conversation c : shown) {
            md.append(String.format(Locale.ROOT, "- conversation %s: %d posts, %d updates accepted (%d calls made), "
                            + "from %.1f s to %.1f s; between two accepted: median %.2f s, max %.1f s, %d gaps over "
                            + "1.5 s\n", c.id(), c.posts(), c.updates(), callsTo.getOrDefault(c.id(), 0L),
                    c.firstSeconds(), c.lastSeconds(), c.medianGapSeconds(), c.maxGapSeconds(), c.gapsOver1500ms()));
        }
        md.append('\n');
    }
}
