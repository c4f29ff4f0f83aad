package io.mailmesh.mesh.config;

/**
 * A setting the production profile refuses. Its message is one line naming the setting to fix, shown as is at start
 * (no stack trace: the cause is the configuration, not the code).
 */
public final class UnsafeConfigurationException extends IllegalStateException {
    public UnsafeConfigurationException(String message) {
        super(message);
    }
}
