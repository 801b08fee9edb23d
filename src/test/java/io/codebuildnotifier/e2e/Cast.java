package io.codebuildnotifier.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codebuildnotifier.sandbox.Sandbox;
import java.util.List;
import java.util.Locale;

/**
 * The one cast of people every test uses: who they are in Slack (member id, username, display name),
 * which email their commits carry, and the Slack user object {@code users.lookupByEmail} answers for
 * them. The named people are those of the sandbox fixtures ({@code events/sandbox/slack/users.json},
 * the README's sample output), so a test and the demo speak of the same Jane, Bob and admin; the
 * fixtures are the reference, and this class follows them. {@link #ROBOT} is for tests only, as is
 * the numbered {@link #crowd crowd} of the reliability suite and the benchmark.
 */
public final class Cast {
    /** Slack workspace of the fixtures. */
    public static final String TEAM = "T0SANDBOX1";
    /** The channel {@code #builds} of the fixtures. */
    public static final String CHANNEL_ID = "C0BUILDS01";
    public static final String CHANNEL = "#builds";

    /** A person: Slack member (null id: not in Slack) and the email their commits carry. */
    public record Person(String slackId, String username, String name, String email, boolean deleted,
                         boolean bot) {
        public boolean inSlack() {
            return slackId != null;
        }

        /** The Slack user object, shaped as {@code events/sandbox/slack/users.json} holds them. */
        public ObjectNode slackUser() {
            if (!inSlack()) {
                throw new IllegalStateException(name + " is not in Slack");
            }
            String first = name.contains(" ") ? name.substring(0, name.indexOf(' ')) : name;
            String last = name.contains(" ") ? name.substring(name.indexOf(' ') + 1) : "";
            String avatar = "g" + slackId.toLowerCase(Locale.ROOT);
            ObjectNode user = JSON.createObjectNode().put("id", slackId).put("team_id", TEAM).put("name", username)
                    .put("deleted", deleted).put("color", "9f69e7").put("real_name", name)
                    .put("tz", "America/New_York").put("tz_label", "Eastern Standard Time").put("tz_offset", -18000);
            ObjectNode profile = user.putObject("profile").put("title", "Software Engineer").put("phone", "")
                    .put("skype", "").put("real_name", name).put("real_name_normalized", name)
                    .put("display_name", username).put("display_name_normalized", username);
            profile.putNull("fields");
            profile.put("status_text", "").put("status_emoji", "").put("status_expiration", 0)
                    .put("avatar_hash", avatar).put("email", email).put("first_name", first).put("last_name", last)
                    .put("image_24", "https://secure.gravatar.com/avatar/" + avatar + ".jpg?s=24&d=mm")
                    .put("image_48", "https://secure.gravatar.com/avatar/" + avatar + ".jpg?s=48&d=mm")
                    .put("team", TEAM);
            user.put("is_admin", false).put("is_owner", false).put("is_primary_owner", false)
                    .put("is_restricted", false).put("is_ultra_restricted", false).put("is_bot", bot)
                    .put("is_app_user", false).put("updated", 1793000000).put("is_email_confirmed", true)
                    .put("who_can_share_contact_card", "EVERYONE");
            return user;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public static final Person JANE = new Person("U0JANE0001", "jane", "Jane Doe", "jane@example.com", false, false);
    public static final Person BOB = new Person("U0BOB00002", "bob", "Bob Stone", "bob@example.com", false, false);
    /** The admin username for fallbacks ({@code CBN_SLACK_ADMIN_USERNAMES=ops-admin}). */
    public static final Person ADMIN = new Person("U0OPSADM03", "ops-admin", "Ops Admin", "ops-admin@example.com",
            false, false);
    /** Deactivated: {@code users.lookupByEmail} answers {@code users_not_found}. */
    public static final Person DAN = new Person("U0DAN00004", "dan", "Dan", "dan@example.com", true, false);
    /** A bot with an email (tests only: the fixtures' bot has none). */
    public static final Person ROBOT = new Person("U0ROBOT001", "robot", "Robot", "robot@example.com", false, true);
    /** Not in Slack and not aliased: builds of hers end in an admin notice. */
    public static final Person CAROL = new Person(null, null, "Carol Reyes", "carol@example.com", false, false);

    /** Jane's GitHub noreply address, aliased to {@link #JANE}'s email in the fixtures. */
    public static final String JANE_NOREPLY = "jane.doe@users.noreply.github.com";

    /** The named people a test's Slack workspace holds. */
    public static final List<Person> IN_SLACK = List.of(JANE, BOB, ADMIN, DAN, ROBOT);

    /** Size of the numbered crowd; the last {@code CROWD - CROWD_IN_SLACK} are not in Slack. */
    public static final int CROWD = 20;
    public static final int CROWD_IN_SLACK = 18;

    private Cast() {
    }

    /** Person {@code n} of the crowd (0 to {@link #CROWD} - 1): {@code U0P000000n}, {@code pn@example.com}. */
    public static Person crowd(int n) {
        return new Person(n < CROWD_IN_SLACK ? String.format(Locale.ROOT, "U0P%07d", n) : null, "person" + n,
                "Person " + n, "p" + n + "@example.com", false, false);
    }

    /** Puts the named people ({@link #IN_SLACK}) and the channel {@code #builds} into a sandbox. */
    public static void intoSlack(Sandbox sandbox) {
        IN_SLACK.forEach(person -> sandbox.putSlackUser(person.slackUser()));
        sandbox.putSlackChannel(CHANNEL_ID, CHANNEL.substring(1));
    }

    /** Puts the crowd's Slack members into a sandbox. */
    public static void crowdIntoSlack(Sandbox sandbox) {
        for (int n = 0; n < CROWD_IN_SLACK; n++) {
            sandbox.putSlackUser(crowd(n).slackUser());
        }
    }
}
