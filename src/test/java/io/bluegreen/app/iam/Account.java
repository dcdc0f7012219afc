package io.bluegreen.app.iam;

/**
 * The accounts the evaluation places the stacks in.
 *
 * @param pipeline the account the environments deploy to (the config's connection and
 *                 certificate ARNs name it: 123456789012)
 * @param region   the config's region
 * @param stranger an account nothing grants anything to, for the negative cases
 */
public record Account(String pipeline, String region, String stranger) {
    public static final Account DEFAULT = new Account("123456789012", "us-east-1", "999999999999");

    /** The Elastic Load Balancing account of us-east-1, which writes access logs of older regions' load balancers. */
    public static final String ELB_US_EAST_1 = "127311923021";

    public String root(String account) {
        return "arn:aws:iam::" + account + ":root";
    }
}
