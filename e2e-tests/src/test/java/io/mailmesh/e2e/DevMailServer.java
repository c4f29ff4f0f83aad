package io.mailmesh.e2e;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * The mail server of the end-to-end tests: GreenMail's own JUnit extension, SMTP (the executables' relay) and IMAP
 * (the accounts imap-bridge syncs) on free loopback ports, one per test class, started before the class's
 * {@code @BeforeAll} starts the mesh and stopped after its {@code @AfterAll} stopped it.
 */
final class DevMailServer {
    private DevMailServer() {
    }

    static GreenMailExtension perClass() {
        return new GreenMailExtension(new ServerSetup[] {
                new ServerSetup(MeshProcesses.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(MeshProcesses.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_IMAP)})
                .withPerMethodLifecycle(false);
    }
}
