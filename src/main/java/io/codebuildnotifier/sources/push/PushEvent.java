package io.codebuildnotifier.sources.push;

import java.time.Instant;
import java.util.Objects;

/**
 * A change to one reference of a CodeCommit repository, as either door delivers it: EventBridge's
 * "CodeCommit Repository State Change", or one reference of a CodeCommit trigger's record (directly or
 * through SNS: {@code Records[].codecommit.references[]}).
 *
 * @param event         {@code referenceCreated}, {@code referenceUpdated}, {@code referenceDeleted}
 *                      (a trigger's {@code created}/{@code deleted} flags read to the same words)
 * @param referenceType {@code branch} or {@code tag}
 * @param referenceName the branch or tag name ({@code main}, not {@code refs/heads/main})
 * @param commitId      the new head (for a deletion, the head it had; may be empty)
 * @param oldCommitId   the old head of an update; empty when the door does not say (a trigger, a creation)
 * @param callerArn     who pushed ({@code callerUserArn} / {@code userIdentityARN}); may be empty
 * @param time          may be null
 */
public record PushEvent(Origin origin, String repository, String event, String referenceType, String referenceName,
                        String commitId, String oldCommitId, String callerArn, Instant time, String region,
                        String account) {
    public enum Origin { EVENTBRIDGE, TRIGGER }

    public PushEvent {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(repository, "repository");
        event = event == null ? "" : event;
        referenceType = referenceType == null ? "" : referenceType;
        referenceName = referenceName == null ? "" : referenceName;
        commitId = commitId == null ? "" : commitId;
        oldCommitId = oldCommitId == null ? "" : oldCommitId;
        callerArn = callerArn == null ? "" : callerArn;
        region = region == null ? "" : region;
        account = account == null ? "" : account;
    }
}
