package io.codebuildnotifier.adapter.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.Patience;
import io.codebuildnotifier.sandbox.Sandbox;
import io.codebuildnotifier.sandbox.SandboxExtension;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An admin named by username in {@code CBN_SLACK_ADMIN_USERNAMES} may link people from Slack: the name must find the
 * admin, never whoever chose it as their display name.
 */
@ExtendWith(SandboxExtension.class)
class AdminResolutionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static Sandbox sandbox;
    final Deadline deadline = Deadline.in(Duration.ofMinutes(1));

    @BeforeAll
    static void start(Sandbox shared) {
        sandbox = shared;
        // a member who shows the admin's username as their display name, listed before the admin
        sandbox.putSlackUser(user("U0SPOOFER1", "mallory-res", "res-admin"));
        sandbox.putSlackUser(user("U0RESADMIN", "res-admin", "Resolution Admin"));
        // two members who show the same display name, and nobody has it as a username
        sandbox.putSlackUser(user("U0RELLEAD1", "lead-one-res", "rel-lead-res"));
        sandbox.putSlackUser(user("U0RELLEAD2", "lead-two-res", "rel-lead-res"));
        // one member who shows a name nobody else does
        sandbox.putSlackUser(user("U0ONLYSHOW", "only-res", "only-shown-res"));
    }

    private static ObjectNode user(String id, String username, String displayName) {
        ObjectNode user = JSON.createObjectNode().put("id", id).put("name", username).put("deleted", false)
                .put("is_bot", false);
        user.putObject("profile").put("email", username + "@example.com").put("display_name", displayName)
                .put("display_name_normalized", displayName);
        return user;
    }

    private SlackWorkspace workspace() {
        return new SlackWorkspace(URI.create(sandbox.slackApiUrl()), d -> SandboxExtension.TOKEN, () -> { },
                new Patience(w -> { }));
    }

    @Test
    void aUsernameFindsItsMemberWhoeverShowsItAsADisplayName() {
        assertEquals(Optional.of("U0RESADMIN"), workspace().resolveAdmin("res-admin", deadline));
        assertEquals(Optional.of("U0RESADMIN"), workspace().resolveAdmin("@res-admin", deadline));
    }

    @Test
    void aDisplayNameTwoMembersShowNamesNobody() {
        assertEquals(Optional.empty(), workspace().resolveAdmin("rel-lead-res", deadline));
    }

    @Test
    void aDisplayNameOnlyOneMemberShowsNamesThem() {
        assertEquals(Optional.of("U0ONLYSHOW"), workspace().resolveAdmin("only-shown-res", deadline));
    }
}
