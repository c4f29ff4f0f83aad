package io.mailmesh.mesh.delivery;

import java.util.Map;

/**
 * How many bytes the mesh's streams may hold on disk, so a flood of orders or dead letters fills a bounded share of
 * the server's JetStream storage rather than all of it.
 *
 * @param ordersMaxBytes     largest size of {@value DurableTopology#ORDERS_STREAM} (1 GiB); -1 for no limit
 * @param deadLetterMaxBytes largest size of {@value DurableTopology#DEAD_LETTER_STREAM} (256 MiB); -1 for no limit
 */
public record StreamLimits(long ordersMaxBytes, long deadLetterMaxBytes) {
    public static final String ORDERS_MAX_BYTES_VARIABLE = "MESH_ORDERS_MAX_BYTES";
    public static final String DEAD_LETTER_MAX_BYTES_VARIABLE = "MESH_DEADLETTER_MAX_BYTES";
    public static final long DEFAULT_ORDERS_MAX_BYTES = 1024L * 1024 * 1024;
    public static final long DEFAULT_DEAD_LETTER_MAX_BYTES = 256L * 1024 * 1024;
    /** Every variable {@link #from} reads, for {@code --help}. */
    public static final java.util.List<io.mailmesh.mesh.config.EnvVariable> VARIABLES = java.util.List.of(
            new io.mailmesh.mesh.config.EnvVariable(ORDERS_MAX_BYTES_VARIABLE,
                    "largest size of the MESH_ORDERS stream (default 1 GiB; -1 none)"),
            new io.mailmesh.mesh.config.EnvVariable(DEAD_LETTER_MAX_BYTES_VARIABLE,
                    "largest size of the MESH_DEADLETTER stream (default 256 MiB; -1 none)"));

    public StreamLimits {
        check(ORDERS_MAX_BYTES_VARIABLE, ordersMaxBytes);
        check(DEAD_LETTER_MAX_BYTES_VARIABLE, deadLetterMaxBytes);
    }

    public static StreamLimits defaults() {
        return new StreamLimits(DEFAULT_ORDERS_MAX_BYTES, DEFAULT_DEAD_LETTER_MAX_BYTES);
    }

    /** Reads {@code MESH_ORDERS_MAX_BYTES} and {@code MESH_DEADLETTER_MAX_BYTES} (bytes; -1 for no limit). */
    public static StreamLimits from(Map<String, String> env) {
        return new StreamLimits(bytes(env, ORDERS_MAX_BYTES_VARIABLE, DEFAULT_ORDERS_MAX_BYTES),
                bytes(env, DEAD_LETTER_MAX_BYTES_VARIABLE, DEFAULT_DEAD_LETTER_MAX_BYTES));
    }

    static long bytes(Map<String, String> env, String variable, long fallback) {
        String value = env.get(variable);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException(variable + " must be a number of bytes (or -1 for no limit): " + value);
        }
    }

    private static void check(String variable, long maxBytes) {
        if (maxBytes == 0 || maxBytes < -1) {
            throw new IllegalArgumentException(variable + " must be positive or -1 for no limit, got " + maxBytes);
        }
    }
}
