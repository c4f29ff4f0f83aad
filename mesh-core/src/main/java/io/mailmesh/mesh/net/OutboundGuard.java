package io.mailmesh.mesh.net;

import io.mailmesh.mesh.config.EnvVariable;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether the mesh may connect to a host a user chose (an identity's IMAP or SMTP server, the WKD host of a
 * contact's domain): every address the host resolves to must be in an allowed network. Hosts the operator
 * configures (the relay, the HKP server, NATS) are not checked.
 *
 * <p>{@code MESH_OUTBOUND_ALLOW} lists what is allowed: the classes {@code public}, {@code private},
 * {@code loopback}, {@code link-local} (see {@link AddressClass}) and CIDR ranges such as {@code 10.20.0.0/16}.
 * The default is {@code public} in the production profile, so a user cannot point the mesh at its own loopback,
 * the private network or a cloud metadata address; the development profile adds {@code private} and
 * {@code loopback} for local test servers.
 *
 * <p>The check resolves the host just before the connection is made; the JVM keeps a successful lookup for 30 s,
 * so the connection that follows uses the addresses that were checked (a DNS answer cannot change in between).
 */
public final class OutboundGuard {
    public static final String ALLOW_VARIABLE = "MESH_OUTBOUND_ALLOW";
    public static final String PRODUCTION_DEFAULT = "public";
    public static final String DEVELOPMENT_DEFAULT = "public,private,loopback";
    /** The variable it reads, for {@code --help}. */
    public static final List<EnvVariable> VARIABLES = List.of(new EnvVariable(ALLOW_VARIABLE, "networks a user-chosen "
            + "IMAP, SMTP or WKD host may resolve to: public, private, loopback, link-local, CIDR ranges (default "
            + "public; development profile public,private,loopback)"));
    private static final Logger LOG = LoggerFactory.getLogger(OutboundGuard.class);

    private final Set<AddressClass> classes;
    private final List<Cidr> ranges;
    private final String description;

    private OutboundGuard(Set<AddressClass> classes, List<Cidr> ranges, String description) {
        this.classes = classes;
        this.ranges = ranges;
        this.description = description;
    }

    /** Reads {@code MESH_OUTBOUND_ALLOW}, defaulting by profile. */
    public static OutboundGuard from(Map<String, String> env, boolean developmentProfile) {
        String value = env.get(ALLOW_VARIABLE);
        if (value == null || value.isBlank()) {
            value = developmentProfile ? DEVELOPMENT_DEFAULT : PRODUCTION_DEFAULT;
        }
        return parse(value);
    }

    /**
     * Parses a comma-separated list of classes and CIDR ranges.
     *
     * @throws IllegalArgumentException naming the entry that is neither
     */
    public static OutboundGuard parse(String value) {
        Set<AddressClass> classes = EnumSet.noneOf(AddressClass.class);
        List<Cidr> ranges = new ArrayList<>();
        for (String raw : value.split(",")) {
            String entry = raw.trim().toLowerCase(Locale.ROOT);
            if (entry.isEmpty()) {
                continue;
            }
            AddressClass named = byName(entry);
            if (named != null) {
                classes.add(named);
            } else if (entry.contains("/")) {
                ranges.add(Cidr.parse(entry));
            } else {
                throw new IllegalArgumentException(ALLOW_VARIABLE + ": \"" + entry + "\" is neither public, private, "
                        + "loopback, link-local nor a CIDR range such as 10.0.0.0/8");
            }
        }
        if (classes.isEmpty() && ranges.isEmpty()) {
            throw new IllegalArgumentException(ALLOW_VARIABLE + " allows nothing; give at least \"public\"");
        }
        return new OutboundGuard(classes, List.copyOf(ranges), value.trim());
    }

    /** Allows every address: for code paths that take an operator-chosen host. */
    public static OutboundGuard allowAll() {
        return new OutboundGuard(EnumSet.allOf(AddressClass.class), List.of(), "everything");
    }

    /**
     * Resolves {@code host} and checks every address.
     *
     * @throws OutboundRefusedException when the host does not resolve or one of its addresses is not allowed; the
     *                                  message names the host only
     */
    public void check(String host) throws OutboundRefusedException {
        if (host == null || host.isBlank()) {
            throw new OutboundRefusedException("no host given");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host.trim());
        } catch (UnknownHostException | SecurityException e) {
            throw new OutboundRefusedException("host " + host.trim() + " cannot be resolved");
        } catch (RuntimeException e) { // malformed literals and other strings the resolver refuses to parse
            throw new OutboundRefusedException("\"" + host.trim() + "\" is not a host name");
        }
        for (InetAddress address : addresses) {
            if (!allows(address)) {
                LOG.info("refused an outbound connection to {}: it resolves to a {} address, outside {}={}",
                        host.trim(), AddressClass.of(address).settingName(), ALLOW_VARIABLE, description);
                throw new OutboundRefusedException("host " + host.trim() + " is not in a network this installation "
                        + "may connect to");
            }
        }
    }

    /** Whether a connection to {@code address} is allowed. */
    public boolean allows(InetAddress address) {
        return classes.contains(AddressClass.of(address)) || ranges.stream().anyMatch(r -> r.contains(address));
    }

    private static AddressClass byName(String entry) {
        for (AddressClass c : AddressClass.values()) {
            if (c != AddressClass.RESERVED && c.settingName().equals(entry)) {
                return c;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "OutboundGuard[" + classes.stream().map(AddressClass::settingName).collect(Collectors.joining(","))
                + (ranges.isEmpty() ? "" : "," + ranges.stream().map(Cidr::toString).collect(Collectors.joining(",")))
                + "]";
    }
}
