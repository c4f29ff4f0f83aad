package io.mailmesh.e2e;

import io.mailmesh.mesh.testing.FreePorts;
import io.mailmesh.mesh.testing.LogTail;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The six executables as separate {@code java -jar} processes, from the shaded jars the reactor built
 * ({@code ../<module>/target/<module>.jar}), each on random ports with its log in {@code target/e2e-logs}.
 * {@link #close()} kills whatever is still running.
 */
final class MeshProcesses implements AutoCloseable {
    static final List<String> EXECUTABLES = List.of("mq-worker", "identities-worker", "smtp-bridge", "imap-bridge",
            "twitter-bridge", "api-emitter");
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** How much of an instance's log a start that timed out shows in the failure. */
    private static final int LOG_LINES_ON_FAILURE = 40;
    /**
     * How often an instance is started before its start fails, when each start found one of its ports taken (what
     * a JVM binds is picked seconds before, and meanwhile any outgoing connection may be given it where the kernel's
     * ephemeral range covers it).
     */
    private static final int STARTS_ON_TAKEN_PORT = 3;
    private static final String PORT_TAKEN = "Address already in use";

    private final Map<String, Map<String, String>> environments = new LinkedHashMap<>();
    private final Map<String, Process> running = new LinkedHashMap<>();
    /** Where each instance's last start began writing in its (appended) log. */
    private final Map<String, Long> logStarts = new LinkedHashMap<>();
    private final Path logs;

    /**
     * @param name       folder name of this mesh's logs
     * @param natsUrl    the nats-server
     * @param redisUrl   redis for api-emitter's audit log
     * @param relayPort  the SMTP relay (GreenMail) on 127.0.0.1
     */
    MeshProcesses(String name, String natsUrl, String redisUrl, int relayPort) throws IOException {
        this(name, natsUrl, redisUrl, relayPort, null);
    }

    /**
     * @param creds each executable's NATS credentials file (operator mode), or null for a server without auth
     */
    MeshProcesses(String name, String natsUrl, String redisUrl, int relayPort, Function<String, Path> creds)
            throws IOException {
        this(name, natsUrl, redisUrl, relayPort, creds, Map.of());
    }

    /**
     * @param shared settings every executable gets on top of the test defaults, e.g. {@code MESH_REPLICAS}
     */
    MeshProcesses(String name, String natsUrl, String redisUrl, int relayPort, Function<String, Path> creds,
            Map<String, String> shared) throws IOException {
        this(name, natsUrl, redisUrl, relayPort, creds, shared, 1);
    }

    /**
     * @param instances how many instances of each executable: the second of {@code mq-worker} is named
     *                  {@code mq-worker-2}, with its own management, API and SMTP ports
     */
    MeshProcesses(String name, String natsUrl, String redisUrl, int relayPort, Function<String, Path> creds,
            Map<String, String> extra, int instances) throws IOException {
        logs = Path.of("target", "e2e-logs", name).toAbsolutePath();
        Files.createDirectories(logs);
        String nowhere = "http://127.0.0.1:" + freePort();
        Map<String, String> shared = new LinkedHashMap<>(Map.of("NATS_URL", natsUrl, "MESH_PROFILE", "development",
                "MESH_BACKOFF_MS", "200", "MESH_LOG_FORMAT", "plain"));
        shared.putAll(extra);
        for (String executable : EXECUTABLES) {
            Map<String, String> env = new LinkedHashMap<>(shared);
            env.put("MESH_HTTP_PORT", String.valueOf(freePort()));
            env.put("MESH_INSTANCE_ID", executable + "-e2e");
            if (creds != null) {
                env.put("NATS_CREDS", creds.apply(executable).toString());
            }
            environments.put(executable, env);
        }
        if (creds != null) {
            // the auth service signs logins' NATS users with the account signing key of the same nats-auth folder
            Path authDir = creds.apply("api-emitter").getParent().getParent();
            environments.get("api-emitter").put("AUTH_ACCOUNT_SIGNING_KEY",
                    authDir.resolve("keys/account-signing.nk").toString());
        }
        environments.get("api-emitter").putAll(Map.of("API_PORT", String.valueOf(freePort()), "REDIS_URL", redisUrl,
                "GATEWAY_OUTBOX_DIR", logs.resolve("gateway").toString(), "API_SEND_TIMEOUT", "20"));
        // a free port, not the fanout default 1986: runs in parallel on one machine must not collide
        environments.get("api-emitter").put("FANOUT_LISTEN", "127.0.0.1:0");
        environments.get("smtp-bridge").putAll(Map.of("SMTP_RELAY_HOST", "127.0.0.1",
                "SMTP_RELAY_PORT", String.valueOf(relayPort), "SMTP_LISTEN", "127.0.0.1:" + freePort(),
                "SMTP_INBOUND_TIMEOUT", "5", "SMTP_PRIMARY_HOST", "mailmesh.test"));
        environments.get("identities-worker").put("IDENTITIES_INTERVAL_UNIT", "seconds");
        environments.get("imap-bridge").put("IMAP_INBOUND_TIMEOUT", "5");
        // no look-up leaves this machine: key servers and the Twitter API point at a closed local port
        environments.get("mq-worker").putAll(Map.of("HKP_URL", nowhere, "WKD_BASE_URL", nowhere,
                "KEY_LOOKUP_TIMEOUT", "2"));
        environments.get("twitter-bridge").put("TWITTER_API_URL", nowhere);
        for (int n = 2; n <= instances; n++) {
            for (String executable : EXECUTABLES) {
                Map<String, String> env = new LinkedHashMap<>(environments.get(executable));
                env.put("MESH_INSTANCE_ID", executable + "-e2e-" + n);
                environments.put(executable + "-" + n, env);
                newPorts(executable + "-" + n);
            }
        }
    }

    /** Gives an instance ports of its own: management, and API or inbound SMTP where it listens there. */
    private void newPorts(String instance) {
        Map<String, String> env = environments.get(instance);
        env.put("MESH_HTTP_PORT", String.valueOf(freePort()));
        env.computeIfPresent("API_PORT", (k, v) -> String.valueOf(freePort()));
        env.computeIfPresent("SMTP_LISTEN", (k, v) -> "127.0.0.1:" + freePort());
    }

    /** Every instance's name: the executable's for the first, {@code <executable>-<n>} for the others. */
    List<String> instances() {
        return List.copyOf(environments.keySet());
    }

    /** The {@code MESH_INSTANCE_ID} an instance runs with (what its leases name it). */
    String instanceId(String instance) {
        return environments.get(instance).get("MESH_INSTANCE_ID");
    }

    /** The REST API of an api-emitter instance ({@code api-emitter} or {@code api-emitter-2}). */
    String apiUrl(String instance) {
        return "http://127.0.0.1:" + environments.get(instance).get("API_PORT");
    }

    /** The inbound SMTP port of a smtp-bridge instance. */
    int smtpPort(String instance) {
        String listen = environments.get(instance).get("SMTP_LISTEN");
        return Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
    }

    /** The management URL ({@code /readyz}, {@code /metrics}) of an instance. */
    String managementUrl(String instance) {
        return "http://127.0.0.1:" + environments.get(instance).get("MESH_HTTP_PORT");
    }

    String apiUrl() {
        return apiUrl("api-emitter");
    }

    int smtpPort() {
        return smtpPort("smtp-bridge");
    }

    /** The Prometheus exposition an executable's management port serves at {@code /metrics}. */
    String metrics(String executable) {
        URI metrics = URI.create("http://127.0.0.1:" + environments.get(executable).get("MESH_HTTP_PORT") + "/metrics");
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(metrics + " answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot scrape " + metrics, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts every executable and waits until each answers /readyz. */
    void startAll(Duration limit) {
        instances().forEach(this::start);
        instances().forEach(e -> awaitReady(e, limit));
    }

    /** Starts an instance: an executable's name, or {@code <executable>-<n>} for another instance of it. */
    synchronized void start(String instance) {
        String executable = EXECUTABLES.stream().filter(e -> instance.equals(e) || instance.startsWith(e + "-"))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no executable " + instance));
        Path jar = ROOT.resolve(executable).resolve("target").resolve(executable + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the reactor builds it in the package phase "
                    + "(./mvnw verify -pl e2e-tests -am)");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Xshare:auto", "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(instance + ".log").toFile()));
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> !List.of("PATH", "HOME", "JAVA_HOME", "LANG", "TMPDIR").contains(k));
        env.putAll(environments.get(instance));
        try {
            Path log = logs.resolve(instance + ".log");
            logStarts.put(instance, Files.exists(log) ? Files.size(log) : 0L);
            running.put(instance, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + instance, e);
        }
    }

    /** SIGKILL: the process gets no chance to finish anything. */
    synchronized void kill(String executable) throws InterruptedException {
        Process process = running.remove(executable);
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException(executable + " survived SIGKILL for 10 s");
        }
    }

    /**
     * Waits until the instance answers 200 on {@code /readyz}. An instance that exited because one of its ports was
     * taken is started again on new ports, up to {@value #STARTS_ON_TAKEN_PORT} starts in all. If it does not get
     * ready in time, the failure says what {@code /readyz} last answered and ends with the tail of the instance's log,
     * and a thread dump of the process is written beside the log: a CI run that only keeps the test output still shows
     * where the start stood.
     */
    void awaitReady(String instance, Duration limit) {
        long end = System.nanoTime() + limit.toNanos();
        for (int start = 1; ; start++) {
            try {
                awaitReadyOnce(instance, Duration.ofNanos(Math.max(0, end - System.nanoTime())));
                return;
            } catch (Deadline.GiveUp exited) {
                Path log = logs.resolve(instance + ".log");
                String thisStart = logSince(log, logStarts.getOrDefault(instance, 0L));
                if (thisStart.contains(PORT_TAKEN) && start < STARTS_ON_TAKEN_PORT) {
                    System.out.printf(Locale.ROOT, "%s: a port of its was taken before it bound it (start %d of %d);"
                            + " starting it again on new ports%n", instance, start, STARTS_ON_TAKEN_PORT);
                    newPorts(instance);
                    start(instance);
                    continue;
                }
                throw new IllegalStateException(instance + " did not start: " + exited.getMessage()
                        + "\n--- last lines of " + log + " ---\n" + LogTail.lastLines(log, LOG_LINES_ON_FAILURE));
            }
        }
    }

    /** Waits for one start; {@link Deadline.GiveUp} if the process has exited. */
    private void awaitReadyOnce(String executable, Duration limit) {
        URI readyz = URI.create("http://127.0.0.1:" + environments.get(executable).get("MESH_HTTP_PORT") + "/readyz");
        Path log = logs.resolve(executable + ".log");
        String[] lastAnswer = {"nothing yet"};
        try {
            Deadline.await(executable + " /readyz", limit, () -> {
                Process process = running.get(executable);
                if (process == null || !process.isAlive()) {
                    throw new Deadline.GiveUp(process == null ? "it was never started"
                            : "it exited with code " + process.exitValue());
                }
                try {
                    HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(readyz)
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                    lastAnswer[0] = "status " + response.statusCode();
                    return response.statusCode() == 200 ? Optional.of(true) : Optional.empty();
                } catch (IOException e) {
                    lastAnswer[0] = e.toString();
                    return Optional.empty();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
        } catch (IllegalStateException notReady) {
            IllegalStateException failure = new IllegalStateException(notReady.getMessage() + "; /readyz last: "
                    + lastAnswer[0] + "; " + threadDump(executable) + "\n--- last lines of " + log + " ---\n"
                    + LogTail.lastLines(log, LOG_LINES_ON_FAILURE), notReady.getCause());
            for (Throwable suppressed : notReady.getSuppressed()) {
                failure.addSuppressed(suppressed);
            }
            throw failure;
        }
    }

    /**
     * Writes the threads of a running instance to {@code <instance>.threads.txt} and says where, with the stack of its
     * {@code main} thread (the one that runs the start); or says why there is no dump.
     */
    private String threadDump(String instance) {
        Process process = running.get(instance);
        if (process == null || !process.isAlive()) {
            return "no thread dump (not running)";
        }
        Path dump = logs.resolve(instance + ".threads.txt");
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        try {
            Process run = new ProcessBuilder(jcmd, String.valueOf(process.pid()), "Thread.print")
                    .redirectErrorStream(true).redirectOutput(dump.toFile()).start();
            if (!run.waitFor(30, TimeUnit.SECONDS)) {
                run.destroyForcibly();
                return "no thread dump (jcmd did not finish in 30 s)";
            }
            String threads = new String(Files.readAllBytes(dump), StandardCharsets.UTF_8);
            int main = threads.indexOf("\n\"main\"");
            String mainStack = main < 0 ? "(no main thread)" : threads.substring(main + 1,
                    threads.indexOf("\n\n", main + 1) < 0 ? threads.length() : threads.indexOf("\n\n", main + 1));
            return "all threads in " + dump + "; its main thread:\n" + mainStack;
        } catch (IOException e) {
            return "no thread dump (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "no thread dump (interrupted)";
        }
    }

    /** Stops every process: SIGTERM, then SIGKILL for any still running after a few seconds. */
    @Override
    public synchronized void close() {
        List<Process> all = new ArrayList<>(running.values());
        running.clear();
        all.forEach(Process::destroy);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (Process process : all) {
            try {
                long left = Math.max(0, end - System.nanoTime());
                if (!process.waitFor(left, TimeUnit.NANOSECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** What a log holds from byte {@code offset} on; bytes that are not UTF-8 are shown replaced. */
    private static String logSince(Path log, long offset) {
        try {
            byte[] bytes = Files.readAllBytes(log);
            int from = (int) Math.min(offset, bytes.length);
            return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    static int freePort() {
        return FreePorts.next();
    }
}
