package io.bluegreen.core;

/**
 * The kinds of AWS resource this project names, each with the prefix of its generated name
 * and the longest name AWS accepts for it. Limits are checked at synth time so a too-long
 * environment suffix fails before {@code terraform apply} does.
 */
public enum ResourceType {
    VPC("vpc", 255),
    SUBNET("subnet", 255),
    ROUTE_TABLE("rt", 255),
    INTERNET_GATEWAY("igw", 255),
    NAT_GATEWAY("nat", 255),
    ELASTIC_IP("eip", 255),
    /** AWS refuses security group names that begin with {@code sg-}. */
    SECURITY_GROUP("secgroup", 255),
    VPC_ENDPOINT("vpce", 255),
    FLOW_LOG("flowlog", 255),
    LOAD_BALANCER("alb", 32),
    TARGET_GROUP("tg", 32),
    S3_BUCKET("s3", 63),
    IAM_ROLE("role", 64),
    IAM_POLICY("policy", 128),
    /** Log groups are paths; see {@link Naming#logGroup(String)}. */
    LOG_GROUP("log", 512),
    SNS_TOPIC("sns", 256),
    /** KMS alias names include the {@code alias/} prefix in the 256-character limit. */
    KMS_ALIAS("kms", 256 - "alias/".length()),
    EVENT_RULE("rule", 64),
    ALARM("alarm", 255),
    ECR_REPOSITORY("ecr", 256),
    ECS_CLUSTER("ecs", 255),
    ECS_SERVICE("svc", 255),
    TASK_DEFINITION("task", 255),
    CODEBUILD_PROJECT("cb", 255),
    CODEPIPELINE("pipeline", 100),
    CODEDEPLOY_APPLICATION("cdapp", 100),
    CODEDEPLOY_GROUP("cddg", 100),
    CODEDEPLOY_CONFIG("cdcfg", 100),
    SSM_PARAMETER("param", 1011),
    SECRET("secret", 512),
    DYNAMODB_TABLE("ddb", 255),
    SQS_QUEUE("sqs", 80),
    STATE_MACHINE("sfn", 80),
    WAF_WEB_ACL("waf", 128),
    CODEBUILD_REPORT_GROUP("rg", 128),
    LAMBDA_FUNCTION("fn", 64),
    CODECOMMIT_REPOSITORY("repo", 100),
    APPROVAL_RULE_TEMPLATE("approval", 100);

    private final String prefix;
    private final int maxLength;

    ResourceType(String prefix, int maxLength) {
        this.prefix = prefix;
        this.maxLength = maxLength;
    }

    public String prefix() {
        return prefix;
    }

    public int maxLength() {
        return maxLength;
    }

    /** How error messages name the type, e.g. "load balancer". */
    public String label() {
        return name().toLowerCase().replace('_', ' ');
    }
}
