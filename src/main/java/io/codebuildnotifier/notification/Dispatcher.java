package io.codebuildnotifier.notification;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.people.ChatDirectory;
import io.codebuildnotifier.people.Recipients;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Sends a claimed notification to its people (a direct message each, found by email), an
 * optional channel, and the admins when someone cannot be found; notes each message in the
 * ledger as soon as it is out, so that a retry sends only what is missing. Any source reuses it.
 */
public final class Dispatcher {
    private final Recipients recipients;
    private final ChatDirectory directory;
    private final Messenger messenger;
    private final Ledger ledger;
    private final List<String> admins;
    private final Terms terms;

    /**
     * How an operator knows the chat and the admins' setting, for the notes on what could not be
     * sent ("no Slack member for … and CBN_SLACK_ADMIN_USERNAMES is not set").
     */
    public record Terms(String chat, String adminsSetting) {
    }

    /**
     * @param admins who hears about people who cannot be found (member ids, emails or names)
     */
    public Dispatcher(Recipients recipients, ChatDirectory directory, Messenger messenger, Ledger ledger,
                      List<String> admins, Terms terms) {
        this.recipients = recipients;
        this.directory = directory;
        this.messenger = messenger;
        this.ledger = ledger;
        this.admins = List.copyOf(admins);
        this.terms = terms;
    }

    /** Where a notification goes besides its people's direct messages. */
    public record Audience(Optional<String> channel) {
    }

    /** One message to send: where, and how. */
    private record Send(String target, Supplier<Delivery> post) {
    }

    /**
     * Sends what an earlier attempt did not ({@code alreadySent}, from the marker); the note of
     * the last message also finishes the notification.
     */
    public List<Delivery> dispatch(Notification notification, Audience audience, Set<String> alreadySent,
                                   Deadline deadline) {
        List<Delivery> deliveries = new ArrayList<>();
        List<Send> sends = new ArrayList<>();
        List<String> emails = notification.people().stream().map(Notification.Person::email).toList();
        Recipients.Resolution resolution = recipients.resolve(emails, deadline);
        for (Recipients.Recipient recipient : resolution.recipients()) {
            String about = String.join(", ", recipient.emails());
            sends.add(new Send(Target.directMessage(recipient.userId()), () -> Delivery.of(
                    Delivery.Role.DIRECT_MESSAGE, recipient.userId(), about,
                    messenger.post(recipient.userId(), notification, deadline))));
        }
        for (Recipients.Unresolved unresolved : resolution.unresolved()) {
            tellAdmins(notification, unresolved, sends, deliveries, deadline);
        }
        audience.channel().ifPresent(channel -> sends.add(new Send(Target.channel(channel), () -> Delivery.of(
                Delivery.Role.CHANNEL, channel, "additional channel", messenger.post(channel, notification, deadline)))));

        List<Send> due = sends.stream().filter(send -> !alreadySent.contains(send.target())).toList();
        for (int i = 0; i < due.size(); i++) {
            Delivery delivery = due.get(i).post().get();
            deliveries.add(delivery);
            ledger.delivered(notification.key(), due.get(i).target(), delivery.ref(), i == due.size() - 1, deadline);
        }
        if (due.isEmpty()) {
            ledger.finish(notification.key(), deadline);
        }
        return deliveries;
    }

    private void tellAdmins(Notification about, Recipients.Unresolved unresolved, List<Send> sends,
                            List<Delivery> deliveries, Deadline deadline) {
        if (admins.isEmpty()) {
            deliveries.add(Delivery.undeliverable(Delivery.Role.ADMIN_NOTICE, "-", unresolved.email(),
                    "no " + terms.chat() + " member for " + unresolved.email() + " (" + unresolved.error()
                            + ") and " + terms.adminsSetting() + " is not set"));
            return;
        }
        Notification notice = personNotFound(about, unresolved);
        for (String admin : admins) {
            Optional<String> id = directory.resolveAdmin(admin, deadline);
            if (id.isEmpty()) {
                deliveries.add(Delivery.undeliverable(Delivery.Role.ADMIN_NOTICE, admin, unresolved.email(),
                        "no active " + terms.chat() + " member matches admin '" + admin + "'"));
                continue;
            }
            sends.add(new Send(Target.adminNotice(id.get(), unresolved.email()), () -> Delivery.of(
                    Delivery.Role.ADMIN_NOTICE, id.get(), unresolved.email(),
                    messenger.post(id.get(), notice, deadline))));
        }
    }

    /** The notice for admins: who could not be found, why, and for which notification. */
    static Notification personNotFound(Notification about, Recipients.Unresolved unresolved) {
        List<Notification.Fact> facts = new ArrayList<>();
        facts.add(new Notification.Fact(Notification.FactKey.EMAIL, unresolved.email()));
        facts.add(new Notification.Fact(Notification.FactKey.ERROR, unresolved.error()));
        about.fact(Notification.FactKey.SHORT_COMMIT)
                .ifPresent(c -> facts.add(new Notification.Fact(Notification.FactKey.SHORT_COMMIT, c)));
        about.fact(Notification.FactKey.BUILD_ID)
                .ifPresent(b -> facts.add(new Notification.Fact(Notification.FactKey.BUILD_ID, b)));
        return new Notification(about.key(), Notification.Kind.PERSON_NOT_FOUND, Notification.Severity.WARNING,
                "No chat member found for " + unresolved.email(), facts, List.of(), List.of(), List.of());
    }
}
