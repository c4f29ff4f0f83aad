package io.mailmesh.smtpbridge.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.mailmesh.mesh.runtime.MeshRuntime;
import io.mailmesh.mesh.store.MeshStore;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One smtp-bridge for a test class, relaying through a GreenMail SMTP relay of its own on a free loopback port:
 * both started before the class's tests, stopped after them. Register it (static) after the
 * {@code NatsServerExtension} it takes its URL from.
 */
public final class BridgeOnRelay implements BeforeAllCallback, AfterAllCallback {
    private final Supplier<String> natsUrl;
    private GreenMail relay;
    private MeshRuntime bridge;
    private Seeds seeds;

    public BridgeOnRelay(Supplier<String> natsUrl) {
        this.natsUrl = natsUrl;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        relay = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        relay.start();
        bridge = BridgeFixture.start(natsUrl.get(), BridgeFixture.plainRelay(relay.getSmtp().getPort()));
        seeds = new Seeds(store());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (bridge != null) {
            bridge.close();
        }
        if (relay != null) {
            relay.stop();
        }
    }

    /** The relay: what the bridge sent is in its received messages. */
    public GreenMail relay() {
        return relay;
    }

    public MeshRuntime bridge() {
        return bridge;
    }

    /** The bridge's own store. */
    public MeshStore store() {
        return bridge.get(MeshStore.class);
    }

    /** Users, identities and drafts written to the bridge's store. */
    public Seeds seeds() {
        return seeds;
    }
}
