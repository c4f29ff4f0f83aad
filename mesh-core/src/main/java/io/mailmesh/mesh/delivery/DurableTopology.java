package io.mailmesh.mesh.delivery;

import io.mailmesh.mesh.replication.Replicas;
import io.mailmesh.orders.Route;
import io.mailmesh.orders.RouteTable;
import io.mailmesh.orders.RouteTables;
import io.mailmesh.orders.Routes;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JetStream objects of durable delivery, created by provisioning and checked (created where the credentials
 * allow, as without authentication) by every executable at start: the
 * {@value #ORDERS_STREAM} stream over every publish-only route of the table, one durable consumer per (subject,
 * queue group), and the {@value #DEAD_LETTER_STREAM} stream. An extension's route table has a stream of its own,
 * {@value #EXTENSION_STREAM_PREFIX}{@code <TABLE NAME>}, so executables that do not know the extension never
 * change it (nor the seed-002 stream's subjects). Every executable creates every consumer, so an order
 * published before its worker ever ran waits for it. twitter_dm is never captured: a core request on a captured
 * subject would be answered by the stream's PubAck.
 */
public final class DurableTopology {
    public static final String ORDERS_STREAM = "MESH_ORDERS";
    public static final String DEAD_LETTER_STREAM = "MESH_DEADLETTER";
    public static final String DEAD_LETTER_PREFIX = "deadletter.";
    public static final String EXTENSION_STREAM_PREFIX = "MESH_ORDERS_";

    /**
     * The same for every executable, so consumers never flip between configurations; a handler that runs longer
     * keeps its order with in-progress acks.
     */
    public static final Duration ACK_WAIT = Duration.ofSeconds(30);
    /**
     * The server's ceiling on deliveries. Workers dead-letter far earlier ({@code MESH_MAX_DELIVERIES}); this only
     * stops an order that crashes its worker every time from being redelivered forever.
     */
    public static final long SERVER_MAX_DELIVER = 100;

    private static final Logger LOG = LoggerFactory.getLogger(DurableTopology.class);
    private static final int TEMPORARILY_UNAVAILABLE = 10008;
    private static final Duration ELECTION_WAIT = Duration.ofSeconds(30);

    private final Connection connection;
    private final JetStreamManagement jsm;
    private final Replicas replicas;
    private final StreamLimits limits;
    private final List<RouteTable> tables;

    /** The topology of seed 002's table only. */
    public DurableTopology(Connection connection, int replicas, StreamLimits limits) throws IOException {
        this(connection, replicas, limits, List.of(Routes.TABLE));
    }

    /** The topology of {@code tables}: one orders stream and its consumers for each. */
    public DurableTopology(Connection connection, int replicas, StreamLimits limits, List<RouteTable> tables)
            throws IOException {
        this.connection = connection;
        this.jsm = connection.jetStreamManagement();
        this.replicas = new Replicas(replicas);
        this.limits = limits;
        this.tables = List.copyOf(tables);
    }

    /** The tables an executable ensures at start: seed 002's always, and each extension table it uses. */
    public static List<RouteTable> tablesOf(String executable) {
        return RouteTables.all().stream().filter(t -> t == Routes.TABLE || t.isUsedBy(executable)).toList();
    }

    /** The orders stream of a route table. */
    public static String streamOf(RouteTable table) {
        return table == Routes.TABLE ? ORDERS_STREAM
                : EXTENSION_STREAM_PREFIX + table.name().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    }

    /** The orders stream that captures a durable route. */
    public static String streamOf(Route route) {
        return streamOf(RouteTables.owning(route));
    }

    /** With the default limits (tests and benchmarks). */
    public DurableTopology(Connection connection, int replicas) throws IOException {
        this(connection, replicas, StreamLimits.defaults());
    }

    /** The routes captured by the orders stream. */
    public static List<Route> durableRoutes() {
        return durableRoutes(Routes.TABLE);
    }

    /** The routes of {@code table} captured by its orders stream. */
    public static List<Route> durableRoutes(RouteTable table) {
        return table.routes().stream().filter(Route::isPublishOnly).toList();
    }

    /** The durable consumer name of a route, unique per (subject, queue group). */
    public static String consumerName(Route route) {
        return route.queueGroup() + "_" + route.subject();
    }

    /**
     * An executable's check at start: creates what is missing; an existing stream whose limits differ from this
     * executable's settings is left as it is, with a warning, since least-privilege credentials may not change it.
     */
    public void ensure() throws IOException, JetStreamApiException {
        ensure(false);
    }

    /** Provisioning, with credentials that may change streams: also brings existing streams to these limits. */
    public void provision() throws IOException, JetStreamApiException {
        ensure(true);
    }

    private void ensure(boolean updateLimits) throws IOException, JetStreamApiException {
        for (RouteTable table : tables) {
            if (table == Routes.TABLE || !durableRoutes(table).isEmpty()) {
                ensureOrders(table, updateLimits);
            }
        }
        ensureStream(StreamConfiguration.builder().name(DEAD_LETTER_STREAM).subjects(DEAD_LETTER_PREFIX + ">")
                .retentionPolicy(RetentionPolicy.Limits).storageType(StorageType.File).replicas(replicas.count())
                .maxAge(Duration.ofDays(30)).duplicateWindow(Duration.ofMinutes(2))
                .maxBytes(limits.deadLetterMaxBytes()).discardPolicy(DiscardPolicy.Old).build(), updateLimits);
    }

    private void ensureOrders(RouteTable table, boolean updateLimits) throws IOException, JetStreamApiException {
        String stream = streamOf(table);
        ensureStream(StreamConfiguration.builder().name(stream)
                .subjects(durableRoutes(table).stream().map(Route::subject).toList())
                .retentionPolicy(RetentionPolicy.Limits).storageType(StorageType.File).replicas(replicas.count())
                .maxAge(Duration.ofDays(7)).duplicateWindow(Duration.ofMinutes(2))
                .maxBytes(limits.ordersMaxBytes()).discardPolicy(DiscardPolicy.New).build(), updateLimits);
        for (Route route : durableRoutes(table)) {
            ensureConsumer(stream, ConsumerConfiguration.builder().durable(consumerName(route))
                    .filterSubject(route.subject()).ackPolicy(AckPolicy.Explicit).deliverPolicy(DeliverPolicy.All)
                    .ackWait(ACK_WAIT).maxDeliver(SERVER_MAX_DELIVER).maxAckPending(1_000).build());
        }
    }

    /**
     * Creates or updates a consumer only when it is missing or differs: an executable with least-privilege
     * credentials may look at consumers but not change them, and finds them as provisioning made them.
     */
    private void ensureConsumer(String stream, ConsumerConfiguration wanted)
            throws IOException, JetStreamApiException {
        ConsumerInfo existing = consumerInfo(stream, wanted.getDurable());
        ConsumerConfiguration have = existing == null ? null : existing.getConsumerConfiguration();
        if (have == null || !wanted.getFilterSubject().equals(have.getFilterSubject())
                || !wanted.getAckWait().equals(have.getAckWait()) || wanted.getMaxDeliver() != have.getMaxDeliver()
                || wanted.getMaxAckPending() != have.getMaxAckPending()) {
            jsm.addOrUpdateConsumer(stream, wanted);
        }
    }

    /**
     * The consumer's info, or null when it does not exist. Right after a stream's replicas changed, its new leader
     * may not be elected yet: JetStream answers "temporarily unavailable" (10008) or not at all. That is asked again
     * for up to {@link #ELECTION_WAIT}, a retry after a refusal rather than a wait for a state.
     */
    private ConsumerInfo consumerInfo(String stream, String durable) throws IOException, JetStreamApiException {
        long giveUpAt = System.nanoTime() + ELECTION_WAIT.toNanos();
        while (true) {
            try {
                return jsm.getConsumerInfo(stream, durable);
            } catch (JetStreamApiException e) {
                if (e.getErrorCode() == 404 && e.getApiErrorCode() != TEMPORARILY_UNAVAILABLE) {
                    return null;
                }
                if (e.getApiErrorCode() != TEMPORARILY_UNAVAILABLE || System.nanoTime() > giveUpAt) {
                    throw e;
                }
                LOG.info("stream {} is electing a leader; asking for consumer {} again", stream, durable);
            } catch (IOException e) { // no answer within the request timeout: also an election under way
                if (System.nanoTime() > giveUpAt) {
                    throw e;
                }
                LOG.info("no answer about consumer {} of stream {} ({}); asking again", durable, stream,
                        e.getMessage());
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
    }

    private void ensureStream(StreamConfiguration wanted, boolean updateLimits)
            throws IOException, JetStreamApiException {
        StreamInfo existing = replicas.findOrCreate(connection, wanted.getName(), () -> jsm.addStream(wanted));
        StreamConfiguration have = existing.getConfiguration();
        boolean subjectsDiffer = !new HashSet<>(have.getSubjects()).equals(new HashSet<>(wanted.getSubjects()));
        boolean limitsDiffer = have.getMaxBytes() != wanted.getMaxBytes()
                || have.getDiscardPolicy() != wanted.getDiscardPolicy();
        // replicas first, on their own: a change the cluster refuses is reported as such, not as a limit problem
        replicas.reconcile(connection, existing, updateLimits);
        if (subjectsDiffer || (limitsDiffer && updateLimits)) {
            int keep = updateLimits ? replicas.count() : have.getReplicas();
            jsm.updateStream(StreamConfiguration.builder(wanted).replicas(keep).build());
        } else if (limitsDiffer) {
            LOG.warn("stream {} holds at most {} bytes (discard {}), this executable's settings say {} ({}): "
                    + "run provision to change it", wanted.getName(), have.getMaxBytes(), have.getDiscardPolicy(),
                    wanted.getMaxBytes(), wanted.getDiscardPolicy());
        }
    }
}
