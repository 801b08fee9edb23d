package io.codebuildnotifier.notification;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to tell people, never how a chat shows it: no markup, no emoji, no colours, no length
 * limits. Every text is plain and may hold anything a user wrote (commit subjects, names,
 * branch names); the chat adapter escapes, clips and lays it out.
 *
 * @param key      which notification this is (one per build outcome); delivery is keyed by it
 * @param kind     what it is about, so a chat adapter can lay out each kind its own way
 * @param severity how it went
 * @param title    one plain line saying what happened ("Jane Doe's widgets-ci build - failed")
 * @param facts    what is known, by key, in the order worth reading
 * @param links    where to look, by key
 * @param people   who it concerns
 * @param actions  what someone may do about it from the chat (buttons, a member picker)
 * @param parts    the pieces a summary is made of (a commit's builds, one per project), in order
 * @param tests    what the build's test reports say; {@link Tests#NONE} when it has none
 * @param metadata the same facts for machines (other apps, workflows); {@link Metadata#NONE} for none
 * @param conversation what later notifications of the same story share (a PR or branch of a repository),
 *                 so a chat can keep them together (one thread); empty for none
 * @param changes  the commits and files it is about (a push's, a deployment's, an execution's source
 *                 revisions); {@link Changes#NONE} for none
 */
public record Notification(NotificationKey key, Kind kind, Severity severity, String title, List<Fact> facts,
                           List<Link> links, List<Person> people, List<Action> actions, List<Part> parts,
                           Tests tests, Metadata metadata, String conversation, Changes changes) {

    public Notification(NotificationKey key, Kind kind, Severity severity, String title, List<Fact> facts,
                        List<Link> links, List<Person> people, List<Action> actions, List<Part> parts,
                        Tests tests, Metadata metadata, String conversation) {
        this(key, kind, severity, title, facts, links, people, actions, parts, tests, metadata, conversation,
                Changes.NONE);
    }

    public Notification(NotificationKey key, Kind kind, Severity severity, String title, List<Fact> facts,
                        List<Link> links, List<Person> people, List<Action> actions) {
        this(key, kind, severity, title, facts, links, people, actions, List.of());
    }

    public Notification(NotificationKey key, Kind kind, Severity severity, String title, List<Fact> facts,
                        List<Link> links, List<Person> people, List<Action> actions, List<Part> parts) {
        this(key, kind, severity, title, facts, links, people, actions, parts, Tests.NONE, Metadata.NONE, "");
    }

    public Notification {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
        title = title == null ? "" : title;
        facts = List.copyOf(facts);
        links = List.copyOf(links);
        people = List.copyOf(people);
        actions = List.copyOf(actions);
        parts = parts == null ? List.of() : List.copyOf(parts);
        tests = tests == null ? Tests.NONE : tests;
        metadata = metadata == null ? Metadata.NONE : metadata;
        conversation = conversation == null ? "" : conversation;
        changes = changes == null ? Changes.NONE : changes;
    }

    public Notification withKey(NotificationKey newKey) {
        return new Notification(newKey, kind, severity, title, facts, links, people, actions, parts, tests, metadata,
                conversation);
    }

    public Notification withPeople(List<Person> newPeople) {
        return new Notification(key, kind, severity, title, facts, links, newPeople, actions, parts, tests, metadata,
                conversation, changes);
    }

    public Notification withFacts(List<Fact> newFacts) {
        return new Notification(key, kind, severity, title, newFacts, links, people, actions, parts, tests, metadata,
                conversation, changes);
    }

    public Notification withTests(Tests newTests) {
        return new Notification(key, kind, severity, title, facts, links, people, actions, parts, newTests, metadata,
                conversation, changes);
    }

    public Notification withMetadata(Metadata newMetadata) {
        return new Notification(key, kind, severity, title, facts, links, people, actions, parts, tests, newMetadata,
                conversation, changes);
    }

    public Notification withChanges(Changes newChanges) {
        return new Notification(key, kind, severity, title, facts, links, people, actions, parts, tests, metadata,
                conversation, newChanges);
    }

    public Notification withConversation(String newConversation) {
        return new Notification(key, kind, severity, title, facts, links, people, actions, parts, tests, metadata,
                newConversation, changes);
    }

    public enum Kind {
        /** A CodeBuild build passed or failed. */
        BUILD_RESULT,
        /** Every project's build of one commit, in one message updated as each finishes. */
        COMMIT_ROLLUP,
        /** For admins: a person a notification was meant for could not be found in the chat. */
        PERSON_NOT_FOUND,
        /** A CodePipeline manual approval waiting for a decision, or decided (the same message, updated). */
        APPROVAL,
        /** A CodePipeline execution failed, succeeded, stopped or was superseded. */
        PIPELINE_RUN,
        /** A CodeDeploy deployment succeeded, failed or stopped. */
        DEPLOYMENT,
        /** A push to a CodeCommit repository: a branch created, updated or deleted, a tag created. */
        PUSH,
        /** To a commit's author: their commit reached a deployment group or pipeline ("is live"). */
        DEPLOYED
    }

    public enum Severity { SUCCESS, FAILURE, TIMEOUT, WARNING }

    /** What a fact is; each source adds the keys it needs. */
    public enum FactKey {
        PROJECT, STATUS, BUILD_ID, COMMIT, SHORT_COMMIT, SUBJECT, SOURCE_REF, FAILED_PHASE, FAILED_PHASE_STATUS,
        FAILED_PHASE_MESSAGE, EMAIL, ERROR, REPOSITORY,
        /** How many of a rollup's parts are finished, as a count ("3") */
        FINISHED,
        /** How many parts a rollup expects, when known ("5") */
        EXPECTED,
        /** The build's number in its project ("41") */
        BUILD_NUMBER,
        /** How long it took, in words ("4m 05s") */
        DURATION,
        /** The pull request's title, from the git host */
        PR_TITLE,
        /** How long the PR or branch has been failing, or that it is fixed, in words */
        STREAK,
        /** That the same commit both failed and passed, in words */
        FLAKY,
        /** Who broke the branch, in words ("broken by Alice in abc1234") */
        BROKEN_BY,
        /** The authors of the commits since the last pass, in words */
        SINCE_LAST_PASS,
        /** Who fixed it, in words ("fixed by Bob in def5678") */
        FIXED_BY,
        /** A CodePipeline pipeline's name */
        PIPELINE,
        /** A pipeline's stage */
        STAGE,
        /** A stage's action */
        ACTION,
        /** A pipeline execution's id */
        EXECUTION_ID,
        /** What started an execution or a deployment, in words ("push to main", "StartPipelineExecution by jane") */
        TRIGGER,
        /** An approval's custom data, as its pipeline defines it */
        CUSTOM_DATA,
        /** When an approval expires, in words ("2026-11-10 16:09 UTC") */
        EXPIRES,
        /** How an approval ended, in words ("approved", "rejected", "expired", "superseded") */
        DECISION,
        /** Who decided (an IAM user or role name) */
        DECIDED_BY,
        /** What the person who decided wrote */
        COMMENT,
        /** The stage and action that failed ("Deploy / ProdDeploy") */
        FAILED_ACTION,
        /** A CodeDeploy application */
        APPLICATION,
        /** A CodeDeploy deployment group */
        DEPLOYMENT_GROUP,
        /** A CodeDeploy deployment's id */
        DEPLOYMENT_ID,
        /** Instance or target counts, in words ("3 succeeded, 1 failed") */
        INSTANCES,
        /** Who or what created a deployment ("user", "CodePipeline", "autoscaling") */
        CREATOR,
        /** A failure's error code */
        ERROR_CODE,
        /** That a rollback was started, in words */
        ROLLBACK,
        /** Who pushed (the name in the caller's ARN) */
        PUSHED_BY,
        /** What a push did, in words ("branch created", "branch updated", "branch deleted", "tag created") */
        CHANGE,
        /** A branch or tag name */
        REF_NAME
    }

    public enum LinkKey {
        BUILD, COMMIT, SOURCE_REF, LOGS,
        /** The subject in the AWS console (an execution, a deployment, a repository's branch) */
        CONSOLE,
        /** Where to approve or reject, in the AWS console: offered only while a decision is awaited */
        APPROVE,
        /** An approval's review link, from its pipeline's definition */
        REVIEW,
        /** The comparison of a push's old and new head */
        COMPARE
    }

    /** A known value, plain text. */
    public record Fact(FactKey key, String value) {
        public Fact {
            Objects.requireNonNull(key, "key");
            value = value == null ? "" : value;
        }
    }

    /** A web link; {@code label} is plain text. */
    public record Link(LinkKey key, String url, String label) {
        public Link {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(url, "url");
            label = label == null ? "" : label;
        }
    }

    /**
     * Someone the notification concerns.
     *
     * @param chatId their member id in the chat, once it is known (for a mention); empty before
     */
    public record Person(Role role, String name, String email, String chatId) {
        public enum Role {
            AUTHOR, COMMITTER,
            /** Was told about an earlier failure this notification follows up (a fix) */
            FOLLOWER
        }

        public Person(Role role, String name, String email) {
            this(role, name, email, "");
        }

        public Person {
            Objects.requireNonNull(role, "role");
            name = name == null ? "" : name;
            email = email == null ? "" : email;
            chatId = chatId == null ? "" : chatId;
        }

        public Person withChatId(String id) {
            return new Person(role, name, email, id);
        }

        /** The name, or the email when the commit gave no name. */
        public String label() {
            return name.isEmpty() ? email : name;
        }
    }

    /**
     * One piece of a summary: a project's build of the commit.
     *
     * @param label    what it is ("unit")
     * @param severity how it went
     * @param status   how it went, in words ("failed")
     * @param url      where to look
     * @param detail   what is worth knowing at a glance, plain ("BUILD phase failed · 3 of 120 tests failed ·
     *                 2nd failure in a row"); may be empty
     */
    public record Part(String label, Severity severity, String status, String url, String detail) {
        public Part(String label, Severity severity, String status, String url) {
            this(label, severity, status, url, "");
        }

        public Part {
            Objects.requireNonNull(severity, "severity");
            label = label == null ? "" : label;
            status = status == null ? "" : status;
            url = url == null ? "" : url;
            detail = detail == null ? "" : detail;
        }
    }

    /**
     * What a build's test reports say.
     *
     * @param state        whether the reports could be read
     * @param failures     up to a few failed test cases, new failures first
     * @param moreFailures how many failed cases are not in {@code failures}
     * @param lineCoverage line coverage in percent, when a coverage report says; negative when not known
     */
    public record Tests(State state, int total, int passed, int failed, int skipped, List<TestCase> failures,
                        int moreFailures, double lineCoverage) {
        /** The build produced no test report. */
        public static final Tests NONE = new Tests(State.NONE, 0, 0, 0, 0, List.of(), 0, -1);

        public enum State {
            /** No test report */
            NONE,
            /** Read */
            READY,
            /** A report is still being generated, or could not be read: "test report not ready" */
            NOT_READY
        }

        public Tests {
            Objects.requireNonNull(state, "state");
            failures = failures == null ? List.of() : List.copyOf(failures);
        }

        public static Tests notReady() {
            return new Tests(State.NOT_READY, 0, 0, 0, 0, List.of(), 0, -1);
        }

        public boolean known() {
            return state == State.READY;
        }

        /** The names of the failed cases read. */
        public List<String> failedNames() {
            return failures.stream().map(TestCase::name).toList();
        }
    }

    /**
     * One failed test case.
     *
     * @param message the first line of its message
     * @param isNew   whether it passed (or was not failing) in the previous build
     */
    public record TestCase(String name, String message, boolean isNew) {
        public TestCase {
            name = name == null ? "" : name;
            message = message == null ? "" : message;
        }
    }

    /**
     * The notification for machines: a type and a payload of plain JSON values (strings, numbers,
     * booleans, lists and maps of them).
     */
    public record Metadata(String eventType, java.util.Map<String, Object> payload) {
        public static final Metadata NONE = new Metadata("", java.util.Map.of());

        public Metadata {
            eventType = eventType == null ? "" : eventType;
            payload = payload == null ? java.util.Map.of()
                    : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(payload));
        }

        public boolean present() {
            return !eventType.isEmpty();
        }
    }

    /**
     * The commits and files a notification is about, each list already cut to what is worth showing.
     *
     * @param moreCommits how many commits are not in {@code commits}
     * @param moreFiles   how many changed files are not in {@code files}
     */
    public record Changes(List<Revision> commits, int moreCommits, List<FileChange> files, int moreFiles) {
        public static final Changes NONE = new Changes(List.of(), 0, List.of(), 0);

        public Changes {
            commits = commits == null ? List.of() : List.copyOf(commits);
            files = files == null ? List.of() : List.copyOf(files);
        }

        public static Changes of(List<Revision> commits) {
            return new Changes(commits, 0, List.of(), 0);
        }

        /** No commit and no file (not a bean property: the delivery queue's encoding writes none for it). */
        public boolean none() {
            return commits.isEmpty() && files.isEmpty() && moreCommits == 0 && moreFiles == 0;
        }
    }

    /**
     * One commit: its full id, first line, author's name (may be empty) and link (may be empty).
     *
     * @param source what it is a revision of, when there are several (a pipeline's source action's name); may be empty
     */
    public record Revision(String sha, String subject, String author, String url, String source) {
        public Revision {
            sha = sha == null ? "" : sha;
            subject = subject == null ? "" : subject;
            author = author == null ? "" : author;
            url = url == null ? "" : url;
            source = source == null ? "" : source;
        }

        public String shortSha() {
            return sha.length() > 7 && sha.matches("[0-9a-fA-F]+") ? sha.substring(0, 7) : sha;
        }
    }

    /** One changed file: {@code A}dded, {@code M}odified or {@code D}eleted, and its path. */
    public record FileChange(char change, String path) {
        public FileChange {
            path = path == null ? "" : path;
        }
    }

    /**
     * Something someone may do about it from the chat (retry the build, approve, link a person): a button, or a
     * picker of a chat member, that comes back to the notifier with its id and arguments as sent (the ids and
     * argument names are {@link ActionIds}').
     *
     * @param id    what it does ({@link ActionIds})
     * @param label what it says, plain ("Retry build")
     * @param args  what the notifier needs to do it (a build's id, an approval's pipeline, stage, action and
     *              execution), short plain strings, in order
     * @param kind  a button, or a picker of a chat member
     * @param style how it stands out: the primary action of a message, a dangerous one, or neither
     */
    public record Action(String id, String label, java.util.Map<String, String> args, Kind kind, Style style) {
        public enum Kind { BUTTON, USER_PICKER }

        public enum Style { DEFAULT, PRIMARY, DANGER }

        public Action {
            Objects.requireNonNull(id, "id");
            label = label == null ? "" : label;
            args = args == null ? java.util.Map.of()
                    : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(args));
            kind = kind == null ? Kind.BUTTON : kind;
            style = style == null ? Style.DEFAULT : style;
        }

        public static Action button(String id, String label, java.util.Map<String, String> args, Style style) {
            return new Action(id, label, args, Kind.BUTTON, style);
        }

        public static Action userPicker(String id, String label, java.util.Map<String, String> args) {
            return new Action(id, label, args, Kind.USER_PICKER, Style.DEFAULT);
        }

        /** The same action with one argument set (added last, or replaced where it is). */
        public Action withArg(String name, String value) {
            java.util.Map<String, String> changed = new java.util.LinkedHashMap<>(args);
            changed.put(name, value);
            return new Action(id, label, changed, kind, style);
        }
    }

    public Notification withActions(List<Action> newActions) {
        return new Notification(key, kind, severity, title, facts, links, people, newActions, parts, tests, metadata,
                conversation, changes);
    }

    public Optional<String> fact(FactKey key) {
        return facts.stream().filter(f -> f.key() == key).map(Fact::value).findFirst();
    }

    public String factOrEmpty(FactKey key) {
        return fact(key).orElse("");
    }

    public Optional<Link> link(LinkKey key) {
        return links.stream().filter(l -> l.key() == key).findFirst();
    }

    public Optional<Person> person(Person.Role role) {
        return people.stream().filter(p -> p.role() == role).findFirst();
    }
}
