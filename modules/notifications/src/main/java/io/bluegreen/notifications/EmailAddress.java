package io.bluegreen.notifications;

import io.bluegreen.core.SettingException;
import java.util.regex.Pattern;

/** An address SNS will send a confirmation mail to; checked at synth so a typo fails early. */
public record EmailAddress(String value) {
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");

    public EmailAddress {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw SettingException.invalid("email address", "is not a valid email address", value, "use an address such as 'platform-team@example.com'");
        }
    }

    /** Parses {@code value} and names {@code setting} if it is not an address. */
    public static EmailAddress parse(String setting, String value) {
        try {
            return new EmailAddress(value);
        } catch (SettingException e) {
            throw SettingException.invalid(setting, "is not a valid email address", value, "use an address such as 'platform-team@example.com'");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
