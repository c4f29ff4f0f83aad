package io.mailmesh.apiemitter.middleman;

import io.mailmesh.mesh.security.MeshGrants;
import io.nats.client.impl.Headers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The NATS side of the bridge: a PUB of target {@code t} is published on {@code middleman.pub.t} (every instance
 * subscribed to it delivers it to its subscribers); a REQ on {@code middleman.req.t}, answered by one of the
 * subscribers of queue group {@code middleman} (one per service connection subscribed to {@code t}), its RES on
 * the request's reply subject. Frame headers travel as NATS headers, the body as the payload (UTF-8).
 */
final class Subjects {
    static final String PUB = MeshGrants.MIDDLEMAN + ".pub.";
    static final String REQ = MeshGrants.MIDDLEMAN + ".req.";
    static final String QUEUE = MeshGrants.MIDDLEMAN;
    /** Set on a reply the bridge itself makes when a request cannot reach a service: its code. */
    static final String ERROR_HEADER = "Middleman-Error";

    private Subjects() {
    }

    static Headers headers(Map<String, String> frameHeaders) {
        Headers headers = new Headers();
        frameHeaders.forEach(headers::put);
        return headers;
    }

    /** A NATS message's headers as frame headers (the first value of each; ReqID left out). */
    static Map<String, String> frameHeaders(Headers headers) {
        Map<String, String> out = new LinkedHashMap<>();
        if (headers == null) {
            return out;
        }
        for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
            if (!entry.getKey().equalsIgnoreCase(Frame.REQ_ID) && !entry.getValue().isEmpty()
                    && out.size() < FrameCodec.MAX_HEADERS) {
                out.put(entry.getKey(), entry.getValue().get(0));
            }
        }
        return out;
    }
}
