package io.mailmesh.apiemitter.natsauth;

import io.mailmesh.apiemitter.gateway.TopicPolicy;
import io.mailmesh.mesh.security.AuthDirectory;
import io.mailmesh.mesh.store.StoreSettings;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nats-auth init --dir DIR}: makes the operator, the system account and the mesh account (JetStream on) once,
 * and writes the server configuration and one credentials file per executable, with permissions derived from the
 * route table. Run again, it keeps what exists and writes only what is missing; {@code --rotate} replaces the
 * account signing key and every credentials file.
 */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "create (once) the operator, accounts, nats-server.conf and the executables' credentials")
public final class InitCommand implements Callable<Integer> {
    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "folder to write (created if missing)")
    Path dir;

    @Option(names = "--rotate", description = "replace the account signing key and reissue every credentials file "
            + "(users signed with the old key, including logged-in clients, stop working once the server reloads)")
    boolean rotate;

    @Option(names = "--bucket-prefix", paramLabel = "PREFIX",
            defaultValue = "${env:MESH_STORE_BUCKET_PREFIX:-" + StoreSettings.DEFAULT_BUCKET_PREFIX + "}",
            description = "the store's bucket prefix the credentials grant (env MESH_STORE_BUCKET_PREFIX, "
                    + "default ${DEFAULT-VALUE})")
    String bucketPrefix;

    @Option(names = "--gateway-topics", paramLabel = "LIST", defaultValue = "${env:GATEWAY_ALLOWED_TOPICS}",
            description = "subjects api-emitter's gateway may publish on (env GATEWAY_ALLOWED_TOPICS, default: the "
                    + "route table's subjects)")
    String gatewayTopics;

    @Option(names = "--export", paramLabel = "DIR", description = "also copy each container's part into its own "
            + "folder: DIR/nats/nats-server.conf, DIR/<executable>/nats.creds, DIR/ops/nats.creds (compose mounts "
            + "each into its service only)")
    Path export;

    @Option(names = "--export-owner", paramLabel = "UID", defaultValue = "-1",
            description = "numeric user id to own the exported files (the containers' user)")
    int exportOwner;

    @Override
    public Integer call() {
        Set<String> topics = TopicPolicy.parse(gatewayTopics);
        AuthDirectory.InitResult result = AuthDirectory.init(dir.toAbsolutePath(), bucketPrefix, topics, rotate);
        if (result.written().isEmpty()) {
            System.out.println("nats-auth: " + dir + " is complete; nothing written (--rotate renews the keys)");
        } else {
            result.written().forEach(file -> System.out.println("wrote " + dir.resolve(file)));
        }
        if (export != null) {
            result.auth().export(export.toAbsolutePath(), exportOwner);
            System.out.println("exported to " + export);
        }
        System.out.println("start the server: nats-server -c " + result.auth().serverConfig()
                + " -js -p 4222 -sd DATA");
        System.out.println("then create streams and buckets: NATS_CREDS=" + result.auth().creds(AuthDirectory.OPS)
                + " java -jar api-emitter.jar provision");
        return 0;
    }
}
