package io.mailmesh.mqworker.testing;

import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One mq-worker for a test class: started before its tests on the class's nats-server, stopped after them. Register
 * it (static) after the {@code NatsServerExtension} it takes its URL from.
 */
public final class WorkerExtension implements BeforeAllCallback, AfterAllCallback {
    private final Supplier<String> natsUrl;
    private Worker worker;

    public WorkerExtension(Supplier<String> natsUrl) {
        this.natsUrl = natsUrl;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        worker = Worker.start(natsUrl.get());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        worker.close();
    }

    public Worker worker() {
        return worker;
    }
}
