package io.mailmesh.apiemitter.natsauth;

import io.mailmesh.mesh.security.AuthDirectory;
import io.mailmesh.mesh.security.StoreAccess;
import io.mailmesh.mesh.store.StoreSettings;
import io.mailmesh.mesh.store.jetstream.KeyValueScan;
import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.KeyValueEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nats-auth revocations --dir DIR}: folds the NATS user keys the auth service revoked (logouts, in the
 * {@code <prefix>nats_revocations} bucket) into the mesh account's revocation list in {@code nats-server.conf}, then
 * signals the server to reload when given its pid. The auth service holds only the account signing key, which cannot
 * re-sign the account: this step, run by operators beside the server, holds the operator key.
 */
@Command(name = "revocations", mixinStandardHelpOptions = true,
        description = "apply the auth service's revoked NATS users to the account JWT in nats-server.conf")
public final class RevocationsCommand implements Callable<Integer> {
    /** How long reading the whole revocations bucket may take. */
    private static final Duration READ_LIMIT = Duration.ofSeconds(60);
    /** A user public key: 'U' and 55 base32 characters; anything else in the bucket is not a NATS user. */
    private static final Pattern USER_KEY = Pattern.compile("U[A-Z2-7]{55}");
    private static final Pattern REVOKED_AT = Pattern.compile("\"revoked_at\"\\s*:\\s*(\\d{1,18})");

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "the folder nats-auth init wrote")
    Path dir;

    @Option(names = "--nats-url", paramLabel = "URL", defaultValue = "${env:NATS_URL:-nats://127.0.0.1:4222}",
            description = "NATS server URL(s) (env NATS_URL, default ${DEFAULT-VALUE})")
    String natsUrl;

    @Option(names = "--bucket-prefix", paramLabel = "PREFIX",
            defaultValue = "${env:MESH_STORE_BUCKET_PREFIX:-" + StoreSettings.DEFAULT_BUCKET_PREFIX + "}",
            description = "the store's bucket prefix (env MESH_STORE_BUCKET_PREFIX, default ${DEFAULT-VALUE})")
    String bucketPrefix;

    @Option(names = "--server-pid", paramLabel = "PID",
            description = "a nats-server's pid on this host: send it SIGHUP so it reloads the revocations; repeat it "
                    + "for every node of a cluster whose configuration includes this folder's nats-server.conf")
    List<Long> serverPids = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        AuthDirectory auth = AuthDirectory.open(dir.toAbsolutePath());
        Map<String, Long> revoked = new TreeMap<>();
        Options options = Options.builder().server(natsUrl).maxReconnects(0).connectionTimeout(Duration.ofSeconds(5))
                .maxControlLine(AuthDirectory.MAX_CONTROL_LINE)
                .authHandler(Nats.credentials(auth.creds(AuthDirectory.OPS).toString())).build();
        try (Connection connection = Nats.connect(options)) {
            KeyValue bucket = connection.keyValue(bucketPrefix + StoreAccess.NATS_REVOCATIONS);
            // whole or not at all: a listing that came back short would leave revoked users able to log in
            for (KeyValueEntry entry : KeyValueScan.entries(bucket, ">", true, READ_LIMIT)) {
                if (USER_KEY.matcher(entry.getKey()).matches()) {
                    revoked.put(entry.getKey(), revokedAt(new String(entry.getValue(), StandardCharsets.UTF_8)));
                }
            }
        }
        int added = auth.revoke(revoked);
        System.out.println("revocations: " + added + " new, " + auth.revocations().size() + " in "
                + auth.serverConfig());
        if (added == 0) {
            return 0;
        }
        if (serverPids.isEmpty()) {
            System.out.println("reload every server to apply them: nats-server --signal reload=<pid> on each node");
            return 0;
        }
        // every node reads the same revocations: one that missed the signal would still let the revoked users in
        int failed = 0;
        for (long pid : serverPids) {
            int exit = new ProcessBuilder("kill", "-HUP", String.valueOf(pid)).inheritIO().start().waitFor();
            System.out.println(exit == 0 ? "nats-server " + pid + " reloads" : "could not signal nats-server " + pid);
            failed += exit == 0 ? 0 : 1;
        }
        return failed == 0 ? 0 : 1;
    }

    private static long revokedAt(String json) {
        Matcher matcher = REVOKED_AT.matcher(json);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : AuthDirectory.now();
    }
}
