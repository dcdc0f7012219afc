package io.bluegreen.notifications;

import io.bluegreen.core.Naming;
import java.util.List;
import java.util.Objects;

/**
 * Settings of {@link Notifications}.
 *
 * @param naming  names the topic {@code sns-<purpose>-<suffix>} and its key; required
 * @param purpose default {@code notifications}
 * @param emails  subscribed to the topic; each must confirm the mail SNS sends; default none
 */
public record NotificationsProps(Naming naming, String purpose, List<EmailAddress> emails) {
    public static final String DEFAULT_PURPOSE = "notifications";

    public NotificationsProps {
        Objects.requireNonNull(naming, "naming");
        Objects.requireNonNull(purpose, "purpose");
        emails = List.copyOf(emails);
        if (emails.stream().distinct().count() != emails.size()) {
            throw new io.bluegreen.core.SettingException("notificationEmails lists an address twice, got '" + emails
                    + "'; list each address once");
        }
    }

    public static NotificationsProps of(Naming naming, List<EmailAddress> emails) {
        return new NotificationsProps(naming, DEFAULT_PURPOSE, emails);
    }
}
