package io.codebuildnotifier.sources.push;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.Invocation;
import io.codebuildnotifier.notification.Announcer;
import io.codebuildnotifier.notification.ChannelRoutes;
import io.codebuildnotifier.notification.Decision;
import io.codebuildnotifier.notification.Dispatcher;
import io.codebuildnotifier.notification.Notification;
import io.codebuildnotifier.notification.Notification.Fact;
import io.codebuildnotifier.notification.Notification.FactKey;
import io.codebuildnotifier.notification.Notification.Link;
import io.codebuildnotifier.notification.Notification.LinkKey;
import io.codebuildnotifier.notification.NotificationKey;
import io.codebuildnotifier.notification.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Tells a repository's channel about a push to CodeCommit: a branch created, updated or deleted, a tag
 * created or deleted. Who pushed, the new commits (first parents from the new head back to the old one,
 * the newest first) and the files changed, with links to the console. Either door (EventBridge, a trigger
 * directly or through SNS) names the same occurrence, so a push that arrives both ways is told once. A
 * repository no push rule (nor the catch-all) gives a channel is told to nobody: pushes have no DMs.
 */
public final class PushNotifier {
    /** Commits shown; the rest are counted. */
    static final int SHOWN_COMMITS = 10;
    /** Commits read at most (one GetCommit each); a longer push is told as "100+". */
    static final int MAX_WALK = 100;
    /** Changed files shown; the rest are counted. */
    static final int SHOWN_FILES = 20;
    /** Time kept for the messages when the walk would go on past the commits shown. */
    private static final Duration KEEP_FOR_SENDING = Duration.ofSeconds(5);

    private final ChannelRoutes routes;
    private final RepositoryChanges changes;
    private final Announcer announcer;

    public PushNotifier(ChannelRoutes routes, RepositoryChanges changes, Announcer announcer) {
        this.routes = routes;
        this.changes = changes;
        this.announcer = announcer;
    }

    /** What a push did to its reference. */
    enum Change {
        BRANCH_CREATED("branch created"), BRANCH_UPDATED("branch updated"), BRANCH_DELETED("branch deleted"),
        TAG_CREATED("tag created"), TAG_UPDATED("tag updated"), TAG_DELETED("tag deleted");

        final String words;

        Change(String words) {
            this.words = words;
        }

        boolean deleted() {
            return this == BRANCH_DELETED || this == TAG_DELETED;
        }

        boolean created() {
            return this == BRANCH_CREATED || this == TAG_CREATED;
        }

        boolean tag() {
            return this == TAG_CREATED || this == TAG_UPDATED || this == TAG_DELETED;
        }

        static Optional<Change> of(String event, String referenceType) {
            boolean branch = referenceType.equals("branch");
            if (!branch && !referenceType.equals("tag")) {
                return Optional.empty();
            }
            return Optional.ofNullable(switch (event) {
                case "referenceCreated" -> branch ? BRANCH_CREATED : TAG_CREATED;
                case "referenceUpdated" -> branch ? BRANCH_UPDATED : TAG_UPDATED;
                case "referenceDeleted" -> branch ? BRANCH_DELETED : TAG_DELETED;
                default -> null;
            });
        }
    }

    public Outcome handle(PushEvent event, Invocation invocation) {
        String about = "push:" + event.repository() + "/" + event.referenceType() + "/" + event.referenceName();
        Optional<Change> change = Change.of(event.event(), event.referenceType());
        if (change.isEmpty()) {
            return new Outcome.Ignored(about, "a CodeCommit " + (event.event().isEmpty() ? "event" : event.event())
                    + " is not a branch or tag created, updated or deleted");
        }
        // a deletion names the head it had: EventBridge as oldCommitId, a trigger as its commit (git's zero id
        // for "none" is taken as not said)
        String head = known(change.get().deleted() && known(event.commitId()).isEmpty() ? event.oldCommitId()
                : event.commitId());
        if (head.isEmpty() && !change.get().deleted()) {
            return new Outcome.Rejected("the " + event.event() + " of " + about + " names no commit");
        }
        NotificationKey key = new NotificationKey(about + "/" + event.event() + "/" + (head.isEmpty() ? "-" : head));
        String subject = key.value();
        Optional<String> channel = routes.channelFor(ChannelRoutes.Kind.PUSH, event.repository());
        if (channel.isEmpty()) {
            // nothing read, nothing written: nobody would hear of it
            return new Outcome.Told(subject, event.event(), new Decision.Quiet("no channel: no CBN_CHANNEL_ROUTES "
                    + "rule for push " + event.repository() + " and no CBN_ADDITIONAL_CHANNEL"), Optional.empty(), List.of());
        }
        String newHead = head;
        return announcer.announce(key, subject, invocation, () -> new Announcer.Decided.Tell(
                notification(key, event, change.get(), newHead, invocation.deadline()),
                new Dispatcher.Audience(channel), new Decision.Notify("push to " + channel.get()), event.event()));
    }

