package io.codebuildnotifier.people;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RobotsTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "noreply@github.com", "NoReply@GitHub.com", " noreply@github.com ",
            "49699333+dependabot[bot]@users.noreply.github.com",
            "41898282+github-actions[bot]@users.noreply.github.com",
            "renovate[bot]@users.noreply.github.com",
            "action@github.com", "actions@github.com"})
    void wellKnownRobotsAreRobots(String email) {
        assertTrue(Robots.isRobot(email), email);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "jane@example.com", "1234567+jane-doe@users.noreply.github.com", "jane.doe@users.noreply.github.com",
            "noreply@github.com.evil.example", "support@github.com", "bot@ci.example", "[bot]@example.com", ""})
    void peopleAreNot(String email) {
        assertFalse(Robots.isRobot(email), email);
        assertFalse(Robots.isRobot(null));
    }

    @ParameterizedTest
    @CsvSource({
            "1234567+jane-doe@users.noreply.github.com, jane-doe",
            "jane-doe@users.noreply.github.com, jane-doe",
            "1234567+Jane-Doe@Users.NoReply.GitHub.com, jane-doe",
            "a@users.noreply.github.com, a"})
    void aNoreplyAddressNamesItsLogin(String email, String login) {
        assertEquals(Optional.of(login), PublicProfiles.noreplyLogin(email));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "jane.doe@users.noreply.github.com", "-jane@users.noreply.github.com", "jane-@users.noreply.github.com",
            "ja--ne@users.noreply.github.com", "41898282+github-actions[bot]@users.noreply.github.com",
            "jane@example.com", "jane@users.noreply.github.com.evil.example", "+jane@users.noreply.github.com",
            "a234567890123456789012345678901234567890@users.noreply.github.com"})
    void otherAddressesNameNoLogin(String email) {
        assertEquals(Optional.empty(), PublicProfiles.noreplyLogin(email));
    }
}
