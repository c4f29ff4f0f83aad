package io.mailmesh.smtpbridge.support;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import io.mailmesh.mesh.config.MeshConfig;
import io.mailmesh.mesh.runtime.MeshApp;
import io.mailmesh.mesh.runtime.MeshRuntime;
import io.mailmesh.mesh.store.StoreModule;
import io.mailmesh.mesh.store.StoreSettings;
import io.mailmesh.mesh.testing.TestStore;
import io.mailmesh.mesh.store.model.ServerSettings.Security;
import io.mailmesh.smtpbridge.SmtpBridgeModule;
import io.mailmesh.smtpbridge.SmtpBridgeSettings;
import io.mailmesh.smtpbridge.relay.SmtpTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Starts smtp-bridge on a test nats-server with an in-memory store. */
public final class BridgeFixture {
    public static final String PRIMARY_HOST = "mail.mesh.test";

    private BridgeFixture() {
    }

    /** A plain SMTP relay on loopback, with short timeouts. */
    public static SmtpTarget plainRelay(int port) {
        return new SmtpTarget("127.0.0.1", port, Security.NONE, null, null, false, false, Duration.ofSeconds(3));
    }

    /** Settings listening on a free loopback port. */
    public static SmtpBridgeSettings settings(SmtpTarget relay, int maxSize, Duration inboundTimeout) {
        return new SmtpBridgeSettings(relay, PRIMARY_HOST, "127.0.0.1", 0, maxSize, "mx.mesh.test", inboundTimeout,
                Duration.ofMinutes(5));
    }

    /** smtp-bridge with the default limits. */
    public static MeshRuntime start(String natsUrl, SmtpTarget relay, Module... extra) throws Exception {
        return start(natsUrl, settings(relay, SmtpBridgeSettings.DEFAULT_MAX_MESSAGE_SIZE, Duration.ofSeconds(5)),
                extra);
    }

    public static MeshRuntime start(String natsUrl, SmtpBridgeSettings settings, Module... extra) throws Exception {
        List<Module> modules = new ArrayList<>(List.of(store(), new SmtpBridgeModule(settings)));
        modules.addAll(List.of(extra));
        return MeshApp.start(MeshConfig.forTests("smtp-bridge", natsUrl), modules.toArray(Module[]::new));
    }

    /** A worker made of test handlers only, with the store (as mq-worker would have). */
    public static MeshRuntime startWorker(String natsUrl, String executable, Module handlers) throws Exception {
        return MeshApp.start(MeshConfig.forTests(executable, natsUrl), store(), handlers);
    }

    /** The store on the runtime's connection, memory storage. */
    public static Module store() {
        return new AbstractModule() {
            @Override
            protected void configure() {
                install(new StoreModule());
                bind(StoreSettings.class).toInstance(TestStore.settings(StoreSettings.Storage.MEMORY, "t_"));
            }
        };
    }
}
