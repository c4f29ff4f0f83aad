package io.mailmesh.mesh.runtime;

import com.google.inject.Guice;
import com.google.inject.Module;
import com.google.inject.Stage;
import io.mailmesh.mesh.config.MeshConfig;
import io.mailmesh.mesh.config.ProductionProfileGuard;
import io.mailmesh.mesh.config.UnsafeConfigurationException;
import io.mailmesh.mesh.tls.TlsSetupException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How every executable starts: configuration, modules, start. */
public final class MeshApp {
    private static final Logger LOG = LoggerFactory.getLogger(MeshApp.class);

    private MeshApp() {
    }

    /** Starts an executable and returns it running; tests and tools call this, then close it. */
    public static MeshRuntime start(MeshConfig config, Module... workerModules) throws Exception {
        ProductionProfileGuard.check(config, System.getenv());
        List<Module> modules = new ArrayList<>(List.of(new MeshCoreModule(config), new NatsModule()));
        modules.addAll(List.of(workerModules));
        MeshRuntime runtime = new MeshRuntime(Guice.createInjector(Stage.PRODUCTION, modules));
        try {
            runtime.start();
        } catch (Exception e) {
            runtime.close();
            throw e;
        }
        return runtime;
    }

    /** The first {@code type} among the causes, looking into each error Guice collected while wiring. */
    private static <T extends Throwable> T causeOfType(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t instanceof com.google.inject.CreationException wiring) {
                for (com.google.inject.spi.Message message : wiring.getErrorMessages()) {
                    T found = message.getCause() == null ? null : causeOfType(message.getCause(), type);
                    if (found != null) {
                        return found;
                    }
                }
            }
        }
        return null;
    }

    /**
     * Runs an executable until SIGTERM or Ctrl-C, then stops it gracefully. Returns the process exit code: 0 after a
     * clean stop, 1 when it could not start.
     */
    public static int run(MeshConfig config, boolean jsonLogs, Module... workerModules) {
        if (jsonLogs) {
            LogFormat.useJson();
        }
        LOG.info("starting {}", config);
        MeshRuntime runtime;
        try {
            runtime = start(config, workerModules);
        } catch (UnsafeConfigurationException e) {
            LOG.error("{} refuses to start: {}", config.executable(), e.getMessage());
            return 1;
        } catch (Exception e) {
            TlsSetupException tls = causeOfType(e, TlsSetupException.class);
            if (tls != null) { // a file or setting to fix, named in the message: a stack trace would bury it
                LOG.error("{} could not start: {}", config.executable(), tls.getMessage());
                return 1;
            }
            LOG.error("{} could not start: {}", config.executable(), e.toString(), e);
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(runtime::close, "shutdown"));
        try {
            runtime.awaitStop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
