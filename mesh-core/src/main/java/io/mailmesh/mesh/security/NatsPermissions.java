package io.mailmesh.mesh.security;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a NATS user may do: the subjects it may publish on and subscribe to, and whether it may answer the requests
 * it receives (NATS' response permission, which allows one publish to each received reply subject for a while).
 * Empty lists with {@link #unrestricted()} mean everything in the account.
 */
public record NatsPermissions(List<String> publish, List<String> subscribe, boolean respond, boolean unrestricted) {

    public NatsPermissions {
        publish = List.copyOf(new TreeSet<>(publish));
        subscribe = List.copyOf(new TreeSet<>(subscribe));
    }

    /** Everything in the account: the operators' credentials. */
    public static NatsPermissions everything() {
        return new NatsPermissions(List.of(), List.of(), false, true);
    }

    /** Collects subjects while grants are derived. */
    static final class Builder {
        private final SortedSet<String> publish = new TreeSet<>();
        private final SortedSet<String> subscribe = new TreeSet<>();
        private boolean respond;

        Builder publish(String... subjects) {
            publish.addAll(List.of(subjects));
            return this;
        }

        Builder subscribe(String... subjects) {
            subscribe.addAll(List.of(subjects));
            return this;
        }

        Builder respond() {
            respond = true;
            return this;
        }

        NatsPermissions build() {
            return new NatsPermissions(List.copyOf(publish), List.copyOf(subscribe), respond, false);
        }
    }
}
