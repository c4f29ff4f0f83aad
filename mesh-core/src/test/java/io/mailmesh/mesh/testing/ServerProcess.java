package io.mailmesh.mesh.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real server binary run as a child process on a loopback port of its own, with its own data folder, that a test
 * can stop, kill and restart on the same port and data. Subclasses say how to start it.
 */
public abstract class ServerProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final int port;
    private final Path dataDir;
    private final Path logFile;
    private Process process;

    protected ServerProcess(String name) {
        try {
            this.port = FreePorts.next();
            this.dataDir = Files.createTempDirectory("mailmesh-" + name + "-");
            this.logFile = dataDir.resolve(name + ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The command line that starts the server on {@link #port()} with its data in {@link #dataDir()}. */
    protected abstract List<String> command();

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path logFile() {
        return logFile;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The running server's process id, e.g. to signal a configuration reload. */
    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException("not running");
        }
        return process.pid();
    }

    /** Starts the server and returns once it accepts connections. */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        try {
            process = new ProcessBuilder(command()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command().get(0), e);
        }
        awaitListening();
    }

    /** Stops the server the polite way (SIGTERM) and waits for it to exit. */
    public synchronized void stop() {
        if (process != null) {
            process.destroy();
            awaitExit();
        }
    }

    /** Kills the server without warning (SIGKILL), as a crash would. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            awaitExit();
        }
    }

    /**
     * Freezes the server (SIGSTOP) for {@code pause}, then lets it go on (SIGCONT), as a stalled host would: its
     * connections stay open and nothing is answered meanwhile. Returns once frozen; the future completes once resumed.
     */
    public CompletableFuture<Void> freezeFor(Duration pause) {
        long pid = pid();
        signal("-STOP", pid);
        return CompletableFuture.runAsync(() -> signal("-CONT", pid),
                CompletableFuture.delayedExecutor(pause.toMillis(), TimeUnit.MILLISECONDS));
    }

    private static void signal(String signal, long pid) {
        try {
            Process kill = new ProcessBuilder("kill", signal, String.valueOf(pid)).redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill " + signal + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill " + signal, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops and starts again on the same port and data folder. */
    public synchronized void restart() {
        stop();
        start();
    }

    @Override
    public synchronized void close() {
        kill();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(START_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    private void awaitListening() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(command().get(0) + " exited at start: " + tail());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                if (isReady()) {
                    return;
                }
            } catch (IOException notYet) {
                // keep polling until the deadline
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting " + command().get(0));
            }
        }
        throw new IllegalStateException(command().get(0) + " did not listen on " + port + " in time: " + tail());
    }

    /** Extra readiness beyond the port accepting connections; by default none. */
    protected boolean isReady() {
        return true;
    }

    protected String tail() {
        return LogTail.lastLines(logFile, 20);
    }

    /** Finds a binary on the PATH or in the usual system folders. */
    protected static Optional<Path> findBinary(String name) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/local/sbin:/usr/bin";
        return Stream.of(path.split(":")).filter(s -> !s.isBlank()).map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable).findFirst();
    }
}