    /** The commits a push brought, as far as they were read. */
    record Walk(List<RepositoryChanges.CommitInfo> commits, Ending ending) {
        enum Ending {
            /** Reached the old head: every new commit was read */
            OLD_HEAD,
            /** Stopped at {@link #MAX_WALK} commits, or for time: there are more */
            CUT,
            /**
             * Reached a root commit, or one the repository does not have, without meeting the old head (a
             * force push): only the new head is kept, the rest may be old history
             */
            LOST,
            /** A creation: its head */
            CREATED,
            /** The old head is not known (a trigger): the new head only */
            NO_OLD_HEAD,
            /** A deletion: no commits */
            DELETED
        }

        /** Whether {@code commits} are all the push brought. */
        boolean exact() {
            return ending == Ending.OLD_HEAD || ending == Ending.CREATED || ending == Ending.DELETED;
        }
    }

    private Notification notification(NotificationKey key, PushEvent event, Change change, String head,
                                      Deadline deadline) {
        String repo = event.repository();
        String old = change.deleted() || change.created() ? "" : event.oldCommitId().toLowerCase(Locale.ROOT);
        boolean oldKnown = !old.isEmpty();
        Walk walk;
        Optional<RepositoryChanges.Differences> files;
        if (change.deleted()) {
            walk = new Walk(List.of(), Walk.Ending.DELETED);
            files = Optional.empty();
        } else if (oldKnown) {
            walk = walk(repo, head, old, deadline);
            files = changes.differences(repo, old, head, SHOWN_FILES, deadline);
        } else {
            Optional<RepositoryChanges.CommitInfo> commit = changes.commit(repo, head, deadline);
            walk = new Walk(commit.stream().toList(), change.created() ? Walk.Ending.CREATED : Walk.Ending.NO_OLD_HEAD);
            // a tag names a commit; a new branch, or one whose old head is not known, shows its head's own change
            files = change.tag() ? Optional.empty() : commit.flatMap(c -> c.firstParent()
                    .flatMap(parent -> changes.differences(repo, parent, head, SHOWN_FILES, deadline)));
        }
        Console console = new Console(event.region(), repo);
        String pusher = Pushers.name(event.callerArn());

        List<Notification.Revision> shown = walk.commits().stream().limit(SHOWN_COMMITS)
                .map(c -> new Notification.Revision(c.sha(), c.subject(),
                        c.authorName().isEmpty() ? c.authorEmail() : c.authorName(), console.commit(c.sha()).orElse(""),
                        "")).toList();
        int moreCommits = walk.commits().size() - shown.size();
        RepositoryChanges.Differences differences = files.orElse(RepositoryChanges.Differences.NONE);
        List<Notification.FileChange> shownFiles = differences.changes().stream().limit(SHOWN_FILES)
                .map(f -> new Notification.FileChange(f.change(), f.path())).toList();
        int moreFiles = differences.total() - shownFiles.size();

        List<Fact> facts = new ArrayList<>();
        if (!pusher.isEmpty()) {
            facts.add(new Fact(FactKey.PUSHED_BY, pusher));
        }
        facts.add(new Fact(FactKey.REPOSITORY, repo));
        facts.add(new Fact(FactKey.REF_NAME, event.referenceName()));
        facts.add(new Fact(FactKey.CHANGE, changeWords(change, walk, oldKnown, old)));
        if (!head.isEmpty()) {
            facts.add(new Fact(FactKey.COMMIT, head));
        }

        List<Link> links = new ArrayList<>();
        if (oldKnown) {
            console.compare(old, head).ifPresent(url -> links.add(new Link(LinkKey.COMPARE, url, "Compare")));
        }
        (change.deleted() ? console.repositoryPage() : console.reference(event.referenceType(), event.referenceName()))
                .ifPresent(url -> links.add(new Link(LinkKey.CONSOLE, url, repo)));

        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("repository", repo);
        payload.put("reference_type", event.referenceType());
        payload.put("reference", event.referenceName());
        payload.put("event", event.event());
        payload.put("commit", head);
        payload.put("old_commit", old);
        payload.put("pushed_by", pusher);
        payload.put("commits", walk.commits().stream().limit(SHOWN_COMMITS).map(RepositoryChanges.CommitInfo::sha)
                .toList());
        payload.put("commit_count", walk.commits().size());
        payload.put("commit_count_exact", walk.exact());
        payload.put("file_count", differences.total());
        payload.put("file_count_exact", !differences.more());

        return new Notification(key, Notification.Kind.PUSH, change.deleted() ? Notification.Severity.WARNING
                : Notification.Severity.SUCCESS, title(pusher, event, change, walk, oldKnown, head), facts, links,
                List.of(), List.of()).withChanges(new Notification.Changes(shown, moreCommits, shownFiles, moreFiles))
                .withMetadata(new Notification.Metadata("codecommit_push", payload));
    }

