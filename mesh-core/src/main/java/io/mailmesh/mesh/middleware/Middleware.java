package io.mailmesh.mesh.middleware;

import java.util.List;

/** Behaviour composed around every handler (the shape of Watermill's router middleware). */
@FunctionalInterface
public interface Middleware {
    Step wrap(Step next);

    /** Wraps {@code core} so that the first middleware of the list is the outermost. */
    static Step chain(List<? extends Middleware> middlewares, Step core) {
        Step step = core;
        for (int i = middlewares.size() - 1; i >= 0; i--) {
            step = middlewares.get(i).wrap(step);
        }
        return step;
    }
}
