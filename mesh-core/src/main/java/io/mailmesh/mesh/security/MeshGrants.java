package io.mailmesh.mesh.security;

import io.mailmesh.mesh.delivery.DurableTopology;
import io.mailmesh.mesh.store.StoreBucket;
import io.mailmesh.orders.Route;
import io.mailmesh.orders.RouteTable;
import io.mailmesh.orders.RouteTables;
import io.mailmesh.orders.Routes;
import java.util.LinkedHashSet;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Derives each executable's NATS permissions from the route table and its {@link StoreAccess}: nothing here names
 * a route. An executable may
 * <ul>
 * <li>subscribe to the routes it handles, answer their requests (response permission) and pull their durable
 * consumers, dead-lettering published orders on {@code deadletter.<subject>} of those routes only;</li>
 * <li>publish on the routes it emits on (the API also on every subject its gateway forwards to, and publish and
 * subscribe on its fanout channels, {@code fanout.>});</li>
 * <li>receive replies on its own inbox prefix, {@code _INBOX.<executable>.>}, so no one else reads them;</li>
 * <li>read and write the store buckets its {@link StoreAccess} names, and create only the buckets it owns.</li>
 * </ul>
 * Streams, durable consumers and the shared store buckets are created by provisioning, with the operators'
 * credentials: no executable may create, update or delete them.
 */
public final class MeshGrants {
    /** The gateway's ingress: plain for infrastructure, {@code MESSAGES.<user id>} for users' NATS clients. */
    public static final String INGRESS = "MESSAGES";
    /**
     * The prefix of the API's middleman bridge (seed 003): {@code middleman.pub.<target>} and
     * {@code middleman.req.<target>}; the API publishes, subscribes and answers requests below it.
     */
    public static final String MIDDLEMAN = "middleman";

    /**
     * The subject prefix of seed 004's fanout channels: {@code fanout.<channel>} carries the channel's announcements
     * between api-emitter instances (and from any NATS client allowed to publish there).
     */
    public static final String FANOUT = "fanout";

    private MeshGrants() {
    }

    /** The inbox prefix of an executable's connection; its replies arrive below it. */
    public static String inboxPrefix(String executable) {
        return "_INBOX." + executable;
    }

    /**
     * The permissions of {@code executable}.
     *
     * @param bucketPrefix  the store's bucket prefix ({@code MESH_STORE_BUCKET_PREFIX})
     * @param gatewayTopics the subjects the API's gateway publishes on (ignored for the other executables)
     */
    public static NatsPermissions of(String executable, String bucketPrefix, Collection<String> gatewayTopics) {
        NatsPermissions.Builder grants = new NatsPermissions.Builder();
        grants.subscribe(inboxPrefix(executable) + ".>");
        discovery(grants, executable);
        streamsReadable(grants, executable);
        for (RouteTable table : RouteTables.all()) {
            for (Route route : table.subscribedBy(executable)) {
                handles(grants, route);
            }
            for (Route route : table.routes()) {
                if (route.emitters().contains(executable)) {
                    grants.publish(route.subject());
                }
            }
            for (String objectStore : table.objectStoresOf(executable)) {
                JetStreamSubjects.write(grants, objectStore, true);
                JetStreamSubjects.create(grants, objectStore, true);
            }
        }
        if (!SEED_EXECUTABLES.contains(executable)) {
            return grants.build(); // an extension's executable: the store is seed 002's, not its own
        }
        if (executable.equals(Routes.API)) {
            gatewayTopics.forEach(grants::publish);
            grants.subscribe(INGRESS, INGRESS + ".*").respond();
            grants.publish(MIDDLEMAN + ".>");
            grants.subscribe(MIDDLEMAN + ".>").respond();
            grants.publish(FANOUT + ".>");
            grants.subscribe(FANOUT + ".>");
        }
        StoreAccess access = StoreAccess.of(executable);
        for (StoreBucket bucket : access.reads()) {
            JetStreamSubjects.read(grants, bucket.bucketName(bucketPrefix), bucket.objectStore());
        }
        for (StoreBucket bucket : access.writes()) {
            JetStreamSubjects.write(grants, bucket.bucketName(bucketPrefix), bucket.objectStore());
        }
        for (String owned : access.owned()) {
            String name = StoreAccess.ownedWithPrefix(owned) ? bucketPrefix + owned : owned;
            JetStreamSubjects.write(grants, name, false);
            JetStreamSubjects.create(grants, name, false);
        }
        return grants.build();
    }

    private static final List<String> SEED_EXECUTABLES = List.of(Routes.API, Routes.MQ_WORKER,
            Routes.IDENTITIES_WORKER, Routes.SMTP_BRIDGE, Routes.IMAP_BRIDGE, Routes.TWITTER_BRIDGE);

    /**
     * The executables, in the order of the brief's table, then those of each extension route table on the class
     * path (its subscribers and emitters), so {@code nats-auth init} writes their credentials too.
     */
    public static List<String> executables() {
        Set<String> names = new LinkedHashSet<>(SEED_EXECUTABLES);
        for (RouteTable table : RouteTables.extensions()) {
            for (Route route : table.routes()) {
                names.add(route.subscriber());
                route.emitters().stream().filter(e -> !e.equals(Routes.OPS)).forEach(names::add);
            }
        }
        return List.copyOf(names);
    }

    private static void handles(NatsPermissions.Builder grants, Route route) {
        grants.subscribe(route.subject()).respond();
        if (!route.isRequestReply()) {
            // a published order that fails for good is dead-lettered, durable or not (twitter_dm's sync)
            grants.publish(DurableTopology.DEAD_LETTER_PREFIX + route.subject());
        }
        if (route.isPublishOnly()) {
            String consumer = DurableTopology.consumerName(route);
            String stream = DurableTopology.streamOf(route);
            grants.publish("$JS.API.CONSUMER.MSG.NEXT." + stream + "." + consumer,
                    "$JS.ACK." + stream + "." + consumer + ".>");
        }
    }

    /** Every executable checks at start that the durable topology exists; looking is all it may do. */
    private static void streamsReadable(NatsPermissions.Builder grants, String executable) {
        Set<String> streams = new LinkedHashSet<>(List.of(DurableTopology.DEAD_LETTER_STREAM));
        DurableTopology.tablesOf(executable).forEach(t -> streams.add(DurableTopology.streamOf(t)));
        for (String stream : streams) {
            grants.publish("$JS.API.STREAM.INFO." + stream, "$JS.API.CONSUMER.INFO." + stream + ".*");
        }
    }

    /** {@code $SRV} discovery: the PING, INFO and STATS verbs, for all services, this name and this instance. */
    private static void discovery(NatsPermissions.Builder grants, String executable) {
        grants.subscribe("$SRV.*", "$SRV.*." + executable, "$SRV.*." + executable + ".*").respond();
    }
}
