package io.codebuildnotifier.notification;

/**
 * The ids of the actions notifications carry ({@link Notification.Action#id}) and the names of their arguments: the
 * same strings as {@code interactions.Actions}, which reads the clicks (this package may not depend on that one;
 * {@code ActionIdsMatchTest} holds the two to the same values).
 */
public final class ActionIds {
    /** Retry a failed build. Args: {@link #BUILD_ID}, {@link #PEOPLE}. */
    public static final String RETRY_BUILD = "retry_build";
    /** Approve a waiting approval. Args: {@link #PIPELINE}, {@link #STAGE}, {@link #ACTION}, {@link #EXECUTION_ID}. */
    public static final String APPROVE = "approve";
    /** Reject a waiting approval. Args as {@link #APPROVE}. */
    public static final String REJECT = "reject";
    /** A picker of a chat member on the "nobody has this address" notice. Args: {@link #EMAIL}. */
    public static final String LINK_PERSON = "link_person";

    public static final String BUILD_ID = "build";
    /** The chat ids of a build's author and committer, comma separated, once they are found. */
    public static final String PEOPLE = "people";
    public static final String PIPELINE = "pipeline";
    public static final String STAGE = "stage";
    public static final String ACTION = "action";
    public static final String EXECUTION_ID = "execution";
    public static final String EMAIL = "email";

    private ActionIds() {
    }
}
