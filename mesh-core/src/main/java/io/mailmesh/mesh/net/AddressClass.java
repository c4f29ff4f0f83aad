package io.mailmesh.mesh.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * The kind of network an IP address belongs to, as far as deciding whether a user may make the mesh connect there.
 * Everything that is not one of the special ranges is {@link #PUBLIC}.
 */
public enum AddressClass {
    /** 127.0.0.0/8, ::1. */
    LOOPBACK,
    /** 10/8, 172.16/12, 192.168/16, 100.64/10 (carrier-grade NAT), fc00::/7 (unique local). */
    PRIVATE,
    /** 169.254/16, fe80::/10: link-local, where cloud metadata services live. */
    LINK_LOCAL,
    /** 0.0.0.0/8, ::, multicast, 240/4 and the broadcast address: never a server. */
    RESERVED,
    /** Any other address. */
    PUBLIC;

    /** The class of {@code address}; an IPv4-mapped or -compatible IPv6 address is classed as its IPv4 address. */
    public static AddressClass of(InetAddress address) {
        InetAddress a = unmapped(address);
        if (a.isLoopbackAddress()) {
            return LOOPBACK;
        }
        if (a.isLinkLocalAddress()) {
            return LINK_LOCAL;
        }
        if (a.isAnyLocalAddress() || a.isMulticastAddress()) {
            return RESERVED;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 0 || first >= 240) {
                return RESERVED;
            }
            if (first == 10 || (first == 172 && second >= 16 && second <= 31) || (first == 192 && second == 168)
                    || (first == 100 && second >= 64 && second <= 127)) {
                return PRIVATE;
            }
            return PUBLIC;
        }
        if ((b[0] & 0xfe) == 0xfc) {
            return PRIVATE;
        }
        if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) { // fec0::/10, the deprecated site-local range
            return PRIVATE;
        }
        return PUBLIC;
    }

    /** The name operators write in {@code MESH_OUTBOUND_ALLOW}. */
    public String settingName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static InetAddress unmapped(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] b = address.getAddress();
        boolean zeroPrefix = true;
        for (int i = 0; i < 10; i++) {
            zeroPrefix &= b[i] == 0;
        }
        boolean mapped = zeroPrefix && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = zeroPrefix && b[10] == 0 && b[11] == 0 && !isZeroOrOne(b);
        if (!mapped && !compatible) {
            return address;
        }
        try {
            return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }

    private static boolean isZeroOrOne(byte[] b) { // :: and ::1 are not IPv4-compatible addresses
        for (int i = 12; i < 15; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[15] & 0xff) <= 1;
    }
}
