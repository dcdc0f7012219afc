package io.bluegreen.ecs;

import static io.bluegreen.ecs.BlueGreenServiceTest.web;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.TerraformStack;
import io.bluegreen.core.SettingException;
import io.bluegreen.core.SynthResult;
import io.bluegreen.core.TestStacks;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The ALB as the internet meets it (X4): a WAF, access logs, and a test listener only the VPC reaches. */
class LoadBalancerProtectionTest {
    private static SynthResult synth;

    @BeforeAll
    static void synthWithDefaults() {
        TerraformStack stack = TestStacks.withAwsProvider();
        new BlueGreenService(stack, "service", web().build());
        synth = SynthResult.of(stack);
    }

    @Test
    void webAclBlocksWithAwsManagedRuleGroupsAndGuardsTheAlb() {
        JsonNode acl = synth.only("aws_wafv2_web_acl");
        assertEquals("waf-web-dev", acl.path("name").asText());
        assertEquals("REGIONAL", acl.path("scope").asText());
        assertTrue(acl.path("default_action").path("allow").isObject(), acl.path("default_action").toString());
        List<String> groups = new ArrayList<>();
        for (JsonNode rule : acl.path("rule")) {
            JsonNode managed = rule.path("statement").path("managed_rule_group_statement");
            groups.add(rule.path("priority").asInt() + " " + managed.path("vendor_name").asText() + "/" + managed.path("name").asText());
            assertTrue(rule.path("override_action").path("none").isObject(), "the groups block, they do not only count: " + rule);
            assertTrue(rule.path("visibility_config").path("cloudwatch_metrics_enabled").asBoolean());
        }
        assertEquals(List.of("1 AWS/AWSManagedRulesCommonRuleSet", "2 AWS/AWSManagedRulesKnownBadInputsRuleSet",
                "3 AWS/AWSManagedRulesAmazonIpReputationList"), groups);
        JsonNode association = synth.only("aws_wafv2_web_acl_association");
        assertEquals(synth.ref("aws_lb", "arn"), association.path("resource_arn").asText());
        assertEquals(synth.ref("aws_wafv2_web_acl", "arn"), association.path("web_acl_arn").asText());
    }

    /** Every request the ACL sees is logged to a group WAF accepts, under the service's log key, 30 days, credentials redacted. */
    @Test
    void webAclLogsToItsOwnEncryptedGroupWithCredentialsRedacted() {
        JsonNode logging = synth.only("aws_wafv2_web_acl_logging_configuration");
        assertEquals(synth.ref("aws_wafv2_web_acl", "arn"), logging.path("resource_arn").asText());
        String group = synth.resources("aws_cloudwatch_log_group").keySet().stream().filter(id -> id.startsWith("service_web-acl_logs"))
                .findFirst().orElseThrow();
        assertEquals("[\"${aws_cloudwatch_log_group." + group + ".arn}\"]", logging.path("log_destination_configs").toString());
        assertEquals("[{\"single_header\":{\"name\":\"authorization\"}},{\"single_header\":{\"name\":\"cookie\"}}]",
                logging.path("redacted_fields").toString());
        JsonNode logs = synth.resources("aws_cloudwatch_log_group").get(group);
        assertEquals("aws-waf-logs-waf-web-dev", logs.path("name").asText());
        assertEquals(30, logs.path("retention_in_days").asInt());
        assertEquals(synth.ref("aws_kms_key", "log-key", "arn"), logs.path("kms_key_id").asText());
        String keyPolicy = synth.resources("aws_kms_key").values().stream().filter(k -> k.path("description").asText().startsWith("Encrypts the log groups"))
                .findFirst().orElseThrow().path("policy").asText();
        assertTrue(keyPolicy.contains(":log-group:aws-waf-logs-waf-web-dev*"), "the key admits CloudWatch Logs for the WAF group: " + keyPolicy);
    }

    @Test
    void accessLogsGoToAPrivateTlsOnlyBucketWithSseS3ThatExpiresIn30Days() {
        String caller = synth.dataSources("aws_caller_identity").keySet().iterator().next();
        String account = "${data.aws_caller_identity." + caller + ".account_id}";
        JsonNode bucket = synth.only("aws_s3_bucket");
        assertEquals(account + "-s3-web-alb-logs-dev", bucket.path("bucket").asText());
        assertTrue(bucket.path("force_destroy").asBoolean());
        assertEquals("AES256", synth.only("aws_s3_bucket_server_side_encryption_configuration").path("rule").get(0)
                .path("apply_server_side_encryption_by_default").path("sse_algorithm").asText(), "ELB writes SSE-S3 only");
        assertEquals(30, synth.only("aws_s3_bucket_lifecycle_configuration").path("rule").get(0).path("expiration").path("days").asInt());
        JsonNode alb = synth.only("aws_lb");
        assertEquals(synth.ref("aws_s3_bucket", "bucket"), alb.path("access_logs").path("bucket").asText());
        assertEquals("web", alb.path("access_logs").path("prefix").asText());
        assertTrue(alb.path("access_logs").path("enabled").asBoolean());
        assertEquals("[\"aws_s3_bucket_policy." + synth.resources("aws_s3_bucket_policy").keySet().iterator().next() + "\"]",
                alb.path("depends_on").toString(), "ELB tests its write when logging is turned on");
    }

