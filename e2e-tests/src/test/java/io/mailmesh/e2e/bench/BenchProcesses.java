package io.mailmesh.e2e.bench;

import io.mailmesh.mesh.testing.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * The benchmark's processes: executables from their shaded jars ({@code <module>/target/<module>.jar}) with the
 * JVM's default compilers (unlike the end-to-end tests' C1-only, small-heap JVMs), and the trivial peer from the
 * e2e-tests jar or Python's smtpd; logs in {@code e2e-tests/target/bench-e2e/logs}. Closing stops them all.
 */
final class BenchProcesses implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path root;
    private final Path logs;
    private final Map<String, Process> running = new LinkedHashMap<>();
    private final Map<String, Integer> managementPorts = new LinkedHashMap<>();
    private final List<String> jvmOptions;

    BenchProcesses(Path root, Path work) throws IOException {
        this.root = root;
        this.logs = Files.createDirectories(work.resolve("logs"));
        String extra = System.getProperty("bench.jvm", "").trim();
        this.jvmOptions = extra.isEmpty() ? List.of() : Arrays.asList(extra.split("\\s+"));
        // an interrupted run (Ctrl-C) leaves no executable behind
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "bench-processes-stop"));
    }

    String jvmOptions() {
        return jvmOptions.isEmpty() ? "(defaults)" : String.join(" ", jvmOptions);
    }

    synchronized void startExecutable(String module, String name, Map<String, String> shared, Map<String, String> own) {
        int http = freePort();
        Map<String, String> env = new LinkedHashMap<>(shared);
        env.putAll(own);
        env.put("MESH_HTTP_PORT", String.valueOf(http));
        env.put("MESH_INSTANCE_ID", name + "-bench");
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar(root.resolve(module).resolve("target").resolve(module + ".jar")).toString()));
        start(name, command, env);
        managementPorts.put(name, http);
    }

    /**
     * Starts a trivial peer: {@code java} is {@link io.mailmesh.e2e.FileSmtpServer} in a JVM of its own, {@code python}
     * the reference, Python's smtpd writing files ({@code e2e-tests/src/test/python/file_smtpd.py}, run by
     * {@code -Dbench.python}, default {@code python3}; smtpd exists up to Python 3.11), {@code jnats}
     * {@link io.mailmesh.e2e.JetStreamSmtpPeer} on {@code natsUrl} (the import's least work with the raw library).
     */
    void startPeer(String kind, int port, Path dir, boolean fsync, String natsUrl) {
        List<String> command = new ArrayList<>();
        switch (kind) {
            case "jnats" -> {
                command.add(java());
                command.addAll(jvmOptions);
                command.addAll(List.of("-cp", jar(root.resolve("e2e-tests/target/e2e-tests.jar")).toString(),
                        "io.mailmesh.e2e.JetStreamSmtpPeer", String.valueOf(port), natsUrl));
            }
            case "java" -> {
                command.add(java());
                command.addAll(jvmOptions);
                command.addAll(List.of("-cp", jar(root.resolve("e2e-tests/target/e2e-tests.jar")).toString(),
                        "io.mailmesh.e2e.FileSmtpServer"));
            }
            case "python" -> command.addAll(List.of(System.getProperty("bench.python", "python3"),
                    root.resolve("e2e-tests/src/test/python/file_smtpd.py").toString()));
            default -> throw new IllegalArgumentException("bench.peer: python, java or jnats, not " + kind);
        }
        if (!kind.equals("jnats")) {
            command.addAll(List.of(String.valueOf(port), dir.toString()));
            if (fsync) {
                command.add("fsync");
            }
        }
        String name = kind + "-peer";
        start(name, command, Map.of());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!accepts(port)) {
            if (System.nanoTime() > deadline || !running.get(name).isAlive()) {
                throw new IllegalStateException("the " + kind + " peer did not start; see " + logs);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // polling a port, not a synchronisation
        }
    }

    void awaitAllReady(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        for (var entry : managementPorts.entrySet()) {
            URI readyz = URI.create("http://127.0.0.1:" + entry.getValue() + "/readyz");
            while (true) {
                if (!running.get(entry.getKey()).isAlive()) {
                    throw new IllegalStateException(entry.getKey() + " exited; see " + logs);
                }
                try {
                    if (HTTP.send(HttpRequest.newBuilder(readyz).timeout(Duration.ofSeconds(2)).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        break;
                    }
                } catch (IOException e) {
                    // not listening yet
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(entry.getKey() + " not ready within " + limit + "; see " + logs);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100)); // polling /readyz
            }
        }
    }

    /** CPU time so far of each process, nats-server's included. */
    Map<String, Long> cpuNanos(long natsPid) {
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("nats-server", cpu(ProcessHandle.of(natsPid).orElseThrow()));
        running.forEach((name, process) -> out.put(name, cpu(process.toHandle())));
        return out;
    }

    String cpuPerMail(Map<String, Long> before, long natsPid, int mails) {
        return cpuNanos(natsPid).entrySet().stream().filter(e -> !e.getKey().endsWith("-peer"))
                .map(e -> String.format("%s %.2f ms", e.getKey(),
                        (e.getValue() - before.getOrDefault(e.getKey(), 0L)) / 1e6 / mails))
                .collect(Collectors.joining(", "));
    }

    String cpuSince(Map<String, Long> before, long natsPid) {
        return cpuNanos(natsPid).entrySet().stream().map(e -> String.format("%s %.1f s", e.getKey(),
                (e.getValue() - before.getOrDefault(e.getKey(), 0L)) / 1e9)).collect(Collectors.joining(", "));
    }

    private static long cpu(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    private synchronized void start(String name, List<String> command, Map<String, String> env) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(logs.resolve(name + ".log").toFile()));
        builder.environment().keySet().removeIf(k -> !List.of("PATH", "HOME", "JAVA_HOME", "LANG", "TMPDIR")
                .contains(k));
        builder.environment().putAll(env);
        try {
            running.put(name, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    private static Path jar(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: bin/bench e2e builds it (./mvnw -pl e2e-tests -am "
                    + "install -DskipTests)");
        }
        return jar;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() {
        return FreePorts.next();
    }

    @Override
    public synchronized void close() {
        running.values().forEach(Process::destroy);
        for (Process process : running.values()) {
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        running.clear();
    }
}
