package io.mailmesh.mesh.replication;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.KeyValue;
import io.nats.client.api.FeatureConfiguration;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many copies JetStream keeps of every stream and bucket the mesh creates: the orders and dead-letter streams,
 * every store bucket, the auth service's buckets and the workers' lease buckets. The one place that decides it
 * ({@value #VARIABLE}, default 1; 3 on a three-node cluster), and the one place that brings an existing stream to it.
 *
 * @param count replicas of each stream, 1 to 5
 */
public record Replicas(int count) {
    public static final String VARIABLE = "MESH_REPLICAS";
    /** The store-only name of before {@value #VARIABLE}; still read when {@value #VARIABLE} is not set. */
    public static final String OLD_STORE_VARIABLE = "MESH_STORE_REPLICAS";
    public static final Replicas ONE = new Replicas(1);

    private static final Logger LOG = LoggerFactory.getLogger(Replicas.class);
    /** How long a stream may take to elect its leader after it was created, here or by another instance. */
    private static final Duration ELECTION_WAIT = Duration.ofSeconds(30);
    /** JetStream's "temporarily unavailable": the stream's group is electing a leader. */
    private static final int TEMPORARILY_UNAVAILABLE = 10008;
    /** JetStream's "stream name already in use": another create of it came first, or is in flight. */
    private static final int NAME_IN_USE = 10058;
    private static final int STREAM_NOT_FOUND = 10059;

    public Replicas {
        if (count < 1 || count > 5) {
            throw new IllegalArgumentException(VARIABLE + " must be 1 to 5, got " + count);
        }
    }

    /** Reads {@value #VARIABLE} (or the older {@value #OLD_STORE_VARIABLE}); 1 when neither is set. */
    public static Replicas from(Map<String, String> env) {
        String value = env.get(VARIABLE);
        String variable = VARIABLE;
        if (value == null || value.isBlank()) {
            value = env.get(OLD_STORE_VARIABLE);
            variable = OLD_STORE_VARIABLE;
        }
        if (value == null || value.isBlank()) {
            return ONE;
        }
        int count;
        try {
            count = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException(variable + " must be a number of replicas (1 to 5): " + value);
        }
        if (count < 1 || count > 5) {
            throw new IllegalStateException(variable + " must be 1 to 5 (3 on a three-node cluster), got " + count);
        }
        return new Replicas(count);
    }

    /**
     * Brings an existing stream (a bucket is the stream {@code KV_<bucket>} or {@code OBJ_<bucket>}) to this count,
     * and, with more than one replica, has its reads answered by its leader alone ({@link #readsFromLeader}). With
     * {@code mayChange} false (credentials that may only look) a difference is logged as a warning. A change the
     * server refuses (more replicas than JetStream servers, a server that is not clustered) fails with a
     * {@link ReplicaMismatchException} that says so.
     *
     * @return true if the stream was changed
     */
    public boolean reconcile(Connection connection, StreamInfo existing, boolean mayChange)
            throws IOException {
        StreamConfiguration have = existing.getConfiguration();
        JetStreamManagement jsm = connection.jetStreamManagement();
        boolean replicasDiffer = have.getReplicas() != count;
        boolean followersAnswerReads = count > 1 && have.getAllowDirect();
        if (!replicasDiffer && !followersAnswerReads) {
            return false;
        }
        if (!mayChange) {
            if (replicasDiffer) {
                LOG.warn("stream {} has {} replica(s), {} says {}: run provision (with the operators' credentials) "
                        + "to change it", have.getName(), have.getReplicas(), VARIABLE, count);
            } else {
                LOG.warn("stream {} lets its followers answer reads, which may miss a write just made: run provision "
                        + "(with the operators' credentials) to change it", have.getName());
            }
            return false;
        }
        if (count > 1 && connection.getServerInfo().getCluster() == null) {
            // a single nats-server 2.9 accepts the update and reports the count back, yet holds one copy
            throw mismatch(have.getName(), have.getReplicas(), "this server is not in a cluster\"", null);
        }
        StreamInfo changed;
        try {
            changed = jsm.updateStream(readsFromLeader(StreamConfiguration.builder(have).replicas(count).build()));
        } catch (JetStreamApiException e) {
            throw mismatch(have.getName(), have.getReplicas(), e.getErrorDescription() + "\" (api code "
                    + e.getApiErrorCode() + ")", e);
        }
        if (changed.getConfiguration().getReplicas() != count) {
            throw mismatch(have.getName(), have.getReplicas(), "ok\" but kept "
                    + changed.getConfiguration().getReplicas() + " replica(s)", null);
        }
        if (replicasDiffer) {
            LOG.info("stream {}: replicas {} -> {} ({})", have.getName(), have.getReplicas(), count, VARIABLE);
        }
        if (followersAnswerReads) {
            LOG.info("stream {}: reads are answered by its leader alone (allow_direct off)", have.getName());
        }
        return true;
    }

    /**
     * The configuration with reads answered by the stream's leader alone where there are several replicas. jnats makes
     * every bucket with {@code allow_direct}, with which any replica answers a read: one that is behind returns the
     * value before a write just acknowledged (on a 3-node cluster, a read through another node right after each
     * write saw the older value 120 and 129 times in 3,000). A handle opened on the bucket afterwards reads through
     * the leader, which has every acknowledged write; with one replica the leader is the only one to answer anyway.
     */
    private StreamConfiguration readsFromLeader(StreamConfiguration config) {
        return count > 1 && config.getAllowDirect()
                ? StreamConfiguration.builder(config).allowDirect(false).build() : config;
    }

    /** As {@link #reconcile(Connection, StreamInfo, boolean)}, looking the stream up by name. */
    public boolean reconcile(Connection connection, String stream, boolean mayChange)
            throws IOException, JetStreamApiException {
        return reconcile(connection, connection.jetStreamManagement().getStreamInfo(stream), mayChange);
    }

    /**
     * Opens an executable's own key-value bucket: an existing one is brought to this count (its other settings are
     * left as they are), a missing one is created as {@code wanted} says with this count. Another instance creating it
     * at the same moment is no error; a server that cannot hold this count says so in words an operator can act on.
     */
    public KeyValue openBucket(Connection connection, KeyValueConfiguration.Builder wanted)
            throws IOException, JetStreamApiException {
        KeyValueConfiguration config = wanted.replicas(count).build();
        String bucket = config.getBucketName();
        StreamInfo stream = findOrCreate(connection, "KV_" + bucket, creating(connection, config));
        reconcile(connection, stream, true);
        return connection.keyValue(bucket);
    }

    /** Creates a stream (or a bucket, the stream under it); what {@link #findOrCreate} runs when it is missing. */
    @FunctionalInterface
    public interface StreamCreation {
        void create() throws IOException, JetStreamApiException;
    }

    /**
     * The creation of a key-value bucket or object store as jnats' management would make it, with this count and
     * its reads answered by its leader alone from the start ({@link #readsFromLeader}): a change right after the
     * creation would race the other instances starting at the same moment.
     */
    public StreamCreation creating(Connection connection, FeatureConfiguration bucket) {
        return () -> connection.jetStreamManagement().addStream(readsFromLeader(
                StreamConfiguration.builder(bucket.getBackingConfig()).replicas(count).build()));
    }

    /**
     * The stream as it is once it has a leader: found, or created by {@code creation} when missing. Several instances
     * of an executable start at once and race to create the same stream; on a cluster the losers' requests, and the
     * first requests to the new stream, may go unanswered while the stream's group forms and elects its leader (four
     * processes opening one new three-replica bucket on a three-node cluster: 74 of 100 failed their first read).
     * So a missing answer, "temporarily unavailable" and "name already in use" (another instance's create in flight)
     * mean: look again, every 200 ms for up to {@link #ELECTION_WAIT}. Any other refusal of the create is final,
     * and said in words an operator can act on.
     */
    public StreamInfo findOrCreate(Connection connection, String stream, StreamCreation creation)
            throws IOException, JetStreamApiException {
        JetStreamManagement jsm = connection.jetStreamManagement();
        long giveUpAt = System.nanoTime() + ELECTION_WAIT.toNanos();
        while (true) {
            String waitingFor;
            try {
                StreamInfo info = jsm.getStreamInfo(stream);
                if (info.getClusterInfo() == null || info.getClusterInfo().getLeader() != null) {
                    return info;
                }
                waitingFor = "no leader yet";
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() == TEMPORARILY_UNAVAILABLE) {
                    waitingFor = e.getErrorDescription();
                } else if (e.getApiErrorCode() == STREAM_NOT_FOUND || e.getErrorCode() == 404) {
                    waitingFor = create(stream, creation);
                } else {
                    throw e;
                }
            } catch (IOException e) { // no answer within the request timeout: a group forming or electing
                waitingFor = e.getMessage();
            }
            if (waitingFor == null) {
                continue; // created: look at it again
            }
            if (System.nanoTime() > giveUpAt) {
                throw new IOException("stream " + stream + " is not ready after " + ELECTION_WAIT.toSeconds()
                        + " s (last: " + waitingFor + "): are at least " + (count / 2 + 1) + " of its " + count
                        + " JetStream server(s) up, and may these credentials look at it?");
            }
            LOG.info("stream {} is not ready ({}); asking again", stream, waitingFor);
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
    }

    /** Runs a create: null when it went through, else what to wait for; a final refusal is thrown. */
    private String create(String stream, StreamCreation creation) throws JetStreamApiException {
        try {
            creation.create();
            return null;
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == NAME_IN_USE || e.getApiErrorCode() == TEMPORARILY_UNAVAILABLE) {
                return e.getErrorDescription();
            }
            if (count > 1) {
                throw refusedCreate(stream, e);
            }
            throw e;
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    /** The server refused to create a stream with this count: why, in words an operator can act on. */
    public ReplicaMismatchException refusedCreate(String stream, JetStreamApiException cause) {
        return mismatch(stream, 0, cause.getErrorDescription() + "\" (api code " + cause.getApiErrorCode() + ")",
                cause);
    }

    private ReplicaMismatchException mismatch(String stream, int have, String answer, Throwable cause) {
        String now = have == 0 ? "cannot be created" : "has " + have + " replica(s) and cannot be changed";
        return new ReplicaMismatchException("stream " + stream + " " + now + " to " + VARIABLE + "=" + count
                + ": the server answered \"" + answer + ". " + count + " replicas need a NATS cluster of at least "
                + count + " JetStream servers; a single nats-server holds 1.", cause);
    }

    /** An existing stream or bucket that cannot have the configured replicas. */
    public static final class ReplicaMismatchException extends IllegalStateException {
        ReplicaMismatchException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