    @Test
    void onlyElbMayWriteAndOnlyUnderThisAccountsPrefix() {
        JsonNode statements = SynthResult.embedded(synth.only("aws_s3_bucket_policy").path("policy")).path("Statement");
        assertEquals("DenyInsecureTransport", statements.get(0).path("Sid").asText());
        String elbAccount = "${data.aws_elb_service_account." + synth.dataSources("aws_elb_service_account").keySet().iterator().next()
                + ".arn}";
        JsonNode regional = statements.get(1);
        assertEquals(elbAccount, regional.path("Principal").path("AWS").get(0).asText());
        JsonNode delivery = statements.get(2);
        assertEquals("logdelivery.elasticloadbalancing.amazonaws.com", delivery.path("Principal").path("Service").get(0).asText());
        for (JsonNode statement : List.of(regional, delivery)) {
            assertEquals("s3:PutObject", statement.path("Action").asText());
            assertTrue(statement.path("Resource").asText().matches("arn:\\$\\{data\\.aws_partition\\..*}:s3:::\\$\\{data\\.aws_caller_identity\\..*"
                    + "\\.account_id}-s3-web-alb-logs-dev/web/AWSLogs/\\$\\{data\\.aws_caller_identity\\..*\\.account_id}/\\*"),
                    statement.path("Resource").asText());
        }
        assertTrue(delivery.path("Condition").path("StringEquals").has("aws:SourceAccount"));
    }

    @Test
    void bothCanBeTurnedOffForCheapPreviews() {
        TerraformStack stack = TestStacks.withAwsProvider();
        new BlueGreenService(stack, "service", web().loadBalancerWebAcl(false).loadBalancerAccessLogs(false).build());
        SynthResult plain = SynthResult.of(stack);
        assertTrue(plain.resources("aws_wafv2_web_acl").isEmpty());
        assertTrue(plain.resources("aws_wafv2_web_acl_logging_configuration").isEmpty());
        assertEquals(2, plain.resources("aws_cloudwatch_log_group").size(), "the service's and Container Insights' groups only");
        assertTrue(plain.resources("aws_s3_bucket").isEmpty());
        assertTrue(plain.only("aws_lb").path("access_logs").isMissingNode());
    }

    @Test
    void testListenerAdmitsTheBlocksGivenAndTheProductionListenerStaysOnAllowedCidrs() {
        TerraformStack stack = TestStacks.withAwsProvider();
        new BlueGreenService(stack, "service", web().allowedCidrs(List.of("198.51.100.0/24"))
                .testListenerCidrs(List.of("10.0.0.0/16", "192.0.2.0/24")).build());
        SynthResult custom = SynthResult.of(stack);
        assertEquals("[\"10.0.0.0/16\",\"192.0.2.0/24\"]", rule(custom, "alb-in-8080").path("cidr_blocks").toString());
        assertEquals("[\"198.51.100.0/24\"]", rule(custom, "alb-in-80_").path("cidr_blocks").toString());
        assertFalse(rule(synth, "alb-in-8080").path("cidr_blocks").asText().contains("0.0.0.0/0"));
    }

    @Test
    void failsWhenTheTestListenerIsOpenedToTheInternet() {
        SettingException error = assertThrows(SettingException.class,
                () -> web().testListenerCidrs(List.of("10.0.0.0/16", "0.0.0.0/0")).build());
        assertEquals("testListenerCidrs opens the test listener to the internet, got '0.0.0.0/0'; green answers there before it is "
                + "approved by the traffic shift: list the blocks of your test clients, or leave it out to admit the VPC",
                error.getMessage());
    }

    @Test
    void failsOnAnEmptyOrMalformedTestListenerBlock() {
        assertEquals("testListenerCidrs must list at least one block, got '[]'; leave it out to admit the VPC, or list the blocks "
                + "your test clients come from", assertThrows(SettingException.class,
                        () -> web().testListenerCidrs(List.of()).build()).getMessage());
        assertEquals("testListenerCidrs holds something that is not an IPv4 CIDR block, got '10.0.0.0'; use blocks such as "
                + "'203.0.113.0/24'", assertThrows(SettingException.class,
                        () -> web().testListenerCidrs(List.of("10.0.0.0")).build()).getMessage());
    }

    private static JsonNode rule(SynthResult result, String idPart) {
        List<JsonNode> found = result.resources("aws_security_group_rule").entrySet().stream()
                .filter(e -> e.getKey().contains(idPart)).map(java.util.Map.Entry::getValue).toList();
        assertEquals(1, found.size(), idPart);
        return found.get(0);
    }
}
