package io.mailmesh.mesh.security;

/**
 * The JetStream API subjects behind reading, writing and creating one key-value bucket or object store. A bucket
 * {@code b} is the stream {@code KV_b} (object store: {@code OBJ_b}) over the subjects {@code $KV.b.>}
 * ({@code $O.b.>}); reads are direct gets, message gets and the ordered consumers of watches and listings.
 */
final class JetStreamSubjects {
    private static final String API = "$JS.API.";

    private JetStreamSubjects() {
    }

    static void read(NatsPermissions.Builder grants, String bucket, boolean objectStore) {
        String stream = stream(bucket, objectStore);
        // CONSUMER.*: create, info, delete, list and names of the ephemeral consumers behind watches and
        // listings (a bucket has no durable consumer to lose); flow control answers of those push consumers
        grants.publish(API + "STREAM.INFO." + stream, API + "STREAM.MSG.GET." + stream,
                API + "DIRECT.GET." + stream, API + "DIRECT.GET." + stream + ".>",
                API + "CONSUMER.*." + stream, API + "CONSUMER.*." + stream + ".>",
                "$JS.FC." + stream + ".>");
    }

    static void write(NatsPermissions.Builder grants, String bucket, boolean objectStore) {
        read(grants, bucket, objectStore);
        grants.publish((objectStore ? "$O." : "$KV.") + bucket + ".>");
        if (objectStore) {
            // replacing or deleting an object purges its chunks
            grants.publish(API + "STREAM.PURGE." + stream(bucket, true));
        }
    }

    static void create(NatsPermissions.Builder grants, String bucket, boolean objectStore) {
        String stream = stream(bucket, objectStore);
        grants.publish(API + "STREAM.CREATE." + stream, API + "STREAM.UPDATE." + stream);
    }

    static String stream(String bucket, boolean objectStore) {
        return (objectStore ? "OBJ_" : "KV_") + bucket;
    }
}
