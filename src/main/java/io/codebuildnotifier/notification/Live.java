package io.codebuildnotifier.notification;

import io.codebuildnotifier.people.Robots;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The "your commit is live" message ({@link Notification.Kind#DEPLOYED}), the same words whichever source shipped the
 * commits (a deployment, a pipeline execution): "Your commit abc1234 is live in web/prod, deployed in 4m 10s", the
 * commits listed, to their authors. The source adds what it knows of the shipment (facts, links, metadata).
 */
public final class Live {
    private Live() {
    }

    /**
     * The commit's author as a person to tell, or empty when the commit names no address or a robot's.
     */
    public static Optional<Notification.Person> author(String name, String email) {
        if (email == null || email.isBlank() || Robots.isRobot(email)) {
            return Optional.empty();
        }
        return Optional.of(new Notification.Person(Notification.Person.Role.AUTHOR, name, email.strip()));
    }

    /** Adds the commit's author to {@code authors} (by lowercase address, the first kept) unless it is none. */
    public static void addAuthor(Map<String, Notification.Person> authors, String name, String email) {
        author(name, email).ifPresent(p -> authors.putIfAbsent(p.email().toLowerCase(Locale.ROOT), p));
    }

    /**
     * "Your commit 1111111 is live in web/prod, deployed in 4m 10s"; "Your commits 4444444, 3333333, 2222222 and 2 more
     * are live in …".
     *
     * @param shipped the newly live commits shown
     * @param more    how many more are newly live
     * @param where   the target, in words ({@code web/prod}, a pipeline's name)
     * @param took    how long the shipment took, in words; empty when not known
     */
    public static String title(List<Notification.Revision> shipped, int more, String where, Optional<String> took) {
        List<String> shas = shipped.stream().map(Notification.Revision::shortSha).toList();
        int total = shas.size() + more;
        String which = total == 1 && !shas.isEmpty() ? "Your commit " + shas.getFirst() + " is"
                : "Your commits " + String.join(", ", shas.subList(0, Math.min(3, shas.size())))
                + (total > 3 ? " and " + (total - 3) + " more" : "") + " are";
        return which + " live in " + where + took.map(t -> ", deployed in " + t).orElse("");
    }

    /** The message to the authors, with the source's facts, links and metadata. */
    public static Notification notification(NotificationKey key, String where, Optional<String> took,
                                            List<Notification.Revision> shipped, int more,
                                            List<Notification.Person> authors, List<Notification.Fact> facts,
                                            List<Notification.Link> links, Notification.Metadata metadata) {
        return new Notification(key, Notification.Kind.DEPLOYED, Notification.Severity.SUCCESS,
                title(shipped, more, where, took), facts, links, authors, List.of())
                .withChanges(new Notification.Changes(shipped, more, List.of(), 0))
                .withMetadata(metadata);
    }

    /**
     * The outcome of an occurrence (a deployment's, an execution's message) with its "your commit is live" message's:
     * one log line for the event. The live message's deliveries when it told someone; why it did not, after the
     * occurrence's own words ("authors not told: …"), when it was decided quiet; else the occurrence's alone.
     */
    public static Outcome merged(Outcome occurrence, Outcome live) {
        if (!(live instanceof Outcome.Told dm)) {
            return occurrence;
        }
        if (!(occurrence instanceof Outcome.Told told)) {
            return dm.decision().notifies() ? dm : occurrence;
        }
        if (!dm.decision().notifies()) {
            String why = "; authors not told: " + dm.decision().reason();
            Decision decision = told.decision().notifies() ? new Decision.Notify(told.decision().reason() + why)
                    : new Decision.Quiet(told.decision().reason() + why);
            return new Outcome.Told(told.subject(), told.status(), decision, told.notification(), told.deliveries());
        }
        List<Delivery> deliveries = new java.util.ArrayList<>(told.deliveries());
        deliveries.addAll(dm.deliveries());
        Decision decision = told.decision().notifies() ? new Decision.Notify(told.decision().reason() + "; "
                + dm.decision().reason()) : dm.decision();
        return new Outcome.Told(told.subject(), told.status(), decision, told.notification(), deliveries);
    }
}
