package io.codebuildnotifier.function;

/**
 * Every setting the notifier reads, by environment variable name, with its default.
 * The names and defaults are the original tool's ({@code CBN_*}), plus the two API URLs and the
 * reconciliation's window and projects, the commit rollup switch, the delivery queue, and who may act from Slack
 * (the interactions function's).
 * A {@code null} default means "not set".
 */
public enum Option {
    ADDITIONAL_CHANNEL("CBN_ADDITIONAL_CHANNEL", null),
    AWS_REGION("CBN_AWS_REGION", null),
    DEFAULT_NOTIFY_STRATEGY("CBN_DEFAULT_NOTIFY_STRATEGY", "fail_or_status_change"),
    DYNAMO_TABLE("CBN_DYNAMO_TABLE", "codebuild-history"),
    OVERRIDE_NOTIFY_STRATEGY("CBN_OVERRIDE_NOTIFY_STRATEGY", null),
    SLACK_ADMIN_USERNAMES("CBN_SLACK_ADMIN_USERNAMES", null),
    SLACK_ALIAS_TABLE("CBN_SLACK_ALIAS_TABLE", null),
    SLACK_SECRET_NAME("CBN_SLACK_SECRET_NAME", "slack/codebuild"),
    WHITELIST_BRANCHES("CBN_WHITELIST_BRANCHES", "main,master"),
    SLACK_API_URL("CBN_SLACK_API_URL", "https://slack.com/api/"),
    GITHUB_API_URL("CBN_GITHUB_API_URL", "https://api.github.com"),
    RECONCILE_WINDOW_MINUTES("CBN_RECONCILE_WINDOW_MINUTES", "60"),
    RECONCILE_PROJECTS("CBN_RECONCILE_PROJECTS", null),
    COMMIT_ROLLUP("CBN_COMMIT_ROLLUP", "true"),
    DELIVERY_QUEUE_URL("CBN_DELIVERY_QUEUE_URL", null),
    THREADS("CBN_THREADS", "true"),
    CHANNEL_ROUTES("CBN_CHANNEL_ROUTES", null),
    NOTIFY_APPROVALS("CBN_NOTIFY_APPROVALS", "true"),
    NOTIFY_PIPELINES("CBN_NOTIFY_PIPELINES", "true"),
    NOTIFY_DEPLOYMENTS("CBN_NOTIFY_DEPLOYMENTS", "true"),
    NOTIFY_PUSHES("CBN_NOTIFY_PUSHES", "false"),
    DEPLOY_PIPELINES("CBN_DEPLOY_PIPELINES", null),
    DEPLOYED_DM("CBN_DEPLOYED_DM", null),
    /** Who may approve and reject from Slack: member ids, emails, {@code @usergroup} handles; empty for nobody. */
    APPROVERS("CBN_APPROVERS", null),
    /** Who may retry a failed build from Slack: {@code authors}, {@code anyone} or {@code nobody}. */
    RETRY_BY("CBN_RETRY_BY", "authors"),
    ALLOW_SELF_APPROVAL("CBN_ALLOW_SELF_APPROVAL", "false"),
    /** The interactions function's own work queue (SQS FIFO); empty to do the work in the same invocation. */
    INTERACTIONS_QUEUE_URL("CBN_INTERACTIONS_QUEUE_URL", null),
    /** The queues the Home tab counts failures in: {@code NAME=URL,...} (the stack's failure queues). */
    HEALTH_QUEUE_URLS("CBN_HEALTH_QUEUE_URLS", null);

    private final String variable;
    private final String defaultValue;

    Option(String variable, String defaultValue) {
        this.variable = variable;
        this.defaultValue = defaultValue;
    }

    public String variable() {
        return variable;
    }

    public String defaultValue() {
        return defaultValue;
    }
}
