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
 */
public record Notification(NotificationKey key, Kind kind, Severity severity, String title, List<Fact> facts,
                           List<Link> links, List<Person> people, List<Action> actions) {

    public Notification {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
        title = title == null ? "" : title;
        facts = List.copyOf(facts);
        links = List.copyOf(links);
        people = List.copyOf(people);
        actions = List.copyOf(actions);
    }

    public enum Kind {
        /** A CodeBuild build passed or failed. */
        BUILD_RESULT,
        /** For admins: a person a notification was meant for could not be found in the chat. */
        PERSON_NOT_FOUND
    }

    public enum Severity { SUCCESS, FAILURE, TIMEOUT, WARNING }

    /** What a fact is; each source adds the keys it needs. */
    public enum FactKey {
        PROJECT, STATUS, BUILD_ID, COMMIT, SHORT_COMMIT, SUBJECT, SOURCE_REF, FAILED_PHASE, FAILED_PHASE_STATUS,
        FAILED_PHASE_MESSAGE, EMAIL, ERROR
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
