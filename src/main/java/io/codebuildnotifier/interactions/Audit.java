package io.codebuildnotifier.interactions;

import io.codebuildnotifier.kernel.LogText;
import java.util.function.Consumer;

/**
 * One log line per request acted on or refused: who (the chat's member id), what, and the result. Never a token,
 * a request's body or what a person typed beyond a command's words.
 */
final class Audit {
    private final Consumer<String> sink;

    Audit(Consumer<String> sink) {
        this.sink = sink;
    }

    void record(Actor actor, String what, String result) {
        sink.accept("codebuild-notifier: interaction who=" + LogText.abbreviate(actor.chatId(), 40) + " what="
                + LogText.abbreviate(what, 300) + " result=" + LogText.abbreviate(result, 300));
    }
}
