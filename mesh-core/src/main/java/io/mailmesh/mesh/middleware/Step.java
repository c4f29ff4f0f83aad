package io.mailmesh.mesh.middleware;

/** A stage of handling: the handler at the core, middleware around it. */
@FunctionalInterface
public interface Step {
    Result invoke(Invocation invocation) throws Exception;
}
