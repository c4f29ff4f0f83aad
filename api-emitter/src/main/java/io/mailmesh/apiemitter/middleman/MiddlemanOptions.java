package io.mailmesh.apiemitter.middleman;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The middleman endpoint's options. Its keys are secrets: read from the environment or from a file (one key a line,
 * {@code #} comments), never from flags; with none, only user API tokens are accepted (as client keys).
 */
@Command(footer = {"%nMiddleman keys (ws://HOST:API_PORT/middleman), from the environment only:",
        "  MIDDLEMAN_SERVICE_KEYS comma-separated service keys (enable every command)",
        "  MIDDLEMAN_CLIENT_KEYS  comma-separated client keys (enable what a service",
        "                         enabled with EPUB/ESUB/EREQ); user API tokens act",
        "                         as client keys; with no keys at all, only user",
        "                         tokens are accepted"})
public final class MiddlemanOptions {
    @Option(names = "--middleman-service-keys-file", paramLabel = "FILE",
            defaultValue = "${env:MIDDLEMAN_SERVICE_KEYS_FILE}",
            description = "file of middleman service keys, one a line, added to MIDDLEMAN_SERVICE_KEYS (env "
                    + "MIDDLEMAN_SERVICE_KEYS_FILE)")
    Path serviceKeysFile;

    @Option(names = "--middleman-client-keys-file", paramLabel = "FILE",
            defaultValue = "${env:MIDDLEMAN_CLIENT_KEYS_FILE}",
            description = "file of middleman client keys, one a line, added to MIDDLEMAN_CLIENT_KEYS (env "
                    + "MIDDLEMAN_CLIENT_KEYS_FILE)")
    Path clientKeysFile;

    @Option(names = "--middleman-max-frame-bytes", paramLabel = "BYTES",
            defaultValue = "${env:MIDDLEMAN_MAX_FRAME_BYTES:-65536}",
            description = "largest middleman frame; a larger one gets an error frame (env MIDDLEMAN_MAX_FRAME_BYTES, "
                    + "default 65536; frames over API_MAX_BODY_BYTES close the connection with code 1009)")
    int maxFrameBytes;

    @Option(names = "--middleman-max-queued", paramLabel = "N", defaultValue = "${env:MIDDLEMAN_MAX_QUEUED:-1000}",
            description = "frames a middleman connection may have unsent before it is closed as a slow consumer "
                    + "(env MIDDLEMAN_MAX_QUEUED, default 1000)")
    int maxQueued;

    @Option(names = "--middleman-max-subscriptions", paramLabel = "N",
            defaultValue = "${env:MIDDLEMAN_MAX_SUBSCRIPTIONS:-1000}",
            description = "targets one middleman connection may subscribe to (env MIDDLEMAN_MAX_SUBSCRIPTIONS, "
                    + "default 1000)")
    int maxSubscriptions;

    @Option(names = "--middleman-max-pending", paramLabel = "N", defaultValue = "${env:MIDDLEMAN_MAX_PENDING:-100}",
            description = "REQs one middleman connection may have waiting for their RES (env MIDDLEMAN_MAX_PENDING, "
                    + "default 100)")
    int maxPending;

    @Option(names = "--middleman-request-timeout", paramLabel = "SECONDS",
            defaultValue = "${env:MIDDLEMAN_REQUEST_TIMEOUT:-30}",
            description = "seconds a REQ waits for its RES (env MIDDLEMAN_REQUEST_TIMEOUT, default 30)")
    int requestTimeoutSeconds;

    @Option(names = "--middleman-lease", paramLabel = "SECONDS", defaultValue = "${env:MIDDLEMAN_LEASE:-30}",
            description = "seconds a service's EPUB/ESUB/EREQ outlives its instance's last heartbeat, should that "
                    + "instance vanish without a goodbye (env MIDDLEMAN_LEASE, default 30)")
    int leaseSeconds;

    @Option(names = "--middleman-auth-timeout", paramLabel = "SECONDS",
            defaultValue = "${env:MIDDLEMAN_AUTH_TIMEOUT:-10}",
            description = "seconds a new middleman connection has to send its key (env MIDDLEMAN_AUTH_TIMEOUT, "
                    + "default 10)")
    int authTimeoutSeconds;

    public MiddlemanSettings toSettings(Function<String, String> env) {
        return new MiddlemanSettings(keys(env.apply("MIDDLEMAN_SERVICE_KEYS"), serviceKeysFile),
                keys(env.apply("MIDDLEMAN_CLIENT_KEYS"), clientKeysFile), maxFrameBytes, maxQueued, maxSubscriptions,
                maxPending, Duration.ofSeconds(requestTimeoutSeconds), Duration.ofSeconds(leaseSeconds),
                Duration.ofSeconds(authTimeoutSeconds));
    }

    /** The keys of a comma-separated list and of a file (one a line, blank lines and # comments skipped). */
    static List<String> keys(String list, Path file) {
        List<String> keys = new ArrayList<>();
        if (list != null) {
            Arrays.stream(list.split(",")).map(String::strip).filter(k -> !k.isEmpty()).forEach(keys::add);
        }
        if (file != null) {
            try {
                Files.readAllLines(file).stream().map(String::strip).filter(k -> !k.isEmpty() && !k.startsWith("#"))
                        .forEach(keys::add);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the middleman keys file " + file + ": "
                        + e.getMessage(), e);
            }
        }
        return keys;
    }
}
