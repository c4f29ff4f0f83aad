package io.mailmesh.apiemitter.middleman;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One middleman frame: {@code COMMAND TARGET}, headers in their order, and a body (empty for the bodiless
 * commands).
 */
public record Frame(Command command, String target, Map<String, String> headers, String body) {
    public static final String REQ_ID = "ReqID";

    public Frame {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** A header's value by name, the name compared ignoring case, or null. */
    public String header(String name) {
        for (Map.Entry<String, String> entry : headers.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }

    public String reqId() {
        return header(REQ_ID);
    }

    /** The headers without ReqID: what travels on NATS beside the body. */
    public Map<String, String> headersWithoutReqId() {
        Map<String, String> rest = new LinkedHashMap<>(headers);
        rest.keySet().removeIf(REQ_ID::equalsIgnoreCase);
        return rest;
    }
}
