package io.codebuildnotifier.testkit;

import static io.codebuildnotifier.testkit.ContractFixtures.deadline;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.codebuildnotifier.sources.deploy.Deployments;
import io.codebuildnotifier.sources.deploy.Deployments.Deployment;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Deployments} does: a deployment CodeDeploy knows is read whole (its times, creator, error,
 * counts, rollback and GitHub revision), one it does not know is empty. Runs against the in-memory fake and the
 * CodeDeploy adapter through the real SDK and the sandbox's CodeDeploy.
 */
public abstract class DeploymentsContract {
    protected static final Instant CREATED = Instant.parse("2026-11-20T10:00:00Z");

    /** A subject holding the given deployments. */
    protected abstract Deployments holding(Deployment... deployments);

    protected static Deployment failed() {
        return new Deployment("d-FAILED001", "web", "prod", "Failed", CREATED, CREATED.plusSeconds(5),
                CREATED.plusSeconds(250), "user", "HEALTH_CONSTRAINTS",
                "The overall deployment failed because too many individual instances failed deployment",
                new Deployments.Overview(0, 0, 3, 1, 0, 0),
                new Deployments.Rollback("d-ROLLBACK1", "Rollback deployment d-ROLLBACK1 started", ""), "S3",
                Optional.empty());
    }

    protected static Deployment fromGitHub() {
        return new Deployment("d-GITHUB001", "web", "staging", "Succeeded", CREATED, CREATED.plusSeconds(2),
                CREATED.plusSeconds(62), "user", "", "", new Deployments.Overview(0, 0, 2, 0, 1, 0),
                Deployments.Rollback.NONE, "GitHub",
                Optional.of(new Deployments.GitHubRevision("acme/widgets", "c2199841d037cb5ae3fe3c263bd4834b4d2ac81c")));
    }

    protected static Deployment rollback() {
        return new Deployment("d-ROLLBACK1", "web", "prod", "Succeeded", CREATED.plusSeconds(251), null, null,
                "codeDeployRollback", "", "", Deployments.Overview.NONE,
                new Deployments.Rollback("", "", "d-FAILED001"), "S3", Optional.empty());
    }

    @Test
    void readsADeploymentWhole() {
        Deployments deployments = holding(failed(), fromGitHub(), rollback());
        assertEquals(Optional.of(failed()), deployments.find("d-FAILED001", deadline()));
        assertEquals(Optional.of(fromGitHub()), deployments.find("d-GITHUB001", deadline()));
        assertEquals(Optional.of(rollback()), deployments.find("d-ROLLBACK1", deadline()));
    }

    @Test
    void aDeploymentCodeDeployDoesNotKnowIsEmpty() {
        assertEquals(Optional.empty(), holding(failed()).find("d-UNKNOWN01", deadline()));
    }
}
