package io.mailmesh.apiemitter.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.mesh.runtime.MeshRuntime;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.mailmesh.orders.Routes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With the credentials nats-auth init gives api-emitter, the fanout subjects are allowed: announces cross instances. */
class FanoutOperatorModeTest {
    @RegisterExtension
    static NatsServerExtension nats = NatsServerExtension.withOperatorAuth();

    @Test
    void givenTwoInstancesWithApiEmitterCredentials_whenAnnouncing_thenTheOtherInstancesSubscriberReceives()
            throws Exception {
        FanoutSettings settings = FanoutSettings.forTests();
        try (MeshRuntime first = FanoutInstance.start(nats.url(), nats.creds(Routes.API), settings);
             MeshRuntime second = FanoutInstance.start(nats.url(), nats.creds(Routes.API), settings);
             LineClient subscriber = LineClient.greeted(FanoutInstance.port(first)).subscribe("granted");
             LineClient announcer = LineClient.greeted(FanoutInstance.port(second))) {
            announcer.send("announce granted through the operator's grants");

            assertThat(subscriber.read()).isEqualTo("granted!through the operator's grants");
        }
    }
}
