package io.bluegreen.vpc;

import io.bluegreen.core.SettingException;

/** An IPv4 CIDR block split into equal subnets at synth time, so the plan shows literal ranges. */
record Ipv4Cidr(long network, int prefix) {
    static final int MIN_PREFIX = 16;
    static final int MAX_PREFIX = 24;
    /** Four extra bits give 16 equal subnets: public ones from 0, private ones from 8. */
    static final int SUBNET_BITS = 4;

    static Ipv4Cidr parse(String setting, String cidr) {
        String[] parts = cidr == null ? new String[0] : cidr.split("/");
        String fix = "use a block such as '10.0.0.0/16' (prefix /" + MIN_PREFIX + " to /" + MAX_PREFIX + ")";
        if (parts.length != 2) {
            throw SettingException.invalid(setting, "must be an IPv4 CIDR block", cidr, fix);
        }
        String[] octets = parts[0].split("\\.");
        if (octets.length != 4) {
            throw SettingException.invalid(setting, "must be an IPv4 CIDR block", cidr, fix);
        }
        long address = 0;
        int prefix;
        try {
            for (String octet : octets) {
                int value = Integer.parseInt(octet);
                if (value < 0 || value > 255) {
                    throw SettingException.invalid(setting, "has an octet out of 0-255", cidr, fix);
                }
                address = (address << 8) | value;
            }
            prefix = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw SettingException.invalid(setting, "must be an IPv4 CIDR block", cidr, fix);
        }
        if (prefix < MIN_PREFIX || prefix > MAX_PREFIX) {
            throw SettingException.invalid(setting, "must have a prefix from /" + MIN_PREFIX + " to /" + MAX_PREFIX, cidr, fix);
        }
        long mask = (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        if ((address & mask) != address) {
            throw SettingException.invalid(setting, "has host bits set", cidr, "use the network address " + format(address & mask) + "/" + prefix);
        }
        return new Ipv4Cidr(address, prefix);
    }

    /** The {@code index}-th of the 16 equal subnets. */
    String subnet(int index) {
        int subnetPrefix = prefix + SUBNET_BITS;
        long size = 1L << (32 - subnetPrefix);
        return format(network + index * size) + "/" + subnetPrefix;
    }

    @Override
    public String toString() {
        return format(network) + "/" + prefix;
    }

    private static String format(long address) {
        return ((address >> 24) & 0xFF) + "." + ((address >> 16) & 0xFF) + "." + ((address >> 8) & 0xFF) + "." + (address & 0xFF);
    }
}
