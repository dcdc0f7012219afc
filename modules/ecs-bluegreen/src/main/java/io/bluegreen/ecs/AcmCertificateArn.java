package io.bluegreen.ecs;

import io.bluegreen.core.SettingException;
import java.util.regex.Pattern;

/** The ARN of an ACM certificate the production listener serves HTTPS with. */
public record AcmCertificateArn(String value) {
    private static final Pattern ACM_ARN =
            Pattern.compile("arn:aws(-[a-z]+)*:acm:[a-z0-9-]+:\\d{12}:certificate/[A-Za-z0-9-]+");

    public AcmCertificateArn {
        if (value == null || !ACM_ARN.matcher(value).matches()) {
            throw SettingException.invalid("certificateArn", "is not an ACM certificate ARN", value,
                    "use the ARN ACM shows, arn:aws:acm:<region>:<account>:certificate/<id>, or leave it out to serve plain HTTP");
        }
    }
}
