package io.mailmesh.mesh.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ports for servers a test starts a moment later (nats-server, redis, the executables), picked below the kernel's
 * ephemeral range ({@code /proc/sys/net/ipv4/ip_local_port_range}). A port from {@code bind(0)} lies in that range,
 * and until the server binds it any outgoing connection on the machine may be given it as its local port: a
 * cluster node dialing its routes took another node's port that way, which then failed with "address already in
 * use". Below the range only listeners compete, and each port is checked free when handed out, and handed out once
 * per JVM.
 */
public final class FreePorts {
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int LOWEST = 10_000;
    private static final int ABOVE = ephemeralLow();
    /** Where this JVM looks next; a random start keeps JVMs running at once apart. */
    private static final AtomicInteger NEXT = new AtomicInteger(ABOVE - LOWEST > 1_000
            ? LOWEST + ThreadLocalRandom.current().nextInt(ABOVE - LOWEST) : 0);

    private FreePorts() {
    }

    /** The lowest port of the kernel's ephemeral range, as this class reads it. */
    static int ephemeralRangeLow() {
        return ABOVE;
    }

    /** A port no listener holds now, outside the ephemeral range where the machine has room for one. */
    public static int next() {
        if (NEXT.get() == 0) {
            return kernelPicked();
        }
        for (int tries = 0; tries < ABOVE - LOWEST; tries++) {
            int port = LOWEST + Math.floorMod(NEXT.getAndIncrement() - LOWEST, ABOVE - LOWEST);
            try (ServerSocket probe = new ServerSocket(port)) {
                return port;
            } catch (IOException taken) {
                // held by a listener: the next one
            }
        }
        return kernelPicked();
    }

    private static int kernelPicked() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int ephemeralLow() {
        try {
            // line by line: Files.readString and readAllBytes trust the size /proc reports and return "3" here
            return Integer.parseInt(Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768; // Linux's default
        }
    }
}
