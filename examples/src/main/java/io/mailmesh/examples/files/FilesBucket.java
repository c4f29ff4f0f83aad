package io.mailmesh.examples.files;

import io.mailmesh.examples.ExampleRoutes;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.ObjectStore;
import io.nats.client.api.ObjectStoreConfiguration;
import io.nats.client.api.StorageType;
import java.io.IOException;
import java.util.regex.Pattern;

/** The object store files travel through (NATS' own, in place of seed 001's MinIO), created by whoever comes first. */
public final class FilesBucket {
    /** Object names a client may choose: no subject wildcards, separators or control characters. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private FilesBucket() {
    }

    public static ObjectStore open(Connection connection) throws IOException, JetStreamApiException {
        try {
            connection.objectStoreManagement().create(ObjectStoreConfiguration.builder(ExampleRoutes.FILES_BUCKET)
                    .storageType(StorageType.File).maxBucketSize(1L << 30).build());
        } catch (JetStreamApiException alreadyThere) {
            if (alreadyThere.getApiErrorCode() != 10058) { // stream name already in use with a different config
                throw alreadyThere;
            }
        }
        return connection.objectStore(ExampleRoutes.FILES_BUCKET);
    }
}
