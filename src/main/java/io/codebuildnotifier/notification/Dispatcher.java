package io.codebuildnotifier.notification;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.people.ChatDirectory;
import io.codebuildnotifier.people.Recipients;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Works out who hears about a claimed notification (its people, a direct message each, found by
 * email; an optional channel; the admins when someone cannot be found, once per address a day
 * ({@link Notices}, by UTC day)) and hands each message to
 * the {@link DeliveryQueue}; the {@link Sender} posts them and notes each, so that a retry sends
 * only what is missing. Any source reuses it.
 */
public final class Dispatcher {
    private final Recipients recipients;
    private final ChatDirectory directory;
    private final DeliveryQueue queue;
    private final List<String> admins;
    private final Terms terms;
    private final Notices notices;
    private final Clock clock;

    /**
     * How an operator knows the chat and the admins' setting, for the notes on what could not be
     * sent ("no Slack member for … and CBN_SLACK_ADMIN_USERNAMES is not set").
     */
    public record Terms(String chat, String adminsSetting) {
    }

    /**
     * @param admins who hears about people who cannot be found (member ids, emails or names)
     */
    public Dispatcher(Recipients recipients, ChatDirectory directory, DeliveryQueue queue, List<String> admins,
                      Terms terms) {
        this(recipients, directory, queue, admins, terms, Notices.EVERY_TIME, Clock.systemUTC());
    }

    /**
     * @param notices which admin notices are still due today
     * @param clock   what day it is (UTC)
     */
    public Dispatcher(Recipients recipients, ChatDirectory directory, DeliveryQueue queue, List<String> admins,
                      Terms terms, Notices notices, Clock clock) {
        this.recipients = recipients;
        this.directory = directory;
        this.queue = queue;
        this.admins = List.copyOf(admins);
        this.terms = terms;
        this.notices = notices;
        this.clock = clock;
    }

    /** Where a notification goes besides its people's direct messages. */
    public record Audience(Optional<String> channel) {
    }

    /**
     * Who a notification is for: its messages (revision 1), the notes on people nobody could be
     * told about, and the notification as its messages say it (each person found with their
     * member id, {@link Notification.Person#chatId()}).
     */
    public record Plan(List<Outgoing> messages, List<Delivery> undeliverable, Notification notification) {
        public Plan {
            messages = List.copyOf(messages);
            undeliverable = List.copyOf(undeliverable);
        }

        /** The targets that follow the notification's later revisions (people and channel, not admin notices). */
        public Set<String> followers() {
            Set<String> targets = new LinkedHashSet<>();
            messages.stream().filter(m -> m.role() != Delivery.Role.ADMIN_NOTICE).forEach(m -> targets.add(m.target()));
            return targets;
        }
    }

    /**
     * Finds the people (lookups by email, cached) and the admins to tell about those not found. The
     * messages' notification names each person's chat member id where one was found (for a mention).
     */
    public Plan plan(Notification about, Audience audience, Deadline deadline) {
        List<Outgoing> messages = new ArrayList<>();
        List<Delivery> undeliverable = new ArrayList<>();
        List<String> emails = about.people().stream().map(Notification.Person::email).toList();
        Recipients.Resolution resolution = recipients.resolve(emails, deadline);
        Notification notification = mentioning(about, resolution.memberByEmail());
        for (Recipients.Recipient recipient : resolution.recipients()) {
            messages.add(new Outgoing(notification.key(), Target.directMessage(recipient.userId()), recipient.userId(),
                    Delivery.Role.DIRECT_MESSAGE, String.join(", ", recipient.emails()), 1, notification));
        }
        for (Recipients.Unresolved unresolved : resolution.unresolved()) {
            tellAdmins(notification, unresolved, messages, undeliverable, deadline);
        }
        audience.channel().ifPresent(channel -> messages.add(new Outgoing(notification.key(), Target.channel(channel),
                channel, Delivery.Role.CHANNEL, "additional channel", 1, notification)));
        return new Plan(messages, undeliverable, notification);
    }

    /** The notification with each person's member id, where their email was found. */
    static Notification mentioning(Notification notification, Map<String, String> memberByEmail) {
        if (memberByEmail.isEmpty()) {
            return notification;
        }
        return notification.withPeople(notification.people().stream().map(person -> {
            String id = memberByEmail.get(person.email().toLowerCase(Locale.ROOT));
            return id == null || !person.chatId().isEmpty() ? person : person.withChatId(id);
        }).toList());
    }

