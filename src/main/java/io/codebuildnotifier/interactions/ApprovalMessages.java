package io.codebuildnotifier.interactions;

import io.codebuildnotifier.kernel.Invocation;

/**
 * Brings an approval's message up to date with the approval as CodePipeline has it now (port; the approval source
 * revises its own message, so the message reads the same whichever door the decision came through).
 */
public interface ApprovalMessages {
    ApprovalMessages NONE = (approval, invocation) -> { };

    void refresh(ApprovalRef approval, Invocation invocation);
}
