package io.mailmesh.mesh.testing;

import java.nio.file.Path;
import java.util.List;

/** A real {@code redis-server} on a random loopback port, persisting to its own folder so a restart keeps data. */
public class RedisServer extends ServerProcess {
    private final Path binary;

    public RedisServer() {
        super("redis");
        this.binary = findBinary("redis-server").orElseThrow(() -> new IllegalStateException(
                "redis-server is not installed: apt-get install -y redis-server"));
    }

    public String host() {
        return "127.0.0.1";
    }

    public static boolean isInstalled() {
        return findBinary("redis-server").isPresent();
    }

    @Override
    protected List<String> command() {
        return List.of(binary.toString(), "--port", String.valueOf(port()), "--bind", "127.0.0.1",
                "--dir", dataDir().toString(), "--save", "", "--appendonly", "yes", "--appendfsync", "always",
                "--daemonize", "no", "--protected-mode", "yes");
    }
}
