package io.mailmesh.apiemitter.web;

import io.javalin.http.Context;

/** What the authentication step found out about the caller. */
public final class Access {
    public static final String USER_ATTRIBUTE = "mailmesh.user";

    private Access() {
    }

    /** The authenticated user's id; the before-handler guarantees it on every user route. */
    public static String userId(Context ctx) {
        String user = ctx.attribute(USER_ATTRIBUTE);
        if (user == null) {
            throw new ApiException(401, "unauthorized", null, "a bearer token is required");
        }
        return user;
    }
}
