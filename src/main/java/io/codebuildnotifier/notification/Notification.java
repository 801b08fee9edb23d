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
 * @param actions  what someone may do about it (none yet)
 * @param parts    the pieces a summary is made of (a commit's builds, one per project), in order
 */
public record Notification(NotificationKey key, Kind kind, Severity severity, String title, List<Fact> facts,
                           List<Link> links, List<Person> people, List<Action> actions, List<Part> parts) {

    public Notification(NotificationKey key, Kind kind, Severity severity, String title, List<Fact> facts,
                        List<Link> links, List<Person> people, List<Action> actions) {
        this(key, kind, severity, title, facts, links, people, actions, List.of());
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
    }

    public enum Kind {
        /** A CodeBuild build passed or failed. */
        BUILD_RESULT,
        /** Every project's build of one commit, in one message updated as each finishes. */
        COMMIT_ROLLUP,
        /** For admins: a person a notification was meant for could not be found in the chat. */
        PERSON_NOT_FOUND
    }

    public enum Severity { SUCCESS, FAILURE, TIMEOUT, WARNING }

    /** What a fact is; each source adds the keys it needs. */
    public enum FactKey {
        PROJECT, STATUS, BUILD_ID, COMMIT, SHORT_COMMIT, SUBJECT, SOURCE_REF, FAILED_PHASE, FAILED_PHASE_STATUS,
        FAILED_PHASE_MESSAGE, EMAIL, ERROR, REPOSITORY,
        /** How many of a rollup's parts are finished, as a count ("3") */
        FINISHED,
        /** How many parts a rollup expects, when known ("5") */
        EXPECTED
    }

    public enum LinkKey { BUILD, COMMIT, SOURCE_REF }

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

    /** Someone the notification concerns. */
    public record Person(Role role, String name, String email) {
        public enum Role { AUTHOR, COMMITTER }

        public Person {
            Objects.requireNonNull(role, "role");
            name = name == null ? "" : name;
            email = email == null ? "" : email;
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
     */
    public record Part(String label, Severity severity, String status, String url) {
        public Part {
            Objects.requireNonNull(severity, "severity");
            label = label == null ? "" : label;
            status = status == null ? "" : status;
            url = url == null ? "" : url;
        }
    }

    /** Something to do about it (a retry, an approval); a later change fills these in. */
    public record Action(String id, String label) {
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
