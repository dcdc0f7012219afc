package io.bluegreen.notifications;

import java.util.List;
import java.util.Objects;

/**
 * What other modules need to notify people: the topic to publish to and the key it is
 * encrypted with (publishers need kms:GenerateDataKey* and kms:Decrypt on it).
 */
public record NotificationsRef(String topicArn, String topicName, String kmsKeyArn) {
    public NotificationsRef {
        Objects.requireNonNull(topicArn, "topicArn");
        Objects.requireNonNull(topicName, "topicName");
        Objects.requireNonNull(kmsKeyArn, "kmsKeyArn");
    }

    /** For {@code alarm_actions} and {@code ok_actions} of a CloudWatch alarm. */
    public List<String> alarmActions() {
        return List.of(topicArn);
    }
}
