package io.codebuildnotifier.testkit;

import io.codebuildnotifier.interactions.Answer;
import io.codebuildnotifier.interactions.Conversation;
import io.codebuildnotifier.interactions.Dialog;
import io.codebuildnotifier.interactions.Home;
import io.codebuildnotifier.interactions.Message;
import io.codebuildnotifier.kernel.Deadline;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The chat in memory: records every answer, message change, dialog and home shown, in order; knows the user
 * groups' members and the members' addresses a test gives it. Records every call by method name
 * ({@code answer}, {@code amend}, {@code open}, {@code showHome}, {@code membersOf}, {@code emailOf}). Thread-safe.
 */
public final class InMemoryConversation implements Conversation {
    public record Answered(String replyTo, Answer answer) { }

    public record Amended(Message message, Note note) { }

    public record Opened(String trigger, Dialog dialog) { }

    public record Shown(String chatId, Home home) { }

    private final List<Answered> answers = new CopyOnWriteArrayList<>();
    private final List<Amended> amends = new CopyOnWriteArrayList<>();
    private final List<Opened> dialogs = new CopyOnWriteArrayList<>();
    private final List<Shown> homes = new CopyOnWriteArrayList<>();
    private final Map<String, List<String>> groups = new ConcurrentHashMap<>();
    private final Map<String, String> emails = new ConcurrentHashMap<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private volatile RuntimeException openFailure;

    /** A user group, by its handle without the {@code @}. */
    public InMemoryConversation group(String handle, String... members) {
        groups.put(handle.toLowerCase(Locale.ROOT), List.of(members));
        return this;
    }

    /** A member's address as the chat gives it. */
    public InMemoryConversation email(String chatId, String email) {
        emails.put(chatId, email);
        return this;
    }

    /** Makes {@link #open} throw this (a trigger that expired, the chat down); null to open again. */
    public InMemoryConversation failOpening(RuntimeException failure) {
        this.openFailure = failure;
        return this;
    }

    @Override
    public void answer(String replyTo, Answer answer, Deadline deadline) {
        calls.add("answer");
        answers.add(new Answered(replyTo, answer));
    }

    @Override
    public void amend(Message message, Note note, Deadline deadline) {
        calls.add("amend");
        amends.add(new Amended(message, note));
    }

    @Override
    public void open(String dialogTrigger, Dialog dialog, Deadline deadline) {
        calls.add("open");
        RuntimeException failure = openFailure;
        if (failure != null) {
            throw failure;
        }
        dialogs.add(new Opened(dialogTrigger, dialog));
    }

    @Override
    public void showHome(String chatId, Home home, Deadline deadline) {
        calls.add("showHome");
        homes.add(new Shown(chatId, home));
    }

    @Override
    public List<String> membersOf(String groupHandle, Deadline deadline) {
        calls.add("membersOf");
        return groups.getOrDefault(groupHandle.toLowerCase(Locale.ROOT), List.of());
    }

    @Override
    public Optional<String> emailOf(String chatId, Deadline deadline) {
        calls.add("emailOf");
        return Optional.ofNullable(emails.get(chatId));
    }

    public List<Answered> answers() {
        return List.copyOf(answers);
    }

    /** The only answer given; fails if there were none or several. */
    public Answer onlyAnswer() {
        if (answers.size() != 1) {
            throw new AssertionError("expected one answer, got " + answers);
        }
        return answers.get(0).answer();
    }

    /** Every line of every answer, joined, for a quick look. */
    public String answerText() {
        StringBuilder text = new StringBuilder();
        for (Answered a : answers) {
            text.append(a.answer().title()).append('\n');
            a.answer().lines().forEach(l -> text.append(l).append('\n'));
        }
        return text.toString();
    }

    public List<Amended> amends() {
        return List.copyOf(amends);
    }

    public List<Opened> dialogs() {
        return List.copyOf(dialogs);
    }

    public List<Shown> homes() {
        return List.copyOf(homes);
    }

    public List<String> calls() {
        return List.copyOf(calls);
    }

    public long calls(String method) {
        return calls.stream().filter(method::equals).count();
    }
}
