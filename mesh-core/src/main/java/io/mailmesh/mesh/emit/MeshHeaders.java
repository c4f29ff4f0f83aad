package io.mailmesh.mesh.emit;

/** Header names the mesh reads and writes on orders, replies and dead letters. */
public final class MeshHeaders {
    public static final String CORRELATION_ID = "Mesh-Correlation-Id";
    public static final String MSG_ID = "Nats-Msg-Id";
    public static final String SERVICE_ERROR = "Nats-Service-Error";
    public static final String SERVICE_ERROR_CODE = "Nats-Service-Error-Code";
    public static final String DEAD_ERROR = "Mesh-Error";
    public static final String DEAD_ERROR_CODE = "Mesh-Error-Code";
    public static final String DEAD_WORKER = "Mesh-Worker";
    public static final String DEAD_DELIVERIES = "Mesh-Deliveries";
    public static final String DEAD_SUBJECT = "Mesh-Subject";
    public static final String DEAD_STREAM_SEQ = "Mesh-Stream-Sequence";

    private MeshHeaders() {
    }
}