    /** Plans and hands over what an earlier attempt did not send ({@code alreadySent}, from the marker). */
    public List<Delivery> dispatch(Notification notification, Audience audience, Set<String> alreadySent,
                                   Deadline deadline) {
        Plan plan = plan(notification, audience, deadline);
        return deliver(plan.messages().stream().filter(m -> !alreadySent.contains(m.target())).toList(),
                plan.undeliverable(), deadline);
    }

    /** Hands messages to the queue; the result lists the undeliverable notes too. */
    public List<Delivery> deliver(List<Outgoing> messages, List<Delivery> undeliverable, Deadline deadline) {
        List<Delivery> deliveries = new ArrayList<>(undeliverable);
        if (!messages.isEmpty()) {
            deliveries.addAll(queue.enqueue(messages, deadline));
        }
        return deliveries;
    }

    /**
     * The message for a target named by its key ({@code dm:U…}, {@code channel:…}): a later revision
     * for someone who already has the notification's message.
     */
    public static Optional<Outgoing> follow(String target, long revision, Notification notification) {
        return Target.parse(target).map(parsed -> new Outgoing(notification.key(), target, parsed.destination(),
                parsed.role(), parsed.role() == Delivery.Role.CHANNEL ? "additional channel" : "", revision,
                notification));
    }

    private void tellAdmins(Notification about, Recipients.Unresolved unresolved, List<Outgoing> messages,
                            List<Delivery> undeliverable, Deadline deadline) {
        if (admins.isEmpty()) {
            undeliverable.add(Delivery.undeliverable(Delivery.Role.ADMIN_NOTICE, "-", unresolved.email(),
                    "no " + terms.chat() + " member for " + unresolved.email() + " (" + unresolved.error()
                            + ") and " + terms.adminsSetting() + " is not set"));
            return;
        }
        Notification notice = personNotFound(about, unresolved);
        List<Outgoing> notices = new ArrayList<>();
        for (String admin : admins) {
            Optional<String> id = directory.resolveAdmin(admin, deadline);
            if (id.isEmpty()) {
                undeliverable.add(Delivery.undeliverable(Delivery.Role.ADMIN_NOTICE, admin, unresolved.email(),
                        "no active " + terms.chat() + " member matches admin '" + admin + "'"));
                continue;
            }
            notices.add(new Outgoing(about.key(), Target.adminNotice(id.get(), unresolved.email()), id.get(),
                    Delivery.Role.ADMIN_NOTICE, unresolved.email(), 1, notice));
        }
        // asked only when there is someone to tell; the same notification asking again (a retry) is
        // still the one that reports the address today, and its marker keeps each notice to one
        if (!notices.isEmpty() && this.notices.firstToday(unresolved.email(),
                LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC), about.key(), deadline)) {
            messages.addAll(notices);
        }
    }

    /**
     * The notice for admins: who could not be found, why, and for which notification (its project,
     * commit and build, when it has them).
     */
    static Notification personNotFound(Notification about, Recipients.Unresolved unresolved) {
        List<Notification.Fact> facts = new ArrayList<>();
        facts.add(new Notification.Fact(Notification.FactKey.EMAIL, unresolved.email()));
        facts.add(new Notification.Fact(Notification.FactKey.ERROR, unresolved.error()));
        for (Notification.FactKey key : List.of(Notification.FactKey.PROJECT, Notification.FactKey.COMMIT,
                Notification.FactKey.SHORT_COMMIT, Notification.FactKey.BUILD_ID)) {
            about.fact(key).ifPresent(value -> facts.add(new Notification.Fact(key, value)));
        }
        String where = about.fact(Notification.FactKey.PROJECT).map(p -> " (" + p + about.fact(
                Notification.FactKey.SHORT_COMMIT).map(c -> ", commit " + c).orElse("") + ")").orElse("");
        return new Notification(about.key(), Notification.Kind.PERSON_NOT_FOUND, Notification.Severity.WARNING,
                "No chat member found for " + unresolved.email() + where, facts, List.of(), List.of(), List.of());
    }
}
