package io.mailmesh.imapbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.mesh.config.MeshConfig;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SyncLeaseTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    @Test
    void aSecondInstanceCannotTakeAHeldLeaseUntilItIsReleased() throws Exception {
        // given
        try (Connection a = Nats.connect(nats.url()); Connection b = Nats.connect(nats.url())) {
            SyncLease first = new SyncLease(a, MeshConfig.forTests("imap-bridge", nats.url()));
            SyncLease second = new SyncLease(b, MeshConfig.forTests("imap-bridge", nats.url()));
            Optional<SyncLease.Held> held = first.tryAcquire("identity-1", Duration.ofMinutes(1));

            // when
            Optional<SyncLease.Held> competing = second.tryAcquire("identity-1", Duration.ofMinutes(1));
            held.orElseThrow().close();
            Optional<SyncLease.Held> afterRelease = second.tryAcquire("identity-1", Duration.ofMinutes(1));

            // then
            assertThat(held).isPresent();
            assertThat(competing).isEmpty();
            assertThat(afterRelease).isPresent();
        }
    }

    @Test
    void anExpiredLeaseOfACrashedHolderIsTakenOver() throws Exception {
        // given
        try (Connection a = Nats.connect(nats.url())) {
            SyncLease lease = new SyncLease(a, MeshConfig.forTests("imap-bridge", nats.url()));
            assertThat(lease.tryAcquire("identity-2", Duration.ofMillis(1))).isPresent();

            // when
            Optional<SyncLease.Held>[] taken = new Optional[] {Optional.empty()};
            io.mailmesh.imapbridge.testing.Await.until(Duration.ofSeconds(5), "the lease to expire", () -> {
                try {
                    taken[0] = lease.tryAcquire("identity-2", Duration.ofMinutes(1));
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
                return taken[0].isPresent();
            });

            // then
            assertThat(taken[0]).isPresent();
        }
    }
}
