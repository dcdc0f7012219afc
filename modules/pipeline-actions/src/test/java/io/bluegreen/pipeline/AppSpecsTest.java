package io.bluegreen.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The AppSpec checks the buildspec tests use refuse what CodeDeploy would not read as documented. */
class AppSpecsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final String FUNCTION = "{\"function\":{\"Type\":\"AWS::Lambda::Function\",\"Properties\":"
            + "{\"Name\":\"fn\",\"Alias\":\"live\",\"CurrentVersion\":\"1\",\"TargetVersion\":\"2\"}}}";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "the text 0.0            | {\"version\":\"0.0\",\"Resources\":[" + FUNCTION + "]}                      | ",
        "the number 0.0          | {\"version\":0.0,\"Resources\":[" + FUNCTION + "]}                        | ",
        "jq 1.6's 0              | {\"version\":0,\"Resources\":[" + FUNCTION + "]}                          | version is 0, not 0.0",
        "a version as a number 1 | {\"version\":\"1.0\",\"Resources\":[" + FUNCTION + "]}                      | version is \"1.0\", not 0.0",
        "two functions           | {\"version\":\"0.0\",\"Resources\":[" + FUNCTION + "," + FUNCTION + "]}      | Resources must list exactly one resource",
        "a number as version id  | {\"version\":\"0.0\",\"Resources\":[{\"f\":{\"Type\":\"AWS::Lambda::Function\",\"Properties\":{\"Name\":\"fn\",\"Alias\":\"live\",\"CurrentVersion\":1,\"TargetVersion\":\"2\"}}}]} | Properties.CurrentVersion is 1, not a non-empty string",
        "an unknown hook         | {\"version\":\"0.0\",\"Resources\":[" + FUNCTION + "],\"Hooks\":[{\"BeforeInstall\":\"x\"}]} | unknown hook BeforeInstall",
    })
    void lambdaAppSpecs(String why, String appSpec, String problem) throws Exception {
        List<String> problems = AppSpecs.lambdaProblems(JSON.readTree(appSpec));
        assertEquals(problem == null ? List.of() : List.of(problem), problems.stream()
                .map(p -> problem != null && p.startsWith(problem) ? problem : p).toList(), why);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "as image-build writes it | 'version: 0.0\\nResources:\\n  - TargetService:\\n      Type: AWS::ECS::Service\\n      Properties:\\n        TaskDefinition: \"<TASK_DEFINITION>\"\\n        LoadBalancerInfo:\\n          ContainerName: \"app\"\\n          ContainerPort: 8080\\n' | ",
        "a quoted port            | 'version: 0.0\\nResources:\\n  - TargetService:\\n      Type: AWS::ECS::Service\\n      Properties:\\n        TaskDefinition: \"<TASK_DEFINITION>\"\\n        LoadBalancerInfo:\\n          ContainerName: \"app\"\\n          ContainerPort: \"8080\"\\n' | LoadBalancerInfo.ContainerPort is \"8080\", not a port number",
        "no container name        | 'version: 0.0\\nResources:\\n  - TargetService:\\n      Type: AWS::ECS::Service\\n      Properties:\\n        TaskDefinition: \"<TASK_DEFINITION>\"\\n        LoadBalancerInfo:\\n          ContainerPort: 8080\\n' | LoadBalancerInfo.ContainerName is , not a container's name",
    })
    void ecsAppSpecs(String why, String appSpec, String problem) throws Exception {
        assertEquals(problem == null ? List.of() : List.of(problem), AppSpecs.ecsProblems(YAML.readTree(appSpec.replace("\\n", "\n"))), why);
    }
}
