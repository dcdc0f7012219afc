package io.bluegreen.ecs;

import com.hashicorp.cdktf.providers.aws.cloudwatch_log_group.CloudwatchLogGroup;
import com.hashicorp.cdktf.providers.aws.wafv2_web_acl.Wafv2WebAcl;
import com.hashicorp.cdktf.providers.aws.wafv2_web_acl.Wafv2WebAclConfig;
import com.hashicorp.cdktf.providers.aws.wafv2_web_acl.Wafv2WebAclDefaultAction;
import com.hashicorp.cdktf.providers.aws.wafv2_web_acl.Wafv2WebAclDefaultActionAllow;
import com.hashicorp.cdktf.providers.aws.wafv2_web_acl.Wafv2WebAclRule;
import com.hashicorp.cdktf.providers.aws.wafv2_web_acl.Wafv2WebAclRuleOverrideAction;
import com.hashicorp.cdktf.providers.aws.wafv2_web_acl.Wafv2WebAclRuleOverrideActionNone;
import com.hashicorp.cdktf.providers.aws.wafv2_web_acl.Wafv2WebAclRuleStatement;
import com.hashicorp.cdktf.providers.aws.wafv2_web_acl.Wafv2WebAclRuleStatementManagedRuleGroupStatement;
import com.hashicorp.cdktf.providers.aws.wafv2_web_acl.Wafv2WebAclRuleVisibilityConfig;
import com.hashicorp.cdktf.providers.aws.wafv2_web_acl.Wafv2WebAclVisibilityConfig;
import com.hashicorp.cdktf.providers.aws.wafv2_web_acl_association.Wafv2WebAclAssociation;
import com.hashicorp.cdktf.providers.aws.wafv2_web_acl_association.Wafv2WebAclAssociationConfigA;
import com.hashicorp.cdktf.providers.aws.wafv2_web_acl_logging_configuration.Wafv2WebAclLoggingConfiguration;
import com.hashicorp.cdktf.providers.aws.wafv2_web_acl_logging_configuration.Wafv2WebAclLoggingConfigurationConfig;
import com.hashicorp.cdktf.providers.aws.wafv2_web_acl_logging_configuration.Wafv2WebAclLoggingConfigurationRedactedFields;
import com.hashicorp.cdktf.providers.aws.wafv2_web_acl_logging_configuration.Wafv2WebAclLoggingConfigurationRedactedFieldsSingleHeader;
import io.bluegreen.core.LogGroups;
import java.util.ArrayList;
import java.util.List;
import software.constructs.Construct;

/**
 * A regional WAF web ACL in front of one load balancer (X4): requests pass unless an AWS managed
 * rule group blocks them. The groups are AWS's baseline for any web application: the core rule
 * set (OWASP-style; note it refuses request bodies over 8 KB), known bad inputs, and AWS's list
 * of addresses with a bad reputation. Metrics and sampled requests are on for each, and every
 * request the ACL sees is logged to its own encrypted log group (30 days), credentials and
 * cookies redacted.
 */
final class AlbWebAcl extends Construct {
    /** AWS managed rule groups, in evaluation order. */
    static final List<String> MANAGED_RULE_GROUPS = List.of(
            "AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesAmazonIpReputationList");

    /** Request headers that carry credentials: kept out of the logs (no secrets in plain text). */
    static final List<String> REDACTED_HEADERS = List.of("authorization", "cookie");

    final Wafv2WebAcl webAcl;
    final Wafv2WebAclAssociation association;
    final CloudwatchLogGroup logGroup;
    final Wafv2WebAclLoggingConfiguration logging;

    /** WAF delivers logs only to log groups whose names start with {@code aws-waf-logs-}. */
    static String logGroupName(String aclName) {
        return "aws-waf-logs-" + aclName;
    }

    AlbWebAcl(Construct scope, String id, String name, String loadBalancerArn, String logKeyArn) {
        super(scope, id);
        List<Wafv2WebAclRule> rules = new ArrayList<>();
        for (int i = 0; i < MANAGED_RULE_GROUPS.size(); i++) {
            String group = MANAGED_RULE_GROUPS.get(i);
            rules.add(Wafv2WebAclRule.builder()
                    .name(group)
                    .priority(i + 1)
                    // "none": the group's own actions (block) apply; "count" would only observe.
                    .overrideAction(Wafv2WebAclRuleOverrideAction.builder()
                            .none(Wafv2WebAclRuleOverrideActionNone.builder().build()).build())
                    .statement(Wafv2WebAclRuleStatement.builder()
                            .managedRuleGroupStatement(Wafv2WebAclRuleStatementManagedRuleGroupStatement.builder()
                                    .vendorName("AWS").name(group).build())
                            .build())
                    .visibilityConfig(Wafv2WebAclRuleVisibilityConfig.builder()
                            .cloudwatchMetricsEnabled(true).sampledRequestsEnabled(true).metricName(group).build())
                    .build());
        }
        this.webAcl = new Wafv2WebAcl(this, "acl", Wafv2WebAclConfig.builder()
                .name(name)
                .description("Managed rule groups in front of " + name)
                .scope("REGIONAL")
                .defaultAction(Wafv2WebAclDefaultAction.builder().allow(Wafv2WebAclDefaultActionAllow.builder().build()).build())
                .rule(rules)
                .visibilityConfig(Wafv2WebAclVisibilityConfig.builder()
                        .cloudwatchMetricsEnabled(true).sampledRequestsEnabled(true).metricName(name).build())
                .build());
        this.association = new Wafv2WebAclAssociation(this, "association", Wafv2WebAclAssociationConfigA.builder()
                .resourceArn(loadBalancerArn)
                .webAclArn(webAcl.getArn())
                .build());
        this.logGroup = LogGroups.encrypted(this, "logs", logGroupName(name), logKeyArn);
        this.logging = new Wafv2WebAclLoggingConfiguration(this, "logging", Wafv2WebAclLoggingConfigurationConfig.builder()
                .resourceArn(webAcl.getArn())
                .logDestinationConfigs(List.of(logGroup.getArn()))
                .redactedFields(REDACTED_HEADERS.stream().map(header -> Wafv2WebAclLoggingConfigurationRedactedFields.builder()
                        .singleHeader(Wafv2WebAclLoggingConfigurationRedactedFieldsSingleHeader.builder().name(header).build())
                        .build()).toList())
                .build());
    }
}
