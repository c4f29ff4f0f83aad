package io.mailmesh.e2e;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code bin/mesh tail}: prints the orders crossing the mesh until stopped. */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = "A live view of the orders crossing the mesh: subject, order, ids, reply status and latency; "
                + "Ctrl-C stops it.",
        footer = {"%nRead from the environment only:",
                "  NATS_CREDS        NATS credentials (bin/mesh: .mesh/auth/creds/ops.creds)",
                "  MESH_LOG_LEVEL    log level (default INFO)"})
final class TailCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "NATS_URL", defaultValue = "${env:NATS_URL:-nats://127.0.0.1:4250}",
            description = "NATS server (env NATS_URL, default ${DEFAULT-VALUE})")
    String natsUrl;

    @Override
    public Integer call() throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        try (MeshTail tail = MeshTail.open(natsUrl, System.out::println)) {
            System.out.println("tailing the orders on " + natsUrl + " (Ctrl-C stops)");
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
            stopped.await();
        }
        return 0;
    }
}
