package io.mailmesh.examples;

import com.github.benmanes.caffeine.cache.Ticker;
import com.google.inject.Module;
import io.mailmesh.examples.cache.CachingEcho;
import io.mailmesh.examples.echo.IdentifiedEcho;
import io.mailmesh.examples.files.ThumbnailMaker;
import io.mailmesh.examples.pingpong.PongPlayer;
import io.mailmesh.examples.stream.StreamEchoWorker;
import io.mailmesh.mesh.config.MeshOptions;
import io.mailmesh.mesh.runtime.MeshApp;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Runs one of seed 001's example workers beside the mesh. */
@Command(name = "examples", mixinStandardHelpOptions = true,
        description = "Runs an example worker: echo-worker (identified and caching echo), pong-player, "
                + "files-worker or stream-echo-worker; or echo-client TEXT, which sends one echo.")
public final class ExamplesMain implements Callable<Integer> {
    @Mixin
    MeshOptions mesh;

    @Parameters(index = "0", paramLabel = "WORKER",
            description = "echo-worker, pong-player, files-worker or stream-echo-worker")
    String worker;

    @Parameters(index = "1..*", paramLabel = "TEXT", description = "for echo-client: the text to echo")
    java.util.List<String> text = java.util.List.of();

    @Override
    public Integer call() throws Exception {
        if (worker.equals(ExampleRoutes.ECHO_CLIENT)) { // a one-shot client: send one echo, print the reply
            try (var client = MeshApp.start(mesh.toConfig(worker).withHttpPort(0))) {
                var reply = client.get(io.mailmesh.mesh.emit.OrderEmitter.class).request(ExampleRoutes.ECHO,
                        new io.mailmesh.examples.echo.Echo(String.join(" ", text)), java.time.Duration.ofSeconds(5));
                System.out.println(reply.message());
                return reply.error() ? 1 : 0;
            }
        }
        Module module = switch (worker) {
            case ExampleRoutes.ECHO_WORKER -> Worker.of(new IdentifiedEcho(),
                    new CachingEcho(Ticker.systemTicker(), (order, context) -> CachingEcho.compute(order)));
            case ExampleRoutes.PONG_PLAYER -> Worker.of(new PongPlayer());
            case ExampleRoutes.FILES_WORKER -> Worker.of(ThumbnailMaker.class);
            case ExampleRoutes.STREAM_ECHO_WORKER -> Worker.of(new StreamEchoWorker());
            default -> null;
        };
        if (module == null) {
            System.err.println("examples: no worker named " + worker);
            return 2;
        }
        return MeshApp.run(mesh.toConfig(worker), mesh.jsonLogs(), module);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ExamplesMain()).execute(args));
    }
}
