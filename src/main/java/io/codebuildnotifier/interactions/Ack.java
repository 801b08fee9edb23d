package io.codebuildnotifier.interactions;

import java.util.Optional;

/**
 * What the chat is told at once, within its few seconds: an immediate answer (for a command), or nothing; and
 * whether work remains, to be done after the answer ({@code Interactions#complete}) by another invocation.
 *
 * @param now   the answer given in the response itself; empty for an empty 200
 * @param later whether the request still has work to do after the answer
 */
public record Ack(Optional<Answer> now, boolean later) {
    public static final Ack DONE = new Ack(Optional.empty(), false);
    public static final Ack LATER = new Ack(Optional.empty(), true);

    public Ack {
        now = now == null ? Optional.empty() : now;
    }

    public static Ack answer(Answer answer) {
        return new Ack(Optional.of(answer), false);
    }
}
