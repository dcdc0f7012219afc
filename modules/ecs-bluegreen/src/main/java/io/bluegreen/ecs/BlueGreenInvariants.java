package io.bluegreen.ecs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bluegreen.core.RenderedResource;
import java.util.ArrayList;
import java.util.List;
import software.constructs.IValidation;

/**
 * Checks at synth time what a blue/green deployment needs, on the resources as they will be
 * written, so an override added after construction cannot break it unnoticed: two distinct
 * target groups, a test listener on another port than production, the service on the
 * CODE_DEPLOY controller, and the load balancer block naming a container and port that the
 * task definition has.
 */
final class BlueGreenInvariants implements IValidation {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final BlueGreenService.Runtime runtime;
    private final BlueGreenServiceProps props;

    BlueGreenInvariants(BlueGreenService.Runtime runtime, BlueGreenServiceProps props) {
        this.runtime = runtime;
        this.props = props;
    }

    @Override
    public List<String> validate() {
        List<String> errors = new ArrayList<>();
        String service = "service " + props.purpose();
        JsonNode blue = RenderedResource.of(runtime.blueTargetGroup());
        JsonNode green = RenderedResource.of(runtime.greenTargetGroup());
        if (blue.path("name").equals(green.path("name"))) {
            errors.add(service + ": blue and green target groups are the same, got '" + blue.path("name").asText()
                    + "'; blue/green needs two target groups");
        }
        JsonNode testPort = RenderedResource.of(runtime.testListener()).path("port");
        if (RenderedResource.of(runtime.productionListener()).path("port").equals(testPort)) {
            errors.add(service + ": the test listener uses the production port, got '" + testPort.asText()
                    + "'; give it its own port");
        }
        JsonNode ecsService = RenderedResource.of(runtime.service());
        String controller = ecsService.path("deployment_controller").path("type").asText(null);
        if (!"CODE_DEPLOY".equals(controller)) {
            errors.add(service + ": the deployment controller must be CODE_DEPLOY, got '" + controller
                    + "'; CodeDeploy cannot deploy a service ECS deploys itself");
        }
        JsonNode blocks = ecsService.path("load_balancer");
        if (!blocks.isArray() || blocks.size() != 1) {
            errors.add(service + ": needs exactly one load balancer block, got '" + blocks + "'; attach the blue target group");
            return errors;
        }
        String containerName = blocks.get(0).path("container_name").asText();
        int containerPort = blocks.get(0).path("container_port").asInt();
        String definitions = RenderedResource.of(runtime.taskDefinition()).path("container_definitions").asText();
        if (!hasContainer(definitions, containerName, containerPort)) {
            errors.add(service + ": the load balancer block names container " + containerName + " on port " + containerPort
                    + " that the task definition does not have, got '" + definitions
                    + "'; use the task definition's container name and port");
        }
        return errors;
    }

    private static boolean hasContainer(String containerDefinitions, String name, int port) {
        try {
            for (JsonNode container : JSON.readTree(containerDefinitions)) {
                if (container.path("name").asText().equals(name)) {
                    for (JsonNode mapping : container.path("portMappings")) {
                        if (mapping.path("containerPort").asInt() == port) {
                            return true;
                        }
                    }
                }
            }
            return false;
        } catch (JsonProcessingException e) {
            return false;
        }
    }
}
