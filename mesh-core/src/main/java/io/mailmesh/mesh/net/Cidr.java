package io.mailmesh.mesh.net;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An address range such as {@code 10.20.0.0/16} or {@code fd00::/8}. */
record Cidr(byte[] network, int prefixLength, String text) {

    /**
     * Parses {@code address/prefix}; the address must be a literal (no name is resolved).
     *
     * @throws IllegalArgumentException when it is not a range
     */
    static Cidr parse(String text) {
        int slash = text.indexOf('/');
        String address = text.substring(0, slash);
        int prefix;
        try {
            prefix = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw invalid(text);
        }
        if (!address.matches("[0-9a-fA-F:.]+")) { // a literal, so that no DNS lookup happens here
            throw invalid(text);
        }
        byte[] network;
        try {
            network = InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw invalid(text);
        }
        if (prefix < 0 || prefix > network.length * 8) {
            throw invalid(text);
        }
        return new Cidr(network, prefix, text);
    }

    boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length != network.length) {
            return false;
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (a[full] & mask) == (network[full] & mask);
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException(OutboundGuard.ALLOW_VARIABLE + ": \"" + text + "\" is not a CIDR range such as "
                + "10.0.0.0/8 or fd00::/8");
    }

    @Override
    public String toString() {
        return text;
    }
}
