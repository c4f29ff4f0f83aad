package io.mailmesh.apiemitter.fanout;

import io.mailmesh.mesh.config.DeliveryMode;
import io.mailmesh.mesh.config.MeshConfig;
import io.mailmesh.mesh.runtime.MeshApp;
import io.mailmesh.mesh.runtime.MeshRuntime;
import java.nio.file.Path;

/**
 * An api-emitter runtime with the fanout server only (no REST API, no store): starts in a fraction of a full
 * instance's time, for tests about the line server and its NATS bridge.
 */
final class FanoutInstance {
    private FanoutInstance() {
    }

    static MeshRuntime start(String natsUrl, FanoutSettings settings) throws Exception {
        return start(natsUrl, null, settings);
    }

    /** With {@code creds}: connects as the api-emitter user of a server in operator mode. */
    static MeshRuntime start(String natsUrl, Path creds, FanoutSettings settings) throws Exception {
        MeshConfig base = MeshConfig.forTests("api-emitter", natsUrl).withDelivery(DeliveryMode.CORE);
        MeshConfig config = new MeshConfig(base.executable(), base.instanceId(), base.natsUrl(), creds,
                base.delivery(), base.httpPort(), base.handlerDefaults(), base.maxDeliveries(), base.backoffBase(),
                base.backoffMax(), base.drainTimeout(), base.developmentProfile(), base.natsTls());
        return MeshApp.start(config, new FanoutModule(settings));
    }

    static int port(MeshRuntime runtime) {
        return runtime.get(FanoutServer.class).port();
    }
}
