package io.bluegreen.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PolicyDocumentTest {
    /**
     * The policy is a string in the synthesized JSON: condition keys must come out in one order
     * (sorted), not in the per-JVM order of an immutable map, or two synths of the same app differ.
     */
    @Test
    void conditionsRenderSortedWhateverOrderTheyWereGivenIn() {
        PolicyDocument.Statement statement = PolicyDocument.Statement.allow("Publish")
                .servicePrincipals("cloudwatch.amazonaws.com")
                .actions("kms:Decrypt")
                .resources("*")
                .condition("StringEquals", "kms:EncryptionContext:aws:sns:topicArn", "arn:aws:sns:us-east-1:123456789012:t")
                .condition("ArnLike", "aws:SourceArn", "arn:aws:cloudwatch:us-east-1:123456789012:alarm:*")
                .condition("StringEquals", "aws:SourceAccount", "123456789012")
                .condition("StringEquals", "aws:SourceOrgID", "o-1")
                .build();
        assertEquals("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Publish\",\"Effect\":\"Allow\","
                + "\"Principal\":{\"Service\":[\"cloudwatch.amazonaws.com\"]},\"Action\":\"kms:Decrypt\",\"Resource\":\"*\","
                + "\"Condition\":{\"ArnLike\":{\"aws:SourceArn\":\"arn:aws:cloudwatch:us-east-1:123456789012:alarm:*\"},"
                + "\"StringEquals\":{\"aws:SourceAccount\":\"123456789012\",\"aws:SourceOrgID\":\"o-1\","
                + "\"kms:EncryptionContext:aws:sns:topicArn\":\"arn:aws:sns:us-east-1:123456789012:t\"}}}]}",
                PolicyDocument.of(statement).toJson());
    }
}
