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
    private final Preferences preferences;
    private final boolean offerLinks;
    /** Each person's preference, read once in this dispatcher's invocation. */
    private final Map<String, Preference> read = new java.util.concurrent.ConcurrentHashMap<>();

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
        this(recipients, directory, queue, admins, terms, notices, clock, Preferences.NONE);
    }

    /**
     * @param preferences what each person muted and their own strategy, honoured in their direct messages (never
     *                    in a channel's post or an admin's notice); read once per person by this dispatcher, so
     *                    make one per invocation
     */
    public Dispatcher(Recipients recipients, ChatDirectory directory, DeliveryQueue queue, List<String> admins,
                      Terms terms, Notices notices, Clock clock, Preferences preferences) {
        this(recipients, directory, queue, admins, terms, notices, clock, preferences, false);
    }

    /**
     * @param offerLinks whether an admin's notice about someone nobody could find carries a picker to link the address
     *                   to a member (the alias table is set, so an admin's choice can be written there)
     */
    public Dispatcher(Recipients recipients, ChatDirectory directory, DeliveryQueue queue, List<String> admins,
                      Terms terms, Notices notices, Clock clock, Preferences preferences, boolean offerLinks) {
        this.offerLinks = offerLinks;
        this.preferences = java.util.Objects.requireNonNull(preferences, "preferences");
        this.recipients = recipients;
        this.directory = directory;
        this.queue = queue;
        this.admins = List.copyOf(admins);
        this.terms = terms;
        this.notices = notices;
        this.clock = clock;
    }

    /**
     * Where a notification goes besides its people's direct messages, and whose direct messages are due.
     *
     * @param channel    the channel that also hears of it, if any
     * @param dms        whether a person without a strategy of their own gets a direct message (for a build: the
     *                   default or branch strategy's decision; true for every other kind)
     * @param byStrategy for a notification a notify strategy decides (a build): whether a person whose own strategy
     *                   is this one gets a direct message; a strategy not named follows {@code dms}
     */
    public record Audience(Optional<String> channel, boolean dms, Map<NotifyStrategy, Boolean> byStrategy) {
        public Audience {
            channel = channel == null ? Optional.empty() : channel;
            byStrategy = byStrategy == null ? Map.of() : Map.copyOf(byStrategy);
        }

        /** Everyone's direct message, as the default says. */
        public Audience(Optional<String> channel) {
            this(channel, true, Map.of());
        }

        /** Whether anyone at all may hear: the channel, the default's people, or someone's own strategy. */
        public boolean anyone() {
            return channel.isPresent() || dms || byStrategy.containsValue(true);
        }

        /** Whether a person with this preference gets a direct message, before their mutes. */
        boolean dmFor(Optional<NotifyStrategy> own) {
            return own.map(s -> byStrategy.getOrDefault(s, dms)).orElse(dms);
        }
    }

    /** A person's direct message left out for their preference (or the default strategy), and why. */
    public record Withheld(String chatId, String why) {
    }

    /**
     * Who a notification is for: its messages (revision 1), the notes on people nobody could be
     * told about, and the notification as its messages say it (each person found with their
     * member id, {@link Notification.Person#chatId()}).
     */
    public record Plan(List<Outgoing> messages, List<Delivery> undeliverable, Notification notification,
                       List<Withheld> withheld) {
        public Plan {
            messages = List.copyOf(messages);
            undeliverable = List.copyOf(undeliverable);
            withheld = withheld == null ? List.of() : List.copyOf(withheld);
        }

        public Plan(List<Outgoing> messages, List<Delivery> undeliverable, Notification notification) {
            this(messages, undeliverable, notification, List.of());
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
        List<Withheld> withheld = new ArrayList<>();
        for (Recipients.Recipient recipient : resolution.recipients()) {
            Optional<String> why = withheld(recipient.userId(), about, audience, deadline);
            if (why.isPresent()) {
                withheld.add(new Withheld(recipient.userId(), why.get()));
                continue;
            }
            messages.add(new Outgoing(notification.key(), Target.directMessage(recipient.userId()), recipient.userId(),
                    Delivery.Role.DIRECT_MESSAGE, String.join(", ", recipient.emails()), 1, notification));
        }
        // someone nobody could find has no preference of their own: the admins hear when the default would tell them
        for (Recipients.Unresolved unresolved : audience.dms() ? resolution.unresolved()
                : List.<Recipients.Unresolved>of()) {
            tellAdmins(notification, unresolved, messages, undeliverable, deadline);
        }
        audience.channel().ifPresent(channel -> messages.add(new Outgoing(notification.key(), Target.channel(channel),
                channel, Delivery.Role.CHANNEL, "additional channel", 1, notification)));
        return new Plan(messages, undeliverable, notification, withheld);
    }

    /**
     * Whether any of the notification's people found in the chat would get a direct message of it (their mutes and
     * own strategies read, once for this dispatcher): for a source that does more work only when someone hears.
     */
    public boolean wanted(Notification about, Audience audience, Deadline deadline) {
        List<String> emails = about.people().stream().map(Notification.Person::email).toList();
        for (Recipients.Recipient recipient : recipients.resolve(emails, deadline).recipients()) {
            if (withheld(recipient.userId(), about, audience, deadline).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** Whether this dispatcher reads people's preferences at all (a stack with the feature). */
    public boolean honoursPreferences() {
        return preferences != Preferences.NONE;
    }

    /**
     * Why a person gets no direct message of this notification, or empty when they get one: a mute of one of its
     * {@link #subjects}, or their strategy (their own, else the default's) deciding against it. A preference that
     * cannot be read fails the plan (transient: the event is tried again), never drops the message.
     */
    private Optional<String> withheld(String chatId, Notification about, Audience audience, Deadline deadline) {
        if (preferences == Preferences.NONE) {
            return audience.dms() ? Optional.empty() : Optional.of("the default strategy decided against it");
        }
        Preference preference = read.get(chatId);
        if (preference == null) {
            preference = preferences.of(chatId, deadline);
            read.put(chatId, preference);
        }
        java.time.Instant now = clock.instant();
        for (String subject : subjects(about)) {
            if (preference.mutes(subject, now)) {
                return Optional.of("muted " + subject);
            }
        }
        if (!audience.dmFor(preference.strategy())) {
            return Optional.of(preference.strategy().map(s -> "their own strategy " + s.id() + " decided against it")
                    .orElse("the default strategy decided against it"));
        }
        return Optional.empty();
    }

    /**
     * What a person's mute names for each kind: a build's (and a commit rollup's) project, an approval's and a
     * pipeline run's pipeline, a deployment's application, a "your commit is live" DM's pipeline or application,
     * a push's repository. An admin's notice has none: it is never muted.
     */
    public static List<String> subjects(Notification about) {
        List<Notification.FactKey> keys = switch (about.kind()) {
            case BUILD_RESULT, COMMIT_ROLLUP -> List.of(Notification.FactKey.PROJECT);
            case APPROVAL, PIPELINE_RUN -> List.of(Notification.FactKey.PIPELINE);
            case DEPLOYMENT -> List.of(Notification.FactKey.APPLICATION);
            case DEPLOYED -> List.of(Notification.FactKey.PIPELINE, Notification.FactKey.APPLICATION);
            case PUSH -> List.of(Notification.FactKey.REPOSITORY);
            case PERSON_NOT_FOUND -> List.of();
        };
        return keys.stream().flatMap(k -> about.fact(k).stream()).filter(v -> !v.isBlank()).toList();
    }

    /**
     * The notification with each person's member id, where their email was found; an action that names its people
     * ({@link ActionIds#PEOPLE}) names the author's and committer's member ids found, comma separated.
     */
    static Notification mentioning(Notification notification, Map<String, String> memberByEmail) {
        if (memberByEmail.isEmpty()) {
            return notification;
        }
        Notification found = notification.withPeople(notification.people().stream().map(person -> {
            String id = memberByEmail.get(person.email().toLowerCase(Locale.ROOT));
            return id == null || !person.chatId().isEmpty() ? person : person.withChatId(id);
        }).toList());
        if (found.actions().stream().noneMatch(a -> a.args().containsKey(ActionIds.PEOPLE))) {
            return found;
        }
        String people = String.join(",", found.people().stream()
                .filter(p -> p.role() != Notification.Person.Role.FOLLOWER && !p.chatId().isEmpty())
                .map(Notification.Person::chatId).distinct().toList());
        return found.withActions(found.actions().stream().map(a -> a.args().containsKey(ActionIds.PEOPLE)
                ? a.withArg(ActionIds.PEOPLE, people) : a).toList());
    }

    /**
     * Plans and hands over what an earlier attempt did not send ({@code alreadySent}, from the marker). A direct
     * message withheld for a person's preference is not planned, so it is neither sent nor owed.
     */
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
        Notification notice = personNotFound(about, unresolved, offerLinks);
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
     *
     * @param offerLinks whether the notice carries a picker to link the address to a member (an alias table is set)
     */
    static Notification personNotFound(Notification about, Recipients.Unresolved unresolved, boolean offerLinks) {
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
                "No chat member found for " + unresolved.email() + where, facts, List.of(), List.of(), offerLinks
                ? List.of(Notification.Action.userPicker(ActionIds.LINK_PERSON, "Link " + unresolved.email() + " to",
                Map.of(ActionIds.EMAIL, unresolved.email())))
                : List.of());
    }
}
