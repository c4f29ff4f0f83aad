package io.mailmesh.mesh.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailmesh.mesh.store.jetstream.JetStreamMeshStore;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.Nats;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The byte limits of the store's buckets on a real nats-server. */
class BucketLimitsTest {
    private static final long MIB = 1024 * 1024;

    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    private Connection connection;

    @BeforeEach
    void connect() throws Exception {
        connection = Nats.connect(nats.url());
    }

    @AfterEach
    void emptyJetStream() throws Exception {
        connection.close();
        nats.deleteAllStreams();
    }

    @Test
    void givenLimits_whenProvisioning_thenEveryBucketHoldsThem_andAnUpdateChangesThem() throws Exception {
        StoreSettings settings = StoreSettings.defaults(new byte[32]);

        JetStreamMeshStore.provision(connection, settings.withBucketLimits(MIB, 8 * MIB));

        assertThat(maxBytes("KV_mesh_users")).isEqualTo(MIB);
        assertThat(maxBytes("KV_mesh_messages")).isEqualTo(MIB);
        assertThat(maxBytes("OBJ_mesh_raw_bytes")).isEqualTo(8 * MIB);

        JetStreamMeshStore.provision(connection, settings.withBucketLimits(2 * MIB, StoreSettings.NO_LIMIT));

        assertThat(maxBytes("KV_mesh_users")).isEqualTo(2 * MIB);
        assertThat(maxBytes("OBJ_mesh_raw_bytes")).isEqualTo(-1);
    }

    @Test
    void givenAFullBucket_whenWriting_thenTheWriteIsRefusedAndTheRecordsKept() throws Exception {
        JetStreamMeshStore.provision(connection, StoreSettings.defaults(new byte[32])
                .withBucketLimits(64 * 1024, StoreSettings.NO_LIMIT));
        KeyValue users = connection.keyValue("mesh_users");
        byte[] record = new byte[8 * 1024];

        assertThatThrownBy(() -> {
            for (int i = 0; i < 100; i++) { // 800 KiB into 64 KiB: refused long before the end
                users.put("u" + i, record);
            }
        }).isInstanceOf(JetStreamApiException.class).hasMessageContaining("maximum bytes");

        assertThat(users.get("u0")).as("the first record is kept").isNotNull();
    }

    @Test
    void givenTheEnvironment_whenReadingSettings_thenNoLimitByDefaultAndTheVariablesOtherwise() {
        assertThat(StoreSettings.from(Map.of(), true).bucketMaxBytes()).isEqualTo(StoreSettings.NO_LIMIT);
        assertThat(StoreSettings.from(Map.of(), true).rawBucketMaxBytes()).isEqualTo(StoreSettings.NO_LIMIT);
        StoreSettings set = StoreSettings.from(Map.of("MESH_STORE_MAX_BYTES", "1048576",
                "MESH_STORE_RAW_BUCKET_MAX_BYTES", "8388608"), true);
        assertThat(set.bucketMaxBytes()).isEqualTo(MIB);
        assertThat(set.rawBucketMaxBytes()).isEqualTo(8 * MIB);
        assertThatThrownBy(() -> StoreSettings.from(Map.of("MESH_STORE_MAX_BYTES", "0"), true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MESH_STORE_MAX_BYTES");
    }

    private long maxBytes(String stream) throws Exception {
        return connection.jetStreamManagement().getStreamInfo(stream).getConfiguration().getMaxBytes();
    }
}
