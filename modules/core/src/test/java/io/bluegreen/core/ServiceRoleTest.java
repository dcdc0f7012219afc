package io.bluegreen.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.TerraformOutput;
import com.hashicorp.cdktf.TerraformOutputConfig;
import com.hashicorp.cdktf.TerraformStack;
import io.bluegreen.core.ServiceRole.ServiceRoleProps;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ServiceRoleTest {
    private static SynthResult synth;

    @BeforeAll
    static void roleWithAManagedAndACustomerPolicyAndAUserOfIt() {
        TerraformStack stack = TestStacks.withAwsProvider();
        ServiceRole role = new ServiceRole(stack, "build", new ServiceRoleProps("role-web-build-dev", "codebuild.amazonaws.com",
                "builds", List.of("arn:aws:iam::aws:policy/AWSCodeBuildReadOnlyAccess"),
                List.of(PolicyDocument.Statement.allow("WriteLogs").actions("logs:PutLogEvents")
                        .resources("arn:aws:logs:us-east-1:123456789012:log-group:/aws/codebuild/x").build())));
        // Stands in for a project or pipeline built on the role.
        new TerraformOutput(stack, "user", TerraformOutputConfig.builder().value(role.arn()).dependsOn(role.permissions()).build());
        synth = SynthResult.of(stack);
    }

    @Test
    void usersOfTheRoleWaitForBothAttachmentsNotJustThePolicy() {
        List<String> dependsOn = new ArrayList<>();
        // Outputs render dependencies as references, resources as plain addresses.
        synth.outputs().get("user").path("depends_on").forEach(d -> dependsOn.add(d.asText().replaceAll("^\\$\\{(.*)}$", "$1")));
        List<String> attachments = synth.resources("aws_iam_role_policy_attachment").keySet().stream()
                .map(id -> "aws_iam_role_policy_attachment." + id).toList();
        assertEquals(2, attachments.size());
        assertEquals(java.util.Set.copyOf(attachments), java.util.Set.copyOf(dependsOn));
    }

    @Test
    void trustIsLimitedToTheServiceInThisAccount() {
        JsonNode trust = SynthResult.embedded(synth.only("aws_iam_role").path("assume_role_policy")).path("Statement").get(0);
        assertEquals("codebuild.amazonaws.com", trust.path("Principal").path("Service").get(0).asText());
        String caller = synth.dataSources("aws_caller_identity").keySet().iterator().next();
        assertEquals("${data.aws_caller_identity." + caller + ".account_id}",
                trust.path("Condition").path("StringEquals").path("aws:SourceAccount").asText());
    }
}