    private Walk walk(String repo, String head, String old, Deadline deadline) {
        List<RepositoryChanges.CommitInfo> commits = new ArrayList<>();
        String sha = head;
        while (!sha.equals(old)) {
            if (commits.size() >= MAX_WALK
                    || commits.size() >= SHOWN_COMMITS && !deadline.allows(Duration.ofSeconds(1), KEEP_FOR_SENDING)) {
                return new Walk(commits, Walk.Ending.CUT);
            }
            Optional<RepositoryChanges.CommitInfo> commit = changes.commit(repo, sha, deadline);
            if (commit.isEmpty()) {
                return new Walk(commits.stream().limit(1).toList(), Walk.Ending.LOST);
            }
            commits.add(commit.get());
            Optional<String> parent = commit.get().firstParent();
            if (parent.isEmpty()) {
                return new Walk(commits.stream().limit(1).toList(), Walk.Ending.LOST);
            }
            sha = parent.get().toLowerCase(Locale.ROOT);
        }
        return new Walk(commits, Walk.Ending.OLD_HEAD);
    }

    private static String changeWords(Change change, Walk walk, boolean oldKnown, String old) {
        if (change == Change.BRANCH_UPDATED || change == Change.TAG_UPDATED) {
            if (!oldKnown) {
                return change.words + " (the previous head is not known)";
            }
            if (walk.ending() == Walk.Ending.LOST) {
                return change.words + " (the previous head " + shortSha(old) + " is not an ancestor of the new one)";
            }
        }
        return change.words;
    }

    private static String title(String pusher, PushEvent event, Change change, Walk walk, boolean oldKnown,
                                String head) {
        String who = pusher.isEmpty() ? "Someone" : pusher;
        String ref = event.referenceName();
        String repo = event.repository();
        return switch (change) {
            case BRANCH_CREATED -> who + " created branch " + ref + " in " + repo;
            case TAG_CREATED -> who + " created tag " + ref + " in " + repo;
            case BRANCH_DELETED -> who + " deleted branch " + ref + " in " + repo + (head.isEmpty() ? ""
                    : " (its head was " + shortSha(head) + ")");
            case TAG_DELETED -> who + " deleted tag " + ref + " in " + repo + (head.isEmpty() ? ""
                    : " (it named " + shortSha(head) + ")");
            case TAG_UPDATED -> who + " moved tag " + ref + " in " + repo + " to " + shortSha(head);
            case BRANCH_UPDATED -> !oldKnown || walk.ending() == Walk.Ending.LOST
                    ? who + " pushed to " + ref + " in " + repo
                    : who + " pushed " + count(walk) + " to " + ref + " in " + repo;
        };
    }

    private static String count(Walk walk) {
        int n = walk.commits().size();
        return (walk.exact() ? String.valueOf(n) : n + "+") + (n == 1 && walk.exact() ? " commit" : " commits");
    }

    /** A commit id in lower case; empty for none or git's all-zero id. */
    private static String known(String sha) {
        String id = sha.toLowerCase(Locale.ROOT);
        return id.chars().allMatch(c -> c == '0') ? "" : id;
    }

    private static String shortSha(String sha) {
        return new Notification.Revision(sha, "", "", "", "").shortSha();
    }
}
