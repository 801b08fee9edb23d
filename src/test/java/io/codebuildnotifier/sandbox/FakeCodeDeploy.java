package io.codebuildnotifier.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CodeDeploy ({@code CodeDeploy_20141006}, recorded as {@code codedeploy}): GetDeployment. Deployments come from
 * {@code codedeploy/deployments/<id>.json} (GetDeployment responses, {@code {"deploymentInfo":{...}}}) and
 * {@link #put}. An unknown id answers DeploymentDoesNotExistException, a malformed one InvalidDeploymentIdException,
 * as CodeDeploy does.
 */
final class FakeCodeDeploy extends AwsJsonService {
    /** What CodeDeploy's deployment ids look like. */
    private static final String DEPLOYMENT_ID = "d-[A-Z0-9]{9}";

    private final Map<String, ObjectNode> deployments = new LinkedHashMap<>();

    FakeCodeDeploy(CallRecorder recorder) {
        super("CodeDeploy_20141006", "codedeploy", recorder);
    }

    @Override
    public void load(Path fixtures) {
        Fixtures.forEachJson(fixtures.resolve("codedeploy").resolve("deployments"),
                node -> put(Json.unwrap(node, "deploymentInfo")));
    }

    /** Adds or replaces a deployment (GetDeployment's {@code deploymentInfo}; needs {@code deploymentId}). */
    synchronized void put(ObjectNode deploymentInfo) {
        String id = Json.required(deploymentInfo, "deploymentId");
        if (!id.matches(DEPLOYMENT_ID)) {
            throw new IllegalArgumentException("CodeDeploy deployment ids look like d-ABCDEF123, not " + id);
        }
        deployments.put(id, deploymentInfo.deepCopy());
    }

    @Override
    synchronized Reply answer(String operation, JsonNode request) {
        return switch (operation) {
            case "GetDeployment" -> getDeployment(request);
            default -> unknownOperation();
        };
    }

    private Reply getDeployment(JsonNode request) {
        String id = request.path("deploymentId").asText();
        if (id.isEmpty()) {
            return error(400, "DeploymentIdRequiredException", "At least one deployment ID must be specified.");
        }
        if (!id.matches(DEPLOYMENT_ID)) {
            return error(400, "InvalidDeploymentIdException", "Specified deployment ID is not valid: " + id);
        }
        ObjectNode deployment = deployments.get(id);
        if (deployment == null) {
            return error(400, "DeploymentDoesNotExistException", "The deployment " + id + " could not be found.");
        }
        ObjectNode response = Json.object();
        response.set("deploymentInfo", deployment.deepCopy());
        return ok(response);
    }
}
