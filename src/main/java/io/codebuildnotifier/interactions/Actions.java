package io.codebuildnotifier.interactions;

/**
 * The ids of the actions our messages carry ({@code Notification.Action#id}) and of the dialogs we open, with the
 * names of their arguments. The chat adapter renders and reads them as they are; both sides use these constants.
 */
public final class Actions {
    /** Retry a failed build. Args: {@link #BUILD_ID}, {@link #PEOPLE} (chat ids of its author and committer). */
    public static final String RETRY_BUILD = "retry_build";
    /** Approve a waiting approval (opens the comment dialog). Args: the approval's {@link #PIPELINE}, {@link #STAGE},
     * {@link #ACTION}, {@link #EXECUTION_ID}. */
    public static final String APPROVE = "approve";
    /** Reject a waiting approval (opens the comment dialog). Args as {@link #APPROVE}. */
    public static final String REJECT = "reject";
    /** A user picker on the "nobody has this address" notice. Args: {@link #EMAIL}; the picked member comes with
     * the click. */
    public static final String LINK_PERSON = "link_person";
    /** Confirm a deploy asked for with the command. Args: {@link #PIPELINE}, {@link #NONCE}. */
    public static final String CONFIRM_DEPLOY = "confirm_deploy";
    /** Cancel a deploy asked for with the command. */
    public static final String CANCEL_DEPLOY = "cancel_deploy";

    /** The dialog that asks for an approval's comment. Args: as {@link #APPROVE} plus {@link #DECISION}. */
    public static final String DECIDE_DIALOG = "decide_approval";
    /** The comment input of {@link #DECIDE_DIALOG}. */
    public static final String COMMENT_INPUT = "comment";

    public static final String BUILD_ID = "build";
    public static final String PEOPLE = "people";
    public static final String PIPELINE = "pipeline";
    public static final String STAGE = "stage";
    public static final String ACTION = "action";
    public static final String EXECUTION_ID = "execution";
    public static final String EMAIL = "email";
    public static final String NONCE = "nonce";
    /** {@code Approved} or {@code Rejected}. */
    public static final String DECISION = "decision";

    private Actions() {
    }
}
