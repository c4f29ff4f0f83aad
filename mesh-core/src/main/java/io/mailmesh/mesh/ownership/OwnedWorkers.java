package io.mailmesh.mesh.ownership;

/** What {@link WorkerOwnership} runs: the per-identity workers of one bridge instance. */
public interface OwnedWorkers {
    /**
     * Starts the identity's worker, or restarts it with the identity's current settings ({@code reload}). A worker
     * that cannot start (refused login) is the implementation's to report; ownership stays where it is either way,
     * so instances do not pass a failing identity round.
     */
    void start(String identityId, String userId, boolean reload) throws Exception;

    /** Stops the identity's worker on this instance; a no-op if none runs. */
    void stop(String identityId);

    /**
     * The desired state of an identity this instance does not own changed (reloaded or removed): drop whatever
     * this instance keeps of it on the side (a client built on demand), so it is rebuilt from the current settings.
     */
    default void forget(String identityId) {
    }
}
