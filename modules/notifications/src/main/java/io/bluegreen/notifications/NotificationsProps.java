package io.bluegreen.notifications;

import io.bluegreen.core.Naming;
import io.bluegreen.core.ResourceType;
import java.util.List;
import java.util.Objects;

/**
 * Settings of {@link Notifications}.
 *
 * @param naming    names the topic and its key {@code alias/kms-<purpose>-<suffix>}; required
 * @param purpose   default {@code notifications}
 * @param topicName default {@code sns-<purpose>-<suffix>}; seed 001 fixes {@code pipeline-notifications-<suffix>}
 * @param emails    subscribed to the topic; each must confirm the mail SNS sends; default none
 */
public record NotificationsProps(Naming naming, String purpose, String topicName, List<EmailAddress> emails) {
    public static final String DEFAULT_PURPOSE = "notifications";

    public NotificationsProps {
        Objects.requireNonNull(naming, "naming");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(topicName, "topicName");
        emails = List.copyOf(emails);
        if (emails.stream().distinct().count() != emails.size()) {
            throw new io.bluegreen.core.SettingException("notificationEmails lists an address twice, got '" + emails
                    + "'; list each address once");
        }
    }

    public static NotificationsProps of(Naming naming, List<EmailAddress> emails) {
        return new NotificationsProps(naming, DEFAULT_PURPOSE, naming.name(ResourceType.SNS_TOPIC, DEFAULT_PURPOSE), emails);
    }

    /** A topic whose name a blueprint fixes, e.g. {@code pipeline-notifications-<suffix>}. */
    public static NotificationsProps named(Naming naming, String purpose, String topicStem, List<EmailAddress> emails) {
        return new NotificationsProps(naming, purpose, naming.exact(ResourceType.SNS_TOPIC, topicStem), emails);
    }
}
