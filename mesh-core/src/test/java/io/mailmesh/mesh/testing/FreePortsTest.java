package io.mailmesh.mesh.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.FileReader;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {
    @Test
    void givenTheKernelsEphemeralRange_whenPortsAreHandedOut_thenEachIsBelowItFreeAndNeverHandedOutTwice()
            throws Exception {
        // given the range's lowest port, as the kernel states it
        int low;
        try (BufferedReader range = new BufferedReader(new FileReader("/proc/sys/net/ipv4/ip_local_port_range"))) {
            low = Integer.parseInt(range.readLine().trim().split("\\s+")[0]);
        }
        assertThat(FreePorts.ephemeralRangeLow()).isEqualTo(low);

        // when ports are handed out
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            int port = FreePorts.next();
            // then each lies below the range (where the machine leaves room there), can be bound, and is new
            if (low - 10_000 > 1_000) {
                assertThat(port).isBetween(10_000, low - 1);
            }
            try (ServerSocket bound = new ServerSocket(port)) {
                assertThat(bound.getLocalPort()).isEqualTo(port);
            }
            assertThat(ports.add(port)).as("port %d handed out once", port).isTrue();
        }
    }
}
